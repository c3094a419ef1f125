// Store contract, part one: feeds, their config sync, leases and HTTP/health state.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, item, MINUTE, noticeDraft, pollCommit, queued, story, storySource, T0 } from './records.ts';

export function feedContract(subject: () => Store): void {
  describe('feeds', () => {
    it('syncConfigFeeds inserts new feeds, due now and not yet seeded', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition({ name: 'Harbour Gazette' }), feedDefinition({ id: 'valley' })], T0);

      expect(await store.getFeed('harbour')).toEqual({
        id: 'harbour',
        url: 'https://news.example.test/harbour/rss.xml',
        name: 'Harbour Gazette',
        intervalMs: 10 * MINUTE,
        origin: 'config',
        followsSubscriptions: false,
        etag: null,
        lastModified: null,
        bodyHash: null,
        title: null,
        nextPollAt: T0,
        lastPolledAt: null,
        lastSuccessAt: null,
        seeded: false,
        failureCount: 0,
        lastError: null,
        failingSince: null,
      });
      expect((await store.listFeeds()).map((feed) => feed.id)).toEqual(['harbour', 'valley']);
    });

    it('syncConfigFeeds updates name and interval, deletes unlisted config feeds, leaves command feeds alone', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition(), feedDefinition({ id: 'valley' })], T0);
      await store.addFeed(feedDefinition({ id: 'hobby' }), T0);

      await store.syncConfigFeeds([feedDefinition({ name: 'Renamed', intervalMs: 5 * MINUTE })], T0 + MINUTE);

      const feeds = await store.listFeeds();
      expect(feeds.map((feed) => [feed.id, feed.origin])).toEqual([
        ['harbour', 'config'],
        ['hobby', 'command'],
      ]);
      expect(feeds[0]).toMatchObject({ name: 'Renamed', intervalMs: 5 * MINUTE, nextPollAt: T0 });
    });

    it('syncConfigFeeds keeps the HTTP state of feeds whose URL is unchanged', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ nextPollAt: T0 + 10 * MINUTE }));
      await store.recordPollFailure('harbour', 'HTTP 503', T0 + MINUTE, T0 + 20 * MINUTE);
      const before = await store.getFeed('harbour');

      await store.syncConfigFeeds([feedDefinition({ name: 'Renamed', intervalMs: 30 * MINUTE })], T0 + 2 * MINUTE);

      expect(await store.getFeed('harbour')).toEqual({ ...before, name: 'Renamed', intervalMs: 30 * MINUTE });
      expect(before).toMatchObject({ etag: '"v1"', seeded: true, failureCount: 1, nextPollAt: T0 + 20 * MINUTE });
    });

    it('syncConfigFeeds treats a changed URL as a new feed: validators dropped, seeding and polling start over', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ bodyHash: 'a'.repeat(64) }));
      expect(await store.getFeed('harbour')).toMatchObject({ bodyHash: 'a'.repeat(64) });

      await store.syncConfigFeeds([feedDefinition({ url: 'https://mirror.example.test/harbour.xml' })], T0 + MINUTE);

      expect(await store.getFeed('harbour')).toMatchObject({
        url: 'https://mirror.example.test/harbour.xml',
        etag: null,
        lastModified: null,
        bodyHash: null,
        title: null,
        seeded: false,
        failureCount: 0,
        nextPollAt: T0 + MINUTE,
      });
    });

    it('syncConfigFeeds never takes over a command feed with the same id', async () => {
      const store = subject();
      await store.addFeed(feedDefinition({ url: 'https://own.example.test/feed' }), T0);

      await store.syncConfigFeeds([feedDefinition()], T0);

      expect(await store.getFeed('harbour')).toMatchObject({ origin: 'command', url: 'https://own.example.test/feed' });
    });

    it('addFeed adds a command feed due now, and returns null when the id is taken', async () => {
      const store = subject();
      const added = await store.addFeed(feedDefinition({ id: 'hobby', name: 'Hobby' }), T0);

      expect(added).toMatchObject({ id: 'hobby', name: 'Hobby', origin: 'command', followsSubscriptions: false, nextPollAt: T0, seeded: false });
      expect(await store.getFeed('hobby')).toEqual(added);
      expect(await store.addFeed(feedDefinition({ id: 'hobby', url: 'https://other.example.test/' }), T0)).toBeNull();
      expect((await store.getFeed('hobby'))?.url).toBe('https://news.example.test/hobby/rss.xml');
    });

    it('addFeed marks a feed that follows subscriptions; keepFeed makes it stay like any other, null for an unknown feed', async () => {
      const store = subject();
      const added = await store.addFeed(feedDefinition({ id: 'ferry' }), T0, { followsSubscriptions: true });

      expect(added).toMatchObject({ id: 'ferry', origin: 'command', followsSubscriptions: true });
      expect(await store.getFeed('ferry')).toEqual(added);
      expect(await store.keepFeed('ferry')).toEqual({ ...added, followsSubscriptions: false });
      expect(await store.getFeed('ferry')).toMatchObject({ followsSubscriptions: false });
      expect(await store.keepFeed('unknown')).toBeNull();
    });

    it('listFeeds(visibleTo) shows config feeds to every workspace and chat feeds to the workspaces using them', async () => {
      const store = subject();
      const teamA = { platform: 'slack' as const, workspace: 'T-A' };
      const teamB = { platform: 'slack' as const, workspace: 'T-B' };
      const guildA = { platform: 'discord' as const, workspace: 'T-A' };
      const consoleOwner = { platform: 'console' as const, workspace: null };
      await store.syncConfigFeeds([feedDefinition({ id: 'wire' })], T0);
      await store.addFeed(feedDefinition({ id: 'private-a' }), T0);
      await store.addFeed(feedDefinition({ id: 'shared' }), T0);
      await store.addFeed(feedDefinition({ id: 'nobodys' }), T0);
      await store.addFeedWorkspace('private-a', teamA, 'U-ANN');
      await store.addFeedWorkspace('shared', teamA, 'U-ANN');
      await store.addFeedWorkspace('shared', teamA, 'U-BOB');
      await store.addFeedWorkspace('shared', teamB);
      await store.addFeedWorkspace('shared', consoleOwner);
      const ids = async (owner: Parameters<Store['listFeeds']>[0]) => (await store.listFeeds(owner)).map((feed) => feed.id);

      expect(await ids(teamA)).toEqual(['private-a', 'shared', 'wire']);
      // The first to bring a feed into a workspace is who added it there.
      expect(await store.countFeedsAddedBy(teamA, 'U-ANN')).toBe(2);
      expect(await store.countFeedsAddedBy(teamA, 'U-BOB')).toBe(0);
      expect(await store.countFeedsAddedBy(teamB, 'U-ANN')).toBe(0);
      expect(await ids(teamB)).toEqual(['shared', 'wire']);
      expect(await ids(guildA)).toEqual(['wire']);
      expect(await ids(consoleOwner)).toEqual(['shared', 'wire']);
      expect(await ids(undefined)).toEqual(['nobodys', 'private-a', 'shared', 'wire']);
      const owners = await store.chatFeedWorkspaces();
      expect([...owners.keys()].sort()).toEqual(['nobodys', 'private-a', 'shared']);
      expect(owners.get('nobodys')).toEqual([]);
      expect(owners.get('private-a')).toEqual([teamA]);
      expect(owners.get('shared')).toEqual(expect.arrayContaining([teamA, teamB, consoleOwner]));
      expect(owners.get('shared')).toHaveLength(3);

      expect(await store.removeFeedWorkspace('shared', teamB)).toBe(2);
      expect(await ids(teamB)).toEqual(['wire']);
      expect(await store.removeFeedWorkspace('shared', teamB)).toBe(2);
      expect(await store.removeFeedWorkspace('shared', consoleOwner)).toBe(1);
      expect(await store.removeFeedWorkspace('shared', teamA)).toBe(0);
      // Removing the feed removes what is left of its workspaces with it.
      await store.removeFeed('private-a');
      expect(await ids(teamA)).toEqual(['wire']);
    });

    it('removeFeed deletes a feed and says whether there was one; getFeed of an unknown id is null', async () => {
      const store = subject();
      await store.addFeed(feedDefinition(), T0);

      expect(await store.removeFeed('harbour')).toBe(true);
      expect(await store.removeFeed('harbour')).toBe(false);
      expect(await store.getFeed('harbour')).toBeNull();
    });

    it('claimDueFeeds claims due feeds, most overdue first, at most limit, leased until leaseUntil', async () => {
      const store = subject();
      // addFeed makes a feed due at the `now` it is given.
      const dueAt: [string, number][] = [['a', T0], ['b', T0], ['c', T0 - MINUTE], ['late', T0 + MINUTE], ['future', T0 + 5 * MINUTE]];
      for (const [id, at] of dueAt) await store.addFeed(feedDefinition({ id }), at);
      const lease = T0 + 2 * MINUTE;

      const first = await store.claimDueFeeds(T0 + MINUTE, 2, lease);
      expect(first.map((feed) => feed.id)).toEqual(['c', 'a']);
      expect(first.every((feed) => feed.nextPollAt === lease)).toBe(true);
      expect((await store.getFeed('c'))?.nextPollAt).toBe(lease);

      const second = await store.claimDueFeeds(T0 + MINUTE, 10, lease);
      expect(second.map((feed) => feed.id)).toEqual(['b', 'late']);
      expect(await store.claimDueFeeds(T0 + MINUTE + 1, 10, lease)).toEqual([]);

      const afterLease = await store.claimDueFeeds(lease, 10, lease + MINUTE);
      expect(afterLease.map((feed) => feed.id).sort()).toEqual(['a', 'b', 'c', 'late']);
    });

    it('recordPollFailure counts failures and stores the error and times, keeping validators', async () => {
      const store = subject();
      await store.addFeed(feedDefinition(), T0);
      await commitPoll(store, pollCommit());

      await store.recordPollFailure('harbour', 'HTTP 500', T0 + MINUTE, T0 + 2 * MINUTE);
      const updated = await store.recordPollFailure('harbour', 'timed out after 15s', T0 + 3 * MINUTE, T0 + 9 * MINUTE);

      expect(updated).toMatchObject({
        failureCount: 2,
        lastError: 'timed out after 15s',
        lastPolledAt: T0 + 3 * MINUTE,
        lastSuccessAt: T0,
        nextPollAt: T0 + 9 * MINUTE,
        etag: '"v1"',
        seeded: true,
      });
      expect(await store.getFeed('harbour')).toEqual(updated);
    });

    it('recordNotModified resets failures and keeps validators, for every feed it is given', async () => {
      const store = subject();
      await store.addFeed(feedDefinition(), T0);
      await store.addFeed(feedDefinition({ id: 'valley' }), T0);
      await commitPoll(store, pollCommit());
      await store.recordPollFailure('harbour', 'HTTP 502', T0 + MINUTE, T0 + 2 * MINUTE);

      await store.recordNotModified([
        { feedId: 'harbour', now: T0 + 2 * MINUTE, nextPollAt: T0 + 12 * MINUTE },
        { feedId: 'valley', now: T0 + 3 * MINUTE, nextPollAt: T0 + 13 * MINUTE },
      ]);

      expect(await store.getFeed('harbour')).toMatchObject({
        failureCount: 0,
        lastError: null,
        lastPolledAt: T0 + 2 * MINUTE,
        lastSuccessAt: T0 + 2 * MINUTE,
        nextPollAt: T0 + 12 * MINUTE,
        etag: '"v1"',
        lastModified: 'Sat, 02 Nov 2024 08:30:00 GMT',
        title: 'Harbour Gazette: Local',
        seeded: true,
      });
      expect(await store.getFeed('valley')).toMatchObject({ lastPolledAt: T0 + 3 * MINUTE, nextPollAt: T0 + 13 * MINUTE, etag: null, seeded: false });
    });

    it('commitPoll stores validators and title, marks the feed seeded and healthy', async () => {
      const store = subject();
      await store.addFeed(feedDefinition(), T0);
      await store.recordPollFailure('harbour', 'HTTP 500', T0, T0 + MINUTE);

      await commitPoll(store, pollCommit({ now: T0 + MINUTE, nextPollAt: T0 + 11 * MINUTE }));
      expect(await store.getFeed('harbour')).toMatchObject({
        etag: '"v1"',
        lastModified: 'Sat, 02 Nov 2024 08:30:00 GMT',
        title: 'Harbour Gazette: Local',
        seeded: true,
        failureCount: 0,
        lastError: null,
        lastPolledAt: T0 + MINUTE,
        lastSuccessAt: T0 + MINUTE,
        nextPollAt: T0 + 11 * MINUTE,
      });

      await commitPoll(store, pollCommit({ now: T0 + 11 * MINUTE, etag: null, lastModified: null, title: null }));
      expect(await store.getFeed('harbour')).toMatchObject({ etag: null, lastModified: null, title: 'Harbour Gazette: Local' });
    });

    it('a failure on an unknown feed rejects with a coded error', async () => {
      const store = subject();
      await expect(store.recordPollFailure('nowhere', 'x', T0, T0)).rejects.toMatchObject({ name: 'HeraldError', code: 'store_failed' });
    });

    it('markFeedFailing and markFeedRecovered change the state once and queue their notices only then', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);

      expect(await store.markFeedFailing('harbour', T0, [noticeDraft('fail-1'), noticeDraft('fail-2', 'C-OTHER')])).toBe(true);
      expect(await store.markFeedFailing('harbour', T0 + MINUTE, [noticeDraft('fail-again')])).toBe(false);
      expect((await store.getFeed('harbour'))?.failingSince).toBe(T0);

      expect(await store.markFeedRecovered('harbour', T0 + 2 * MINUTE, [noticeDraft('recovered')])).toBe(true);
      expect(await store.markFeedRecovered('harbour', T0 + 3 * MINUTE, [noticeDraft('recovered-again')])).toBe(false);
      expect((await store.getFeed('harbour'))?.failingSince).toBeNull();

      expect((await store.listNotices()).map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.channel, queuedNotice.status])).toEqual([
        ['fail-1', 'C-NEWS', 'pending'],
        ['fail-2', 'C-OTHER', 'pending'],
        ['recovered', 'C-NEWS', 'pending'],
      ]);
    });


    it('feedHealthCounts sorts feeds into ok and failing', async () => {
      const store = subject();
      expect(await store.feedHealthCounts()).toEqual({ ok: 0, failing: 0 });
      await store.syncConfigFeeds(['harbour', 'valley', 'ridge'].map((id) => feedDefinition({ id })), T0);
      await store.recordPollFailure('valley', 'HTTP 503', T0, T0 + MINUTE);
      expect(await store.feedHealthCounts()).toEqual({ ok: 2, failing: 1 });

      await commitPoll(store, pollCommit({ feedId: 'valley', now: T0 + MINUTE }));
      expect(await store.feedHealthCounts()).toEqual({ ok: 3, failing: 0 });
    });

    it('polls of a feed removed since its claim write nothing of that feed and the rest as usual', async () => {
      const store = subject();
      await store.addFeed(feedDefinition(), T0);
      await store.recordNotModified([
        { feedId: 'nowhere', now: T0, nextPollAt: T0 + MINUTE },
        { feedId: 'harbour', now: T0, nextPollAt: T0 + MINUTE },
      ]);
      expect(await store.getFeed('harbour')).toMatchObject({ lastPolledAt: T0, nextPollAt: T0 + MINUTE });
      expect(await store.getFeed('nowhere')).toBeNull();

      const gone = pollCommit({
        feedId: 'nowhere',
        items: [{ item: item({ feedId: 'nowhere', key: 'lost' }), storyId: 'story-lost' }],
        stories: [story({ id: 'story-lost', sources: [storySource({ feedId: 'nowhere', itemKey: 'lost' })] })],
        alerts: [queued({ storyId: 'story-lost' }, 'sub-news:story-lost:new')],
      });
      expect(await store.commitPolls([gone, pollCommit({ alerts: [queued()] })])).toEqual([null, 1]);
      expect(await store.getStory('story-lost')).toBeNull();
      expect(await store.seenItems('nowhere', ['lost'])).toEqual(new Map());
      expect((await store.listOutbox()).map((entry) => entry.alert.storyId)).toEqual(['story-ferry']);
    });
  });
}
