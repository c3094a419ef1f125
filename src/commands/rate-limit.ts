// Token buckets for commands that fetch (subscribe by URL, test, feed add): one per person, one
// per channel and one per workspace, so neither one person, a busy channel nor one tenant's many
// channels can turn Herald into a fetcher of arbitrary URLs at speed. Time is passed in, so tests
// drive it with plain numbers.
import type { PlatformName } from '../domain/types.ts';
import { FETCH_RATE_LIMITS } from './limits.ts';

export interface BucketLimit {
  /** Fetching commands allowed in a burst. */
  capacity: number;
  /** One more is allowed every this many milliseconds, up to the capacity. */
  refillEveryMs: number;
}

export interface RateLimiterOptions {
  perUser?: BucketLimit;
  perChannel?: BucketLimit;
  /** Buckets kept per scope before full ones (and then the oldest) are forgotten. */
  maxKeys?: number;
}

export interface RateKey {
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  userId: string;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: 'user' | 'channel' | 'workspace'; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

class Buckets {
  // Map order is insertion order; every use re-inserts, so the first entries are the least recent.
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly maxKeys: number,
  ) {}

  /** Tokens available at `now` (fractional while refilling). */
  level(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return this.limit.capacity;
    const refilled = Math.max(0, now - bucket.updatedAt) / this.limit.refillEveryMs;
    return Math.min(this.limit.capacity, bucket.tokens + refilled);
  }

  retryAfter(key: string, now: number): number {
    return Math.ceil((1 - this.level(key, now)) * this.limit.refillEveryMs);
  }

  take(key: string, now: number): void {
    const tokens = this.level(key, now) - 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, updatedAt: now });
    if (this.buckets.size > this.maxKeys) this.forget(now);
  }

  /** A full bucket is the same as no bucket; past that, the least recently used go first. */
  private forget(now: number): void {
    for (const key of this.buckets.keys()) {
      if (this.level(key, now) >= this.limit.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

/** A bucket for `perHour` fetching commands an hour: up to `burst` at once, then evenly spread. */
export function hourlyLimit(perHour: number, burst: number): BucketLimit {
  return { capacity: Math.min(perHour, burst), refillEveryMs: Math.ceil(3_600_000 / perHour) };
}

/** Limits the config sets (it reloads live), given per take; a perUser given to the constructor (tests) wins. */
export interface LiveLimits {
  perUser?: BucketLimit;
  perWorkspace?: BucketLimit;
}

/** Buckets under a limit that may change: a changed limit starts its buckets afresh. */
class LiveBuckets {
  private current: { id: string; buckets: Buckets } | null = null;

  constructor(private readonly maxKeys: number) {}

  under(limit: BucketLimit): Buckets {
    const id = `${limit.capacity}/${limit.refillEveryMs}`;
    if (this.current?.id !== id) this.current = { id, buckets: new Buckets(limit, this.maxKeys) };
    return this.current.buckets;
  }
}

/**
 * A subscribe's preview of feeds its person fetched within this time (a feed add, a test) is
 * free, once: adding a feed and subscribing to it is one setup step, not two fetches.
 */
export const FOLLOW_UP_MS = 60_000;

/** What a command fetches; `followUp`: a preview that is free right after the same person fetched the same feeds. */
export interface FetchTargets {
  urls: readonly string[];
  followUp?: boolean;
}

export class CommandRateLimiter {
  /** Feeds each person fetched lately ("user\0url" -> when), each good for one free follow-up. */
  private readonly followUps = new Map<string, number>();
  private readonly users: Buckets;
  private readonly usersFixed: boolean;
  private readonly channels: Buckets;
  private readonly liveUsers: LiveBuckets;
  private readonly workspaces: LiveBuckets;

  constructor(options: RateLimiterOptions = {}) {
    const maxKeys = options.maxKeys ?? 10_000;
    this.users = new Buckets(options.perUser ?? FETCH_RATE_LIMITS.perUser, maxKeys);
    this.usersFixed = options.perUser !== undefined;
    this.channels = new Buckets(options.perChannel ?? FETCH_RATE_LIMITS.perChannel, maxKeys);
    this.liveUsers = new LiveBuckets(maxKeys);
    this.workspaces = new LiveBuckets(maxKeys);
  }

  /**
   * Takes one fetch from the person's, the channel's and the workspace's bucket, or from none: a
   * refused command costs nothing. When refused, says which limit and how long until one is free.
   * Without a workspace limit (tests of the other two), the workspace is not counted.
   */
  take(key: RateKey, now: number, live: LiveLimits = {}, fetch: FetchTargets = { urls: [] }): RateDecision {
    const { urls } = fetch;
    const place = `${key.platform}\u0000${key.workspace ?? ''}`;
    const user = `${place}\u0000${key.userId}`;
    if (fetch.followUp === true && this.followUp(user, urls, now)) return { allowed: true };
    const channel = `${place}\u0000${key.channel}`;
    const users = this.usersFixed || live.perUser === undefined ? this.users : this.liveUsers.under(live.perUser);
    const workspaces = live.perWorkspace === undefined ? null : this.workspaces.under(live.perWorkspace);
    if (users.level(user, now) < 1) return { allowed: false, scope: 'user', retryAfterMs: users.retryAfter(user, now) };
    if (this.channels.level(channel, now) < 1) return { allowed: false, scope: 'channel', retryAfterMs: this.channels.retryAfter(channel, now) };
    if (workspaces !== null && workspaces.level(place, now) < 1) return { allowed: false, scope: 'workspace', retryAfterMs: workspaces.retryAfter(place, now) };
    users.take(user, now);
    this.channels.take(channel, now);
    workspaces?.take(place, now);
    for (const url of urls) this.followUps.set(`${user}\u0000${url}`, now);
    return { allowed: true };
  }

  /** Whether every URL was fetched by this person within FOLLOW_UP_MS; uses up that free follow-up. */
  private followUp(user: string, urls: readonly string[], now: number): boolean {
    for (const [entry, at] of this.followUps) if (now - at >= FOLLOW_UP_MS) this.followUps.delete(entry);
    const keys = urls.map((url) => `${user}\u0000${url}`);
    if (keys.length === 0 || !keys.every((entry) => this.followUps.has(entry))) return false;
    for (const entry of keys) this.followUps.delete(entry);
    return true;
  }
}
