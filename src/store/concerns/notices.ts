// The notices concern: operator notices (a feed failing or back, a subscription paused),
// queued in the same transaction as the change they report and delivered by the notice worker.
import type { Notice } from '../../domain/types.ts';

export interface NoticeStore {
  /** Claims up to `limit` pending notices due at `now`, oldest first, pushing nextAttemptAt to `leaseUntil`. */
  claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]>;
  markNoticeSent(id: number, now: number): Promise<void>;
  markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void>;
  markNoticeDead(id: number, error: string, now: number): Promise<void>;
  listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]>;
}
