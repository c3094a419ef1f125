import { describe, expect, it } from 'vitest';
import { memberOf } from '../../src/dedup/fingerprint.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';

const HOUR = 3_600_000;
const WINDOW = 48 * HOUR;
const T0 = 1_750_000_000_000;

const HEADLINES = {
  lighthouse: 'Lighthouse keeper rescues six sailors after yacht capsizes in gale',
  ferry: 'Ferry crews vote to strike over rota changes at the harbour',
  library: 'Town library reopens with rooftop garden after two years of repairs',
  orchard: 'Orchard growers warn late frost has cost most of the cherry harvest',
};
type Story = keyof typeof HEADLINES;

const original = (story: Story) => memberOf({ title: HEADLINES[story], summary: '', text: '' });
const copy = (story: Story) => memberOf({ title: `${HEADLINES[story]} - Coastline Daily`, summary: '', text: '' });
const bounded = (maxStories: number): StoryIndex => new StoryIndex({ windowMs: WINDOW, maxStories, titleThreshold: 0.7, leadThreshold: 0.5 });

describe('StoryIndex with maxStories', () => {
  it('gives up the least recently updated story, which then no longer matches, and keeps a recently updated older one', () => {
    const index = bounded(2);
    index.create('lighthouse', 'wire', original('lighthouse'), T0);
    index.create('ferry', 'wire', original('ferry'), T0 + 1);
    expect(index.join('lighthouse', 'courier', copy('lighthouse'), T0 + 2)).not.toBeNull();

    index.create('library', 'wire', original('library'), T0 + 3);

    expect(index.size).toBe(2);
    expect(index.findSimilar(copy('ferry'), T0 + 4, 'ledger')).toBeNull();
    expect(index.hasFeed('ferry', 'wire')).toBeUndefined();
    expect(index.findSimilar(copy('lighthouse'), T0 + 4, 'ledger')).toMatchObject({ storyId: 'lighthouse' });
    expect(index.findSimilar(copy('library'), T0 + 4, 'ledger')).toMatchObject({ storyId: 'library' });
  });

  it('counts a touch as an update', () => {
    const index = bounded(2);
    index.create('lighthouse', 'wire', original('lighthouse'), T0);
    index.create('ferry', 'wire', original('ferry'), T0 + 1);
    index.touch('lighthouse', T0 + 2);

    index.create('library', 'wire', original('library'), T0 + 3);

    expect(index.hasFeed('lighthouse', 'wire')).toBe(true);
    expect(index.hasFeed('ferry', 'wire')).toBeUndefined();
  });

  it('keeps the newest of stories loaded oldest first', () => {
    const stored = bounded(10);
    const fingerprints = (['lighthouse', 'ferry', 'library', 'orchard'] as const).map((story, i) => ({
      id: story,
      fingerprint: stored.create(story, 'wire', original(story), T0 + i),
      updatedAt: T0 + i,
    }));
    const index = bounded(2);
    for (const story of fingerprints) index.add(story);

    expect(index.size).toBe(2);
    expect(index.findSimilar(copy('lighthouse'), T0 + 4, 'ledger')).toBeNull();
    expect(index.findSimilar(copy('ferry'), T0 + 4, 'ledger')).toBeNull();
    expect(index.findSimilar(copy('library'), T0 + 4, 'ledger')).toMatchObject({ storyId: 'library' });
    expect(index.findSimilar(copy('orchard'), T0 + 4, 'ledger')).toMatchObject({ storyId: 'orchard' });
  });

  it('never holds more than maxStories, and holds the most recently updated ones', () => {
    const max = 5;
    const index = bounded(max);
    const updated = new Map<string, number>();
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 1; step <= 200; step++) {
      const now = T0 + step;
      const known = [...updated.keys()].filter((id) => index.hasFeed(id, 'wire') !== undefined);
      if (known.length > 0 && next(3) === 0) {
        const id = known[next(known.length)]!;
        index.touch(id, now);
        updated.set(id, now);
      } else {
        const id = `story-${step}`;
        index.create(id, 'wire', memberOf({ title: `Council debates harbour plan number ${step}`, summary: '', text: '' }), now);
        updated.set(id, now);
      }
      const held = [...updated.keys()].filter((id) => index.hasFeed(id, 'wire') !== undefined);
      const newest = [...updated].sort(([, a], [, b]) => b - a).slice(0, max).map(([id]) => id);
      expect(index.size).toBe(Math.min(updated.size, max));
      expect(held.sort()).toEqual(newest.sort());
    }
  });

  it('holds every story when no bound is given', () => {
    const index = new StoryIndex({ windowMs: WINDOW, titleThreshold: 0.7, leadThreshold: 0.5 });
    for (const [i, story] of (['lighthouse', 'ferry', 'library', 'orchard'] as const).entries()) index.create(story, 'wire', original(story), T0 + i);
    expect(index.size).toBe(4);
  });
});
