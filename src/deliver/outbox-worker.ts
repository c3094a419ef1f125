// Drains the durable outbox: every alert was written in the same transaction that marked its
// item seen, so nothing is lost if the process dies before this runs. An entry is marked sent
// only after the platform acknowledged it; the window between the platform's ack and
// markSent is the one place a crash can cause a repeat (see README "Delivery guarantees").
// A 'new' alert that must wait (digest mode, quiet hours, the channel's hourly cap) is held
// for the digest job instead of sent; a channel's alerts go out in the order they were queued.
import pLimit from 'p-limit';
import type { Alert, OutboxEntry, PlatformName, Subscription } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from '../platforms/platform.ts';
import type { ChannelStateStore, OutboxStore, SubscriptionStore } from '../store/store.ts';
import { NO_CHANNEL_LIMITS, type ChannelPolicies } from './channel-policy.ts';
import { decideFailure, type RetryPolicy } from './failure-policy.ts';
import { capHold, capWindow, scheduledHold, type ChannelPolicy, type Hold } from './hold-policy.ts';
import { liveAlert, type LiveAlert } from './live-alert.ts';
import { pausedNotice } from './notices.ts';
import { waitFor, yieldToEventLoop } from './wait.ts';

/** How alerts, digests and notices are delivered and retried (failure-policy.ts). */
export interface DeliveryPolicy extends RetryPolicy {
  /** How long a claimed entry is hidden from other workers while it is being sent. */
  leaseMs: number;
  /** Entries claimed per round, across channels. */
  batchSize: number;
  /**
   * Entries of one channel claimed per round. One: each round sends every channel with
   * something due its next alert, so a channel's backlog waits for that channel's own pace
   * (Slack: one message per second) and never for another channel's.
   */
  perChannel: number;
  /** Channels sent to at the same time; each channel's alerts still go out one by one, in order. */
  channelConcurrency: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAgeMs: 24 * 3_600_000,
  baseMs: 5_000,
  maxMs: 15 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 50,
  perChannel: 1,
  channelConcurrency: 8,
};

export interface DrainReport {
  sent: number;
  held: number;
  retried: number;
  dead: number;
}

export interface DrainOptions {
  /**
   * Pending entries that come due by this time (epoch ms: retries, leases) are waited for on a
   * timer and sent; later ones stay queued. Default: the drain ends when nothing is due now.
   */
  waitUntil?: number;
  /** Ends the drain after the sends in flight; what is left stays queued for the next drain. */
  signal?: AbortSignal;
}

type Outcome = keyof DrainReport;

export class OutboxWorker {
  private readonly now: () => number;

  constructor(
    private readonly store: OutboxStore & SubscriptionStore & ChannelStateStore,
    private readonly platforms: ReadonlyMap<PlatformName, Platform>,
    private readonly log: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
    now: () => number = Date.now,
    /** Read on every drain, so a config reload applies to the next one; chat's settings are read per alert. */
    private readonly channels: () => ChannelPolicies = () => NO_CHANNEL_LIMITS,
  ) {
    this.now = now;
  }

