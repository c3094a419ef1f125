import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedLoader } from '../../src/commands/feed-loader.ts';
import { configSchema } from '../../src/config/schema.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

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
    const load = feedLoader(configSchema.parse({ fetch: { allowPrivateAddresses: true, maxItemsPerFeed: 5 } }));
    const feed = await load(server.url('/world.xml'));
    expect(feed.title).toBe('North Korea | The Daily Ledger');
    expect(feed.items).toHaveLength(5);
    expect(feed.items[0]!.title).toBe('Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea');
    expect(feed.items.every((item) => !item.summary.includes('Continue reading'))).toBe(true);
  });

  it('passes the parser’s reason through for a page that is not a feed', async () => {
    const load = feedLoader(configSchema.parse({ fetch: { allowPrivateAddresses: true } }));
    await expect(load(server.url('/home'))).rejects.toMatchObject({ code: 'parse_failed', message: expect.stringContaining('HTML page, not a feed') });
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
