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

/** The workspace bucket for `perHour` fetching commands an hour: up to 30 at once, then evenly spread. */
export function hourlyLimit(perHour: number): BucketLimit {
  return { capacity: Math.min(perHour, 30), refillEveryMs: Math.ceil(3_600_000 / perHour) };
}

export class CommandRateLimiter {
  private readonly users: Buckets;
  private readonly channels: Buckets;
  // The workspace limit comes from the live config; a changed limit starts its buckets afresh.
  private workspaces: { limit: string; buckets: Buckets } | null = null;
  private readonly maxKeys: number;

  constructor(options: RateLimiterOptions = {}) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.users = new Buckets(options.perUser ?? FETCH_RATE_LIMITS.perUser, this.maxKeys);
    this.channels = new Buckets(options.perChannel ?? FETCH_RATE_LIMITS.perChannel, this.maxKeys);
  }

  private workspaceBuckets(limit: BucketLimit): Buckets {
    const id = `${limit.capacity}/${limit.refillEveryMs}`;
    if (this.workspaces?.limit !== id) this.workspaces = { limit: id, buckets: new Buckets(limit, this.maxKeys) };
    return this.workspaces.buckets;
  }

  /**
   * Takes one fetch from the person's, the channel's and the workspace's bucket, or from none: a
   * refused command costs nothing. When refused, says which limit and how long until one is free.
   */
  take(key: RateKey, now: number, perWorkspace?: BucketLimit): RateDecision {
    const place = `${key.platform}\u0000${key.workspace ?? ''}`;
    const user = `${place}\u0000${key.userId}`;
    const channel = `${place}\u0000${key.channel}`;
    // Without a workspace limit (tests of the other two), the workspace is not counted.
    const workspaces = perWorkspace === undefined ? null : this.workspaceBuckets(perWorkspace);
    if (this.users.level(user, now) < 1) return { allowed: false, scope: 'user', retryAfterMs: this.users.retryAfter(user, now) };
    if (this.channels.level(channel, now) < 1) return { allowed: false, scope: 'channel', retryAfterMs: this.channels.retryAfter(channel, now) };
    if (workspaces !== null && workspaces.level(place, now) < 1) return { allowed: false, scope: 'workspace', retryAfterMs: workspaces.retryAfter(place, now) };
    this.users.take(user, now);
    this.channels.take(channel, now);
    workspaces?.take(place, now);
    return { allowed: true };
  }
}
