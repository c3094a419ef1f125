// Store contract, story merges (PollCommit.merges): a copy that bridges two stored stories makes
// them one. The younger story's sources, URLs, items and outbox entries move to the older one,
// its id answers as the survivor from then on, and a second message that has not gone out is
// dropped while one that is out (or being sent) stays.
import { describe, expect, it } from 'vitest';
import type { Store, StoryMerge } from '../../src/store/store.ts';
import { alert, commitPoll, feedDefinition, item, MINUTE, pollCommit, story, storySource, T0 } from './records.ts';

const FEEDS = ['harbour', 'valley', 'wire'];
const CHANNEL = { platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWS' } as const;

/** One outlet's copy: its item, its source in a story, its story's first message. */
function copy(feedId: string, storyId: string) {
  const copyItem = item({ feedId, key: `${feedId}-1`, url: `https://${feedId}.example.test/ferry`, sourceName: `Outlet ${feedId}` });
  const source = storySource({ feedId, itemKey: copyItem.key, sourceName: copyItem.sourceName, url: copyItem.url });
  return { item: copyItem, source, message: alert({ storyId, item: copyItem, sources: [{ name: copyItem.sourceName, url: copyItem.url! }] }) };
}

export function storyMergeContract(subject: () => Store): void {
  const harbour = copy('harbour', 'story-a');
  const valley = copy('valley', 'story-b');
  const wire = copy('wire', 'story-a');

  /** Story A (harbour, first poll) and story B (valley, a minute later), each with its message queued. */
  async function twoStories(): Promise<Store> {
    const store = subject();
    await store.syncConfigFeeds(FEEDS.map((id) => feedDefinition({ id })), T0);
    for (const [at, outlet, storyId] of [[T0, harbour, 'story-a'], [T0 + MINUTE, valley, 'story-b']] as const) {
      await commitPoll(
        store,
        pollCommit({
          feedId: outlet.item.feedId,
          now: at,
          items: [{ item: outlet.item, storyId, previousHash: null }],
          stories: [story({ id: storyId, url: outlet.item.url, createdAt: at, updatedAt: at, sources: [{ ...outlet.source, seenAt: at }] })],
          alerts: [{ idempotencyKey: `slack:C-NEWS:${storyId}`, alert: outlet.message, cause: { feedId: outlet.item.feedId, key: outlet.item.key } }],
        }),
      );
    }
    return store;
  }

  /** The wire's copy joins A and bridges B into it, as the pipeline writes it. */
  async function bridge(store: Store, retire: number[], now = T0 + 2 * MINUTE): Promise<void> {
    const merge: StoryMerge = { from: 'story-b', into: 'story-a', cause: { feedId: 'wire', key: wire.item.key }, retire };
    await commitPoll(
      store,
      pollCommit({
        feedId: 'wire',
        now,
        items: [{ item: wire.item, storyId: 'story-a', previousHash: null }],
        stories: [story({ id: 'story-a', url: harbour.item.url, createdAt: T0, updatedAt: now, sources: [harbour.source, { ...wire.source, seenAt: now }] })],
        merges: [merge],
      }),
    );
  }

  const idOf = async (store: Store, storyId: string): Promise<number> => (await store.originalEntry(CHANNEL, storyId))!.id;

  describe('story merges', () => {
    it('the younger story moves into the older: sources, URLs, items; its id answers as the survivor', async () => {
      const store = await twoStories();
      await bridge(store, []);

      const merged = await store.getStory('story-b');
      expect(merged?.id).toBe('story-a');
      expect(merged?.createdAt).toBe(T0);
      expect(merged?.sources.map((source) => source.feedId).sort()).toEqual(['harbour', 'valley', 'wire']);
      expect(await store.storiesByUrl([valley.item.url!])).toEqual(new Map([[valley.item.url, 'story-a']]));
      expect((await store.seenItems('valley', [valley.item.key])).get(valley.item.key)?.storyId).toBe('story-a');
      expect((await store.recentStories(0)).map((known) => known.id)).toEqual(['story-a']);
    });

    it("the younger story's outbox entries belong to the survivor: the first message queued is the one updates edit", async () => {
      const store = await twoStories();
      const first = await idOf(store, 'story-a');
      await bridge(store, []);

      const entries = await store.storyEntries(['story-a', 'story-b']);
      expect(entries.map((entry) => [entry.alert.storyId, entry.alert.item.feedId])).toEqual([
        ['story-a', 'harbour'],
        ['story-a', 'valley'],
      ]);
      expect((await store.originalEntry(CHANNEL, 'story-a'))?.id).toBe(first);
      expect([...(await store.storyMessages(CHANNEL, ['story-a', 'story-b'])).keys()]).toEqual(['story-a']);
    });

    it('a second message not yet out is retired', async () => {
      const store = await twoStories();
      await bridge(store, [await idOf(store, 'story-b')]);
      expect((await store.listOutbox()).map((entry) => entry.alert.item.feedId)).toEqual(['harbour']);
    });

    it('a second message a worker claimed stays, as the survivor\'s', async () => {
      const store = await twoStories();
      const second = await idOf(store, 'story-b');
      await store.claimDueOutbox(T0 + MINUTE, 10, T0 + 10 * MINUTE);
      await bridge(store, [second]);
      expect((await store.listOutbox()).map((entry) => [entry.alert.item.feedId, entry.alert.storyId])).toEqual([
        ['harbour', 'story-a'],
        ['valley', 'story-a'],
      ]);
    });

    it('an edit waiting for the retired message goes with it, even before it is due', async () => {
      const store = await twoStories();
      const edit = alert({ ...valley.message, kind: 'update', sources: [] });
      await commitPoll(store, pollCommit({ feedId: 'valley', now: T0 + MINUTE, alerts: [{ idempotencyKey: 'slack:C-NEWS:story-b:update', alert: edit }] }));
      const [, , waiting] = await store.listOutbox();
      await store.markRetry(waiting!.id, 'waiting for the original alert', T0 + 60 * MINUTE);
      await bridge(store, [await idOf(store, 'story-b'), waiting!.id]);
      expect((await store.listOutbox()).map((entry) => entry.alert.kind)).toEqual(['new']);
    });

    it('a merge whose bridging item another process recorded first does not stand', async () => {
      const store = await twoStories();
      await commitPoll(store, pollCommit({ feedId: 'wire', items: [{ item: wire.item, storyId: 'story-c', previousHash: null }] }));
      await bridge(store, [await idOf(store, 'story-b')]);

      expect((await store.getStory('story-b'))?.id).toBe('story-b');
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['story-a', 'story-b']);
    });

    it('a story merged twice answers as the last survivor; merging an alias again changes nothing', async () => {
      const store = await twoStories();
      await bridge(store, []);
      const later = T0 + 3 * MINUTE;
      await commitPoll(
        store,
        pollCommit({
          feedId: 'wire',
          now: later,
          items: [{ item: wire.item, storyId: 'story-z' }],
          stories: [story({ id: 'story-z', createdAt: T0 - MINUTE, updatedAt: later, sources: [] })],
          merges: [{ from: 'story-a', into: 'story-z', cause: { feedId: 'wire', key: wire.item.key }, retire: [] }],
        }),
      );
      expect((await store.getStory('story-b'))?.id).toBe('story-z');
      await commitPoll(store, pollCommit({ feedId: 'wire', now: later, items: [{ item: wire.item, storyId: 'story-z' }], merges: [{ from: 'story-b', into: 'story-z', cause: { feedId: 'wire', key: wire.item.key }, retire: [] }] }));
      expect((await store.getStory('story-z'))?.sources).toHaveLength(3);
    });
  });
}
