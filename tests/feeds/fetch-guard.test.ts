// The SSRF guard inside fetchFeed, against the local feed server. Host names reach the server
// through fakeResolver (feeds.test, inner.test -> 127.0.0.1), so the connect-time check sees a
// loopback answer exactly as it would from a rebinding DNS server. Nothing here leaves 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { fetchFeed } from '../../src/feeds/fetch.ts';
import type { FetchLimits } from '../../src/feeds/fetch.ts';
import { fakeResolver, startFeedServer } from '../fakes/feed-server.ts';
import type { FeedServer } from '../fakes/feed-server.ts';

const FEED = '<rss version="2.0"><channel><title>Valley Weather Notes</title></channel></rss>';
const none = { etag: null, lastModified: null };
const lookup = fakeResolver({ 'feeds.test': ['127.0.0.1'], 'inner.test': ['127.0.0.1'], 'mixed.test': ['10.9.8.7', '::1'] });
const PRIVATE_FIX = 'set fetch.allowPrivateAddresses: true to allow private networks';

let server: FeedServer;
let guarded: FetchLimits;
beforeEach(async () => {
  server = await startFeedServer();
  server.route('/feed.xml', { body: FEED });
  guarded = { timeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivateAddresses: false, allowedPorts: [80, 443, server.port], userAgent: 'HeraldTest/1' };
});
afterEach(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<HeraldError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HeraldError);
  return error as HeraldError;
}

/** feeds.test on the server's port, trusted: the one private host the guarded fetch may reach. */
function trustedUrl(path: string): string {
  return `http://feeds.test:${server.port}${path}`;
}
const trusting = (limits: FetchLimits): FetchLimits => ({ ...limits, trustedHosts: ['feeds.test'] });

describe('fetchFeed with the address guard on', () => {
  it('refuses a loopback literal before connecting', async () => {
    const error = await failure(fetchFeed(server.url('/feed.xml'), none, guarded));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${server.url('/feed.xml')}': 127.0.0.1 is a loopback address; ${PRIVATE_FIX}`);
    expect(error.context).toEqual({ url: server.url('/feed.xml') });
    expect(server.requests()).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback, at connect time', async () => {
    const url = `http://inner.test:${server.port}/feed.xml`;
    const error = await failure(fetchFeed(url, none, guarded, { lookup }));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${url}': inner.test resolves to 127.0.0.1 is a loopback address; ${PRIVATE_FIX}`);
    expect(server.requests()).toHaveLength(0);
  });

  it('names every refused address of a host', async () => {
    const error = await failure(fetchFeed(`http://mixed.test:${server.port}/`, none, guarded, { lookup }));
    expect(error.message).toContain('mixed.test resolves to 10.9.8.7 is a private network address; ::1 is a loopback address;');
  });

  it('reaches a trusted host, and refuses its redirect to a loopback literal', async () => {
    expect(await fetchFeed(trustedUrl('/feed.xml'), none, trusting(guarded), { lookup })).toMatchObject({ status: 'ok', body: FEED });

    server.route('/to-literal', { redirect: server.url('/feed.xml') });
    const error = await failure(fetchFeed(trustedUrl('/to-literal'), none, trusting(guarded), { lookup }));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${trustedUrl('/to-literal')}' (redirected to '${server.url('/feed.xml')}'): 127.0.0.1 is a loopback address; ${PRIVATE_FIX}`);
    expect(server.requests('/feed.xml')).toHaveLength(1);
  });

  it('refuses a redirect to a host name that resolves to loopback', async () => {
    server.route('/to-inner', { redirect: `http://inner.test:${server.port}/feed.xml` });
    const error = await failure(fetchFeed(trustedUrl('/to-inner'), none, trusting(guarded), { lookup }));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toContain('inner.test resolves to 127.0.0.1 is a loopback address');
    expect(server.requests('/feed.xml')).toHaveLength(0);
  });

  it('refuses a redirect to the metadata address in its decimal form', async () => {
    server.route('/to-metadata', { redirect: 'http://2852039166/latest/meta-data/' });
    const error = await failure(fetchFeed(trustedUrl('/to-metadata'), none, trusting(guarded), { lookup }));
    expect(error.message).toContain("(redirected to 'http://169.254.169.254/latest/meta-data/'): 169.254.169.254 is the cloud metadata address");
  });

  it('refuses a port outside allowedPorts', async () => {
    const url = `http://inner.test:${server.port}/feed.xml`;
    const error = await failure(fetchFeed(url, none, { ...guarded, allowedPorts: [80, 443] }, { lookup }));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${url}': port ${server.port} is not in fetch.allowedPorts (80, 443); add ${server.port} to fetch.allowedPorts`);
    expect(server.requests()).toHaveLength(0);
  });
});

describe('fetchFeed checks that hold even with allowPrivateAddresses', () => {
  const open = (limits: FetchLimits): FetchLimits => ({ ...limits, allowPrivateAddresses: true });

  it('reaches the local server on a port in allowedPorts', async () => {
    expect(await fetchFeed(server.url('/feed.xml'), none, open(guarded))).toMatchObject({ status: 'ok' });
  });

  it('refuses a port outside allowedPorts with a coded error naming the port and fetch.allowedPorts (issue 18)', async () => {
    const url = server.url('/feed.xml');
    const error = await failure(fetchFeed(url, none, { ...open(guarded), allowedPorts: [80, 443] }));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${url}': port ${server.port} is not in fetch.allowedPorts (80, 443); add ${server.port} to fetch.allowedPorts`);
    expect(server.requests()).toHaveLength(0);
  });

  it('refuses a redirect to a port outside allowedPorts', async () => {
    server.route('/to-other-port', { redirect: 'http://127.0.0.1:18680/admin' });
    const error = await failure(fetchFeed(server.url('/to-other-port'), none, open(guarded)));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toContain('port 18680 is not in fetch.allowedPorts');
  });

  it('refuses credentials in the URL', async () => {
    const url = `http://reader:hunter2@127.0.0.1:${server.port}/feed.xml`;
    const error = await failure(fetchFeed(url, none, open(guarded)));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe(`refusing to fetch '${url}': the URL carries a user name or password; remove the credentials from the URL`);
    expect(server.requests()).toHaveLength(0);
  });

  it('refuses a scheme other than http and https', async () => {
    const error = await failure(fetchFeed('ftp://127.0.0.1/feed.xml', none, open(guarded)));
    expect(error.code).toBe('fetch_blocked');
    expect(error.message).toBe("refusing to fetch 'ftp://127.0.0.1/feed.xml': ftp URLs cannot be fetched; use an http or https URL");
  });

  it('re-checks every redirect hop', async () => {
    server.route('/to-file', { redirect: 'file:///etc/passwd' });
    server.route('/to-credentials', { redirect: `http://reader:pw@127.0.0.1:${server.port}/feed.xml` });
    expect((await failure(fetchFeed(server.url('/to-file'), none, open(guarded)))).message).toContain('file URLs cannot be fetched');
    expect((await failure(fetchFeed(server.url('/to-credentials'), none, open(guarded)))).message).toContain('the URL carries a user name or password');
    expect(server.requests('/feed.xml')).toHaveLength(0);
  });
});
