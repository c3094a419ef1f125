// Releases held alerts: every due digest (one channel, one hold reason) goes out as ONE message
// through platform.sendDigest, and all its entries are marked sent with that message in one
// statement. A digest is sealed before it is sent, so a retry or a restart after a crash sends
// the same digest under the same idempotency key; a digest the platform acknowledged is never
// sent again once its ack is stored (the unavoidable window is the one the README documents).
import { PlatformError, describeError } from '../domain/errors.ts';
import type { Alert, Digest, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from '../platforms/platform.ts';
import type { DigestClaim, OutboxStore, SubscriptionStore } from '../store/store.ts';
import { pausedNotice } from './notices.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './outbox-worker.ts';
import { nextRetryDelay } from './retry.ts';

export interface DigestReport {
  digests: number;
  alerts: number;
  retried: number;
  dead: number;
}

/**
 * The digest message for a claim: one alert per story, however many subscriptions of the
 * channel matched it, in the order the stories were first queued, each carrying its latest
 * state (a held update brings the story's newer sources).
 */
export function buildDigest(claim: DigestClaim, now: number): Digest {
  const byStory = new Map<string, Alert>();
  for (const entry of claim.entries) {
    const first = byStory.get(entry.alert.storyId);
    byStory.set(entry.alert.storyId, first ? { ...entry.alert, kind: first.kind } : entry.alert);
  }
  return {
    platform: claim.platform,
    workspace: claim.workspace,
    channel: claim.channel,
    reason: claim.reason,
    alerts: [...byStory.values()],
    windowStart: Math.min(...claim.entries.map((entry) => entry.createdAt)),
    windowEnd: now,
  };
}

export class DigestJob {
  constructor(
    private readonly store: OutboxStore & SubscriptionStore,
    private readonly platforms: ReadonlyMap<PlatformName, Platform>,
    private readonly log: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends every digest due now. */
  async release(): Promise<DigestReport> {
    const report: DigestReport = { digests: 0, alerts: 0, retried: 0, dead: 0 };
    const now = this.now();
    for (const claim of await this.store.claimDueDigests(now, now + this.policy.leaseMs)) {
      const result = await this.send(claim);
      report[result] += 1;
      if (result === 'digests') report.alerts += claim.entries.length;
    }
    return report;
  }

  private async send(claim: DigestClaim): Promise<'digests' | 'retried' | 'dead'> {
    const log = this.log.child({ digest: claim.key, platform: claim.platform, channel: claim.channel, reason: claim.reason, alerts: claim.entries.length });
    const platform = this.platforms.get(claim.platform);
    if (!platform) {
      await this.store.markDigestDead(claim.key, `no ${claim.platform} connection is configured: set its token (see .env.example), then retry the entries`, this.now());
      log.error('digest dead-lettered: no connection for its platform');
      return 'dead';
    }
    try {
      const ref = await platform.sendDigest(buildDigest(claim, this.now()), claim.key);
      await this.store.markDigestSent(claim.key, ref, this.now());
      log.info('digest sent');
      return 'digests';
    } catch (error) {
      const reason = describeError(error);
      if (error instanceof PlatformError && error.permanent) {
        await this.store.markDigestDead(claim.key, reason, this.now());
        for (const entry of uniqueSubscriptions(claim)) {
          await this.store.pauseSubscription(entry.subscriptionId, reason, this.now(), [pausedNotice(entry, reason)]);
        }
        log.error({ err: reason }, 'permanent platform error: digest dead-lettered, subscriptions paused');
        return 'dead';
      }
      if (error instanceof PlatformError && error.rejected) {
        await this.store.markDigestDead(claim.key, reason, this.now());
        log.error({ err: reason }, 'platform rejected this digest: dead-lettered, the channel keeps its subscriptions');
        return 'dead';
      }
      // Each attempt counts on every entry alike, so the first entry's count is the digest's.
      const attempts = claim.entries[0]?.attempts ?? 0;
      if (attempts + 1 >= maxAttemptsWithin(this.policy)) {
        await this.store.markDigestDead(claim.key, `gave up after ${attempts + 1} attempts: ${reason}`, this.now());
        log.error({ err: reason }, 'digest dead-lettered after its retry window');
        return 'dead';
      }
      const retryAfter = error instanceof PlatformError ? error.retryAfterMs : null;
      const delay = nextRetryDelay(retryAfter, attempts, this.policy.baseDelayMs, this.policy.maxDelayMs);
      await this.store.markDigestRetry(claim.key, reason, this.now() + delay);
      log.warn({ err: reason, delayMs: delay }, 'digest will be retried');
      return 'retried';
    }
  }
}

function uniqueSubscriptions(claim: DigestClaim): DigestClaim['entries'] {
  return [...new Map(claim.entries.map((entry) => [entry.subscriptionId, entry])).values()];
}

/**
 * How many attempts fit in the policy's retry window when each waits its longest backoff: a
 * held entry's age says nothing about its retries (it may have waited a day to be released).
 */
export function maxAttemptsWithin(policy: DeliveryPolicy): number {
  let elapsed = 0;
  let attempts = 0;
  while (elapsed < policy.maxAgeMs) {
    elapsed += Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempts, 30));
    attempts += 1;
  }
  return Math.max(1, attempts);
}
