// Feeds as the web serves them (issue 15): the broken shapes a forgiving feed reader recovers,
// each in an invented fixture of tests/fixtures/feeds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('parseFeed: broken XML keeps its good entries', () => {
  it('keeps all three items when one of them holds a bare &', async () => {
    const feed = await parseFeed(fixture('bare-ampersand.xml'), 'application/rss+xml');
    expect(feed.entries.map((entry) => entry.title)).toEqual([
      'Ferry timetable changes for the winter season',
      'Fish & chips shop wins regional award',
      'Lighthouse open day draws record crowd',
    ]);
    expect(feed.entries[1]?.summaryHtml).toBe('Judges praised the batter & the mushy peas; the owners thanked R&D at the local college.');
  });

  it('keeps the items of a feed whose </channel> and </rss> never come', async () => {
    const feed = await parseFeed(fixture('missing-close.xml'), null);
    expect(feed.title).toBe('Upland Gazette');
    expect(feed.entries.map((entry) => entry.link)).toEqual(['https://upland.test/reservoir-levels', 'https://upland.test/hill-race-route']);
  });

  it('reads <rss> without a <channel>', async () => {
    const feed = await parseFeed(fixture('rss-no-channel.xml'), null);
    expect(feed).toMatchObject({ format: 'rss', title: 'Stray Notes', link: 'https://stray.test/' });
    expect(feed.entries.map((entry) => entry.title)).toEqual(['Notes without a channel, first', 'Notes without a channel, second']);
  });

  it('reads a prefixed Atom root (<a:feed>) and prefixed RSS 1.0 elements (<rss:item>)', async () => {
    const atom = await parseFeed(fixture('prefixed-atom.xml'), null);
    expect(atom).toMatchObject({ format: 'atom', title: 'Prefixed Press', link: 'https://prefixed.test/' });
    expect(atom.entries[0]).toMatchObject({
      guid: 'tag:prefixed.test,2024:cycle-lanes',
      link: 'https://prefixed.test/cycle-lanes',
      title: 'Council approves new cycle lanes',
      published: '2024-06-12T08:00:00Z',
      summaryHtml: 'Three routes into the centre get protected lanes by autumn.',
    });
    const rdf = await parseFeed(fixture('prefixed-rss1.rdf'), null);
    expect(rdf.title).toBe('Prefixed RDF Digest');
    expect(rdf.entries[0]).toMatchObject({
      guid: 'https://prefixed-rdf.test/market-day',
      title: 'Market day moves to Thursday',
      summaryHtml: 'Stallholders voted for the change.',
      published: '2024-06-11T07:00:00Z',
    });
  });

  it('reads a CDF channel: HREF and LASTMOD attributes, upper-case elements, ABSTRACT as the summary', async () => {
    const feed = await parseFeed(fixture('cdf.xml'), null);
    expect(feed.title).toBe('Channel Definition Daily');
    expect(feed.entries).toEqual([
      expect.objectContaining({
        link: 'https://cdf-channel.test/stories/kiosk',
        title: 'Kiosk returns to the station square',
        summaryHtml: 'The newspaper kiosk reopens after twenty years.',
        published: '2024-06-10T09:00:00',
      }),
    ]);
  });

  it('reads a feed wrapped in an XHTML page, and still refuses a page with no feed in it', async () => {
    const feed = await parseFeed(fixture('wrapped-in-xhtml.xml'), 'text/html');
    expect(feed.title).toBe('Wrapped Wire');
    expect(feed.entries.map((entry) => entry.link)).toEqual(['https://wrapped.test/bridge-repairs']);
    await expect(parseFeed(fixture('not-a-feed.html'), 'text/html')).rejects.toThrow(/^the response is an HTML page/);
  });

  it('reads JSON Feed whose version is "1", "1.0" or "1.1" instead of the URL form', async () => {
    const feed = await parseFeed(fixture('json-feed-version-string.json'), 'application/feed+json');
    expect(feed.entries[0]).toMatchObject({ guid: 'sv-1', title: 'Generators write the version as a number string', image: 'https://short-version.test/1.png' });
    for (const version of ['1', '1.1', 'https://jsonfeed.org/version/1']) {
      expect((await parseFeed(JSON.stringify({ version, items: [{ id: 'x' }] }), null)).entries).toHaveLength(1);
    }
    await expect(parseFeed(JSON.stringify({ version: '2.0', items: [] }), null)).rejects.toThrow(/only JSON Feed versions 1 and 1.1 are read/);
  });
});

describe('parseFeed: links and titles', () => {
  it('uses a permalink guid, or an a10:link, when <link> is missing; never a guid marked isPermaLink="false"', async () => {
    const feed = await parseFeed(fixture('guid-only.xml'), null);
    expect(feed.entries.map((entry) => entry.link)).toEqual([
      'https://permalink.test/2024/06/tram-extension',
      'https://permalink.test/2024/06/library-hours',
      'https://permalink.test/2024/06/harbour-dredging',
      null,
    ]);
  });

  it('keeps an Atom xhtml title and content whole, inline markup included', async () => {
    const [entry] = (await parseFeed(fixture('xhtml-title.xml'), null)).entries;
    expect(entry?.title).toBe('<div xmlns="http://www.w3.org/1999/xhtml">Sentry Calming Collar for <i>dogs</i>, tested</div>');
    expect(entry?.contentHtml).toContain('<p>Two of them <em>slept</em> through the thunderstorm.</p>');
  });

  it('decodes Atom 0.3 base64 content and reads its <issued> date', async () => {
    const [entry] = (await parseFeed(fixture('atom03-base64.xml'), null)).entries;
    expect(entry).toMatchObject({
      title: 'Pass reopens after snow',
      link: 'https://alpine.test/pass-reopens',
      published: '2004-03-05T10:00:00Z',
      contentHtml: '<p>Snow closed the pass for <b>two</b> days; crews cleared it by Friday.</p>',
    });
  });
});

describe('parseFeed: media and podcast text and images', () => {
  it('reads a YouTube-shaped feed: media:group title, description and thumbnail', async () => {
    const feed = await parseFeed(fixture('youtube-atom.xml'), null);
    expect(feed.title).toBe('Workshop Bench Channel');
    expect(feed.entries[0]).toMatchObject({
      guid: 'yt:video:vid00000001',
      link: 'https://video.test/watch?v=vid00000001',
      title: 'Restoring a rusted hand plane',
      summaryHtml: 'A flea-market plane gets electrolysis, a flattened sole and a new tote.\nChapters below.',
      image: 'https://img.video.test/vi/vid00000001/hqdefault.jpg',
      author: 'Workshop Bench',
    });
  });

  it('reads a podcast feed: itunes:summary, content:encoded, itunes:subtitle, itunes:image and image enclosures', async () => {
    const feed = await parseFeed(fixture('podcast.xml'), null);
    expect(feed.entries.map((entry) => [entry.summaryHtml, entry.contentHtml, entry.image])).toEqual([
      ['We test five folk remedies against slugs over one wet month.', null, 'https://allotment.test/ep12.jpg'],
      [null, expect.stringContaining('what grows best from saved seed'), null],
      ['A short one about green manure.', null, 'https://cdn.allotment.test/ep10.jpg'],
    ]);
  });
});
