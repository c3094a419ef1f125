// The notices concern on SQLite (concerns/notices.ts).
import type { Notice } from '../../domain/types.ts';
import type { NoticeStore } from '../concerns/notices.ts';
import type { SqliteContext } from './context.ts';
import { toNotice } from './rows.ts';

export function sqliteNotices(ctx: SqliteContext): NoticeStore {
  return {
    claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]> {
      return ctx.run('claimDueNotices', (q) =>
        ctx.claim(() => q.dueNotices.all({ now, limit }), (row) => q.leaseNotice.run(leaseUntil, row.id), (row) => toNotice({ ...row, next_attempt_at: leaseUntil })),
      );
    },

    markNoticeSent(id: number, now: number): Promise<void> {
      return ctx.run('markNoticeSent', (q) => void q.markNoticeSent.run({ id, now }));
    },

    markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
      return ctx.run('markNoticeRetry', (q) => void q.markNoticeRetry.run({ id, error, nextAttemptAt }));
    },

    markNoticeDead(id: number, error: string, now: number): Promise<void> {
      return ctx.run('markNoticeDead', (q) => void q.markNoticeDead.run({ id, error, now }));
    },

    listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]> {
      return ctx.run('listNotices', (q) => q.listNotices.all({ status: status ?? null, limit: limit ?? -1 }).map(toNotice));
    },
  };
}
