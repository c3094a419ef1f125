// Store contract, commitPolls: one message per channel and story. A story's later sources fold
// into its message while it has not gone out, and what stands on an item another process
// recorded first is left out, so two processes polling one item neither alert it twice nor
// record it as two sources.
import { describe, expect, it } from 'vitest';
import type { Alert, OutboxEntry } from '../../src/domain/types.ts';
import type { QueuedAlert, Store } from '../../src/store/store.ts';
import { alert, commitPoll, feedDefinition, item, MINUTE, pollCommit, story, storySource, T0 } from './records.ts';

export function commitPollContract(subject: () => Store): void {
  const two = [
    { name: 'Harbour Gazette', url: 'https://news.example.test/articles/harbour-ferry-timetable' },
    { name: 'Valley Courier', url: 'https://valley.example.test/ferry' },
  ];

  /** A store with the channel's message about the story queued (pending, due at T0). */
  async function queuedMessage(): Promise<{ store: Store; message: OutboxEntry }> {
    const store = subject();
    await store.syncConfigFeeds([feedDefinition()], T0);
    await commitPoll(store, pollCommit({ alerts: [{ idempotencyKey: 'slack:C-NEWS:story-ferry', alert: alert() }] }));
    const [message] = await store.listOutbox();
    return { store, message: message! };
  }

  /** The update a second source makes, offered for folding into `message`. */
  function update(message: OutboxEntry, now = T0 + MINUTE): { now: number; queued: QueuedAlert } {
    const updated: Alert = { ...message.alert, kind: 'update', sources: two, subscriptionIds: ['sub-news', 'sub-korea'] };
    return {
      now,
      queued: {
        idempotencyKey: 'slack:C-NEWS:story-ferry:update:valley:k2:h',
        alert: updated,
        fold: { entryId: message.id, expected: message.alert, alert: { ...updated, kind: 'new' } },
      },
    };
  }

  async function commitUpdate(store: Store, message: OutboxEntry): Promise<number> {
    const { now, queued } = update(message);
    return (await commitPoll(store, pollCommit({ now, alerts: [queued] }))).alertsQueued;
  }

  describe('story messages', () => {
    it('a message not yet claimed takes the new sources in place: one entry, nothing more queued', async () => {
      const { store, message } = await queuedMessage();
      expect(await commitUpdate(store, message)).toBe(0);

      const entries = await store.listOutbox();
      expect(entries).toHaveLength(1);
      expect(entries[0]!.alert).toEqual({ ...message.alert, sources: two, subscriptionIds: ['sub-news', 'sub-korea'] });
      expect(entries[0]!.status).toBe('pending');
    });

    it('a message a worker claimed is not changed under it: the update is queued as an edit', async () => {
      const { store, message } = await queuedMessage();
      await store.claimDueOutbox(T0, 10, T0 + 2 * MINUTE);
      expect(await commitUpdate(store, message)).toBe(1);

      const entries = await store.listOutbox();
      expect(entries.map((entry) => entry.alert.kind)).toEqual(['new', 'update']);
      expect(entries[0]!.alert).toEqual(message.alert);
    });

    it('a message changed since the poll looked (another fold) is not overwritten: the update is queued', async () => {
      const { store, message } = await queuedMessage();
      await commitUpdate(store, message);
      expect(await commitUpdate(store, message)).toBe(1);
      expect((await store.listOutbox()).map((entry) => entry.alert.kind)).toEqual(['new', 'update']);
    });

    it('a held message folds while no digest has sealed it', async () => {
      const { store, message } = await queuedMessage();
      await store.holdOutbox(message.id, 'schedule', T0 + 60 * MINUTE);
      expect(await commitUpdate(store, message)).toBe(0);
      expect((await store.listOutbox())[0]!.alert.sources).toEqual(two);
    });

    it('a message sealed into a digest is not changed: the update is queued', async () => {
      const { store, message } = await queuedMessage();
      await store.holdOutbox(message.id, 'schedule', T0);
      await store.claimDueDigests(T0, T0 + 2 * MINUTE);
      expect(await commitUpdate(store, message)).toBe(1);
    });

    it('a sent message is never folded into: the update is queued as an edit', async () => {
      const { store, message } = await queuedMessage();
      await store.markSent(message.id, { platform: 'slack', channel: 'C-NEWS', id: 'm1' }, T0);
      expect(await commitUpdate(store, message)).toBe(1);
    });
  });

  describe('an item two processes polled', () => {
    const ferry = item({ key: 'k1', contentHash: 'h1' });
    /** One process's poll of the item: the story it made of it, and its alert. */
    const poll = (storyId: string, now: number) =>
      pollCommit({
        now,
        items: [{ item: ferry, storyId, previousHash: null }],
        stories: [story({ id: storyId, sources: [storySource({ itemKey: 'k1' })] })],
        alerts: [{ idempotencyKey: `slack:C-NEWS:${storyId}`, alert: alert({ storyId, item: ferry }), cause: { feedId: 'harbour', key: 'k1' } }],
      });

    it('is recorded, storied and alerted by the first commit only', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      expect((await commitPoll(store, poll('story-a', T0))).alertsQueued).toBe(1);
      expect((await commitPoll(store, poll('story-b', T0 + 1))).alertsQueued).toBe(0);

      expect((await store.seenItems('harbour', ['k1'])).get('k1')?.storyId).toBe('story-a');
      expect(await store.getStory('story-b')).toBeNull();
      expect((await store.getStory('story-a'))?.sources).toHaveLength(1);
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['story-a']);
    });

    it('an edit is recorded once: a second commit of the same change finds the hash moved on', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, poll('story-a', T0));
      const edited = item({ key: 'k1', contentHash: 'h2' });
      const edit = (now: number) =>
        pollCommit({
          now,
          items: [{ item: edited, storyId: 'story-a', previousHash: 'h1' }],
          alerts: [{ idempotencyKey: `edit-${now}`, alert: alert({ storyId: 'story-a', item: edited, kind: 'update' }), cause: { feedId: 'harbour', key: 'k1' } }],
        });

      expect((await commitPoll(store, edit(T0 + 1))).alertsQueued).toBe(1);
      expect((await commitPoll(store, edit(T0 + 2))).alertsQueued).toBe(0);
      expect((await store.seenItems('harbour', ['k1'])).get('k1')?.contentHash).toBe('h2');
    });
  });
}
