// Store contract, the aggregate queries behind /metrics: outboxStats (outbox) and
// feedHealthCounts (feeds), both cheap enough for every scrape.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, MINUTE, pollCommit, queued, T0 } from './records.ts';

export function operationsContract(subject: () => Store): void {
  describe('outbox stats and feed health', () => {
    it('outboxStats counts pending and held entries and dates the oldest', async () => {
      const store = subject();
      expect(await store.outboxStats()).toEqual({ depth: 0, oldestCreatedAt: null });
      await store.syncConfigFeeds([feedDefinition()], T0);
      await commitPoll(store, pollCommit({ now: T0, alerts: [queued({ storyId: 'story-a' })] }));
      await commitPoll(store, pollCommit({ now: T0 + MINUTE, alerts: [queued({ storyId: 'story-b' }), queued({ storyId: 'story-c' })] }));
      const [first, second, third] = await store.listOutbox();
      expect(await store.outboxStats()).toEqual({ depth: 3, oldestCreatedAt: T0 });

      await store.holdOutbox(second!.id, 'quiet-hours', T0 + 60 * MINUTE);
      expect(await store.outboxStats()).toEqual({ depth: 3, oldestCreatedAt: T0 });
      await store.markSent(first!.id, { platform: 'slack', channel: 'C-NEWS', id: '1' }, T0 + 2 * MINUTE);
      await store.markDead(third!.id, 'channel archived', T0 + 2 * MINUTE);
      expect(await store.outboxStats()).toEqual({ depth: 1, oldestCreatedAt: T0 + MINUTE });
    });

    it('feedHealthCounts sorts feeds into ok and failing', async () => {
      const store = subject();
      expect(await store.feedHealthCounts()).toEqual({ ok: 0, failing: 0 });
      await store.syncConfigFeeds(['harbour', 'valley', 'ridge'].map((id) => feedDefinition({ id })), T0);
      await store.recordPollFailure('valley', 'HTTP 503', T0, T0 + MINUTE);
      expect(await store.feedHealthCounts()).toEqual({ ok: 2, failing: 1 });

      await commitPoll(store, pollCommit({ feedId: 'valley', now: T0 + MINUTE }));
      expect(await store.feedHealthCounts()).toEqual({ ok: 3, failing: 0 });
    });
  });
}
