// Store contract, retention: pruneBatch deletes finished rows past their cutoffs, at most
// `limit` of each kind per call, and never a row something still needs.
import { describe, expect, it } from 'vitest';
import type { NoticeDraft } from '../../src/domain/types.ts';
import type { PruneCutoffs, Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, item, MINUTE, pollCommit, queued, story, storySource, T0 } from './records.ts';

const DAY = 24 * 60 * MINUTE;
const NOW = T0 + 100 * DAY;
/** Everything finished before NOW - 10 days may go. */
const CUTOFFS: PruneCutoffs = {
  seenItemsBefore: NOW - 10 * DAY,
  storiesUpdatedBefore: NOW - 10 * DAY,
  sentOutboxBefore: NOW - 10 * DAY,
  deadOutboxBefore: NOW - 10 * DAY,
  noticesBefore: NOW - 10 * DAY,
};
const OLD = NOW - 20 * DAY;
const RECENT = NOW - DAY;
const NONE = { seenItems: 0, stories: 0, sentOutbox: 0, deadOutbox: 0, notices: 0 };

function notice(idempotencyKey: string): NoticeDraft {
  return { idempotencyKey, platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWS', text: `notice ${idempotencyKey}` };
}

async function withFeed(store: Store): Promise<Store> {
  await store.syncConfigFeeds([feedDefinition()], T0);
  return store;
}

/** A story updated at `at`, its one source under its own URL. */
function storyAt(id: string, at: number) {
  return story({ id, createdAt: at, updatedAt: at, sources: [storySource({ itemKey: id, url: `https://news.example.test/${id}`, seenAt: at })] });
}

export function retentionContract(subject: () => Store): void {
  describe('retention', () => {
    it('prunes stories last updated before the cutoff with their sources and urls, keeping newer ones', async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD, stories: [storyAt('story-old', OLD), storyAt('story-new', RECENT)] }));

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual({ ...NONE, stories: 1 });
      expect(await store.getStory('story-old')).toBeNull();
      expect(await store.getStory('story-new')).toMatchObject({ id: 'story-new' });
      const urls = await store.storiesByUrl(['https://news.example.test/story-old', 'https://news.example.test/story-new']);
      expect(Object.fromEntries(urls)).toEqual({ 'https://news.example.test/story-new': 'story-new' });
    });

    it('keeps an old story while an alert for it is still pending or held', async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD, stories: [storyAt('story-pending', OLD), storyAt('story-held', OLD)] }));
      await commitPoll(store, pollCommit({ now: OLD, alerts: [queued({ storyId: 'story-pending' }), queued({ storyId: 'story-held' })] }));
      const held = (await store.listOutbox()).find((entry) => entry.alert.storyId === 'story-held')!;
      await store.holdOutbox(held.id, 'quiet-hours', NOW + DAY);

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual(NONE);
      expect(await store.getStory('story-pending')).not.toBeNull();
      expect(await store.getStory('story-held')).not.toBeNull();
      expect(await store.listOutbox()).toHaveLength(2);
    });

    it("prunes old sent updates but keeps the sent 'new' row while its story is kept, then lets it go with the story", async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD, stories: [storyAt('story-ferry', RECENT)] }));
      await commitPoll(store, pollCommit({ now: OLD, alerts: [queued({ storyId: 'story-ferry' }), queued({ storyId: 'story-ferry', kind: 'update' })] }));
      const [created, update] = await store.listOutbox();
      await store.markSent(created!.id, { platform: 'slack', channel: 'C-NEWS', id: 'm-new' }, OLD);
      await store.markSent(update!.id, { platform: 'slack', channel: 'C-NEWS', id: 'm-update' }, OLD);

      // The story is still open (updated recently): a later update still needs the 'new' row's message id.
      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual({ ...NONE, sentOutbox: 1 });
      expect((await store.listOutbox()).map((entry) => entry.id)).toEqual([created!.id]);

      // Once the story is past its own cutoff, both go in one batch: stories are pruned first.
      expect(await store.pruneBatch({ ...CUTOFFS, storiesUpdatedBefore: NOW }, 100)).toEqual({ ...NONE, stories: 1, sentOutbox: 1 });
      expect(await store.listOutbox()).toEqual([]);
    });

    it('prunes dead rows that died before the cutoff and never touches pending ones however old', async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD, alerts: ['a', 'b', 'c', 'd'].map((id) => queued({ storyId: `story-${id}` })) }));
      const [oldDead, recentDead, recentSent] = await store.listOutbox();
      await store.markDead(oldDead!.id, 'channel archived', OLD);
      await store.markDead(recentDead!.id, 'channel archived', RECENT);
      await store.markSent(recentSent!.id, { platform: 'slack', channel: 'C-NEWS', id: 'm-1' }, RECENT);

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual({ ...NONE, deadOutbox: 1 });
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['story-b', 'story-c', 'story-d']);
    });

    it('prunes sent and dead notices finished before the cutoff, keeping pending and recent ones', async () => {
      const store = await withFeed(subject());
      await store.markFeedFailing('harbour', OLD, ['sent-old', 'dead-old', 'sent-recent', 'pending-old'].map(notice));
      const byKey = new Map((await store.listNotices()).map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.id]));
      await store.markNoticeSent(byKey.get('sent-old')!, OLD);
      await store.markNoticeDead(byKey.get('dead-old')!, 'no such channel', OLD);
      await store.markNoticeSent(byKey.get('sent-recent')!, RECENT);

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual({ ...NONE, notices: 2 });
      expect((await store.listNotices()).map((queuedNotice) => queuedNotice.idempotencyKey).sort()).toEqual(['pending-old', 'sent-recent']);
    });

    it('keeps a seen item its feed still serves however old; prunes one the feed dropped before the cutoff', async () => {
      const store = await withFeed(subject());
      const served = (key: string) => ({ item: item({ key }), storyId: `story-${key}` });
      await commitPoll(store, pollCommit({ now: OLD, items: ['pinned', 'dropped', 'recently-dropped'].map(served) }));
      await commitPoll(store, pollCommit({ now: NOW - 5 * DAY, items: [served('fresh')], servedKeys: ['pinned', 'recently-dropped'] }));
      await commitPoll(store, pollCommit({ now: RECENT, servedKeys: ['pinned', 'fresh'] }));

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual({ ...NONE, seenItems: 1 });
      const keys = ['pinned', 'dropped', 'recently-dropped', 'fresh'];
      expect([...(await store.seenItems('harbour', keys)).keys()].sort()).toEqual(['fresh', 'pinned', 'recently-dropped']);
    });

    it('keeps every seen item of a feed whose last page is old (answered 304 since): it still serves them', async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD - DAY, items: [{ item: item({ key: 'older' }), storyId: 'story-older' }] }));
      await commitPoll(store, pollCommit({ now: OLD, items: [{ item: item({ key: 'last-page' }), storyId: 'story-last' }], servedKeys: ['older'] }));
      await store.recordNotModified([{ feedId: 'harbour', now: RECENT, nextPollAt: NOW }]);

      expect(await store.pruneBatch(CUTOFFS, 100)).toEqual(NONE);
      expect((await store.seenItems('harbour', ['older', 'last-page'])).size).toBe(2);
    });

    it('deletes at most `limit` rows of each kind per call, oldest first', async () => {
      const store = await withFeed(subject());
      await commitPoll(store, pollCommit({ now: OLD, stories: [storyAt('story-2', OLD + 2), storyAt('story-1', OLD + 1), storyAt('story-3', OLD + 3)] }));

      expect(await store.pruneBatch(CUTOFFS, 2)).toEqual({ ...NONE, stories: 2 });
      expect(await store.getStory('story-3')).not.toBeNull();
      expect(await store.pruneBatch(CUTOFFS, 2)).toEqual({ ...NONE, stories: 1 });
      expect(await store.pruneBatch(CUTOFFS, 2)).toEqual(NONE);
    });
  });
}
