// Guarded HTTP fetch of one feed: conditional GET, our own decompression under a size cap, an
// overall deadline, redirects followed by hand with every hop re-checked by the SSRF guard, and
// a coded HeraldError for every way it can fail. No library's own URL fetching may be used
// instead: those follow redirects into loopback and have no size cap.
import dns from 'node:dns';
import { STATUS_CODES } from 'node:http';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { HeraldError } from '../domain/errors.ts';
import { plural } from '../text/plural.ts';
import { BlockedAddressError, guardLookup, urlRefusal } from './address-guard.ts';
import type { Refusal, TargetPolicy } from './address-guard.ts';
import { decodeFeedBody } from './body-encoding.ts';
import type { FetchLimits } from './fetch-limits.ts';
import { ACCEPT_ENCODING, BodyTooLargeError, UnsupportedEncodingError, readBody } from './response-body.ts';

// The limits live apart from the fetch so that code which only builds them (app.ts at start)
// does not load undici; every importer of the fetch still finds them here.
export { DEFAULT_USER_AGENT, fetchLimitsFromConfig, type FetchLimits } from './fetch-limits.ts';

export type FetchResult =
  | { status: 'not_modified'; finalUrl: string }
  | {
      status: 'ok';
      /** SHA-256 (hex) of the body as sent, decompressed: what a poll compares to tell an unchanged feed. */
      bodyHash: string;
      /** The body as text, decoded on first read (body-encoding.ts): a poll whose body hashes as last time's never reads it. */
      readonly body: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
    };

export interface FetchValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface FetchOptions {
  /** Cancels the fetch (shutdown); it then fails with fetch_failed. */
  signal?: AbortSignal;
  /** Resolver used instead of DNS (tests); its answers pass through the same guard. */
  lookup?: LookupFunction;
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const defaultLookup = dns.lookup as LookupFunction;

// One keep-alive agent per (policy, resolver), so a poll cycle (or a run of webhook posts) reuses
// connections instead of opening one per request. The guard holds for pooled sockets: undici
// pools per origin, every NEW connection goes through the guarded lookup (IP literals are refused
// by urlRefusal before the request), so a reused socket is one that was checked when it opened,
// for the same host. Keyed weakly: an agent lives as long as its policy object; idle sockets are
// unref'd and time out.
// undici's own timers are off (they tick at about one second): our timers decide.
const agents = new WeakMap<TargetPolicy, WeakMap<LookupFunction, Agent>>();

/** The guarded keep-alive agent for `policy` (its connect timeout, when it has one) and `lookup`. */
export function guardedAgent(policy: TargetPolicy & { timeoutMs?: number }, lookup: LookupFunction): Agent {
  let byLookup = agents.get(policy);
  if (byLookup === undefined) {
    byLookup = new WeakMap();
    agents.set(policy, byLookup);
  }
  let agent = byLookup.get(lookup);
  if (agent === undefined) {
    const connect = { lookup: guardLookup(lookup, policy), ...(policy.timeoutMs === undefined ? {} : { timeout: policy.timeoutMs }) };
    agent = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 });
    byLookup.set(lookup, agent);
  }
  return agent;
}

