// One signed JSON POST to a webhook target through the feed fetch's SSRF guard: the URL is
// checked before connecting (scheme, port, IP literals) and every address a host name resolves
// to when the connection opens (guardLookup). Redirects are not followed. The answer becomes a
// PlatformError the outbox's one failure policy understands: 2xx sent; 408, 429, 5xx, timeouts
// and refused connections retried; any other 4xx or 3xx permanent, with the reason.
import dns from 'node:dns';
import { STATUS_CODES } from 'node:http';
import type { LookupFunction } from 'node:net';
import { request } from 'undici';
import { describeError, PlatformError } from '../../domain/errors.ts';
import { BlockedAddressError, urlRefusal, type TargetPolicy } from '../../feeds/address-guard.ts';
import { guardedAgent } from '../../feeds/fetch.ts';
import { shownUrl } from './settings.ts';

export interface PostOptions {
  target: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** The guard; posts under one policy object share one keep-alive agent (settings.ts targetPolicy). */
  policy: TargetPolicy;
  timeoutMs: number;
  userAgent: string;
  /** Resolver used instead of DNS (tests); its answers pass through the same guard. */
  lookup?: LookupFunction;
}

function retryAfterMs(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export async function postJson(options: PostOptions): Promise<void> {
  const { target, url, policy } = options;
  const where = `webhook target '${target}' (${shownUrl(url)})`;
  const context = { channel: target };
  const refusal = urlRefusal(new URL(url), policy);
  if (refusal !== null) throw new PlatformError('platform_permanent', `Herald will not post to ${where}: ${refusal.reason}; ${refusal.fix}`, context);
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  try {
    const response = await request(url, {
      method: 'POST',
      body: options.body,
      headers: { 'content-type': 'application/json', 'user-agent': options.userAgent, ...options.headers },
      dispatcher: guardedAgent(policy, options.lookup ?? (dns.lookup as LookupFunction)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.statusCode;
    headers = response.headers;
    // The receiver's answer is not read: only its status counts.
    await response.body.dump();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof BlockedAddressError ? error.cause : error;
    if (cause instanceof BlockedAddressError) {
      throw new PlatformError('platform_permanent', `Herald will not post to ${where}: ${cause.refusal.reason}; ${cause.refusal.fix}`, context, { cause });
    }
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `no answer within ${options.timeoutMs / 1000}s` : describeError(error);
    throw new PlatformError('platform_transient', `could not post to ${where}: ${reason}; Herald retries`, context, { cause: error });
  }
  if (status >= 200 && status < 300) return;
  const answer = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (status === 429) {
    throw new PlatformError('platform_rate_limited', `${where} answered ${answer}; Herald waits and retries`, context, { retryAfterMs: retryAfterMs(headers['retry-after']) });
  }
  if (status === 408 || status >= 500) throw new PlatformError('platform_transient', `${where} answered ${answer}; Herald retries`, context);
  const fix =
    status >= 300 && status < 400
      ? 'Herald does not follow redirects; set the url to where it redirects'
      : status === 401 || status === 403
        ? "check that the receiver verifies X-Herald-Signature with this target's secret"
        : status === 404 || status === 410
          ? 'check the url in webhooks:'
          : 'check what the receiver expects (format: herald or slack)';
  throw new PlatformError('platform_permanent', `${where} refused the post with ${answer}; ${fix}`, context);
}
