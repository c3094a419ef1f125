// The notices concern on PostgreSQL (concerns/notices.ts).
import type { Notice } from '../../domain/types.ts';
import type { NoticeStore } from '../concerns/notices.ts';
import type { PostgresContext } from './context.ts';
import { toNotice } from './rows.ts';
import type { NoticeRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresNotices(ctx: PostgresContext): NoticeStore {
  return {
    async claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]> {
      const rows = await ctx.query<NoticeRow>('claimDueNotices', sql.CLAIM_DUE_NOTICES, [now, limit, leaseUntil]);
      return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(toNotice);
    },

    async markNoticeSent(id: number, now: number): Promise<void> {
      await ctx.query('markNoticeSent', `UPDATE notices SET status = 'sent', sent_at = $2 WHERE id = $1`, [id, now]);
    },

    async markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
      await ctx.query('markNoticeRetry', sql.MARK_NOTICE_RETRY, [id, error, nextAttemptAt]);
    },

    async markNoticeDead(id: number, error: string, now: number): Promise<void> {
      await ctx.query('markNoticeDead', sql.MARK_NOTICE_DEAD, [id, error, now]);
    },

    async listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]> {
      const text = 'SELECT * FROM notices WHERE ($1::text IS NULL OR status = $1) ORDER BY id LIMIT $2';
      return (await ctx.query<NoticeRow>('listNotices', text, [status ?? null, limit ?? null])).map(toNotice);
    },
  };
}
