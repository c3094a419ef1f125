// The REST client every Discord call goes through, with its rate-limit waits bounded.
// @discordjs/rest waits out every 429 and every exhausted bucket, again and again, for as long
// as Discord asks. Herald's outbox sends one entry at a time, so one channel that is always
// limited would stall every other channel. Each call gets a wait budget instead: waits that fit
// in it are taken (short 429s are routine), and the first that does not rejects the call with
// RateLimitError, which becomes a PlatformError the outbox retries after the asked delay.
import { AsyncLocalStorage } from 'node:async_hooks';
import { REST, type RateLimitData } from '@discordjs/rest';

export interface RateLimitBudget {
  /** Total milliseconds one call may spend waiting for rate limits before it is rejected. */
  maxWaitMs: number;
  /**
   * Pauses one call may take. A 429 usually costs two (the answer itself, then the bucket
   * reset it announced), and each 429 counts towards Discord's invalid-request ban.
   */
  maxWaits: number;
}

export const DEFAULT_RATE_LIMIT_BUDGET: RateLimitBudget = { maxWaitMs: 5_000, maxWaits: 4 };

export interface DiscordRestOptions {
  token: string;
  /** DISCORD_API_URL, for proxies and tests; null for discord.com. */
  apiUrl: string | null;
  budget?: RateLimitBudget;
  /** Per request; a timed-out message send is safe to repeat because of its nonce. */
  timeoutMs?: number;
}

interface CallBudget {
  waitedMs: number;
  waits: number;
}

/** How long @discordjs/rest is about to wait for this limit. */
export function rateLimitWaitMs(data: RateLimitData): number {
  return Math.max(data.retryAfter, data.timeToReset, data.sublimitTimeout, 0);
}

/**
 * A REST client for DISCORD_TOKEN whose rate-limit waits are bounded per call: run each call
 * through `bounded` (calls made outside it get one wait of at most maxWaitMs).
 */
export class DiscordRest {
  readonly rest: REST;
  private readonly calls = new AsyncLocalStorage<CallBudget>();
  private readonly budget: RateLimitBudget;

  constructor(options: DiscordRestOptions) {
    this.budget = options.budget ?? DEFAULT_RATE_LIMIT_BUDGET;
    this.rest = new REST({
      ...(options.apiUrl === null ? {} : { api: options.apiUrl.replace(/\/+$/u, '') }),
      rejectOnRateLimit: (data) => this.overBudget(data),
      // 5xx and timeouts are retried once here; the outbox retries later with backoff.
      retries: 1,
      timeout: options.timeoutMs ?? 15_000,
    }).setToken(options.token);
  }

  /** Runs one logical call (which may make several requests) under its own wait budget. */
  bounded<T>(call: () => Promise<T>): Promise<T> {
    return this.calls.run({ waitedMs: 0, waits: 0 }, call);
  }

  private overBudget(data: RateLimitData): boolean {
    const wait = rateLimitWaitMs(data);
    const spent = this.calls.getStore() ?? { waitedMs: 0, waits: this.budget.maxWaits - 1 };
    if (spent.waits >= this.budget.maxWaits || spent.waitedMs + wait > this.budget.maxWaitMs) return true;
    spent.waits += 1;
    spent.waitedMs += wait;
    return false;
  }
}
