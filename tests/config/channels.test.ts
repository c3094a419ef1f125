import { describe, expect, it } from 'vitest';
import { configSubscriptionId, subscriptionsFromConfig } from '../../src/config/channels.ts';
import { parseConfigText } from '../../src/config/load.ts';

const config = parseConfigText(
  `defaults: { storyPolicy: ignore }
topics:
  north-korea: '"north korea" OR pyongyang'
  space: 'satellite OR rocket'
feeds:
  - { id: world, url: "https://example.org/world" }
  - { id: asia, url: "https://example.org/asia" }
channels:
  - { platform: console, channel: news }
  - { platform: slack, channel: C0123, topics: [north-korea], digest: hourly }
  - { platform: slack, channel: C0123, workspace: T1, topics: [north-korea, space], query: 'launch OR test', digest: daily 08:30, storyPolicy: repost }
  - { platform: discord, channel: '42', feeds: [world, asia], query: 'missile', digest: 'off' }
`,
  {},
  'test.yaml',
);

describe('subscriptionsFromConfig', () => {
  const now = 1_700_000_000_000;
  const subscriptions = subscriptionsFromConfig(config, now);

  it('turns each channel rule into a config-managed subscription', () => {
    expect(subscriptions).toEqual([
      {
        id: expect.stringMatching(/^cfg_[0-9a-f]{12}$/),
        platform: 'console',
        workspace: null,
        channel: 'news',
        feeds: null,
        query: '',
        topic: null,
        digest: null,
        storyPolicy: 'ignore',
        createdBy: 'config',
        paused: false,
        pausedReason: null,
        managedByConfig: true,
        createdAt: now,
      },
      expect.objectContaining({ workspace: null, query: 'topic:north-korea', topic: 'north-korea', digest: { kind: 'hourly' } }),
      expect.objectContaining({
        workspace: 'T1',
        query: '(topic:north-korea OR topic:space) AND (launch OR test)',
        topic: null,
        digest: { kind: 'daily', at: '08:30' },
        storyPolicy: 'repost',
      }),
      expect.objectContaining({ feeds: ['world', 'asia'], query: 'missile', topic: null, digest: null }),
    ]);
  });

  it('gives ids that are distinct and stable across restarts', () => {
    const ids = subscriptions.map((subscription) => subscription.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(subscriptionsFromConfig(config, now + 60_000).map((subscription) => subscription.id)).toEqual(ids);
    // A known value (sha256 of ["console",null,"news",null,null,null]) pins the recipe: changing it
    // would orphan every stored config subscription.
    expect(configSubscriptionId({ platform: 'console', channel: 'news' })).toBe(ids[0]);
    expect(ids[0]).toBe('cfg_4bc380f89b22');
  });

  it('ignores order within feeds and topics, but not what the rule delivers or where', () => {
    const base = { platform: 'slack' as const, channel: 'C1', feeds: ['a', 'b'], topics: ['x', 'y'], query: 'q' };
    const id = configSubscriptionId(base);
    expect(configSubscriptionId({ ...base, feeds: ['b', 'a'], topics: ['y', 'x'] })).toBe(id);
    for (const change of [{ platform: 'discord' as const }, { channel: 'C2' }, { workspace: 'T1' }, { feeds: ['a'] }, { topics: ['x'] }, { query: 'r' }, { feeds: undefined }]) {
      expect(configSubscriptionId({ ...base, ...change }), JSON.stringify(change)).not.toBe(id);
    }
  });
});
