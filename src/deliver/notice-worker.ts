// Sends queued notices: feed failing/recovered to channels, paused subscriptions to admins.
// Each was queued in the same transaction as the state change it reports, so a crash neither
// loses nor repeats one (but for the window between the platform's ack and markNoticeSent).
import { chatSafe } from '../domain/redact.ts';
import type { Notice, PlatformName } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Platform } from '../platforms/platform.ts';
import type { NoticeStore } from '../store/store.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './outbox-worker.ts';
import { decideFailure } from './failure-policy.ts';
import { yieldToEventLoop } from './wait.ts';

export interface NoticeReport {
  sent: number;
  retried: number;
  dead: number;
}

export class NoticeWorker {
  constructor(
    private readonly store: NoticeStore,
    private readonly platforms: ReadonlyMap<PlatformName, Platform>,
    private readonly log: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  async drain(): Promise<NoticeReport> {
    const report: NoticeReport = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      // As in the outbox worker: immediate store answers must not starve timers and signals.
      await yieldToEventLoop();
      const now = this.now();
      const batch = await this.store.claimDueNotices(now, this.policy.batchSize, now + this.policy.leaseMs);
      if (batch.length === 0) return report;
      for (const notice of batch) report[await this.send(notice)] += 1;
    }
  }

  private async send(notice: Notice): Promise<keyof NoticeReport> {
    const log = this.log.child({ noticeId: notice.id, platform: notice.platform, channel: notice.channel });
    const platform = this.platforms.get(notice.platform);
    if (!platform) {
      await this.store.markNoticeDead(notice.id, `no ${notice.platform} connection is configured`, this.now());
      return 'dead';
    }
    // Notices quote feed URLs and fetch errors: what leaves the process is redacted.
    const text = chatSafe(notice.text);
    try {
      if (notice.channel === null) await platform.notifyAdmins(notice.workspace, text);
      else await platform.notice({ workspace: notice.workspace, channel: notice.channel }, text);
      await this.store.markNoticeSent(notice.id, this.now());
      return 'sent';
    } catch (error) {
      const now = this.now();
      // A notice has no subscription of its own to pause: a permanent error only dead-letters it.
      const decision = decideFailure(error, { attempts: notice.attempts, firstTriedAt: notice.createdAt }, this.policy, now);
      if (decision.action === 'retry') {
        await this.store.markNoticeRetry(notice.id, decision.reason, now + decision.delayMs);
        log.warn({ err: decision.reason, delayMs: decision.delayMs }, 'notice will be retried');
        return 'retried';
      }
      await this.store.markNoticeDead(notice.id, decision.reason, now);
      log.error({ err: decision.reason }, 'notice dead-lettered');
      return 'dead';
    }
  }
}
