// Store contract, commitPolls: one message per channel and story. A story's later sources fold
// into its message while it has not gone out, and what stands on an item another process
// recorded first is left out, so two processes polling one item neither alert it twice nor
// record it as two sources.
import { describe, expect, it } from 'vitest';
import type { Alert, OutboxEntry } from '../../src/domain/types.ts';
import type { QueuedAlert, StoriesCommit, Store } from '../../src/store/store.ts';
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

  describe('entries recorded without a story (a first poll of entries older than dedup.window)', () => {
    const recorded = (key: string, contentHash: string, previousHash: string | null) => ({ key, contentHash, previousHash });

    it('are seen with no story, and a changed one is recorded again only over the hash the poll found', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ recorded: [recorded('old-1', ':r1', null), recorded('old-2', ':r2', null)] }));
      const seen = await store.seenItems('harbour', ['old-1', 'old-2']);
      expect([...seen.values()].map(({ key, contentHash, storyId }) => ({ key, contentHash, storyId }))).toEqual([
        { key: 'old-1', contentHash: ':r1', storyId: null },
        { key: 'old-2', contentHash: ':r2', storyId: null },
      ]);
      expect(await store.recentStories(0)).toEqual([]);

      await commitPoll(store, pollCommit({ now: T0 + 1, recorded: [recorded('old-1', ':r1b', ':r1'), recorded('old-2', ':r2b', ':stale')] }));
      const after = await store.seenItems('harbour', ['old-1', 'old-2']);
      expect(after.get('old-1')).toMatchObject({ contentHash: ':r1b', storyId: null });
      expect(after.get('old-2')).toMatchObject({ contentHash: ':r2', storyId: null });
    });

    it('one another process recorded first does not keep the commit\'s stories and alerts from being written', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ recorded: [recorded('old-1', ':r1', null)] }));
      const ferry = item({ key: 'k1', contentHash: 'h1' });
      const queued = await commitPoll(
        store,
        pollCommit({
          now: T0 + 1,
          recorded: [recorded('old-1', ':r1', null)],
          items: [{ item: ferry, storyId: 'story-a', previousHash: null }],
          stories: [story({ id: 'story-a', sources: [storySource({ itemKey: 'k1' })] })],
          alerts: [{ idempotencyKey: 'slack:C-NEWS:story-a', alert: alert({ storyId: 'story-a', item: ferry }), cause: { feedId: 'harbour', key: 'k1' } }],
        }),
      );
      expect(queued.alertsQueued).toBe(1);
      expect((await store.getStory('story-a'))?.sources).toHaveLength(1);
      expect((await store.seenItems('harbour', ['k1'])).get('k1')?.storyId).toBe('story-a');
    });
  });

  describe('a StoriesCommit: recorded entries get stories (a backfill alerts them)', () => {
    const old = item({ key: 'old-1', contentHash: 'h1:r1' });
    /** The story a backfill gives entry old-1, recorded with hash `previousHash`. */
    const storied = (previousHash: string): StoriesCommit => ({
      storiesOnly: true,
      feedId: 'harbour',
      now: T0 + MINUTE,
      items: [{ item: old, storyId: 'story-old', previousHash }],
      servedKeys: [],
      stories: [story({ id: 'story-old', sources: [storySource({ itemKey: 'old-1', url: old.url })] })],
      alerts: [],
    });

    async function recordedFeed(): Promise<Store> {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ recorded: [{ key: 'old-1', contentHash: ':r1', previousHash: null }] }));
      return store;
    }

    it('the entry takes its story, the story its source and URL, and the feed its state as the poll left it', async () => {
      const store = await recordedFeed();
      const feed = await store.getFeed('harbour');

      expect(await store.commitPolls([storied(':r1')])).toEqual([0]);

      expect((await store.seenItems('harbour', ['old-1'])).get('old-1')).toMatchObject({ contentHash: 'h1:r1', storyId: 'story-old' });
      expect((await store.getStory('story-old'))?.sources.map((source) => source.itemKey)).toEqual(['old-1']);
      expect(await store.storiesByUrl([old.url!])).toEqual(new Map([[old.url, 'story-old']]));
      expect(await store.getFeed('harbour')).toEqual(feed);
    });

    it('over a hash the store no longer has (a poll recorded an edit meanwhile), writes nothing', async () => {
      const store = await recordedFeed();
      await commitPoll(store, pollCommit({ now: T0 + 1, recorded: [{ key: 'old-1', contentHash: ':r2', previousHash: ':r1' }] }));

      expect(await store.commitPolls([storied(':r1')])).toEqual([0]);

      expect((await store.seenItems('harbour', ['old-1'])).get('old-1')).toMatchObject({ contentHash: ':r2', storyId: null });
      expect(await store.getStory('story-old')).toBeNull();
    });

    it('is not written for a feed that no longer exists', async () => {
      const store = await recordedFeed();
      await store.removeFeed('harbour');
      expect(await store.commitPolls([storied(':r1')])).toEqual([null]);
      expect(await store.getStory('story-old')).toBeNull();
    });

    it('a changed item that has a story keeps it', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ items: [{ item: item({ key: 'k1', contentHash: 'h1' }), storyId: 'story-a', previousHash: null }] }));
      await commitPoll(store, pollCommit({ now: T0 + 1, items: [{ item: item({ key: 'k1', contentHash: 'h2' }), storyId: 'story-b', previousHash: 'h1' }] }));
      expect((await store.seenItems('harbour', ['k1'])).get('k1')).toMatchObject({ contentHash: 'h2', storyId: 'story-a' });
    });
  });

  describe('the sentences a feed repeats (dedup/feed-boilerplate.ts)', () => {
    const blurb = 'the harbour gazette brings you the news of the river towns';
    const plug = 'sign up for the morning newsletter';

    it('are kept with the feed, in order, until a commit changes them; a commit without them keeps them', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition(), feedDefinition({ id: 'valley' })], T0);
      expect(await store.feedBoilerplate(['harbour', 'valley'])).toEqual(new Map());

      await store.commitPolls([pollCommit({ boilerplate: [blurb] }), pollCommit({ feedId: 'valley', boilerplate: [plug, blurb] })]);
      expect(await store.feedBoilerplate(['harbour', 'valley', 'unknown'])).toEqual(
        new Map([
          ['harbour', [blurb]],
          ['valley', [plug, blurb]],
        ]),
      );

      await commitPoll(store, pollCommit({ now: T0 + 1, boilerplate: [blurb, plug] }));
      await commitPoll(store, pollCommit({ feedId: 'valley', now: T0 + 1 }));
      expect(await store.feedBoilerplate(['harbour', 'valley'])).toEqual(
        new Map([
          ['harbour', [blurb, plug]],
          ['valley', [plug, blurb]],
        ]),
      );
      expect(await store.feedBoilerplate(['valley'])).toEqual(new Map([['valley', [plug, blurb]]]));
    });

    it('go with their feed, and a commit for a feed removed meanwhile writes none', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition(), feedDefinition({ id: 'valley' })], T0);
      await commitPoll(store, pollCommit({ boilerplate: [blurb] }));
      await store.syncConfigFeeds([feedDefinition({ id: 'valley' })], T0 + 1);
      expect(await store.commitPolls([pollCommit({ now: T0 + 2, boilerplate: [plug] })])).toEqual([null]);
      expect(await store.feedBoilerplate(['harbour'])).toEqual(new Map());

      await store.syncConfigFeeds([feedDefinition(), feedDefinition({ id: 'valley' })], T0 + 3);
      expect(await store.feedBoilerplate(['harbour'])).toEqual(new Map());
    });
  });
}
