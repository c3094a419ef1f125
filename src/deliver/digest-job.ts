// Releases held alerts: every due digest (one channel, one hold reason) goes out as ONE message
// through platform.sendDigest, and all its entries are marked sent with that message in one
// statement. A digest is sealed before it is sent, so a retry or a restart after a crash sends
// the same digest under the same idempotency key; a digest the platform acknowledged is never
// sent again once its ack is stored (the unavoidable window is the one the README documents).
import type { Alert, Digest, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from '../platforms/platform.ts';
import type { DigestClaim, OutboxStore, SubscriptionStore } from '../store/store.ts';
import { pausedNotice } from './notices.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './outbox-worker.ts';
import { decideFailure } from './failure-policy.ts';

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
      // Each attempt counts on every entry alike, so the first entry's count is the digest's; held
      // alerts waited before their first send, so their age is not how long the digest was tried.
      const attempts = claim.entries[0]?.attempts ?? 0;
      const decision = decideFailure(error, { attempts, firstTriedAt: null }, this.policy, this.now());
      if (decision.action === 'retry') {
        await this.store.markDigestRetry(claim.key, decision.reason, this.now() + decision.delayMs);
        log.warn({ err: decision.reason, delayMs: decision.delayMs }, 'digest will be retried');
        return 'retried';
      }
      await this.store.markDigestDead(claim.key, decision.reason, this.now());
      if (decision.pause) {
        for (const entry of uniqueSubscriptions(claim)) {
          await this.store.pauseSubscription(entry.subscriptionId, decision.reason, this.now(), [pausedNotice(entry, decision.reason)]);
        }
        log.error({ err: decision.reason }, 'permanent platform error: digest dead-lettered, subscriptions paused');
      } else if (decision.cause === 'rejected') {
        log.error({ err: decision.reason }, 'platform rejected this digest: dead-lettered, the channel keeps its subscriptions');
      } else {
        log.error({ err: decision.reason }, 'digest dead-lettered after its retry window');
      }
      return 'dead';
    }
  }
}

function uniqueSubscriptions(claim: DigestClaim): DigestClaim['entries'] {
  return [...new Map(claim.entries.map((entry) => [entry.subscriptionId, entry])).values()];
}
