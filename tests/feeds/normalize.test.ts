import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item, ParsedFeed, RawEntry } from '../../src/domain/types.ts';
import { isContentEdit, isUnchangedEntry, normalizeFeed, prepareFeed, type PreparedEntry } from '../../src/feeds/normalize.ts';
import { parseFeed } from '../../src/feeds/parse.ts';

const NOW = Date.UTC(2024, 5, 20);
const OPTIONS = { summaryLength: 280, maxItems: 200, now: NOW };

const FEED = { id: 'test', url: 'https://feeds.test/feed.xml', name: null };
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function itemsOf(name: string, feed: { id?: string; url?: string; name?: string | null } = {}, options = OPTIONS): Promise<Item[]> {
  const parsed = await parseFeed(readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8'), null);
  return normalizeFeed(parsed, { id: feed.id ?? 'test', url: feed.url ?? 'https://feeds.test/feed.xml', name: feed.name ?? null }, options);
}

function entry(fields: Partial<RawEntry>): RawEntry {
  return { guid: null, link: null, title: null, contentHtml: null, summaryHtml: null, published: null, categories: [], author: null, image: null, ...fields };
}

function feedOf(entries: RawEntry[], fields: Partial<ParsedFeed> = {}): ParsedFeed {
  return { format: 'rss', title: null, link: null, entries, ...fields };
}

const byKey = (items: Item[]) => new Map(items.map((item) => [item.key, item]));

describe('normalizeFeed: the edge-case feed', () => {
  it('keys an entry without a guid by its canonical link, and one without either by a hash of title and date', async () => {
    const items = await itemsOf('edge-cases.xml');
    const linked = items.find((item) => item.title === 'An item with a link but no guid');
    expect(linked).toMatchObject({ key: 'url:https://edge.test/news/no-guid-story', url: 'https://edge.test/news/no-guid-story' });
    const bare = items.find((item) => item.title === 'An item with neither guid nor link');
    expect(bare?.url).toBeNull();
    expect(bare?.key).toMatch(/^hash:[0-9a-f]{64}$/);
  });

  it('resolves a relative link against the channel link and drops tracking parameters; drops a javascript: link', async () => {
    const items = byKey(await itemsOf('edge-cases.xml'));
    expect(items.get('guid:edge-relative')?.url).toBe('https://edge.test/news/2024/relative-story?page=2');
    expect(items.get('guid:edge-script-link')?.url).toBeNull();
  });

  it('strips HTML from a title, decodes its entities and collapses its whitespace', async () => {
    const items = byKey(await itemsOf('edge-cases.xml'));
    expect(items.get('guid:edge-html-title')?.title).toBe('Bold claims & italic denials in a headline');
  });

  it('leaves unreadable, far-future and pre-1990 dates empty, never "Invalid Date"', async () => {
    const items = byKey(await itemsOf('edge-cases.xml'));
    for (const key of ['guid:edge-bad-date', 'guid:edge-future-date', 'guid:edge-epoch-date']) {
      expect(items.get(key)?.published).toBeNull();
    }
    expect(items.get('guid:edge-relative')?.published).toBe('2024-06-11T18:30:00.000Z');
    expect(items.get('url:https://edge.test/news/no-guid-story')?.published).toBe('2024-06-12T08:00:00.000Z');
  });

  it('collapses entries sharing a guid into the first, and drops the empty item', async () => {
    const items = await itemsOf('edge-cases.xml');
    const shared = items.filter((item) => item.key === 'guid:edge-shared-guid');
    expect(shared.map((item) => item.title)).toEqual(['The first item with a shared guid']);
    expect(items).toHaveLength(10);
    expect(new Set(items.map((item) => item.key)).size).toBe(items.length);
  });

  it('titles an untitled entry from the first words of its description', async () => {
    const items = byKey(await itemsOf('edge-cases.xml'));
    expect(items.get('guid:edge-untitled')?.title).toBe('Ferry services to the islands were cancelled for a second day as high winds…');
  });

  it('orders dated items newest first and undated ones after them in feed order', async () => {
    const items = await itemsOf('edge-cases.xml');
    expect(items.map((item) => item.published ?? item.key)).toEqual([
      '2024-06-12T09:00:00.000Z',
      '2024-06-12T08:00:00.000Z',
      '2024-06-11T18:30:00.000Z',
      '2024-06-11T12:00:00.000Z',
      '2024-06-10T08:00:00.000Z',
      '2024-06-09T07:00:00.000Z',
      '2024-06-08T07:00:00.000Z',
      'guid:edge-bad-date',
      'guid:edge-future-date',
      'guid:edge-epoch-date',
    ]);
  });
});

describe('normalizeFeed: keys and edits across polls', () => {
  it('gives every item the same key and hash on a second parse of the same document', async () => {
    for (const name of ['edge-cases.xml', 'topic-feed.xml', 'atom.xml', 'json-feed.json', 'rss1.rdf']) {
      const first = await itemsOf(name);
      const second = await itemsOf(name);
      expect(second.map((item) => [item.key, item.contentHash])).toEqual(first.map((item) => [item.key, item.contentHash]));
    }
  });

  it('sees the updated topic feed as exactly two new items and one edit under an unchanged key', async () => {
    const before = byKey(await itemsOf('topic-feed.xml'));
    const after = await itemsOf('topic-feed-updated.xml');
    const added = after.filter((item) => !before.has(item.key));
    expect(added.map((item) => item.title)).toEqual([
      'Families of abductees urge Tokyo to seek direct talks with Pyongyang',
      'North Korea says it tested a multiple-warhead missile; Seoul calls the claim deception',
    ]);
    const edited = after.filter((item) => before.has(item.key) && isContentEdit(before.get(item.key)!.contentHash, item.contentHash));
    expect(edited.map((item) => item.key)).toEqual(['guid:https://ledger.test/world/2024/jun/15/south-korea-border-towns-rubbish-balloons']);
    expect(edited[0]?.text).toContain('about 310 balloons');
  });

  it('hashes title and text into the first part of contentHash', async () => {
    const [item] = await itemsOf('rss1.rdf');
    expect(item?.contentHash.split(':')[0]).toBe(createHash('sha256').update(`${item?.title}\n${item?.text}`).digest('hex'));
  });

  it('prepares the same keys as normalizeFeed and cleans only the entries asked for', async () => {
    for (const name of ['edge-cases.xml', 'topic-feed.xml', 'atom.xml', 'json-feed.json', 'rss1.rdf']) {
      const parsed = await parseFeed(fixture(name), null);
      const all = normalizeFeed(parsed, FEED, OPTIONS);
      const prepared = prepareFeed(parsed, FEED, OPTIONS);
      expect(prepared.entries.map((entry) => entry.key)).toEqual(all.map((item) => item.key));
      const stored = new Map(all.map((item) => [item.key, item.contentHash]));
      const unchanged = (entry: PreparedEntry): boolean => isUnchangedEntry(stored.get(entry.key)!, entry);
      expect(prepared.items((entry) => !unchanged(entry))).toEqual([]);
      expect(prepared.items(() => true)).toEqual(all);
    }
  });

  it('sees an edited raw entry as changed, and an edit only when the cleaned text changes', async () => {
    const before = await parseFeed(fixture('topic-feed.xml'), null);
    const stored = new Map(normalizeFeed(before, FEED, OPTIONS).map((item) => [item.key, item.contentHash]));
    const prepared = prepareFeed(await parseFeed(fixture('topic-feed-updated.xml'), null), FEED, OPTIONS);
    const changed = prepared.items((entry) => !stored.has(entry.key) || !isUnchangedEntry(stored.get(entry.key)!, entry));
    const edits = changed.filter((item) => stored.has(item.key) && isContentEdit(stored.get(item.key)!, item.contentHash));
    expect(edits.map((item) => item.key)).toEqual(['guid:https://ledger.test/world/2024/jun/15/south-korea-border-towns-rubbish-balloons']);
    expect(isContentEdit('0a1b', `0a1b:${'f'.repeat(64)}`)).toBe(false);
  });

  it('keeps kinds of key apart: a guid that looks like a URL is not the URL key', () => {
    const items = normalizeFeed(
      feedOf([entry({ guid: 'https://a.test/1', title: 'A' }), entry({ link: 'https://a.test/1', title: 'B' })]),
      { id: 'f', url: 'https://a.test/feed', name: null },
      OPTIONS,
    );
    expect(items.map((item) => item.key).sort()).toEqual(['guid:https://a.test/1', 'url:https://a.test/1']);
  });
});

describe('normalizeFeed: limits', () => {
  it('keeps the newest maxItems, whatever order the feed lists them in', async () => {
    const items = await itemsOf('topic-feed-updated.xml', {}, { ...OPTIONS, maxItems: 3 });
    expect(items.map((item) => item.published)).toEqual([
      '2024-06-18T09:05:00.000Z',
      '2024-06-18T06:20:00.000Z',
      '2024-06-17T08:40:00.000Z',
    ]);
  });

  it('caps titles, authors, categories and guids, and cuts oversized bodies before cleaning them', () => {
    const [item] = normalizeFeed(
      feedOf([
        entry({
          guid: 'g'.repeat(5_000),
          title: `<b>${'word '.repeat(20_000)}</b>`,
          author: 'name '.repeat(1_000),
          categories: Array.from({ length: 500 }, (_, index) => `tag ${index} ${'x'.repeat(index)}`),
          contentHtml: `<p>${'A sentence of the body. '.repeat(50_000)}</p>`,
        }),
      ]),
      { id: 'f', url: 'https://a.test/feed', name: null },
      OPTIONS,
    );
    expect(item?.title.length).toBeLessThanOrEqual(300);
    expect(item?.author?.length).toBeLessThanOrEqual(200);
    expect(item?.categories.length).toBeLessThanOrEqual(30);
    expect(item?.categories.every((category) => category.length <= 100)).toBe(true);
    expect(item?.key).toMatch(/^guid-sha256:[0-9a-f]{64}$/);
    expect(item?.text.length).toBeLessThanOrEqual(100_000);
    expect(item?.summary.length).toBeLessThanOrEqual(280);
  });
});

describe('normalizeFeed: the topic feed', () => {
  it('summarises every item from its standfirst with no "Continue reading", newsletter plug, markup or stray whitespace', async () => {
    const items = await itemsOf('topic-feed.xml', { name: 'Daily Ledger: North Korea' });
    expect(items).toHaveLength(14);
    for (const item of items) {
      expect(item.summary).not.toBe('');
      expect(item.summary.length).toBeLessThanOrEqual(280);
      expect(item.summary).not.toMatch(/continue reading|sign up|newsletter|live blog is closed|<|>|&[a-z#0-9]+;|\s{2}|^\s|\s$/i);
      expect(item.text).not.toMatch(/continue reading|sign up for/i);
      expect(item.sourceName).toBe('Daily Ledger: North Korea');
    }
    const trial = items.find((item) => item.title.startsWith('Singapore trader'));
    expect(trial?.summary).toMatch(/^Prosecutors say front companies shipped cigarette-making materials/);
  });

  it('reads RFC 822 dates to ISO, categories and authors', async () => {
    const [first] = await itemsOf('topic-feed.xml');
    expect(first).toMatchObject({
      feedId: 'test',
      published: '2024-06-17T08:40:00.000Z',
      categories: ['North Korea', 'Japan', 'South Korea'],
      author: 'Mina Park in Seoul',
      sourceName: 'North Korea | The Daily Ledger',
    });
  });
});

describe('normalizeFeed: other formats and sources', () => {
  it('resolves Atom links through xml:base, keys an entry without id by its link, and strips its HTML title', async () => {
    const items = await itemsOf('atom.xml');
    expect(items.map((item) => [item.key, item.url, item.published])).toEqual([
      ['guid:tag:atom-journal.test,2024:peninsula/launch-pad-analysis', 'https://atom-journal.test/peninsula/2024/06/launch-pad-analysis', '2024-06-12T00:30:00.000Z'],
      ['guid:tag:atom-journal.test,2024:peninsula/border-village-tours', 'https://atom-journal.test/peninsula/2024/06/border-village-tours', '2024-06-10T06:00:00.000Z'],
      ['url:https://atom-journal.test/peninsula/2024/06/reading-list', 'https://atom-journal.test/peninsula/2024/06/reading-list', '2024-06-08T12:00:00.000Z'],
    ]);
    expect(items[0]?.title).toBe('Analysis: what the new satellite launch pad tells us');
    // The lead comes from the summary; the text is the fuller content.
    expect(items[0]?.summary).toMatch(/^Commercial imagery shows a second gantry/);
    expect(items[0]?.text).toContain('Construction crews have also paved a new road');
  });

  it('resolves a JSON Feed relative url against home_page_url and dedupes tags', async () => {
    const items = byKey(await itemsOf('json-feed.json'));
    expect(items.get('guid:20240612')?.url).toBe('https://bulletin.test/korea/2024/06/12/podcast');
    expect(items.get('guid:bulletin-2024-06-14-drill')?.categories).toEqual(['Military', 'drills']);
    expect(items.get('guid:bulletin-2024-06-13-rice')?.text).toBe(
      'Prices tracked by a Seoul-based monitoring group rose about 12% in May.\n\nTraders blame tighter controls on private sales rather than a poor harvest.',
    );
  });

  it('resolves against the feed URL when the feed names no home page', () => {
    const [item] = normalizeFeed(feedOf([entry({ link: '../story/1', title: 'T' })]), { id: 'f', url: 'https://a.test/feeds/rss.xml', name: null }, OPTIONS);
    expect(item?.url).toBe('https://a.test/story/1');
  });

  it('keeps the link as published for people to click, the canonical URL for identity', () => {
    const feed = { id: 'f', url: 'https://www.host.test/rss', name: null };
    const [absolute] = normalizeFeed(feedOf([entry({ link: 'https://www.host.test/news/ferry/?utm_source=rss#top', title: 'T' })]), feed, OPTIONS);
    expect(absolute?.url).toBe('https://host.test/news/ferry');
    expect(absolute?.link).toBe('https://www.host.test/news/ferry/?utm_source=rss#top');

    // A relative link resolves against the home page as published (its trailing slash included).
    const parsed = feedOf([entry({ link: 'ferry.html', title: 'T' })], { link: 'https://www.host.test/news/' });
    const [relative] = normalizeFeed(parsed, feed, OPTIONS);
    expect(relative?.link).toBe('https://www.host.test/news/ferry.html');

    // Nothing a person could open: no link at all, only what identifies the item.
    const [scripted] = normalizeFeed(feedOf([entry({ link: 'javascript:alert(1)', title: 'T', guid: 'g' })]), feed, OPTIONS);
    expect(scripted).toMatchObject({ url: null, key: 'guid:g' });
    expect(scripted).not.toHaveProperty('link');
  });

  it('names the source by config name, else feed title, else feed host', () => {
    const parsed = feedOf([entry({ title: 'T', guid: '1' })], { title: '<b>Gazette</b> &amp; Co' });
    const feed = { id: 'f', url: 'https://www.host.test/rss', name: null };
    expect(normalizeFeed(parsed, { ...feed, name: 'Configured' }, OPTIONS)[0]?.sourceName).toBe('Configured');
    expect(normalizeFeed(parsed, feed, OPTIONS)[0]?.sourceName).toBe('Gazette & Co');
    expect(normalizeFeed({ ...parsed, title: null }, feed, OPTIONS)[0]?.sourceName).toBe('host.test');
  });

  it('strips the tracking parameters from a wire copy and leaves no repeats or site chrome in its text', async () => {
    const [, wireC] = await itemsOf('wire-outlet-c.xml');
    expect(wireC?.url).toBe('https://outlet-c.test/story/88412');
    const wireB = (await itemsOf('wire-outlet-b.xml')).find((item) => item.key === 'guid:courier-51234');
    expect(wireB?.text.match(/Japan has handed over four North Korean fishermen/g)).toHaveLength(1);
    expect(wireB?.text).not.toMatch(/Hashtags|No comments yet|Related Articles|Storm warning/);
    expect(wireB?.summary).toBe('Four North Korean fishermen rescued at sea last month have been sent home through Beijing, Tokyo says.');
  });
});

describe('normalizeFeed on arbitrary entries', () => {
  const text = fc.option(fc.oneof(fc.string(), fc.constantFrom('<p>x</p>', '&amp;', '\u202E', '\u0000', 'javascript:x', '//evil.test/', '   ')), { nil: null });
  const rawEntry = fc.record({
    guid: text,
    link: text,
    title: text,
    contentHtml: text,
    summaryHtml: text,
    published: fc.option(fc.oneof(fc.string(), fc.date({ noInvalidDate: false }).map((date) => String(date))), { nil: null }),
    categories: fc.array(fc.string(), { maxLength: 5 }),
    author: text,
    image: text,
  });

  it('never throws, and every item it returns holds the limits', () => {
    fc.assert(
      fc.property(fc.array(rawEntry, { maxLength: 12 }), fc.integer({ min: 0, max: 8 }), (entries, maxItems) => {
        const items = normalizeFeed(feedOf(entries), { id: 'f', url: 'https://a.test/feed', name: null }, { summaryLength: 120, maxItems, now: NOW });
        expect(items.length).toBeLessThanOrEqual(maxItems);
        expect(new Set(items.map((item) => item.key)).size).toBe(items.length);
        for (const item of items) {
          expect(item.title.length).toBeGreaterThan(0);
          expect(item.title.length).toBeLessThanOrEqual(300);
          expect(item.summary.length).toBeLessThanOrEqual(120);
          if (item.published !== null) expect(new Date(item.published).toISOString()).toBe(item.published);
          if (item.url !== null) expect(item.url).toMatch(/^https?:\/\//);
        }
      }),
      { numRuns: 150 },
    );
  });
});
