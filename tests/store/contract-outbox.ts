// Store contract, outbox: the durable outbox the delivery worker drains, held entries sealed
// into digests, and outboxStats behind /metrics.
import { describe, expect, it } from 'vitest';
import type { Alert, MessageRef, OutboxEntry } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/store.ts';
import { alert, commitPoll, feedDefinition, MINUTE, pollCommit, queued, T0 } from './records.ts';

export function outboxContract(subject: () => Store): void {
  describe('outbox', () => {
    /** Queues alerts through commitPoll at `now` and returns the stored entries, oldest first. */
    async function queue(store: Store, now: number, ...alerts: Partial<Alert>[]): Promise<OutboxEntry[]> {
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ now, alerts: alerts.map((overrides) => queued(overrides)) }));
      return store.listOutbox();
    }

    const ref = (id: string, channel = 'C-NEWS'): MessageRef => ({ platform: 'slack', channel, id });

    it('commitPoll counts only the alerts it queued: an idempotency key already queued is skipped', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      const first = await commitPoll(store, pollCommit({ alerts: [queued({ storyId: 'a' }), queued({ storyId: 'b' })] }));
      const again = await commitPoll(store, pollCommit({ alerts: [queued({ storyId: 'b' }), queued({ storyId: 'c' })] }));
      expect([first.alertsQueued, again.alertsQueued]).toEqual([2, 1]);
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['a', 'b', 'c']);
    });

    it('queued entries are pending, due now, and round-trip the whole alert', async () => {
      const store = subject();
      const full = alert({ template: '{title} ({source})', topic: null, workspace: null, platform: 'console', channel: 'news' });
      const [entry] = await queue(store, T0, full);

      expect(entry).toEqual({
        id: expect.any(Number),
        idempotencyKey: 'sub-news:story-ferry:new',
        subscriptionId: 'sub-news',
        alert: full,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0,
        lastError: null,
        messageRef: null,
        createdAt: T0,
        sentAt: null,
        holdReason: null,
        digestKey: null,
      });
    });

    it('claimDueOutbox claims pending, due entries oldest first, at most limit, leased until leaseUntil', async () => {
      const store = subject();
      await queue(store, T0, { storyId: 's1' }, { storyId: 's2', channel: 'C-OTHER' });
      await queue(store, T0 + MINUTE, { storyId: 's3', channel: 'C-THIRD' });
      await queue(store, T0 + 5 * MINUTE, { storyId: 'not-due' });
      const lease = T0 + 3 * MINUTE;

      const first = await store.claimDueOutbox(T0 + 2 * MINUTE, 2, lease);
      expect(first.map((entry) => entry.alert.storyId)).toEqual(['s1', 's2']);
      expect(first.every((entry) => entry.nextAttemptAt === lease)).toBe(true);
      expect((await store.claimDueOutbox(T0 + 2 * MINUTE, 10, lease)).map((entry) => entry.alert.storyId)).toEqual(['s3']);
      expect(await store.claimDueOutbox(T0 + 2 * MINUTE, 10, lease)).toEqual([]);

      const afterLease = await store.claimDueOutbox(lease, 10, lease + MINUTE);
      expect(afterLease.map((entry) => entry.alert.storyId)).toEqual(['s1', 's2', 's3']);
    });

    it('claimDueOutbox keeps a channel in order: younger entries wait while an older one retries or is leased', async () => {
      const store = subject();
      const [first, , other] = await queue(store, T0, { storyId: 'first' }, { storyId: 'second' }, { storyId: 'elsewhere', channel: 'C-OTHER' });
      await store.markRetry(first!.id, 'HTTP 503', T0 + 5 * MINUTE);

      expect((await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 60 * MINUTE)).map((entry) => entry.id)).toEqual([other!.id]);
      expect((await store.claimDueOutbox(T0 + 5 * MINUTE, 1, T0 + 6 * MINUTE)).map((entry) => entry.alert.storyId)).toEqual(['first']);
      // 'first' is leased now: 'second' still waits for it.
      expect(await store.claimDueOutbox(T0 + 5 * MINUTE, 10, T0 + 6 * MINUTE)).toEqual([]);
      await store.markSent(first!.id, ref('m-first'), T0 + 5 * MINUTE);
      expect((await store.claimDueOutbox(T0 + 5 * MINUTE, 10, T0 + 6 * MINUTE)).map((entry) => entry.alert.storyId)).toEqual(['second']);
    });

    it('claimDueOutbox takes at most perChannel entries of each channel, so a claim reaches every channel', async () => {
      const store = subject();
      await queue(store, T0, { storyId: 'a1', channel: 'C-A' }, { storyId: 'a2', channel: 'C-A' }, { storyId: 'a3', channel: 'C-A' });
      await queue(store, T0 + 1, { storyId: 'b1', channel: 'C-B' }, { storyId: 'b2', channel: 'C-B' });

      const first = await store.claimDueOutbox(T0 + MINUTE, 3, T0 + 2 * MINUTE, 1);
      expect(first.map((entry) => entry.alert.storyId)).toEqual(['a1', 'b1']);
      // The heads are leased: their channels' younger entries wait for them.
      expect(await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 2 * MINUTE, 1)).toEqual([]);
      await store.markSent(first[0]!.id, ref('m-a1'), T0 + MINUTE);
      expect((await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 2 * MINUTE, 2)).map((entry) => entry.alert.storyId)).toEqual(['a2', 'a3']);
    });

    it('claimDueOutbox walks every channel of every platform, each in order up to its first entry not due', async () => {
      const store = subject();
      const [a1, a2] = await queue(store, T0, { storyId: 'a1', channel: 'C-A' }, { storyId: 'a2', channel: 'C-A' }, { storyId: 'a3', channel: 'C-A' });
      // Same channel id on another platform, then a channel that sorts before it there.
      await queue(store, T0 + 1, { storyId: 'd1', platform: 'discord', channel: 'C-A' }, { storyId: 'd2', platform: 'discord', channel: 'C-A' });
      await queue(store, T0 + 2, { storyId: 'b1', channel: 'C-B' });
      await queue(store, T0 + 3, { storyId: 'z1', platform: 'discord', channel: 'C-0' });
      await store.markRetry(a2!.id, 'HTTP 503', T0 + 5 * MINUTE);

      const claimed = await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 2 * MINUTE, 2);
      expect(claimed.map((entry) => entry.alert.storyId)).toEqual(['a1', 'd1', 'd2', 'b1', 'z1']);
      await store.markSent(a1!.id, ref('m-a1', 'C-A'), T0 + MINUTE);
      // a2 is due again and the other leases have run out.
      const again = await store.claimDueOutbox(T0 + 5 * MINUTE, 10, T0 + 6 * MINUTE, 2);
      expect(again.map((entry) => entry.alert.storyId)).toEqual(['a2', 'a3', 'd1', 'd2', 'b1', 'z1']);
    });

    it('markSent stores the message and takes the entry out of the queue', async () => {
      const store = subject();
      const [entry] = await queue(store, T0, {});

      await store.markSent(entry!.id, ref('1700.01'), T0 + 1);

      expect((await store.listOutbox())[0]).toMatchObject({ status: 'sent', messageRef: ref('1700.01'), sentAt: T0 + 1 });
      expect(await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 2 * MINUTE)).toEqual([]);
    });

    it('markRetry counts the attempt, stores the error and makes the entry due again later', async () => {
      const store = subject();
      const [entry] = await queue(store, T0, {});

      await store.markRetry(entry!.id, 'rate limited', T0 + 5 * MINUTE);
      await store.markRetry(entry!.id, 'HTTP 503', T0 + 10 * MINUTE);

      expect((await store.listOutbox())[0]).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503', nextAttemptAt: T0 + 10 * MINUTE });
      expect(await store.claimDueOutbox(T0 + 9 * MINUTE, 10, T0 + 20 * MINUTE)).toEqual([]);
      expect(await store.claimDueOutbox(T0 + 10 * MINUTE, 10, T0 + 20 * MINUTE)).toHaveLength(1);
    });

    it('markDead parks an entry until retryOutbox puts it back, due now', async () => {
      const store = subject();
      const [entry, other] = await queue(store, T0, {}, { storyId: 'other' });

      await store.markDead(entry!.id, 'channel_not_found', T0 + MINUTE);
      expect((await store.listOutbox('dead'))[0]).toMatchObject({ id: entry!.id, status: 'dead', lastError: 'channel_not_found' });
      expect((await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 10 * MINUTE)).map((claimed) => claimed.id)).toEqual([other!.id]);

      expect(await store.retryOutbox(entry!.id, T0 + 3 * MINUTE)).toBe(true);
      expect(await store.retryOutbox(entry!.id, T0 + 3 * MINUTE)).toBe(false);
      expect(await store.retryOutbox(other!.id, T0 + 3 * MINUTE)).toBe(false);
      expect(await store.retryOutbox(999_999, T0 + 3 * MINUTE)).toBe(false);
      expect((await store.listOutbox())[0]).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 3 * MINUTE, lastError: 'channel_not_found' });
      expect((await store.claimDueOutbox(T0 + 3 * MINUTE, 10, T0 + 4 * MINUTE)).map((claimed) => claimed.id)).toEqual([entry!.id]);
    });

    it('listOutbox filters by status and limits, oldest first', async () => {
      const store = subject();
      const [a, b, c] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c' });
      await store.markSent(b!.id, ref('m-b'), T0);

      expect((await store.listOutbox('pending')).map((entry) => entry.id)).toEqual([a!.id, c!.id]);
      expect((await store.listOutbox('sent')).map((entry) => entry.id)).toEqual([b!.id]);
      expect((await store.listOutbox(undefined, 2)).map((entry) => entry.id)).toEqual([a!.id, b!.id]);
      expect((await store.listOutbox('pending', 1)).map((entry) => entry.id)).toEqual([a!.id]);
    });

    it("storyMessages finds the channel's first 'new' entry per story, in any status, whichever subscription queued it", async () => {
      const store = subject();
      const [, dead, other] = await queue(
        store,
        T0,
        { storyId: 'pending' },
        { storyId: 'dead' },
        { storyId: 'other-sub', subscriptionId: 'sub-other' },
        { storyId: 'elsewhere', channel: 'C-OTHER' },
        { storyId: 'unnamed-workspace', workspace: null },
        { storyId: 'pending', kind: 'update' },
      );
      await store.markDead(dead!.id, 'gone', T0);

      const channel = { platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWS' } as const;
      const found = await store.storyMessages(channel, ['pending', 'dead', 'other-sub', 'elsewhere', 'unnamed-workspace', 'never']);
      // A rule that leaves its workspace out still addresses the same channel.
      expect([...found.keys()].sort()).toEqual(['dead', 'other-sub', 'pending', 'unnamed-workspace']);
      expect(found.get('pending')!.alert.kind).toBe('new');
      expect(found.get('other-sub')!.id).toBe(other!.id);
      expect((await store.storyMessages(channel, [])).size).toBe(0);
    });

    it('lastSentAt counts a message for every subscription that matched it', async () => {
      const store = subject();
      const [shared] = await queue(store, T0, { storyId: 'a', subscriptionIds: ['sub-news', 'sub-topic'] }, { storyId: 'b', subscriptionId: 'sub-topic' });
      await store.markSent(shared!.id, ref('m-a'), T0 + 5);
      expect(await store.lastSentAt(['sub-news', 'sub-topic'])).toEqual(new Map([['sub-news', T0 + 5], ['sub-topic', T0 + 5]]));
    });

    it('lastSentAt gives the latest delivery per subscription, ignoring entries not sent', async () => {
      const store = subject();
      const [first, second, , other] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c' }, { storyId: 'd', subscriptionId: 'sub-other' });
      await store.markSent(first!.id, ref('m-a'), T0 + 5);
      await store.markSent(second!.id, ref('m-b'), T0 + 9);
      await store.markDead(other!.id, 'gone', T0 + 20);

      expect(await store.lastSentAt(['sub-news', 'sub-other', 'sub-none'])).toEqual(new Map([['sub-news', T0 + 9]]));
      expect((await store.lastSentAt([])).size).toBe(0);
    });

    it("countSentSince counts sent 'new' alerts to one channel since a time", async () => {
      const store = subject();
      const entries = await queue(
        store,
        T0,
        { storyId: 'early' },
        { storyId: 'counted-1' },
        { storyId: 'counted-2' },
        { storyId: 'update', kind: 'update' },
        { storyId: 'pending' },
        { storyId: 'other-channel', channel: 'C-OTHER' },
        { storyId: 'other-platform', platform: 'discord' },
      );
      const sentAt: Record<string, number> = {
        early: T0,
        'counted-1': T0 + MINUTE,
        'counted-2': T0 + 2 * MINUTE,
        update: T0 + MINUTE,
        'other-channel': T0 + MINUTE,
        'other-platform': T0 + MINUTE,
      };
      for (const entry of entries) {
        const at = sentAt[entry.alert.storyId];
        if (at !== undefined) await store.markSent(entry.id, ref(`m-${entry.alert.storyId}`, entry.alert.channel), at);
      }

      expect(await store.countSentSince('slack', 'C-NEWS', T0 + MINUTE)).toBe(2);
      expect(await store.countSentSince('slack', 'C-NEWS', T0)).toBe(3);
      expect(await store.countSentSince('slack', 'C-OTHER', T0)).toBe(1);
      expect(await store.countSentSince('slack', 'C-NONE', T0)).toBe(0);
    });

    it('outboxStats counts pending and held entries and dates the oldest', async () => {
      const store = subject();
      expect(await store.outboxStats()).toEqual({ depth: 0, oldestCreatedAt: null });
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ now: T0, alerts: [queued({ storyId: 'story-a' })] }));
      await commitPoll(store, pollCommit({ now: T0 + MINUTE, alerts: [queued({ storyId: 'story-b' }), queued({ storyId: 'story-c' })] }));
      const [first, second, third] = await store.listOutbox();
      expect(await store.outboxStats()).toEqual({ depth: 3, oldestCreatedAt: T0 });

      await store.holdOutbox(second!.id, 'quiet-hours', T0 + 60 * MINUTE);
      expect(await store.outboxStats()).toEqual({ depth: 3, oldestCreatedAt: T0 });
      await store.markSent(first!.id, { platform: 'slack', channel: 'C-NEWS', id: '1' }, T0 + 2 * MINUTE);
      await store.markDead(third!.id, 'channel archived', T0 + 2 * MINUTE);
      expect(await store.outboxStats()).toEqual({ depth: 1, oldestCreatedAt: T0 + MINUTE });
    });

    describe('held entries and digests', () => {
      it('a held entry is not claimed as pending; due, it is sealed into one digest per channel and reason', async () => {
        const store = subject();
        const [a, b, c, d] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c', channel: 'C-OTHER' }, { storyId: 'd' });
        await store.holdOutbox(a!.id, 'cap', T0 + 60 * MINUTE);
        await store.holdOutbox(b!.id, 'cap', T0 + 60 * MINUTE);
        await store.holdOutbox(c!.id, 'cap', T0 + 60 * MINUTE);
        await store.holdOutbox(d!.id, 'quiet-hours', T0 + 90 * MINUTE);

        expect(await store.claimDueOutbox(T0 + 2 * 60 * MINUTE, 10, T0 + 3 * 60 * MINUTE)).toEqual([]);
        expect((await store.listOutbox('held')).map((entry) => [entry.id, entry.holdReason, entry.nextAttemptAt])).toEqual([
          [a!.id, 'cap', T0 + 60 * MINUTE],
          [b!.id, 'cap', T0 + 60 * MINUTE],
          [c!.id, 'cap', T0 + 60 * MINUTE],
          [d!.id, 'quiet-hours', T0 + 90 * MINUTE],
        ]);
        expect(await store.claimDueDigests(T0 + 59 * MINUTE, T0 + 62 * MINUTE)).toEqual([]);

        const digests = await store.claimDueDigests(T0 + 60 * MINUTE, T0 + 62 * MINUTE);
        expect(digests.map((digest) => [digest.key, digest.channel, digest.reason, digest.entries.map((entry) => entry.id)])).toEqual([
          [`digest:${a!.id}`, 'C-NEWS', 'cap', [a!.id, b!.id]],
          [`digest:${c!.id}`, 'C-OTHER', 'cap', [c!.id]],
        ]);
        expect(digests[0]!.entries.every((entry) => entry.digestKey === `digest:${a!.id}` && entry.nextAttemptAt === T0 + 62 * MINUTE)).toBe(true);
        // Leased: not claimed again until the lease runs out.
        expect(await store.claimDueDigests(T0 + 61 * MINUTE, T0 + 70 * MINUTE)).toEqual([]);
      });

      it('a sealed digest never gains entries: after a crash it is claimed again with the same key and members', async () => {
        const store = subject();
        const [a, b] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' });
        await store.holdOutbox(a!.id, 'schedule', T0);
        const [sealed] = await store.claimDueDigests(T0, T0 + 2 * MINUTE);
        await store.holdOutbox(b!.id, 'schedule', T0 + MINUTE);

        const again = await store.claimDueDigests(T0 + 3 * MINUTE, T0 + 5 * MINUTE);
        expect(again.map((digest) => [digest.key, digest.entries.map((entry) => entry.id)])).toEqual([
          [sealed!.key, [a!.id]],
          [`digest:${b!.id}`, [b!.id]],
        ]);
      });

      it('markDigestSent marks every entry sent with the digest message; the cap counts the digest once', async () => {
        const store = subject();
        const [a, b, c] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c' });
        await store.markSent(c!.id, ref('single'), T0 + MINUTE);
        await store.holdOutbox(a!.id, 'cap', T0);
        await store.holdOutbox(b!.id, 'cap', T0);
        const [digest] = await store.claimDueDigests(T0, T0 + MINUTE);

        await store.markDigestSent(digest!.key, ref('digest'), T0 + MINUTE);

        expect((await store.listOutbox('sent')).map((entry) => [entry.id, entry.messageRef?.id, entry.digestKey])).toEqual([
          [a!.id, 'digest', digest!.key],
          [b!.id, 'digest', digest!.key],
          [c!.id, 'single', null],
        ]);
        expect(await store.countSentSince('slack', 'C-NEWS', T0)).toBe(2);
        expect(await store.claimDueDigests(T0 + 10 * MINUTE, T0 + 11 * MINUTE)).toEqual([]);
      });

      it('markDigestRetry counts an attempt on every entry; markDigestDead parks them; retryOutbox takes one out of its digest', async () => {
        const store = subject();
        const [a, b] = await queue(store, T0, { storyId: 'a' }, { storyId: 'b' });
        await store.holdOutbox(a!.id, 'quiet-hours', T0);
        await store.holdOutbox(b!.id, 'quiet-hours', T0);
        const [digest] = await store.claimDueDigests(T0, T0 + MINUTE);

        await store.markDigestRetry(digest!.key, 'HTTP 502', T0 + 5 * MINUTE);
        expect((await store.listOutbox('held')).map((entry) => [entry.attempts, entry.lastError, entry.nextAttemptAt])).toEqual([
          [1, 'HTTP 502', T0 + 5 * MINUTE],
          [1, 'HTTP 502', T0 + 5 * MINUTE],
        ]);
        await store.markDigestDead(digest!.key, 'channel_not_found', T0 + 5 * MINUTE);
        expect((await store.listOutbox('dead')).map((entry) => entry.id)).toEqual([a!.id, b!.id]);

        expect(await store.retryOutbox(a!.id, T0 + 6 * MINUTE)).toBe(true);
        expect((await store.listOutbox('pending'))[0]).toMatchObject({ id: a!.id, digestKey: null, holdReason: null, attempts: 0 });
      });

      it('postponeOutbox moves the due time without counting an attempt', async () => {
        const store = subject();
        const [entry] = await queue(store, T0, {});
        await store.postponeOutbox(entry!.id, T0 + 7 * MINUTE);
        expect((await store.listOutbox())[0]).toMatchObject({ attempts: 0, nextAttemptAt: T0 + 7 * MINUTE, lastError: null });
      });

      it("originalEntry finds the story's first 'new' entry for the channel, in any status", async () => {
        const store = subject();
        const [first] = await queue(store, T0, { kind: 'update' }, {});
        const created = (await store.listOutbox()).find((entry) => entry.alert.kind === 'new')!;
        await store.holdOutbox(created.id, 'schedule', T0 + MINUTE);
        expect(await store.originalEntry(created.alert, 'story-ferry')).toMatchObject({ id: created.id, status: 'held', holdReason: 'schedule' });
        const viaOtherSubscription: Alert = { ...created.alert, subscriptionId: 'sub-other' };
        expect(await store.originalEntry(viaOtherSubscription, 'story-ferry')).toMatchObject({ id: created.id });
        expect(first!.alert.kind).toBe('update');
        expect(await store.originalEntry({ ...created.alert, channel: 'C-OTHER' }, 'story-ferry')).toBeNull();
        expect(await store.originalEntry({ ...created.alert, workspace: null }, 'story-ferry')).toMatchObject({ id: created.id });
      });
    });
  });
}
