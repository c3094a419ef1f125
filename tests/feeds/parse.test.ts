import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { parseFeed } from '../../src/feeds/parse.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function parseError(body: string, contentType: string | null = null): Promise<HeraldError> {
  const error = await parseFeed(body, contentType).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HeraldError);
  expect((error as HeraldError).code).toBe('parse_failed');
  return error as HeraldError;
}

describe('parseFeed: fixture formats', () => {
  it('reads the RSS 2.0 topic feed: every item, guids, RFC 822 dates, HTML descriptions, categories, dc:creator', async () => {
    const feed = await parseFeed(fixture('topic-feed.xml'), 'application/rss+xml; charset=utf-8');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('North Korea | The Daily Ledger');
    expect(feed.link).toBe('https://ledger.test/world/north-korea');
    expect(feed.entries).toHaveLength(14);
    const first = feed.entries[0]!;
    expect(first.guid).toBe('https://ledger.test/world/2024/jun/17/north-korea-fires-two-ballistic-missiles-east-sea');
    expect(first.link).toBe(first.guid);
    expect(first.published).toBe('Mon, 17 Jun 2024 08:40:00 GMT');
    expect(first.summaryHtml).toMatch(/^<p>The short-range missiles/);
    expect(first.summaryHtml).toContain('Continue reading...</a>');
    expect(first.contentHtml).toBeNull();
    expect(first.categories).toEqual(['North Korea', 'Japan', 'South Korea']);
    expect(first.author).toBe('Mina Park in Seoul');
    // The entity-escaped description decodes to the same kind of HTML as the CDATA ones.
    const escaped = feed.entries.find((entry) => entry.title?.startsWith('China’s envoy'));
    expect(escaped?.summaryHtml).toMatch(/^<p>The three-day trip .*Pyongyang&#8217;s .*&amp; the reopening/);
  });

  it('reads content:encoded as the content and the description as the summary', async () => {
    const feed = await parseFeed(fixture('wire-outlet-c.xml'), null);
    const wire = feed.entries[1]!;
    expect(wire.link).toBe('http://outlet-c.test/story/88412?utm_source=rss&utm_medium=feed&utm_campaign=world');
    expect(wire.summaryHtml).toBe('<p>Four North Korean fishermen rescued at sea last month have been sent home through Beijing, Tokyo says.</p>');
    expect(wire.contentHtml).toMatch(/^<p>Japan has handed over four North Korean fishermen/);
    expect(wire.contentHtml).toContain('Additional reporting by Coastline Times staff.');
  });

  it('reads Atom: xml:base on the feed and on an entry, an entry without id, an HTML title, raw dates, term/label categories', async () => {
    const feed = await parseFeed(fixture('atom.xml'), 'application/atom+xml');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Peninsula Notes');
    expect(feed.link).toBe('https://atom-journal.test/peninsula/');
    const [analysis, tours, reading] = feed.entries;
    expect(analysis).toMatchObject({
      guid: 'tag:atom-journal.test,2024:peninsula/launch-pad-analysis',
      link: 'https://atom-journal.test/peninsula/2024/06/launch-pad-analysis',
      title: '<em>Analysis:</em> what the new <b>satellite</b> launch pad tells us',
      published: '2024-06-12T09:30:00+09:00',
      categories: ['Satellites', 'north-korea'],
      author: 'Hana Seo',
    });
    expect(analysis?.contentHtml).toContain('<p>Construction crews');
    expect(analysis?.summaryHtml).toMatch(/^<p>Commercial imagery/);
    expect(tours).toMatchObject({
      link: 'https://atom-journal.test/peninsula/2024/06/border-village-tours',
      published: '2024-06-10T06:00:00Z',
      contentHtml: null,
      categories: ['Travel'],
    });
    expect(reading).toMatchObject({ guid: null, link: 'https://atom-journal.test/peninsula/2024/06/reading-list' });
  });

  it('reads JSON Feed 1.1: content_html, content_text as paragraphs, numeric ids, 1.0 authors, date_modified', async () => {
    const feed = await parseFeed(fixture('json-feed.json'), 'application/feed+json');
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('Korea Desk Bulletin');
    expect(feed.link).toBe('https://bulletin.test/korea/');
    const [drill, rice, podcast] = feed.entries;
    expect(drill).toMatchObject({
      guid: 'bulletin-2024-06-14-drill',
      summaryHtml: '<p>More than 80 aircraft are taking part in the exercise, which Pyongyang denounced.</p>',
      published: '2024-06-14T07:00:00+09:00',
      categories: ['Military', 'drills', 'Military'],
      author: 'Jun Lee',
    });
    expect(drill?.contentHtml).toContain('<em>&ldquo;a rehearsal for invasion&rdquo;</em>');
    expect(rice?.contentHtml).toBe(
      '<p>Prices tracked by a Seoul-based monitoring group rose about 12% in May.</p><p>Traders blame tighter controls on private sales rather than a poor harvest.</p>',
    );
    expect(podcast).toMatchObject({ guid: '20240612', link: '/korea/2024/06/12/podcast', published: '2024-06-12T18:00:00Z', author: 'Korea Desk' });
  });

  it('escapes JSON Feed plain text so markup-like text stays text', async () => {
    const body = JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      items: [{ id: 'a', content_text: 'if a < b && c > d' }],
    });
    const feed = await parseFeed(body, null);
    expect(feed.entries[0]?.contentHtml).toBe('<p>if a &lt; b &amp;&amp; c &gt; d</p>');
  });

  it('drops a JSON Feed field of the wrong type, and items that are not objects, but keeps the rest', async () => {
    const body = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: 'ok', title: 42, url: 'https://bulletin.test/a', tags: 'not-a-list' }, 'junk', null],
    });
    const feed = await parseFeed(body, null);
    expect(feed.entries).toEqual([
      { guid: 'ok', link: 'https://bulletin.test/a', title: null, contentHtml: null, summaryHtml: null, published: null, categories: [], author: null, image: null },
    ]);
  });

  it('reads RSS 1.0 (RDF): rdf:about as the guid, dc:date, dc:subject, dc:creator', async () => {
    const feed = await parseFeed(fixture('rss1.rdf'), 'application/rdf+xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Archive Wire: Korea');
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toMatchObject({
      guid: 'https://archive-wire.test/korea/2024/06/rail-link',
      link: 'https://archive-wire.test/korea/2024/06/rail-link',
      published: '2024-06-11T04:00:00Z',
      categories: ['Trade'],
      author: 'Archive Wire',
    });
  });

  it('reads RSS 0.91 with the Netscape DOCTYPE, and <rss> with no version as RSS 2.0', async () => {
    const old = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.test/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>http://old.test/</link>
<item><title>First</title><link>http://old.test/1</link><description>One</description></item></channel></rss>`;
    expect((await parseFeed(old, 'text/xml')).entries[0]).toMatchObject({ title: 'First', link: 'http://old.test/1', summaryHtml: 'One' });
    const unversioned = '<rss><channel><title>T</title><item><title>X</title></item></channel></rss>';
    expect((await parseFeed(unversioned, null)).entries.map((entry) => entry.title)).toEqual(['X']);
  });

  it('reads the edge-case feed without failing on any of its entries', async () => {
    const feed = await parseFeed(fixture('edge-cases.xml'), null);
    expect(feed.entries).toHaveLength(12);
    expect(feed.entries.map((entry) => entry.guid).filter((guid) => guid === 'edge-shared-guid')).toHaveLength(2);
    expect(feed.entries.at(-1)).toEqual({
      guid: null, link: null, title: null, contentHtml: null, summaryHtml: null, published: null, categories: [], author: null, image: null,
    });
    expect(feed.entries[3]?.title).toBe('<b>Bold</b> claims &amp; <i>italic</i>   denials\u00a0in a   headline');
  });

  it('keeps an Atom feed whose entry has an unreadable date (a strict reader throws on it)', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>1</id><title>Dated yesterday</title><published>yesterday</published></entry>
<entry><id>2</id><title>Good</title><updated>2024-06-01T00:00:00Z</updated></entry></feed>`;
    const feed = await parseFeed(atom, null);
    expect(feed.entries.map((entry) => [entry.guid, entry.published])).toEqual([
      ['1', 'yesterday'],
      ['2', '2024-06-01T00:00:00Z'],
    ]);
  });

  it('trusts the body over the Content-Type: a feed served as text/html is still read', async () => {
    expect((await parseFeed(fixture('rss1.rdf'), 'text/html; charset=utf-8')).entries).toHaveLength(2);
  });

  it('accepts a byte-order mark and leading blank lines', async () => {
    const feed = await parseFeed(`\uFEFF\n\n  ${fixture('rss1.rdf')}`, null);
    expect(feed.entries).toHaveLength(2);
  });
});

describe('parseFeed: refusals a person can act on', () => {
  it('refuses an HTML page and says where to find the feed', async () => {
    const error = await parseError(fixture('not-a-feed.html'), 'text/html; charset=utf-8');
    expect(error.message).toBe(
      'the response is an HTML page, not a feed: point the URL at the site\'s RSS/Atom feed (look for <link rel="alternate" type="application/rss+xml">)',
    );
    // The body decides, not the header: the page is still HTML when served as XML.
    expect((await parseError(fixture('not-a-feed.html'), 'application/rss+xml')).message).toMatch(/^the response is an HTML page/);
    expect((await parseError('<html><body>hi</body></html>', null)).message).toMatch(/^the response is an HTML page/);
  });

  it('recovers the entries of truncated XML, the last one cut short', async () => {
    const feed = await parseFeed(fixture('truncated.xml'), 'application/rss+xml');
    expect(feed.title).toBe('North Korea | The Daily Ledger');
    expect(feed.entries.map((entry) => entry.title)).toEqual(['Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea']);
  });

  it('refuses malformed XML no entry or title can be recovered from, naming the element left open and its line', async () => {
    const error = await parseError('<rss version="2.0">\n<channel>\n  <description>a</channel></rss>', null);
    expect(error.message).toBe(
      'the XML is truncated or malformed: <description> at line 3, column 3 is never closed, and no entry could be read from it: ask the publisher to fix the feed',
    );
  });

  it('refuses an empty body, plain text, other XML and other JSON, each with its reason', async () => {
    expect((await parseError('  \n ')).message).toBe('the response body is empty: check that the URL serves a feed');
    expect((await parseError('Service temporarily unavailable')).message).toBe(
      'the response is not a feed (it starts with "Service temporarily unavailable"): point the URL at the site\'s RSS, Atom or JSON feed',
    );
    expect((await parseError('<?xml version="1.0"?><sitemap><url/></sitemap>')).message).toBe(
      "the XML's root element is <sitemap>, not <rss>, <feed> or <rdf:RDF>: point the URL at the site's RSS, Atom or JSON feed",
    );
    expect((await parseError('{"error": "rate limited"}', 'application/json')).message).toMatch(
      /^the JSON is not a JSON Feed \(version: .*\): point the URL at the site's RSS, Atom or JSON feed$/,
    );
    expect((await parseError('{"version": "https://jsonfeed.org/version/1.1", "items": ')).message).toMatch(/^the JSON is malformed: /);
    expect((await parseError('<?xml version="1.0"?>\n<!-- only a comment -->')).message).toBe(
      'the XML is truncated or malformed: no root element follows its prolog',
    );
  });

});

describe('parseFeed: limits', () => {
  it('refuses a body longer than maxChars before parsing it', async () => {
    const body = fixture('topic-feed.xml');
    const error = await parseFeed(body, null, { maxChars: 1000, maxEntries: 100 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HeraldError);
    expect((error as HeraldError).message).toBe(
      `the feed is ${body.length} characters long, over the 1000 Herald parses: point the URL at a shorter feed`,
    );
  });

  it('keeps only the first maxEntries entries, in document order, for XML and JSON', async () => {
    const limits = { maxChars: 1_000_000, maxEntries: 3 };
    const rss = await parseFeed(fixture('topic-feed.xml'), null, limits);
    expect(rss.entries.map((entry) => entry.published)).toEqual([
      'Mon, 17 Jun 2024 08:40:00 GMT',
      'Sun, 16 Jun 2024 21:05:12 GMT',
      'Sat, 15 Jun 2024 06:30:00 GMT',
    ]);
    const json = await parseFeed(fixture('json-feed.json'), null, { ...limits, maxEntries: 1 });
    expect(json.entries.map((entry) => entry.guid)).toEqual(['bulletin-2024-06-14-drill']);
  });
});
