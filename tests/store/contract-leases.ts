// Store contract, leases: the named leases that keep one process per chat app on its gateway.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { MINUTE, T0 } from './records.ts';

export function leaseContract(subject: () => Store): void {
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
