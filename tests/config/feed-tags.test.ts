import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { subscriptionsFromConfig } from '../../src/config/channels.ts';
import { parseConfigText } from '../../src/config/load.ts';

const feeds = [
  { id: 'gazette', url: 'https://gazette.example/world.xml', tags: ['world', 'asia'] },
  { id: 'courier', url: 'https://courier.example/rss', tags: ['world'] },
  { id: 'valley', url: 'https://valley.example/rss' },
];

const load = (channels: unknown[]) => parseConfigText(stringify({ feeds, channels }), {}, 'herald.yaml');

describe('feed tags in rules', () => {
  it('a rule naming tag:<tag> listens to every feed with that tag, besides the feeds it names', () => {
    const config = load([
      { platform: 'console', channel: 'world', feeds: ['tag:world'] },
      { platform: 'console', channel: 'mixed', feeds: ['tag:asia', 'valley', 'gazette'] },
    ]);
    expect(subscriptionsFromConfig(config, 0).map((subscription) => subscription.feeds)).toEqual([
      ['gazette', 'courier'],
      ['gazette', 'valley'],
    ]);
  });

  it('a tag no feed carries is a config problem that lists the feeds and tags', () => {
    expect(() => load([{ platform: 'console', channel: 'world', feeds: ['tag:wrold'] }])).toThrow(/channels\[0\]\.feeds\[0\]: no feed has the id or tag 'tag:wrold' \(did you mean 'tag:world'\?\); the feeds are: gazette, courier, valley, tag:world, tag:asia/);
    expect(() => load([{ platform: 'console', channel: 'world', feeds: ['tag:World News'] }])).toThrow(/'tag:World News' is not valid/);
  });
});
