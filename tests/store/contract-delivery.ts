// Store contract, the outbox's delivery side: held entries and digests, and the feed health and
// pause transitions that queue notices (feeds and subscriptions writing the notices concern).
import { describe, expect, it } from 'vitest';
import type { Alert, MessageRef, NoticeDraft, OutboxEntry } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, MINUTE, pollCommit, queued, subscription, T0 } from './records.ts';

export function deliveryContract(subject: () => Store): void {
  async function queue(store: Store, ...alerts: Partial<Alert>[]): Promise<OutboxEntry[]> {
    await store.syncConfigFeeds([feedDefinition()], T0);
    await commitPoll(store, pollCommit({ alerts: alerts.map((overrides) => queued(overrides)) }));
    return store.listOutbox();
  }
  const ref = (id: string): MessageRef => ({ platform: 'slack', channel: 'C-NEWS', id });
  const notice = (key: string, channel: string | null = 'C-NEWS'): NoticeDraft => ({
    idempotencyKey: key,
    platform: 'slack',
    workspace: 'T-HARBOUR',
    channel,
    text: `notice ${key}`,
  });

  describe('held entries and digests', () => {
    it('a held entry is not claimed as pending; due, it is sealed into one digest per channel and reason', async () => {
      const store = subject();
      const [a, b, c, d] = await queue(store, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c', channel: 'C-OTHER' }, { storyId: 'd' });
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
      const [a, b] = await queue(store, { storyId: 'a' }, { storyId: 'b' });
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
      const [a, b, c] = await queue(store, { storyId: 'a' }, { storyId: 'b' }, { storyId: 'c' });
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
      const [a, b] = await queue(store, { storyId: 'a' }, { storyId: 'b' });
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
      const [entry] = await queue(store, {});
      await store.postponeOutbox(entry!.id, T0 + 7 * MINUTE);
      expect((await store.listOutbox())[0]).toMatchObject({ attempts: 0, nextAttemptAt: T0 + 7 * MINUTE, lastError: null });
    });

    it("originalEntry finds the story's first 'new' entry for the channel, in any status", async () => {
      const store = subject();
      const [first] = await queue(store, { kind: 'update' }, {});
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

  describe('transitions that queue notices', () => {
    it('markFeedFailing and markFeedRecovered change the state once and queue their notices only then', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);

      expect(await store.markFeedFailing('harbour', T0, [notice('fail-1'), notice('fail-2', 'C-OTHER')])).toBe(true);
      expect(await store.markFeedFailing('harbour', T0 + MINUTE, [notice('fail-again')])).toBe(false);
      expect((await store.getFeed('harbour'))?.failingSince).toBe(T0);

      expect(await store.markFeedRecovered('harbour', T0 + 2 * MINUTE, [notice('recovered')])).toBe(true);
      expect(await store.markFeedRecovered('harbour', T0 + 3 * MINUTE, [notice('recovered-again')])).toBe(false);
      expect((await store.getFeed('harbour'))?.failingSince).toBeNull();

      expect((await store.listNotices()).map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.channel, queuedNotice.status])).toEqual([
        ['fail-1', 'C-NEWS', 'pending'],
        ['fail-2', 'C-OTHER', 'pending'],
        ['recovered', 'C-NEWS', 'pending'],
      ]);
    });

    it('pauseSubscription pauses an active subscription once, queueing its admin notice; false for unknown or paused ones', async () => {
      const store = subject();
      await store.addSubscription(subscription());
      expect(await store.pauseSubscription('sub-news', 'channel_not_found', T0, [notice('paused', null)])).toBe(true);
      expect(await store.pauseSubscription('sub-news', 'channel_not_found', T0, [notice('paused-again', null)])).toBe(false);
      expect(await store.pauseSubscription('sub-none', 'gone', T0, [notice('never', null)])).toBe(false);
      expect(await store.getSubscription('sub-news')).toMatchObject({ paused: true, pausedReason: 'channel_not_found' });
      expect((await store.listNotices()).map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.channel])).toEqual([['paused', null]]);
    });
  });
}
