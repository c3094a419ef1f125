// Store contract, the operators' part: the aggregate queries behind /metrics and the leases
// that keep one process per chat app on its gateway.
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
      expect(await store.feedHealthCounts()).toEqual({ ok: 0, failing: 0, disabled: 0 });
      await store.syncConfigFeeds(['harbour', 'valley', 'ridge'].map((id) => feedDefinition({ id })), T0);
      await store.recordPollFailure('valley', 'HTTP 503', T0, T0 + MINUTE);
      expect(await store.feedHealthCounts()).toEqual({ ok: 2, failing: 1, disabled: 0 });

      await commitPoll(store, pollCommit({ feedId: 'valley', now: T0 + MINUTE }));
      expect(await store.feedHealthCounts()).toEqual({ ok: 3, failing: 0, disabled: 0 });
    });
  });

  describe('leases', () => {
    const TTL = MINUTE;

    it('one owner at a time: others are refused until it expires, the owner renews', async () => {
      const store = subject();
      expect(await store.acquireLease('discord-gateway:app', 'process-a', TTL, T0)).toBe(true);
      expect(await store.acquireLease('discord-gateway:app', 'process-b', TTL, T0 + 1)).toBe(false);
      // Leases of other names are independent.
      expect(await store.acquireLease('slack-socket:app', 'process-b', TTL, T0 + 1)).toBe(true);

      expect(await store.acquireLease('discord-gateway:app', 'process-a', TTL, T0 + TTL - 1)).toBe(true);
      expect(await store.acquireLease('discord-gateway:app', 'process-b', TTL, T0 + TTL + 1)).toBe(false);
      // Unrenewed past its expiry, the lease goes to whoever asks next.
      expect(await store.acquireLease('discord-gateway:app', 'process-b', TTL, T0 + 2 * TTL)).toBe(true);
      expect(await store.acquireLease('discord-gateway:app', 'process-a', TTL, T0 + 2 * TTL + 1)).toBe(false);
    });

    it('releaseLease frees it at once, and only for its owner', async () => {
      const store = subject();
      await store.acquireLease('discord-gateway:app', 'process-a', TTL, T0);
      await store.releaseLease('discord-gateway:app', 'process-b');
      expect(await store.acquireLease('discord-gateway:app', 'process-b', TTL, T0 + 1)).toBe(false);

      await store.releaseLease('discord-gateway:app', 'process-a');
      expect(await store.acquireLease('discord-gateway:app', 'process-b', TTL, T0 + 2)).toBe(true);
    });
  });
}
