import { describe, expect, it, vi } from 'vitest';
import { SubscriptionIndex } from '../../src/match/subscription-index.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { item, subscription } from '../store/records.ts';

const ferry = item({ feedId: 'harbour' });
const ids = (router: SubscriptionRouter) => router.match(ferry).map((found) => found.id).sort();

describe('SubscriptionRouter', () => {
  it('matches by query, then applies pause and feed scope', () => {
    const router = new SubscriptionRouter({});
    router.load(
      [
        subscription({ id: 'a', query: 'ferry' }),
        subscription({ id: 'paused', query: 'ferry', paused: true }),
        subscription({ id: 'other-feed', query: 'ferry', feeds: ['airport'] }),
        subscription({ id: 'miss', query: 'airport' }),
      ],
      {},
    );
    expect(ids(router)).toEqual(['a']);
  });

  it("keeps a chat subscription that reads every feed to config feeds and its own workspace's chat feeds (issue 18)", () => {
    const router = new SubscriptionRouter({});
    const chat = (id: string, platform: 'slack' | 'discord', workspace: string) => subscription({ id, query: 'ferry', feeds: null, platform, workspace, managedByConfig: false });
    const subscriptions = [chat('team-a', 'slack', 'T-A'), chat('team-b', 'slack', 'T-B'), chat('guild-a', 'discord', 'T-A'), subscription({ id: 'config-rule', query: 'ferry', feeds: null, managedByConfig: true })];
    router.load(subscriptions, {}, new Map([['harbour', [{ platform: 'slack', workspace: 'T-A' }]]]));
    expect(ids(router)).toEqual(['config-rule', 'team-a']);
    // A config feed (no entry among the chat feeds) is everyone's.
    router.load(subscriptions, {}, new Map([['elsewhere', []]]));
    expect(ids(router)).toEqual(['config-rule', 'guild-a', 'team-a', 'team-b']);
  });

  it('applies each reload as a change: edited, removed, paused and resumed subscriptions', () => {
    const router = new SubscriptionRouter({});
    router.load([subscription({ id: 'a', query: 'ferry' }), subscription({ id: 'b', query: 'airport' }), subscription({ id: 'c', query: 'ferry' })], {});
    router.load([subscription({ id: 'a', query: 'ferry', paused: true }), subscription({ id: 'b', query: 'ferry' })], {});
    expect(ids(router)).toEqual(['b']);
    router.load([subscription({ id: 'a', query: 'ferry' }), subscription({ id: 'b', query: 'ferry' })], {});
    expect(ids(router)).toEqual(['a', 'b']);
    expect(router.size).toBe(2);
  });

  it('recompiles only queries that changed; new topics recompile everything', () => {
    const set = vi.spyOn(SubscriptionIndex.prototype, 'set');
    const router = new SubscriptionRouter({ sea: 'ferry' });
    const subscriptions = [subscription({ id: 'a', query: 'topic:sea' }), subscription({ id: 'b', query: 'airport' })];
    router.load(subscriptions, { sea: 'ferry' });
    expect(set).toHaveBeenCalledTimes(2);
    router.load([subscriptions[0]!, { ...subscriptions[1]!, paused: true, feeds: ['harbour'] }], { sea: 'ferry' });
    expect(set).toHaveBeenCalledTimes(2);
    router.load(subscriptions, { sea: 'airport' });
    expect(set).toHaveBeenCalledTimes(4);
    expect(ids(router)).toEqual([]);
    set.mockRestore();
  });

  it('reports a query that no longer compiles and stops matching it, keeping the rest', () => {
    const router = new SubscriptionRouter({ sea: 'ferry' });
    router.load([subscription({ id: 'a', query: 'topic:sea' }), subscription({ id: 'b', query: 'ferry' })], { sea: 'ferry' });
    const problems = router.load([subscription({ id: 'a', query: 'topic:gone' }), subscription({ id: 'b', query: 'ferry' })], { sea: 'ferry' });
    expect(problems.map((problem) => [problem.subscription.id, problem.message])).toEqual([['a', expect.stringContaining("unknown topic 'gone'")]]);
    expect(ids(router)).toEqual(['b']);
  });
});