/** Remote or user text inside a message: bounded and on one line. */
function quote(text: string): string {
  const flat = text.replace(/\p{Cc}/gu, ' ');
  return `'${flat.length > 200 ? `${flat.slice(0, 200)}...` : flat}'`;
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Names the feed, and the hop too when a redirect led elsewhere. */
function target(feedUrl: string, hop: URL): string {
  return hop.href === feedUrl ? quote(feedUrl) : `${quote(feedUrl)} (redirected to ${quote(hop.href)})`;
}

function blocked(feedUrl: string, hop: URL, refusal: Refusal): HeraldError {
  return new HeraldError('fetch_blocked', `refusing to fetch ${target(feedUrl, hop)}: ${refusal.reason}; ${refusal.fix}`, { url: feedUrl });
}

function statusFix(status: number): string {
  if (status === 401 || status === 403) return 'the feed is not public; use a feed URL that needs no login';
  if (status === 404 || status === 410) return 'check the feed URL; the feed may have moved or been removed';
  if (status === 429) return 'the site is rate-limiting Herald; give this feed a longer interval';
  if (status >= 500) return 'the site is failing; Herald retries on the next poll';
  return 'check the feed URL';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A fetch failure as a HeraldError naming the feed and a fix; never loses the cause. */
function describeFailure(error: unknown, feedUrl: string, hop: URL): HeraldError {
  const where = target(feedUrl, hop);
  const context = { url: feedUrl };
  const cause = { cause: error };
  if (error instanceof HeraldError) return error;
  if (error instanceof BlockedAddressError) return blocked(feedUrl, hop, error.refusal);
  if (error instanceof BodyTooLargeError) {
    return new HeraldError('fetch_too_large', `feed ${where} is larger than ${error.maxBytes} bytes (after decompression); raise fetch.maxBytes if the feed is really this big`, context, cause);
  }
  if (error instanceof UnsupportedEncodingError) {
    return new HeraldError('fetch_failed', `feed ${where} was sent with Content-Encoding ${quote(error.encoding)}, which Herald cannot decode; ask the site to serve gzip, deflate or br`, context, cause);
  }
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HeraldError('fetch_failed', `feed ${where}: the host name ${quote(hop.hostname)} does not resolve; check the feed URL's host`, context, cause);
  }
  if (code === 'ECONNREFUSED') {
    return new HeraldError('fetch_failed', `feed ${where} refused the connection; check the URL's host and port, or whether the site is up`, context, cause);
  }
  // node:zlib codes its own failures Z_* (gzip, deflate) and ERR__* (brotli decoder errors).
  if (code?.startsWith('Z_') || code?.startsWith('ERR__')) {
    return new HeraldError('fetch_failed', `feed ${where} sent a body that does not decompress; the site's compression is broken, Herald retries on the next poll`, context, cause);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new HeraldError('fetch_failed', `feed ${where} could not be fetched (${quote(detail)}); check the URL, or wait for the site to recover`, context, cause);
}

/**
 * Fetches one feed, sending the validators from its last response as a conditional GET.
 * Throws HeraldError: fetch_blocked, fetch_timeout, fetch_too_large, fetch_too_many_redirects,
 * fetch_http_status or fetch_failed, each with context { url } and a message naming the fix.
 */
export async function fetchFeed(url: string, validators: FetchValidators, limits: FetchLimits, options: FetchOptions = {}): Promise<FetchResult> {
  let hop: URL;
  try {
    hop = new URL(url);
  } catch (error) {
    throw new HeraldError('fetch_failed', `feed URL ${quote(url)} is not a valid URL; write it like https://example.org/feed.xml`, { url }, { cause: error });
  }

  // One controller carries both the caller's cancel and our deadline, so a hung connect, a
  // silent server and a 1 byte/s drip all end at the same wall-clock limit.
  const controller = new AbortController();
  let phase: 'response' | 'body' = 'response';
  const timeout = (what: string, ms: number, fix: string): void => {
    controller.abort(new HeraldError('fetch_timeout', `feed ${target(url, hop)} ${what} within ${ms} ms; ${fix}`, { url }));
  };
  const deadline = setTimeout(() => {
    const what = phase === 'response' ? 'did not answer' : 'did not finish sending its body';
    timeout(what, limits.timeoutMs, 'check that the site is up, or raise fetch.timeout');
  }, limits.timeoutMs);
  const onCancel = (): void => controller.abort(new HeraldError('fetch_failed', `fetch of feed ${quote(url)} was cancelled before it finished`, { url }, { cause: options.signal?.reason }));
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });

  const agent = guardedAgent(limits, options.lookup ?? defaultLookup);

  const headers: Record<string, string> = { accept: ACCEPT, 'accept-encoding': ACCEPT_ENCODING, 'user-agent': limits.userAgent };
  if (validators.etag !== null) headers['if-none-match'] = validators.etag;
  if (validators.lastModified !== null) headers['if-modified-since'] = validators.lastModified;

  try {
    for (let redirects = 0; ; redirects += 1) {
      const refusal = urlRefusal(hop, limits);
      if (refusal !== null) throw blocked(url, hop, refusal);

      phase = 'response';
      const { firstByteTimeoutMs } = limits;
      const firstByte = firstByteTimeoutMs === undefined ? undefined : setTimeout(() => timeout('sent no response headers', firstByteTimeoutMs, 'check that the site is up'), firstByteTimeoutMs);
      const response = await request(hop, { method: 'GET', headers, dispatcher: agent, signal: controller.signal }).finally(() => clearTimeout(firstByte));
      const status = response.statusCode;
      const location = header(response.headers.location);

      if (REDIRECT_STATUSES.has(status) && location !== null) {
        await response.body.dump();
        if (redirects >= limits.maxRedirects) {
          throw new HeraldError('fetch_too_many_redirects', `feed ${target(url, hop)} redirected more than ${plural(limits.maxRedirects, 'time')}; use the feed's final URL, or raise fetch.maxRedirects`, { url });
        }
        try {
          hop = new URL(location, hop);
        } catch (error) {
          throw new HeraldError('fetch_failed', `feed ${target(url, hop)} redirected to ${quote(location)}, which is not a valid URL; use the feed's final URL`, { url }, { cause: error });
        }
        continue;
      }
      if (status === 304) {
        await response.body.dump();
        return { status: 'not_modified', finalUrl: hop.href };
      }
      if (status < 200 || status > 299) {
        await response.body.dump();
        const reason = STATUS_CODES[status] ?? 'unknown status';
        throw new HeraldError('fetch_http_status', `feed ${target(url, hop)} answered HTTP ${status} ${reason}; ${statusFix(status)}`, { url, status });
      }

      phase = 'body';
      const read = await readBody(response.body, header(response.headers['content-encoding']), limits.maxBytes);
      const contentType = header(response.headers['content-type']);
      let body: string | null = null;
      return {
        status: 'ok',
        bodyHash: read.sha256,
        get body() {
          body ??= decodeFeedBody(read.bytes(), contentType);
          return body;
        },
        contentType,
        etag: header(response.headers.etag),
        lastModified: header(response.headers['last-modified']),
        finalUrl: hop.href,
      };
    }
  } catch (error) {
    // After an abort, whatever undici or the stream chain threw is only the echo of our reason.
    throw describeFailure(controller.signal.aborted ? controller.signal.reason : error, url, hop);
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onCancel);
  }
}
