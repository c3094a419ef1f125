// /news feed import <OPML URL>: the list through the real guarded fetch from a local server (a
// fake resolver stands in for DNS), each feed URL through feed add's guard rails and limits.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentLoader } from '../../src/commands/feed-loader.ts';
import { fakeResolver, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { CONFIG_INPUT, GAZETTE_URL, harness, type Harness } from './harness.ts';

const ADMIN = { userId: 'U-EDITOR', isAdmin: true };
const hundred = readFileSync(new URL('../fixtures/opml/hundred-feeds.opml', import.meta.url), 'utf8');

const opml = (outlines: string) => `<?xml version="1.0"?><opml version="2.0"><head><title>List</title></head><body>${outlines}</body></opml>`;

let server: FeedServer;
let h: Harness;
let listUrl: (path: string) => string;

async function start(limits: Record<string, number> = {}): Promise<void> {
  const port = Number(new URL(server.url('/')).port);
  // lists.test resolves to the server; private addresses stay refused for everything else.
  h = await harness({
    config: { ...CONFIG_INPUT, fetch: { allowedPorts: [80, 443, port], trustedHosts: ['lists.test'] }, limits },
    loadDocument: (config) => documentLoader(config, { lookup: fakeResolver({ 'lists.test': ['127.0.0.1'], 'private.test': ['10.0.0.7'] }) }),
  });
  listUrl = (path) => `http://lists.test:${port}${path}`;
}

beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await h?.close();
  await server.close();
});

describe('/news feed import', () => {
  it('adds every feed of a 100-feed list as a chat feed of the workspace, fetching only the list', async () => {
    await start({ chatFeedsPerWorkspace: 200, chatFeedsPerUser: 200 });
    server.route('/subscriptions.opml', { body: hundred, contentType: 'text/x-opml' });
    const reply = await h.run(`feed import ${listUrl('/subscriptions.opml')}`, ADMIN);
    expect(reply.status).toBe('ok');
    expect(reply.headline).toBe('Imported 100 feeds, skipped 0. Channels subscribe with /news subscribe <id> [query]. Categories become tags only for feeds in the config (herald feeds import).');
    const feeds = (await h.store.listFeeds({ platform: 'slack', workspace: 'T-HARBOUR' })).filter((feed) => feed.origin === 'command');
    expect(feeds).toHaveLength(100);
    expect(h.loads).toEqual([]);
    // Again: every feed is there already.
    const again = await h.run(`feed import ${listUrl('/subscriptions.opml')}`, ADMIN);
    expect(again.headline).toMatch(/^Imported 0 feeds, skipped 100\./);
  });

  it('skips, with the reason, feeds on private addresses, bad ports, other schemes, known URLs and past the limit', async () => {
    await start({ chatFeedsPerWorkspace: 2, chatFeedsPerUser: 10 });
    server.route(
      '/mixed.opml',
      {
        body: opml(`<outline text="Good" xmlUrl="https://good.example.org/rss"/>
          <outline text="Intranet" xmlUrl="http://10.1.2.3/feed.xml"/>
          <outline text="Loopback" xmlUrl="http://127.0.0.1/feed.xml"/>
          <outline text="Odd port" xmlUrl="https://odd.example.org:6379/feed"/>
          <outline text="Gazette" xmlUrl="${GAZETTE_URL}"/>
          <outline text="Mail" xmlUrl="mailto:desk@example.org"/>
          <outline text="Second" xmlUrl="https://second.example.org/rss"/>
          <outline text="Third" xmlUrl="https://third.example.org/rss"/>`),
      },
    );
    const reply = await h.run(`feed import ${listUrl('/mixed.opml')}`, ADMIN);
    expect(reply.headline).toMatch(/^Imported 2 feeds, skipped 6\./);
    const skipped = reply.sections.find((section) => section.title === 'Skipped')!.lines;
    expect(skipped).toEqual([
      expect.stringMatching(/^Mail: its xmlUrl 'mailto:desk@example.org' is not an http\(s\) URL$/),
      expect.stringMatching(/^http:\/\/10\.1\.2\.3\/feed\.xml: refusing to fetch .*private/),
      expect.stringMatching(/^http:\/\/127\.0\.0\.1\/feed\.xml: refusing to fetch .*(loopback|private)/),
      expect.stringMatching(/^https:\/\/odd\.example\.org:6379\/feed: refusing to fetch .*port 6379/),
      expect.stringMatching(/^https:\/\/gazette\.example\.test\/world\/rss\.xml: already feed gazette$/),
      expect.stringMatching(/^https:\/\/third\.example\.org\/rss: this workspace uses as many feeds added from chat as it may \(2, limits\.chatFeedsPerWorkspace\)/),
    ]);
    expect((await h.store.listFeeds()).map((feed) => feed.url).sort()).toEqual([GAZETTE_URL, 'https://good.example.org/rss', 'https://second.example.org/rss']);
  });

  it('refuses a list on a private address, a list that is not OPML, one declaring entities and one over the byte cap', async () => {
    await start();
    expect((await h.run('feed import http://10.0.0.7/list.opml', ADMIN)).headline).toMatch(/^refusing to fetch 'http:\/\/10\.0\.0\.7\/list\.opml': .*private/);
    const resolved = await h.run(`feed import ${listUrl('/list.opml').replace('lists.test', 'private.test')}`, ADMIN);
    expect(resolved.headline).toMatch(/^that OPML file cannot be fetched: refusing to fetch .*private\.test resolves only to addresses Herald does not fetch from/);
    server.route('/feed.xml', { body: '<rss version="2.0"><channel><title>x</title></channel></rss>' });
    expect((await h.run(`feed import ${listUrl('/feed.xml')}`, ADMIN)).headline).toMatch(/is not an OPML list Herald can import: this is not an OPML file \(its root element is <rss>, not <opml>\)/);
    server.route('/bomb.opml', { body: `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "${'a'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://x.example/rss"/></body></opml>` });
    expect((await h.run(`feed import ${listUrl('/bomb.opml')}`, ADMIN)).headline).toMatch(/declares entities \(<!ENTITY>\), which Herald refuses to expand/);
    server.route('/huge.opml', { body: opml(`<outline text="${'x'.repeat(6 * 1024 * 1024)}" xmlUrl="https://x.example/rss"/>`) });
    expect((await h.run(`feed import ${listUrl('/huge.opml')}`, ADMIN)).headline).toMatch(/^that OPML file cannot be fetched: .*(larger|over|exceeds|cap|limit)/i);
    expect(await h.store.listFeeds()).toHaveLength(1);
  });

  it('is for admins only', async () => {
    await start();
    const reply = await h.run(`feed import ${listUrl('/subscriptions.opml')}`);
    expect(reply.headline).toMatch(/^\/news feed import is for Herald admins/);
  });
});
