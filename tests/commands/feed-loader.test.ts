import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedLoader } from '../../src/commands/feed-loader.ts';
import { configSchema } from '../../src/config/schema.ts';
import { fakeResolver, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

/** A web page whose head has these <link>s: [rel, type, title, href]. */
function page(links: Array<[string, string, string, string]>): string {
  const tags = links.map(([rel, type, title, href]) => `<link rel="${rel}" type="${type}" title="${title}" href="${href}">`).join('\n');
  return `<!doctype html><html><head><title>A site</title>\n${tags}</head><body><p>Welcome</p><link rel="alternate" type="application/rss+xml" href="/in-body.xml"></body></html>`;
}

const topicFeed = readFileSync(new URL('../fixtures/feeds/topic-feed.xml', import.meta.url), 'utf8');
const notAFeed = readFileSync(new URL('../fixtures/feeds/not-a-feed.html', import.meta.url), 'utf8');

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
  server.route('/world.xml', { body: topicFeed });
  server.route('/home', { body: notAFeed, contentType: 'text/html; charset=utf-8' });
});
afterEach(() => server.close());

describe('feedLoader', () => {
  it('fetches, parses and normalizes a feed, newest first, within the configured item cap', async () => {
    const load = feedLoader(configSchema.parse({ fetch: server.fetchConfig({ maxItemsPerFeed: 5 }) }));
    const feed = await load(server.url('/world.xml'));
    expect(feed.title).toBe('North Korea | The Daily Ledger');
    expect(feed.items).toHaveLength(5);
    expect(feed.items[0]!.title).toBe('Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea');
    expect(feed.items.every((item) => !item.summary.includes('Continue reading'))).toBe(true);
  });

  it('passes the parser’s reason through for a body that is neither a feed nor a web page', async () => {
    server.route('/sitemap.xml', { body: '<?xml version="1.0"?><urlset><url/></urlset>', contentType: 'application/xml' });
    const load = feedLoader(configSchema.parse({ fetch: server.fetchConfig() }));
    await expect(load(server.url('/sitemap.xml'))).rejects.toMatchObject({ code: 'parse_failed', message: expect.stringContaining('root element is <urlset>') });
  });

  it('loads the feed a web page advertises, and says which URL it loaded (issue 15 feed discovery)', async () => {
    server.route('/site', { body: page([['alternate', 'application/rss+xml', 'Main', '/world.xml'], ['alternate', 'application/rss+xml', 'Comments', '/comments.xml']]), contentType: 'text/html' });
    const load = feedLoader(configSchema.parse({ fetch: server.fetchConfig() }));
    const feed = await load(server.url('/site'));
    expect(feed).toMatchObject({ title: 'North Korea | The Daily Ledger', url: server.url('/world.xml') });
    expect(server.requests('/comments.xml')).toEqual([]);
  });

  it('lists the choices when a page advertises several feeds, and says so when it advertises none', async () => {
    server.route('/two', { body: page([['alternate', 'application/rss+xml', 'News', '/news.xml'], ['alternate', 'application/atom+xml', 'Sport', '/sport.atom']]), contentType: 'text/html' });
    const load = feedLoader(configSchema.parse({ fetch: server.fetchConfig() }));
    await expect(load(server.url('/two'))).rejects.toMatchObject({
      code: 'feed_choice_needed',
      message: `the page '${server.url('/two')}' advertises 2 feeds: ${server.url('/news.xml')} ('News'), ${server.url('/sport.atom')} ('Sport'); use the URL of the one you want`,
    });
    server.route('/none', { body: page([['stylesheet', 'text/css', 'Style', '/style.css']]), contentType: 'text/html' });
    await expect(load(server.url('/none'))).rejects.toMatchObject({
      code: 'feed_not_found',
      message: `the page '${server.url('/none')}' is a web page that advertises no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed): find the site's feed link and use that URL`,
    });
  });

  it('holds the advertised feed to the same guard: a public page cannot point the bot at a private address', async () => {
    server.route('/site', { body: page([['alternate', 'application/rss+xml', 'Main', 'http://10.0.0.5/feed.xml']]), contentType: 'text/html' });
    const load = feedLoader(configSchema.parse({ fetch: { allowedPorts: [server.port], trustedHosts: ['site.test'] } }), {
      lookup: fakeResolver({ 'site.test': ['127.0.0.1'] }),
    });
    await expect(load(`http://site.test:${server.port}/site`)).rejects.toMatchObject({ code: 'fetch_blocked', message: expect.stringContaining('10.0.0.5') });
  });

  it('holds a subscribe check to the same SSRF guard as polling: no request reaches a local server', async () => {
    // The server's own port is allowed, so what refuses is the address itself.
    const load = feedLoader(configSchema.parse({ fetch: { allowedPorts: [server.port] } }));
    await expect(load(server.url('/world.xml'))).rejects.toMatchObject({
      code: 'fetch_blocked',
      message: expect.stringContaining('127.0.0.1 is a loopback address; set fetch.allowPrivateAddresses: true'),
    });
    expect(server.requests()).toEqual([]);
  });
});
