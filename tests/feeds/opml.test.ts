import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOpml, tagName, writeOpml } from '../../src/feeds/opml.ts';

const hundred = readFileSync(new URL('../fixtures/opml/hundred-feeds.opml', import.meta.url), 'utf8');

const opml = (body: string, head = '<head><title>Mine</title></head>') => `<?xml version="1.0"?>\n<opml version="2.0">${head}<body>${body}</body></opml>`;

describe('readOpml', () => {
  it('reads every feed of a reader export with its folders and categories as tags', () => {
    const list = readOpml(hundred);
    expect(list.title).toBe('Harbour newsroom subscriptions');
    expect(list.feeds).toHaveLength(100);
    expect(list.skipped).toEqual([]);
    expect(list.feeds[0]).toEqual({ url: 'https://outlet1.example.org/world/rss.xml', name: 'Outlet 1 World desk', tags: ['world'] });
    expect(list.feeds.find((feed) => feed.url.startsWith('https://asia19.'))!.tags).toEqual(['world', 'asia']);
    expect(list.feeds.find((feed) => feed.url.startsWith('https://outlet10.'))!.tags).toEqual(['world', 'weekend']);
    expect(list.feeds.find((feed) => feed.url.startsWith('https://outlet7.'))!.name).toBe('Tom & "Jerry" <7> news');
    expect(list.feeds.filter((feed) => feed.tags.includes('science-tech'))).toHaveLength(18);
    expect(list.feeds.filter((feed) => feed.tags.length === 0)).toHaveLength(5);
  });

  it('merges a feed listed in two folders, and skips outlines that are not http(s) feeds, saying why', () => {
    const list = readOpml(
      opml(`<outline text="World"><outline text="A" xmlUrl="https://a.example/rss"/></outline>
        <outline text="Asia"><outline text="A again" xmlUrl="https://a.example/rss"/></outline>
        <outline text="Gopher" xmlUrl="gopher://old.example/feed"/>
        <outline text="Relative" xmlUrl="/feed.xml"/>
        <outline text="Just a folder"/>`),
    );
    expect(list.feeds).toEqual([{ url: 'https://a.example/rss', name: 'A', tags: ['world', 'asia'] }]);
    expect(list.skipped).toEqual([
      { outline: 'Gopher', reason: "its xmlUrl 'gopher://old.example/feed' is not an http(s) URL" },
      { outline: 'Relative', reason: "its xmlUrl '/feed.xml' is not an http(s) URL" },
    ]);
  });

  it('reads attribute names in any case, and an outline without a title by its text', () => {
    const list = readOpml(opml('<outline TEXT="Lower" XMLURL="https://b.example/feed" Category="/News/Local,/Harbour Life"/>'));
    expect(list.feeds).toEqual([{ url: 'https://b.example/feed', name: 'Lower', tags: ['news', 'local', 'harbour-life'] }]);
  });

  it('refuses what is not OPML, an entity declaration and a file over the size limit, naming the fix', () => {
    expect(() => readOpml('<rss version="2.0"><channel/></rss>')).toThrow(/not an OPML file \(its root element is <rss>, not <opml>\): export the subscription list as OPML/);
    expect(() => readOpml('{"feeds": []}')).toThrow(/root element is missing/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${opml('<outline text="&b;" xmlUrl="https://c.example/feed"/>').replace('<?xml version="1.0"?>\n', '')}`;
    expect(() => readOpml(bomb)).toThrow(/declares entities \(<!ENTITY>\), which Herald refuses to expand: OPML never needs them; remove the DOCTYPE/);
    expect(() => readOpml(hundred, { maxChars: 1_000, maxFeeds: 1_000 })).toThrow(/over the 1000 Herald reads: split it into smaller files/);
  });

  it('reads at most maxFeeds feeds and lists the rest as skipped', () => {
    const list = readOpml(hundred, { maxChars: 1_000_000, maxFeeds: 10 });
    expect(list.feeds).toHaveLength(10);
    expect(list.skipped).toEqual([{ outline: '30 or more further feeds', reason: 'the file lists more than 10 feeds, the most Herald imports at once; split it' }]);
    expect(readOpml(hundred, { maxChars: 1_000_000, maxFeeds: 99 }).skipped).toEqual([{ outline: '1 further feed', reason: 'the file lists more than 99 feeds, the most Herald imports at once; split it' }]);
    expect(readOpml(hundred, { maxChars: 1_000_000, maxFeeds: 1 }).skipped[0]?.reason).toBe('the file lists more than 1 feed, the most Herald imports at once; split it');
    expect(readOpml(hundred, { maxChars: 1_000_000, maxFeeds: 90 }).skipped).toEqual([{ outline: '10 further feeds', reason: 'the file lists more than 90 feeds, the most Herald imports at once; split it' }]);
  });

  it('reads a deeply nested list without recursion', () => {
    const depth = 50_000;
    const list = readOpml(opml(`${'<outline text="x">'.repeat(depth)}<outline text="Deep" xmlUrl="https://deep.example/feed"/>${'</outline>'.repeat(depth)}`));
    expect(list.feeds.map((feed) => feed.url)).toEqual(['https://deep.example/feed']);
  });
});

describe('tagName', () => {
  it.each([
    ['World', 'world'],
    ['Science & Tech', 'science-tech'],
    ['  Économie ', 'economie'],
    ['---', null],
    ['日本', null],
  ])('%s -> %s', (category, tag) => {
    expect(tagName(category)).toBe(tag);
  });
});

describe('writeOpml', () => {
  it('escapes names and URLs and reads back the same feeds and tags', () => {
    const feeds = [
      { url: 'https://a.example/rss?x=1&y=2', name: 'Tom & "Jerry" <3> \'n\'', tags: ['world', 'asia'] },
      { url: 'https://b.example/feed', name: 'Plain', tags: [] },
      { url: 'https://c.example/atom', name: 'Third', tags: ['world'] },
    ];
    const text = writeOpml('Herald & co', feeds);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"><head><title>Herald &amp; co<\/title><\/head>/);
    expect(text).toContain('xmlUrl="https://a.example/rss?x=1&amp;y=2"');
    expect(text).not.toMatch(/"Tom & /);
    const back = readOpml(text);
    expect(back.title).toBe('Herald & co');
    expect(back.feeds).toEqual([feeds[0], feeds[2], feeds[1]]);
  });
});
