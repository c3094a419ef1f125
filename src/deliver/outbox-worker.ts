// Drains the durable outbox: every alert was written in the same transaction that marked its
// item seen, so nothing is lost if the process dies before this runs. An entry is marked sent
// only after the platform acknowledged it; the window between the platform's ack and
// markSent is the one place a crash can cause a repeat (see README "Delivery guarantees").
import { EventEmitter } from 'node:events';
import { PlatformError, describeError } from '../domain/errors.ts';
import type { MessageRef, OutboxEntry, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from '../platforms/platform.ts';
import type { Store } from '../store/store.ts';
import { retryDelay } from './retry.ts';

export interface DeliveryPolicy {
  /** Entries still failing after this long are dead-lettered with their last error. */
  maxAgeMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed entry is hidden from other workers while it is being sent. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAgeMs: 24 * 3_600_000,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 50,
};

export interface DrainReport {
  sent: number;
  retried: number;
  dead: number;
}

export interface DeliveredEvent {
  entry: OutboxEntry;
  ref: MessageRef;
}

export class OutboxWorker extends EventEmitter<{ delivered: [DeliveredEvent] }> {
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly platforms: ReadonlyMap<PlatformName, Platform>,
    private readonly log: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
    now: () => number = Date.now,
  ) {
    super();
    this.now = now;
  }

  /** Sends everything due now, batch after batch, until nothing due is left. */
  async drain(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const now = this.now();
      const batch = await this.store.claimDueOutbox(now, this.policy.batchSize, now + this.policy.leaseMs);
      if (batch.length === 0) return report;
      for (const entry of batch) {
        const result = await this.deliver(entry);
        report[result] += 1;
      }
    }
  }

  private async deliver(entry: OutboxEntry): Promise<keyof DrainReport> {
    const { alert } = entry;
    const log = this.log.child({ outboxId: entry.id, subscriptionId: entry.subscriptionId, storyId: alert.storyId, platform: alert.platform, channel: alert.channel });
    const platform = this.platforms.get(alert.platform);
    if (!platform) {
      const reason = `no ${alert.platform} connection is configured: set its token (see .env.example), then run 'herald outbox retry ${entry.id}'`;
      await this.store.markDead(entry.id, reason, this.now());
      log.error({ reason }, 'alert dead-lettered');
      return 'dead';
    }
    try {
      const ref = await this.send(platform, entry);
      if (!ref) return this.retry(entry, 'waiting for the original alert of this story to be delivered', null, log);
      await this.store.markSent(entry.id, ref, this.now());
      this.emit('delivered', { entry, ref });
      return 'sent';
    } catch (error) {
      if (error instanceof PlatformError && error.permanent) {
        await this.store.markDead(entry.id, error.message, this.now());
        await this.store.updateSubscription(entry.subscriptionId, { paused: true, pausedReason: error.message });
        log.error({ err: error.message, code: error.code }, 'permanent platform error: alert dead-lettered, subscription paused');
        return 'dead';
      }
      const retryAfter = error instanceof PlatformError ? error.retryAfterMs : null;
      return this.retry(entry, describeError(error), retryAfter, log);
    }
  }

  /** A story update edits the message posted for the story; null until that message exists. */
  private async send(platform: Platform, entry: OutboxEntry): Promise<MessageRef | null> {
    if (entry.alert.kind === 'new') return platform.send(entry.alert, entry.idempotencyKey);
    const original = await this.store.sentMessage(entry.subscriptionId, entry.alert.storyId);
    if (!original) return null;
    await platform.update(original, entry.alert);
    return original;
  }

  private async retry(entry: OutboxEntry, reason: string, retryAfterMs: number | null, log: Logger): Promise<keyof DrainReport> {
    const now = this.now();
    if (now - entry.createdAt >= this.policy.maxAgeMs) {
      await this.store.markDead(entry.id, `gave up after ${entry.attempts + 1} attempts: ${reason}`, now);
      log.error({ err: reason, attempts: entry.attempts + 1 }, 'alert dead-lettered after its retry window');
      return 'dead';
    }
    const delay = retryAfterMs ?? retryDelay(entry.attempts, this.policy.baseDelayMs, this.policy.maxDelayMs);
    await this.store.markRetry(entry.id, reason, now + delay);
    log.warn({ err: reason, attempts: entry.attempts + 1, delayMs: delay }, 'alert delivery will be retried');
    return 'retried';
  }
}
