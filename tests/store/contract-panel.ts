// Store contract, the web panel's part: per-feed activity, alerts sent across channels, poll now.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, item, MINUTE, pollCommit, queued, T0 } from './records.ts';

export function panelContract(subject: () => Store): void {
  describe('web panel queries', () => {
    it('feedActivity counts items seen and the new alerts each feed caused, updates left out', async () => {
      const store = subject();
      await store.syncConfigFeeds(['harbour', 'valley', 'ridge'].map((id) => feedDefinition({ id })), T0);
      expect(await store.feedActivity()).toEqual(new Map());
      await commitPoll(
        store,
        pollCommit({
          items: [{ item: item({ key: 'a' }), storyId: 'story-a' }, { item: item({ key: 'b' }), storyId: 'story-b' }],
          alerts: [queued({ storyId: 'story-a' }), queued({ storyId: 'story-a', channel: 'C-OTHER' }, 'other:story-a:new'), queued({ storyId: 'story-a', kind: 'update' })],
        }),
      );
      await commitPoll(store, pollCommit({ feedId: 'valley', items: [{ item: item({ feedId: 'valley', key: 'c' }), storyId: 'story-c' }] }));
      expect(await store.feedActivity()).toEqual(
        new Map([
          ['harbour', { itemsSeen: 2, alertsCaused: 2 }],
          ['valley', { itemsSeen: 1, alertsCaused: 0 }],
        ]),
      );
    });

    it('countAllSentSince counts sent alerts of every channel from a time on', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ alerts: ['C-1', 'C-2', 'C-3'].map((channel) => queued({ channel }, `${channel}:story-ferry:new`)) }));
      const [first, second, third] = await store.listOutbox();
      await store.markSent(first!.id, { platform: 'slack', channel: 'C-1', id: '1' }, T0);
      await store.markSent(second!.id, { platform: 'slack', channel: 'C-2', id: '2' }, T0 + 10 * MINUTE);
      await store.markDead(third!.id, 'channel archived', T0 + 10 * MINUTE);
      expect(await store.countAllSentSince(T0)).toBe(2);
      expect(await store.countAllSentSince(T0 + MINUTE)).toBe(1);
      expect(await store.countAllSentSince(T0 + 11 * MINUTE)).toBe(0);
    });

    it('pollFeedNow makes a feed due at once, but not a missing one', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ nextPollAt: T0 + 60 * MINUTE }));
      expect(await store.claimDueFeeds(T0 + MINUTE, 10, T0 + 2 * MINUTE)).toEqual([]);
      expect(await store.pollFeedNow('harbour', T0 + 3 * MINUTE)).toBe(true);
      expect(await store.pollFeedNow('missing', T0 + 3 * MINUTE)).toBe(false);
      expect((await store.claimDueFeeds(T0 + 3 * MINUTE, 10, T0 + 4 * MINUTE)).map((feed) => feed.id)).toEqual(['harbour']);
    });
  });
}
