import { createHash } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { DEFAULT_USER_AGENT, fetchFeed, fetchLimitsFromConfig } from '../../src/feeds/fetch.ts';
import type { FetchLimits } from '../../src/feeds/fetch.ts';
import { configSchema } from '../../src/config/schema.ts';
import { startFeedServer } from '../fakes/feed-server.ts';
import type { FeedServer } from '../fakes/feed-server.ts';

const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Town Gazette</title>
<item><title>Ferry timetable shifts for the winter season</title><link>https://gazette.example/ferry</link>
<description>The lake ferry will run twice a day from next month, the operator said.</description></item>
</channel></rss>`;

const none = { etag: null, lastModified: null };

async function failure(promise: Promise<unknown>): Promise<HeraldError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HeraldError);
  return error as HeraldError;
}

let server: FeedServer;
let limits: FetchLimits;
beforeEach(async () => {
  server = await startFeedServer();
  // The port allow-list applies to loopback targets too, so the server's random port is listed.
  limits = {
    timeoutMs: 5_000,
    maxBytes: 1024 * 1024,
    maxRedirects: 3,
    allowPrivateAddresses: true,
    allowedPorts: [80, 443, server.port],
    userAgent: 'HeraldTest/1 (+https://github.com/herald-bot/herald)',
  };
});
afterEach(async () => {
  await server.close();
});

describe('fetchLimitsFromConfig', () => {
  it('takes the config values and a descriptive default User-Agent', () => {
    const config = configSchema.parse({ fetch: { timeout: '20s', maxBytes: '2MiB', allowedPorts: [443] } });
    expect(fetchLimitsFromConfig(config.fetch)).toEqual({
      timeoutMs: 20_000,
      maxBytes: 2 * 1024 * 1024,
      maxRedirects: 5,
      allowPrivateAddresses: false,
      allowedPorts: [443],
      userAgent: DEFAULT_USER_AGENT,
      trustedHosts: [],
      // On by default since issue 15: a stalled server frees its slot after 5 s.
      firstByteTimeoutMs: 5_000,
      parseBudgetMs: 3_000,
    });
    expect(DEFAULT_USER_AGENT).toMatch(/^Herald\/\S+ \(\+https:\/\/github\.com\/herald-bot\/herald; /);
    const custom = configSchema.parse({ fetch: { userAgent: 'OurBot/2' } });
    expect(fetchLimitsFromConfig(custom.fetch).userAgent).toBe('OurBot/2');
  });

  it('maps trusted hosts (lower-cased), the first-byte timeout and the parse budget', () => {
    const config = configSchema.parse({ fetch: { trustedHosts: ['News.Intranet.Example'], firstByteTimeout: '3s', parseBudget: '500ms' } });
    expect(fetchLimitsFromConfig(config.fetch)).toMatchObject({ trustedHosts: ['news.intranet.example'], firstByteTimeoutMs: 3_000, parseBudgetMs: 500 });
  });
});

describe('fetchFeed: conditional GET', () => {
  it('returns the body and ETag, then 304 on a conditional fetch', async () => {
    server.route('/feed.xml', { body: FEED });
    const first = await fetchFeed(server.url('/feed.xml'), none, limits);
    if (first.status !== 'ok') throw new Error('expected a body');
    expect(first.body).toBe(FEED);
    expect(first.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(first.etag).toMatch(/^".+"$/);
    expect(first.finalUrl).toBe(server.url('/feed.xml'));

    const second = await fetchFeed(server.url('/feed.xml'), { etag: first.etag, lastModified: null }, limits);
    expect(second).toEqual({ status: 'not_modified', finalUrl: server.url('/feed.xml') });

    const [plain, conditional] = server.requests('/feed.xml');
    expect(plain?.headers['if-none-match']).toBeUndefined();
    expect(plain?.headers['user-agent']).toBe(limits.userAgent);
    expect(plain?.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml, application\/feed\+json/);
    expect(plain?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(conditional?.headers['if-none-match']).toBe(first.etag);
  });

  it('sends If-Modified-Since from Last-Modified', async () => {
    const lastModified = 'Tue, 04 Mar 2025 08:00:00 GMT';
    server.route('/feed.xml', { body: FEED, etag: false, lastModified });
    const first = await fetchFeed(server.url('/feed.xml'), none, limits);
    expect(first).toMatchObject({ status: 'ok', etag: null, lastModified });

    const second = await fetchFeed(server.url('/feed.xml'), { etag: null, lastModified }, limits);
    expect(second.status).toBe('not_modified');
    expect(server.requests('/feed.xml')[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('fetches the whole body again when the ETag changed', async () => {
    server.route('/feed.xml', { body: FEED, etag: '"v2"' });
    const result = await fetchFeed(server.url('/feed.xml'), { etag: '"v1"', lastModified: null }, limits);
    expect(result).toMatchObject({ status: 'ok', body: FEED, etag: '"v2"' });
  });
});

describe('fetchFeed: decoding', () => {
  it.each([
    ['gzip', gzipSync(FEED)],
    ['deflate', deflateSync(FEED)],
    ['br', brotliCompressSync(FEED)],
    ['gzip, br', brotliCompressSync(gzipSync(FEED))],
  ])('decodes a %s body', async (encoding, body) => {
    server.route('/feed.xml', { body, headers: { 'content-encoding': encoding } });
    const result = await fetchFeed(server.url('/feed.xml'), none, limits);
    expect(result).toMatchObject({ status: 'ok', body: FEED });
  });

  it('keeps what arrived of a compressed body cut short, and hashes the decoded bytes', async () => {
    const long = `<rss>${'<item><title>entry</title></item>'.repeat(400)}</rss>`;
    const whole = gzipSync(long);
    server.route('/cut.xml', { body: whole.subarray(0, Math.floor(whole.length / 2)), headers: { 'content-encoding': 'gzip' } });
    server.route('/whole.xml', { body: whole, headers: { 'content-encoding': 'gzip' } });
    const cut = await fetchFeed(server.url('/cut.xml'), none, limits);
    const full = await fetchFeed(server.url('/whole.xml'), none, limits);
    if (cut.status !== 'ok' || full.status !== 'ok') throw new Error('expected bodies');
    expect(cut.body.length).toBeGreaterThan(0);
    expect(long.startsWith(cut.body)).toBe(true);
    expect(full.bodyHash).toBe(createHash('sha256').update(long).digest('hex'));
  });

  it('refuses an encoding it cannot decode, and a corrupt compressed body', async () => {
    server.route('/zstd.xml', { body: 'whatever', headers: { 'content-encoding': 'zstd' } });
    server.route('/broken.xml', { body: 'this is not gzip data at all', headers: { 'content-encoding': 'gzip' } });
    const unknown = await failure(fetchFeed(server.url('/zstd.xml'), none, limits));
    expect(unknown.code).toBe('fetch_failed');
    expect(unknown.message).toContain("Content-Encoding 'zstd'");
    const corrupt = await failure(fetchFeed(server.url('/broken.xml'), none, limits));
    expect(corrupt.code).toBe('fetch_failed');
    expect(corrupt.message).toContain('does not decompress');
  });

  it('decodes the charset named by Content-Type', async () => {
    server.route('/latin1.xml', { body: Buffer.from('<rss><title>Caf\u00e9 na\u00efve</title></rss>', 'latin1'), contentType: 'application/rss+xml; charset=ISO-8859-1' });
    const result = await fetchFeed(server.url('/latin1.xml'), none, limits);
    expect(result).toMatchObject({ body: '<rss><title>Caf\u00e9 na\u00efve</title></rss>' });
  });

  it('falls back to the XML declaration, and honours a byte-order mark', async () => {
    const declared = '<?xml version="1.0" encoding="windows-1252"?><rss><title>\u201cQuoted\u201d \u20ac5</title></rss>';
    const cp1252 = Buffer.from(declared.replace('\u201c', '\x93').replace('\u201d', '\x94').replace('\u20ac', '\x80'), 'latin1');
    server.route('/cp1252.xml', { body: cp1252, contentType: 'text/xml' });
    expect(await fetchFeed(server.url('/cp1252.xml'), none, limits)).toMatchObject({ body: declared });

    const utf16 = '<rss><title>\u00bfQu\u00e9 tal?</title></rss>';
    server.route('/utf16.xml', { body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]), contentType: 'application/xml' });
    expect(await fetchFeed(server.url('/utf16.xml'), none, limits)).toMatchObject({ body: utf16 });
  });

  it('reads an unknown charset label as UTF-8', async () => {
    server.route('/odd.xml', { body: '<rss>\u00e9</rss>', contentType: 'application/xml; charset=x-made-up' });
    expect(await fetchFeed(server.url('/odd.xml'), none, limits)).toMatchObject({ body: '<rss>\u00e9</rss>' });
  });
});

describe('fetchFeed: failures', () => {
  it('reports an HTTP error status with the URL and a fix', async () => {
    server.route('/down.xml', { body: 'oops', status: 500 });
    const error = await failure(fetchFeed(server.url('/down.xml'), none, limits));
    expect(error.code).toBe('fetch_http_status');
    expect(error.message).toBe(`feed '${server.url('/down.xml')}' answered HTTP 500 Internal Server Error; the site is failing; Herald retries on the next poll`);
    expect(error.context).toEqual({ url: server.url('/down.xml'), status: 500 });

    const missing = await failure(fetchFeed(server.url('/nowhere.xml'), none, limits));
    expect(missing.message).toContain('HTTP 404 Not Found; check the feed URL');
  });

  it('times out a server that never answers', async () => {
    server.route('/hang.xml', { fault: 'hang' });
    const error = await failure(fetchFeed(server.url('/hang.xml'), none, { ...limits, timeoutMs: 300 }));
    expect(error.code).toBe('fetch_timeout');
    expect(error.message).toBe(`feed '${server.url('/hang.xml')}' did not answer within 300 ms; check that the site is up, or raise fetch.timeout`);
    expect(error.context).toEqual({ url: server.url('/hang.xml') });
  });

  it('applies the time-to-first-byte limit when one is set', async () => {
    server.route('/hang.xml', { fault: 'hang' });
    const error = await failure(fetchFeed(server.url('/hang.xml'), none, { ...limits, firstByteTimeoutMs: 200 }));
    expect(error.code).toBe('fetch_timeout');
    expect(error.message).toContain('sent no response headers within 200 ms');
  });

  it('ends a slow drip at the overall deadline', async () => {
    // The drip sends a byte every 20 ms, so no idle timeout would ever fire.
    server.route('/drip.xml', { fault: 'drip' });
    const error = await failure(fetchFeed(server.url('/drip.xml'), none, { ...limits, timeoutMs: 400 }));
    expect(error.code).toBe('fetch_timeout');
    expect(error.message).toContain('did not finish sending its body within 400 ms');
  });

  it('stops an endless body at the size cap', async () => {
    server.route('/endless.xml', { fault: 'endless' });
    const error = await failure(fetchFeed(server.url('/endless.xml'), none, limits));
    expect(error.code).toBe('fetch_too_large');
    expect(error.message).toBe(`feed '${server.url('/endless.xml')}' is larger than 1048576 bytes (after decompression); raise fetch.maxBytes if the feed is really this big`);
  });

  it('counts the cap after decompression', async () => {
    const big = `<rss>${'x'.repeat(5000)}</rss>`;
    server.route('/small-on-the-wire.xml', { body: big, gzip: true });
    const error = await failure(fetchFeed(server.url('/small-on-the-wire.xml'), none, { ...limits, maxBytes: 4096 }));
    expect(error.code).toBe('fetch_too_large');
    expect(await fetchFeed(server.url('/small-on-the-wire.xml'), none, { ...limits, maxBytes: big.length })).toMatchObject({ body: big });
  });

  it('reports a connection reset as fetch_failed', async () => {
    server.route('/reset.xml', { fault: 'reset' });
    const error = await failure(fetchFeed(server.url('/reset.xml'), none, limits));
    expect(error.code).toBe('fetch_failed');
    expect(error.message).toContain(server.url('/reset.xml'));
  });

  it('stops when the caller cancels', async () => {
    server.route('/hang.xml', { fault: 'hang' });
    const controller = new AbortController();
    const pending = fetchFeed(server.url('/hang.xml'), none, limits, { signal: controller.signal });
    controller.abort(new Error('shutting down'));
    const error = await failure(pending);
    expect(error.code).toBe('fetch_failed');
    expect(error.message).toContain('was cancelled');
  });

  it('refuses a malformed URL', async () => {
    const error = await failure(fetchFeed('not a url', none, limits));
    expect(error.code).toBe('fetch_failed');
    expect(error.message).toBe("feed URL 'not a url' is not a valid URL; write it like https://example.org/feed.xml");
  });
});

describe('fetchFeed: redirects', () => {
  it('follows relative and absolute redirects to the final URL', async () => {
    server.route('/old.xml', { redirect: '/moved.xml', status: 301 });
    server.route('/moved.xml', { redirect: server.url('/feed.xml?v=2'), status: 308 });
    server.route('/feed.xml', { body: FEED });
    const result = await fetchFeed(server.url('/old.xml'), none, limits);
    expect(result).toMatchObject({ status: 'ok', body: FEED, finalUrl: server.url('/feed.xml?v=2') });
  });

  it('stops a chain longer than maxRedirects', async () => {
    for (let hop = 1; hop <= 4; hop += 1) server.route(`/r${hop}`, { redirect: `/r${hop + 1}` });
    server.route('/r5', { body: FEED });
    const error = await failure(fetchFeed(server.url('/r1'), none, limits));
    expect(error.code).toBe('fetch_too_many_redirects');
    expect(error.message).toBe(`feed '${server.url('/r1')}' (redirected to '${server.url('/r4')}') redirected more than 3 times; use the feed's final URL, or raise fetch.maxRedirects`);
    expect(server.requests('/r5')).toHaveLength(0);
    expect(await fetchFeed(server.url('/r1'), none, { ...limits, maxRedirects: 4 })).toMatchObject({ status: 'ok' });
    expect((await failure(fetchFeed(server.url('/r1'), none, { ...limits, maxRedirects: 1 }))).message).toContain('redirected more than 1 time;');
  });

  it('treats a redirect loop as too many redirects', async () => {
    server.route('/a', { redirect: '/b' });
    server.route('/b', { redirect: '/a' });
    expect((await failure(fetchFeed(server.url('/a'), none, limits))).code).toBe('fetch_too_many_redirects');
  });
});
