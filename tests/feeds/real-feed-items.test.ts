// What people see from the issue 15 fixtures once normalized: text from media and podcast
// fields, a safe image per item, whole xhtml titles, permalink links.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/types.ts';
import { normalizeFeed } from '../../src/feeds/normalize.ts';
import { parseFeed } from '../../src/feeds/parse.ts';

const NOW = Date.parse('2024-06-20T00:00:00Z');

async function itemsOf(name: string): Promise<Item[]> {
  const parsed = await parseFeed(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8'), null);
  return normalizeFeed(parsed, { id: 'f', url: 'https://feeds.test/feed.xml', name: null }, { summaryLength: 200, maxItems: 50, now: NOW });
}

describe('normalized items of real-world feed shapes', () => {
  it('gives every YouTube-shaped entry a summary from media:description and a thumbnail, never a private one', async () => {
    const items = await itemsOf('youtube-atom.xml');
    expect(items.map((item) => item.summary)).toEqual([
      'A flea-market plane gets electrolysis, a flattened sole and a new tote. Chapters below.',
      'Freehand honing on water stones, from 1000 to 8000 grit.',
    ]);
    expect(items[0]?.image).toBe('https://img.video.test/vi/vid00000001/hqdefault.jpg');
    expect(items[1]).not.toHaveProperty('image');
  });

  it('keeps every podcast episode, with text from itunes:summary, content:encoded or itunes:subtitle', async () => {
    const items = await itemsOf('podcast.xml');
    expect(items.map((item) => [item.title, item.summary, item.image])).toEqual([
      ['Episode 12: Slugs, beer traps and other myths', 'We test five folk remedies against slugs over one wet month.', 'https://allotment.test/ep12.jpg'],
      ['Episode 11: Seed swaps', "How the town's seed library started, and what grows best from saved seed.", 'https://allotment.test/seed-swap.jpg'],
      ['Episode 10: Cover photo special', 'A short one about green manure.', 'https://cdn.allotment.test/ep10.jpg'],
    ]);
  });

  it('flattens an xhtml title whole and links a guid-only item to its permalink', async () => {
    expect((await itemsOf('xhtml-title.xml'))[0]?.title).toBe('Sentry Calming Collar for dogs, tested');
    const permalinks = await itemsOf('guid-only.xml');
    expect(permalinks.map((item) => item.link ?? null)).toEqual([
      'https://permalink.test/2024/06/tram-extension',
      'https://permalink.test/2024/06/library-hours',
      'https://permalink.test/2024/06/harbour-dredging',
      null,
    ]);
  });

  it('shows decoded Atom 0.3 base64 content as text', async () => {
    expect((await itemsOf('atom03-base64.xml'))[0]?.summary).toBe('Snow closed the pass for two days; crews cleared it by Friday.');
  });

  it('refuses images that are not http(s) or that point at internal addresses or names', async () => {
    const body = (image: string): string =>
      `<rss><channel><item><title>t</title><link>https://a.test/1</link><enclosure url="${image}" type="image/png"/></item></channel></rss>`;
    const imageFor = async (image: string): Promise<string | undefined> =>
      normalizeFeed(await parseFeed(body(image), null), { id: 'f', url: 'https://a.test/feed', name: null }, { summaryLength: 100, maxItems: 5, now: NOW })[0]?.image;
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'http://10.0.0.7/x.png', 'http://[::1]/x.png', 'http://localhost/x.png', 'http://printer.local/x.png', 'http://intranet/x.png', 'https://user:pw@a.test/x.png']) {
      expect(await imageFor(bad), bad).toBeUndefined();
    }
    expect(await imageFor('/images/x.png')).toBe('https://a.test/images/x.png');
    expect(await imageFor('http://93.184.216.34/x.png')).toBe('http://93.184.216.34/x.png');
  });
});