  /**
   * Sends (or holds) everything due, round after round, until nothing due is left (and, with
   * `waitUntil`, nothing pending comes due within it). Each round claims the next entries
   * of every channel with something due; a channel whose entry must be retried is left out by
   * the store until its retry time, so it waits on a timer, never in a loop.
   */
  async drain(options: DrainOptions = {}): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, held: 0, retried: 0, dead: 0 };
    const channels = this.channels();
    // A platform call takes a round trip to Slack or Discord: channels do not wait on each other,
    // so a burst of alerts to many channels goes out in parallel, each channel's in queue order.
    const limit = pLimit(this.policy.channelConcurrency);
    for (;;) {
      // SQLite answers at once: without this a long drain would never let a signal or timer in.
      await yieldToEventLoop();
      if (options.signal?.aborted) return report;
      const now = this.now();
      const round = await this.store.claimDueOutbox(now, this.policy.batchSize, now + this.policy.leaseMs, this.policy.perChannel);
      if (round.length === 0) {
        if (options.waitUntil === undefined) return report;
        const next = await this.nextRetryAt(now);
        if (next === null || next > options.waitUntil) return report;
        await waitFor(next - now, options.signal);
        continue;
      }
      const lanes = new Map<string, OutboxEntry[]>();
      for (const entry of round) {
        const lane = `${entry.alert.platform}\u0000${entry.alert.channel}`;
        lanes.set(lane, [...(lanes.get(lane) ?? []), entry]);
      }
      await Promise.all(
        [...lanes.values()].map((entries) =>
          limit(async () => {
            for (const [index, entry] of entries.entries()) {
              if (options.signal?.aborted) return this.release(entries.slice(index), this.now());
              const outcome = await this.deliver(entry, channels);
              report[outcome.result] += 1;
              if (outcome.result !== 'retried') continue;
              // The rest of this lane waits behind its retried entry: their leases go back now,
              // due with it, and the store hands them out again in order once it is sent.
              return this.release(entries.slice(index + 1), outcome.nextAttemptAt);
            }
          }),
        ),
      );
    }
  }

  /**
   * When the next pending entry comes due after `now` (a retry, or another process's lease),
   * or null. Entries due already but not claimed wait behind an older entry of their channel.
   */
  private async nextRetryAt(now: number): Promise<number | null> {
    let next: number | null = null;
    for (const { nextAttemptAt } of await this.store.listOutbox('pending')) {
      if (nextAttemptAt > now && (next === null || nextAttemptAt < next)) next = nextAttemptAt;
    }
    return next;
  }

  /** Gives claimed entries back, due at `at`, without counting an attempt. */
  private async release(entries: OutboxEntry[], at: number): Promise<void> {
    for (const entry of entries) await this.store.postponeOutbox(entry.id, at);
  }

  /**
   * The alert as its subscriptions and channel want it now, and the channel's delivery policy:
   * read from the store for each alert, never cached, so a change from chat applies at once.
   */
  private async current(entry: OutboxEntry, channels: ChannelPolicies): Promise<{ live: LiveAlert; policy: ChannelPolicy }> {
    const { alert } = entry;
    const ids = alert.subscriptionIds ?? [alert.subscriptionId];
    const [found, settings] = await Promise.all([
      Promise.all(ids.map((id) => this.store.getSubscription(id))),
      this.store.channelSettings({ platform: alert.platform, channel: alert.channel }),
    ]);
    const subscriptions = found.filter((subscription): subscription is Subscription => subscription !== null);
    // A manual retry (retryOutbox) starts the attempts over and keeps the last error; nothing else does.
    const retried = entry.attempts === 0 && entry.lastError !== null;
    return { live: liveAlert(alert, subscriptions, settings, retried), policy: channels(alert, settings) };
  }

  private async deliver(entry: OutboxEntry, channels: ChannelPolicies): Promise<{ result: Outcome; nextAttemptAt: number }> {
    const { alert } = entry;
    const log = this.log.child({ outboxId: entry.id, subscriptionId: entry.subscriptionId, storyId: alert.storyId, platform: alert.platform, channel: alert.channel });
    const done = (result: Outcome) => ({ result, nextAttemptAt: 0 });
    const platform = this.platforms.get(alert.platform);
    if (!platform) {
      const reason = `no ${alert.platform} connection is configured: set its token (see .env.example), then run 'herald outbox retry ${entry.id}'`;
      await this.store.markDead(entry.id, reason, this.now());
      log.error({ reason }, 'alert dead-lettered');
      return done('dead');
    }
    try {
      const { live, policy } = await this.current(entry, channels);
      if (!live.send) {
        await this.store.markDead(entry.id, live.reason, this.now());
        log.info({ reason: live.reason }, 'alert of a paused subscription not posted');
        return done('dead');
      }
      if (alert.kind === 'new') {
        const hold = await this.holdFor(entry, live.digest, policy);
        if (hold) {
          await this.store.holdOutbox(entry.id, hold.reason, hold.releaseAt);
          log.debug({ reason: hold.reason, releaseAt: new Date(hold.releaseAt).toISOString() }, 'alert held for a digest');
          return done('held');
        }
        const ref = await platform.send(live.alert, entry.idempotencyKey);
        await this.store.markSent(entry.id, ref, this.now());
        return done('sent');
      }
      return await this.deliverUpdate(entry, live.alert, platform, log);
    } catch (error) {
      return this.failed(entry, error, log);
    }
  }

  private async holdFor(entry: OutboxEntry, digest: Subscription['digest'], channel: ChannelPolicy): Promise<Hold | null> {
    const now = this.now();
    const scheduled = scheduledHold(now, digest, channel);
    if (scheduled) return scheduled;
    // A channel without a cap needs no count, which runs for every alert sent.
    if (channel.maxAlertsPerHour === Number.POSITIVE_INFINITY) return null;
    const sent = await this.store.countSentSince(entry.alert.platform, entry.alert.channel, capWindow(now).start);
    return capHold(now, sent, channel);
  }

  /**
   * A story update edits the message posted for the story. It waits while that message is
   * queued, joins its digest while it is held, and is settled without an edit once the story
   * went out in a digest: a digest message is never rewritten around one story.
   */
  private async deliverUpdate(entry: OutboxEntry, alert: Alert, platform: Platform, log: Logger): Promise<{ result: Outcome; nextAttemptAt: number }> {
    const original = await this.store.originalEntry(entry.alert, entry.alert.storyId);
    const done = (result: Outcome) => ({ result, nextAttemptAt: 0 });
    if (original?.status === 'sent' && original.messageRef) {
      if (!original.digestKey) await platform.update(original.messageRef, alert);
      await this.store.markSent(entry.id, original.messageRef, this.now());
      return done('sent');
    }
    if (original?.status === 'held') {
      await this.store.holdOutbox(entry.id, original.holdReason ?? 'schedule', original.nextAttemptAt);
      return done('held');
    }
    if (original?.status === 'pending') return this.failed(entry, new Error('waiting for the original alert of this story to be delivered'), log);
    const reason = original
      ? `the story's first alert (#${original.id}) was dead-lettered; run 'herald outbox retry ${original.id}', then 'herald outbox retry ${entry.id}'`
      : "the story's first alert is gone from the outbox; nothing to edit";
    await this.store.markDead(entry.id, reason, this.now());
    log.warn({ reason }, 'story update dead-lettered');
    return done('dead');
  }

  /** An attempt failed: dead-letter it (and pause its subscription) or retry it, as the failure policy says. */
  private async failed(entry: OutboxEntry, error: unknown, log: Logger): Promise<{ result: Outcome; nextAttemptAt: number }> {
    const now = this.now();
    // An alert is first tried as soon as it is queued: its age is how long it has been tried.
    const decision = decideFailure(error, { attempts: entry.attempts, firstTriedAt: entry.createdAt }, this.policy, now);
    if (decision.action === 'retry') {
      await this.store.markRetry(entry.id, decision.reason, now + decision.delayMs);
      log.warn({ err: decision.reason, attempts: entry.attempts + 1, delayMs: decision.delayMs }, 'alert delivery will be retried');
      return { result: 'retried', nextAttemptAt: now + decision.delayMs };
    }
    await this.store.markDead(entry.id, decision.reason, now);
    if (decision.pause) {
      const paused = await this.store.pauseSubscription(entry.subscriptionId, decision.reason, now, [pausedNotice(entry, decision.reason)]);
      log.error({ err: decision.reason, paused }, 'permanent platform error: alert dead-lettered, subscription paused');
    } else if (decision.cause === 'rejected') {
      log.error({ err: decision.reason }, 'platform rejected this alert: dead-lettered, the channel keeps its subscription');
    } else {
      log.error({ err: decision.reason, attempts: entry.attempts + 1 }, 'alert dead-lettered after its retry window');
    }
    return { result: 'dead', nextAttemptAt: 0 };
  }
}
