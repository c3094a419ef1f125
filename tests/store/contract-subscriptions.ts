// Store contract, part three: subscriptions made from chat and synced from the config file.
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/store.ts';
import { T0, commitPoll, feedDefinition, item, noticeDraft, pollCommit, story, subscription } from './records.ts';

export function subscriptionContract(subject: () => Store): void {
  describe('subscriptions', () => {
    it('round-trips every field, including feeds null vs [] vs a list and the digest schedule', async () => {
      const store = subject();
      const variants: Subscription[] = [
        subscription({ id: 's-all', feeds: null, digest: null }),
        subscription({ id: 's-none', feeds: [], digest: { kind: 'hourly' } }),
        subscription({
          id: 's-some',
          platform: 'discord',
          workspace: 'G-1',
          feeds: ['harbour', 'valley'],
          digest: { kind: 'daily', at: '08:30' },
          topic: 'transport',
          storyPolicy: 'repost',
          paused: true,
          pausedReason: 'channel archived',
          managedByConfig: true,
        }),
        subscription({ id: 's-console', platform: 'console', workspace: null, query: '' }),
      ];
      for (const variant of variants) await store.addSubscription(variant);

      for (const variant of variants) expect(await store.getSubscription(variant.id)).toEqual(variant);
      expect(await store.getSubscription('s-unknown')).toBeNull();
    });

    it('addSubscription rejects a taken id with a coded error', async () => {
      const store = subject();
      await store.addSubscription(subscription());
      await expect(store.addSubscription(subscription({ query: 'other' }))).rejects.toMatchObject({ code: 'store_failed' });
      expect((await store.getSubscription('sub-news'))?.query).toBe('ferry OR "late crossing"');
    });

    it('listSubscriptions filters by platform, workspace, channel and feed', async () => {
      const store = subject();
      await store.addSubscription(subscription({ id: 'every-feed', feeds: null, createdAt: T0 }));
      await store.addSubscription(subscription({ id: 'harbour-only', feeds: ['harbour'], createdAt: T0 + 1 }));
      await store.addSubscription(subscription({ id: 'no-feed', feeds: [], channel: 'C-OTHER', createdAt: T0 + 2 }));
      await store.addSubscription(subscription({ id: 'discord', platform: 'discord', workspace: 'G-1', feeds: ['valley'], createdAt: T0 + 3 }));
      await store.addSubscription(subscription({ id: 'console', platform: 'console', workspace: null, createdAt: T0 + 4 }));
      const ids = async (filter?: Parameters<Store['listSubscriptions']>[0]): Promise<string[]> =>
        (await store.listSubscriptions(filter)).map((found) => found.id);

      expect(await ids()).toEqual(['every-feed', 'harbour-only', 'no-feed', 'discord', 'console']);
      expect(await ids({ platform: 'slack' })).toEqual(['every-feed', 'harbour-only', 'no-feed']);
      expect(await ids({ workspace: 'G-1' })).toEqual(['discord']);
      expect(await ids({ workspace: null })).toEqual(['console']);
      expect(await ids({ platform: 'slack', channel: 'C-OTHER' })).toEqual(['no-feed']);
      expect(await ids({ feedId: 'harbour' })).toEqual(['every-feed', 'harbour-only', 'console']);
      expect(await ids({ feedId: 'valley', platform: 'discord' })).toEqual(['discord']);
    });

    it('updateSubscription applies only the patched fields and returns the result; null for an unknown id', async () => {
      const store = subject();
      await store.addSubscription(subscription());

      const updated = await store.updateSubscription('sub-news', {
        paused: true,
        pausedReason: 'missing access',
        digest: { kind: 'daily', at: '17:00' },
        query: undefined,
      });

      const expected = { ...subscription(), paused: true, pausedReason: 'missing access', digest: { kind: 'daily', at: '17:00' } };
      expect(updated).toEqual(expected);
      expect(await store.getSubscription('sub-news')).toEqual(expected);
      expect(await store.updateSubscription('sub-news', { topic: 'ferries', query: 'ferry' })).toMatchObject({ topic: 'ferries', query: 'ferry', paused: true });
      expect(await store.updateSubscription('sub-unknown', { paused: true })).toBeNull();
    });

    it('removeSubscription deletes and says whether there was one', async () => {
      const store = subject();
      await store.addSubscription(subscription());
      expect(await store.removeSubscription('sub-news')).toEqual({ feeds: [] });
      expect(await store.removeSubscription('sub-news')).toBeNull();
      expect(await store.getSubscription('sub-news')).toBeNull();
    });

    it('pauseSubscription pauses an active subscription once, queueing its admin notice; false for unknown or paused ones', async () => {
      const store = subject();
      await store.addSubscription(subscription());
      expect(await store.pauseSubscription('sub-news', 'channel_not_found', T0, [noticeDraft('paused', null)])).toBe(true);
      expect(await store.pauseSubscription('sub-news', 'channel_not_found', T0, [noticeDraft('paused-again', null)])).toBe(false);
      expect(await store.pauseSubscription('sub-none', 'gone', T0, [noticeDraft('never', null)])).toBe(false);
      expect(await store.getSubscription('sub-news')).toMatchObject({ paused: true, pausedReason: 'channel_not_found' });
      expect((await store.listNotices()).map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.channel])).toEqual([['paused', null]]);
    });

    describe('feeds that follow subscriptions', () => {
      /** harbour from the config, valley added by an admin, ferry created by subscribing to its URL. */
      async function seedFeeds(store: Store): Promise<void> {
        await store.syncConfigFeeds([feedDefinition()], T0);
        await store.addFeed(feedDefinition({ id: 'valley' }), T0);
        await store.addFeed(feedDefinition({ id: 'ferry' }), T0, { followsSubscriptions: true });
      }
      const feedIds = async (store: Store): Promise<string[]> => (await store.listFeeds()).map((feed) => feed.id);

      it('go, seen items included, with the last subscription naming them; the others stay', async () => {
        const store = subject();
        await seedFeeds(store);
        await commitPoll(store, pollCommit({ feedId: 'ferry', items: [{ item: item({ feedId: 'ferry' }), storyId: 'story-ferry' }], stories: [story()] }));
        expect((await store.seenItems('ferry', ['harbour-ferry-timetable'])).size).toBe(1);
        await store.addSubscription(subscription({ id: 'sub-one', feeds: ['ferry', 'harbour', 'valley'] }));
        await store.addSubscription(subscription({ id: 'sub-two', channel: 'C-OTHER', feeds: ['ferry'] }));

        expect(await store.removeSubscription('sub-one')).toEqual({ feeds: [] });
        expect(await feedIds(store)).toEqual(['ferry', 'harbour', 'valley']);

        const removed = await store.removeSubscription('sub-two');
        expect(removed?.feeds.map((feed) => [feed.id, feed.followsSubscriptions])).toEqual([['ferry', true]]);
        expect(await feedIds(store)).toEqual(['harbour', 'valley']);
        expect(await store.seenItems('ferry', ['harbour-ferry-timetable'])).toEqual(new Map());
      });

      it('are not kept by a subscription reading every feed, nor by one naming no feed', async () => {
        const store = subject();
        await seedFeeds(store);
        await store.addSubscription(subscription({ id: 'every-feed', feeds: null }));
        await store.addSubscription(subscription({ id: 'no-feed', feeds: [] }));
        await store.addSubscription(subscription({ id: 'ferry-only', feeds: ['ferry'] }));

        expect((await store.removeSubscription('ferry-only'))?.feeds.map((feed) => feed.id)).toEqual(['ferry']);
        expect(await feedIds(store)).toEqual(['harbour', 'valley']);
      });

      it('stay when kept by keepFeed, and config and admin feeds stay without any subscription', async () => {
        const store = subject();
        await seedFeeds(store);
        await store.keepFeed('ferry');
        await store.addSubscription(subscription({ id: 'sub-all', feeds: ['ferry', 'harbour', 'valley'] }));

        expect(await store.removeSubscription('sub-all')).toEqual({ feeds: [] });
        expect(await feedIds(store)).toEqual(['ferry', 'harbour', 'valley']);
      });

      it('are kept by a config subscription naming them', async () => {
        const store = subject();
        await seedFeeds(store);
        await store.syncConfigSubscriptions([subscription({ id: 'cfg', managedByConfig: true, feeds: ['ferry'] })]);
        await store.addSubscription(subscription({ id: 'chat', feeds: ['ferry'] }));

        expect(await store.removeSubscription('chat')).toEqual({ feeds: [] });
        expect(await feedIds(store)).toContain('ferry');
      });
    });

    it('syncConfigSubscriptions replaces the config ones (digest included: the config decides it), keeping a pause from chat, never touching chat-made subscriptions', async () => {
      const store = subject();
      const config = (overrides: Partial<Subscription>): Subscription =>
        subscription({ managedByConfig: true, createdBy: 'config', ...overrides });
      await store.addSubscription(subscription({ id: 'chat-made', query: 'bridge' }));
      await store.syncConfigSubscriptions([config({ id: 'cfg-a', query: 'ferry' }), config({ id: 'cfg-b' }), config({ id: 'chat-made', query: 'hijack' })]);
      await store.updateSubscription('cfg-a', { paused: true, pausedReason: 'too noisy', digest: { kind: 'hourly' } });

      await store.syncConfigSubscriptions([
        config({ id: 'cfg-a', query: 'ferry OR harbour', channel: 'C-PORT', feeds: ['harbour'], digest: { kind: 'daily', at: '08:00' } }),
        config({ id: 'cfg-c', topic: 'weather' }),
      ]);

      const all = await store.listSubscriptions();
      expect(all.map((found) => found.id).sort()).toEqual(['cfg-a', 'cfg-c', 'chat-made']);
      expect(await store.getSubscription('cfg-a')).toEqual(
        config({
          id: 'cfg-a',
          query: 'ferry OR harbour',
          channel: 'C-PORT',
          feeds: ['harbour'],
          paused: true,
          pausedReason: 'too noisy',
          digest: { kind: 'daily', at: '08:00' },
        }),
      );
      expect(await store.getSubscription('cfg-c')).toEqual(config({ id: 'cfg-c', topic: 'weather' }));
      expect(await store.getSubscription('chat-made')).toEqual(subscription({ id: 'chat-made', query: 'bridge' }));
    });
  });
}
