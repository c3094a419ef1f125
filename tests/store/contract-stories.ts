// Store contract, stories: what commitPoll remembers of items and stories, and the lookups
// dedup makes on them.
import { describe, expect, it } from 'vitest';
import type { Story } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, item, MINUTE, pollCommit, queued, story, storySource, T0 } from './records.ts';

export function storyContract(subject: () => Store): void {
  describe('items and stories', () => {
    async function withFeeds(...ids: string[]): Promise<Store> {
      const store = subject();
      await store.syncConfigFeeds(ids.map((id) => feedDefinition({ id })), T0);
      return store;
    }

    it('seenItems returns only the keys seen in that feed, with hash and story', async () => {
      const store = await withFeeds('harbour', 'valley');
      await commitPoll(store,
        pollCommit({
          items: [
            { item: item({ key: 'k1' }), storyId: 'story-1' },
            { item: item({ key: 'k2', contentHash: 'h2' }), storyId: 'story-2' },
          ],
        }),
      );
      await commitPoll(store, pollCommit({ feedId: 'valley', items: [{ item: item({ feedId: 'valley', key: 'k3' }), storyId: 'story-3' }] }));

      const seen = await store.seenItems('harbour', ['k2', 'k3', 'never']);
      expect([...seen.entries()]).toEqual([['k2', { feedId: 'harbour', key: 'k2', contentHash: 'h2', storyId: 'story-2' }]]);
      expect((await store.seenItems('harbour', [])).size).toBe(0);
    });

    it('commitPoll upserts a seen item: an edit changes its hash and story', async () => {
      const store = await withFeeds('harbour');
      await commitPoll(store, pollCommit({ items: [{ item: item({ key: 'k1', contentHash: 'old' }), storyId: 'story-1' }] }));
      await commitPoll(store, pollCommit({ items: [{ item: item({ key: 'k1', contentHash: 'new' }), storyId: 'story-9' }] }));

      expect((await store.seenItems('harbour', ['k1'])).get('k1')).toMatchObject({ contentHash: 'new', storyId: 'story-9' });
    });

    it('removeFeed forgets the items seen in it', async () => {
      const store = await withFeeds('harbour');
      await commitPoll(store, pollCommit({ items: [{ item: item({ key: 'k1' }), storyId: 'story-1' }] }));
      await store.removeFeed('harbour');
      await store.addFeed(feedDefinition(), T0);

      expect((await store.seenItems('harbour', ['k1'])).size).toBe(0);
    });

    it('getStory returns a committed story with its sources; null for an unknown id', async () => {
      const store = await withFeeds('harbour');
      const first = story();
      await commitPoll(store, pollCommit({ stories: [first] }));

      expect(await store.getStory('story-ferry')).toEqual(first);
      expect(await store.getStory('story-none')).toBeNull();
    });

    it('commitPolls writes several feeds at once: a story two polls share is stored once with both sources', async () => {
      const store = await withFeeds('harbour', 'valley');
      const gazette = storySource();
      const courier = storySource({ feedId: 'valley', itemKey: 'valley-ferry', sourceName: 'Valley Courier', url: 'https://valley.example.test/ferry', seenAt: T0 + 1 });
      const started = story({ sources: [gazette] });
      const joined = story({ updatedAt: T0 + 1, sources: [gazette, courier] });

      const queuedCounts = await store.commitPolls([
        pollCommit({ items: [{ item: item(), storyId: started.id }], stories: [started], alerts: [queued()] }),
        pollCommit({
          feedId: 'valley',
          now: T0 + 1,
          items: [{ item: item({ feedId: 'valley', key: 'valley-ferry' }), storyId: joined.id }],
          stories: [joined],
          alerts: [queued(), queued({ channel: 'C-VALLEY' }, 'sub-valley:story-ferry:new')],
        }),
      ]);

      expect(queuedCounts).toEqual([1, 1]);
      expect(await store.getStory(started.id)).toEqual(joined);
      expect(await store.storiesByUrl([gazette.url!, courier.url!])).toEqual(new Map([[gazette.url, started.id], [courier.url, started.id]]));
      expect((await store.seenItems('valley', ['valley-ferry'])).get('valley-ferry')).toMatchObject({ storyId: started.id });
      expect(await store.getFeed('valley')).toMatchObject({ seeded: true, lastPolledAt: T0 + 1 });
    });

    it("a story source keeps its item's link as published next to the canonical URL", async () => {
      const store = await withFeeds('harbour');
      const published = story({ sources: [storySource({ link: 'https://www.news.example.test/articles/harbour-ferry-timetable/' })] });
      await commitPoll(store, pollCommit({ stories: [published] }));

      expect(await store.getStory(published.id)).toEqual(published);
      expect((await store.recentStories(T0))[0]?.sources[0]?.link).toBe('https://www.news.example.test/articles/harbour-ferry-timetable/');
    });

    it('commitPoll merges story sources by feed and item key, keeping them in the order seen', async () => {
      const store = await withFeeds('harbour', 'valley', 'coast');
      const gazette = storySource();
      const valley = storySource({ feedId: 'valley', itemKey: 'v-77', sourceName: 'Valley Times', url: null, seenAt: T0 + MINUTE });
      const coast = storySource({ feedId: 'coast', itemKey: 'c-3', sourceName: 'Coast Daily', url: 'https://coast.example.test/c-3', seenAt: T0 + 2 * MINUTE });
      await commitPoll(store, pollCommit({ stories: [story({ sources: [gazette] })] }));

      await commitPoll(store,
        pollCommit({
          feedId: 'coast',
          now: T0 + 2 * MINUTE,
          stories: [story({ title: 'Ferry gets a late crossing', updatedAt: T0 + 2 * MINUTE, fingerprint: 'fp:9', sources: [coast, gazette, valley] })],
        }),
      );

      expect(await store.getStory('story-ferry')).toEqual({
        ...story(),
        title: 'Ferry gets a late crossing',
        updatedAt: T0 + 2 * MINUTE,
        fingerprint: 'fp:9',
        sources: [gazette, valley, coast],
      });
    });

    it('storiesByUrl maps each source URL to its story, across feeds, first story first', async () => {
      const store = await withFeeds('harbour', 'valley');
      await commitPoll(store, pollCommit({ stories: [story()] }));
      const sameUrl = story({ id: 'story-copy', sources: [storySource({ feedId: 'valley', itemKey: 'v-1' })] });
      const other = story({ id: 'story-bridge', sources: [storySource({ feedId: 'valley', itemKey: 'v-2', url: 'https://valley.example.test/bridge' })] });
      await commitPoll(store, pollCommit({ feedId: 'valley', stories: [sameUrl, other] }));

      const found = await store.storiesByUrl([
        'https://news.example.test/articles/harbour-ferry-timetable',
        'https://valley.example.test/bridge',
        'https://unknown.example.test/',
      ]);
      expect(Object.fromEntries(found)).toEqual({
        'https://news.example.test/articles/harbour-ferry-timetable': 'story-ferry',
        'https://valley.example.test/bridge': 'story-bridge',
      });
    });

    it('recentStories returns stories updated at or after since, with their sources', async () => {
      const store = await withFeeds('harbour');
      const stories: Story[] = [
        story({ id: 'old', updatedAt: T0 - MINUTE, sources: [storySource({ itemKey: 'o' })] }),
        story({ id: 'edge', updatedAt: T0, sources: [storySource({ itemKey: 'e1' }), storySource({ itemKey: 'e2', seenAt: T0 + 1 })] }),
        story({ id: 'new', updatedAt: T0 + MINUTE, sources: [storySource({ itemKey: 'n' })] }),
      ];
      await commitPoll(store, pollCommit({ stories }));

      expect(await store.recentStories(T0)).toEqual([stories[1], stories[2]]);
    });

    it('recentStories with a limit returns the most recently updated, oldest first, with only their sources', async () => {
      const store = await withFeeds('harbour');
      const [old, edge, tieA, tieB, newest] = [
        story({ id: 'old', updatedAt: T0 - MINUTE, sources: [storySource({ itemKey: 'o' })] }),
        story({ id: 'edge', updatedAt: T0, sources: [storySource({ itemKey: 'e' })] }),
        story({ id: 'tie-a', updatedAt: T0 + MINUTE, sources: [storySource({ itemKey: 'a' })] }),
        story({ id: 'tie-b', updatedAt: T0 + MINUTE, sources: [storySource({ itemKey: 'b1' }), storySource({ itemKey: 'b2', seenAt: T0 + 1 })] }),
        story({ id: 'new', updatedAt: T0 + 2 * MINUTE, sources: [storySource({ itemKey: 'n' })] }),
      ];
      // Committed out of order, so the order read is the store's, not the insertion's.
      await commitPoll(store, pollCommit({ stories: [newest!, tieA!, old!, tieB!, edge!] }));

      expect(await store.recentStories(T0, 3)).toEqual([tieA, tieB, newest]);
      expect(await store.recentStories(T0, 2)).toEqual([tieB, newest]);
      expect(await store.recentStories(T0, 1)).toEqual([newest]);
      expect(await store.recentStories(T0, 10)).toEqual([edge, tieA, tieB, newest]);
    });

    it('commitPoll queues alerts once per idempotency key and counts only the inserted ones', async () => {
      const store = await withFeeds('harbour');
      const first = await commitPoll(store, pollCommit({ alerts: [queued(), queued({ storyId: 'story-2' }), queued()] }));
      const again = await commitPoll(store, pollCommit({ alerts: [queued({ storyId: 'story-2' }), queued({ storyId: 'story-3' })] }));

      expect(first).toEqual({ alertsQueued: 2 });
      expect(again).toEqual({ alertsQueued: 1 });
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['story-ferry', 'story-2', 'story-3']);
    });

    it('commitPoll is one transaction: a failure part-way leaves nothing behind', async () => {
      const store = await withFeeds('harbour');
      const broken = { ...story({ id: 'story-broken' }), title: null } as unknown as Story;

      await expect(
        commitPoll(store,
          pollCommit({ items: [{ item: item(), storyId: 'story-ferry' }], stories: [story(), broken], alerts: [queued()] }),
        ),
      ).rejects.toMatchObject({ code: 'store_failed' });

      expect(await store.getFeed('harbour')).toMatchObject({ seeded: false, etag: null });
      expect(await store.getStory('story-ferry')).toBeNull();
      expect((await store.seenItems('harbour', [item().key])).size).toBe(0);
      expect(await store.listOutbox()).toEqual([]);
    });
  });
}
