// Store contract, notices: the queue of operator notices (claimed, leased, retried, sent or
// dead-lettered); a feed failing queues them here.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { feedDefinition, MINUTE, noticeDraft, T0 } from './records.ts';

export function noticeContract(subject: () => Store): void {
  describe('notices', () => {
    it('are claimed when due, leased, retried, sent or dead-lettered; a key is queued once', async () => {
      const store = subject();
      await store.syncConfigFeeds([feedDefinition()], T0);
      await store.markFeedFailing('harbour', T0, [noticeDraft('a'), noticeDraft('b'), noticeDraft('a')]);

      const claimed = await store.claimDueNotices(T0, 10, T0 + MINUTE);
      expect(claimed.map((queuedNotice) => [queuedNotice.idempotencyKey, queuedNotice.text, queuedNotice.nextAttemptAt])).toEqual([
        ['a', 'notice a', T0 + MINUTE],
        ['b', 'notice b', T0 + MINUTE],
      ]);
      expect(await store.claimDueNotices(T0, 10, T0 + MINUTE)).toEqual([]);

      await store.markNoticeSent(claimed[0]!.id, T0 + 1);
      await store.markNoticeRetry(claimed[1]!.id, 'HTTP 429', T0 + 2 * MINUTE);
      expect(await store.claimDueNotices(T0 + MINUTE, 10, T0 + 3 * MINUTE)).toEqual([]);
      const [retried] = await store.claimDueNotices(T0 + 2 * MINUTE, 10, T0 + 3 * MINUTE);
      expect(retried).toMatchObject({ attempts: 1, lastError: 'HTTP 429' });
      await store.markNoticeDead(retried!.id, 'missing_scope', T0 + 2 * MINUTE);

      expect((await store.listNotices('sent')).map((sent) => [sent.idempotencyKey, sent.sentAt])).toEqual([['a', T0 + 1]]);
      expect((await store.listNotices('dead')).map((dead) => [dead.idempotencyKey, dead.lastError, dead.attempts])).toEqual([['b', 'missing_scope', 2]]);
    });
  });
}
