// holdLease: of several processes sharing a store, one runs the connection; another takes over
// when the holder closes or stops renewing. The lease semantics themselves are the store's
// (tests/store contract); here a small in-memory store with the same rules stands in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdLease, leaseName } from '../../src/cli/gateway-lease.ts';
import type { LeaseStore } from '../../src/store/store.ts';
import { silentLogger } from '../../src/observability/logger.ts';

const TTL = 30_000;

function memoryLeases(): LeaseStore {
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  return {
    async acquireLease(name, owner, ttlMs, now) {
      const current = leases.get(name);
      if (current && current.owner !== owner && current.expiresAt > now) return false;
      leases.set(name, { owner, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
  };
}

function connection() {
  const events: string[] = [];
  return {
    events,
    start: vi.fn(async () => {
      events.push('start');
    }),
    stop: vi.fn(async () => {
      events.push('stop');
    }),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('holdLease', () => {
  it('runs the connection in one process and hands it over when that process closes', async () => {
    const store = memoryLeases();
    const a = connection();
    const b = connection();
    const holderA = holdLease({ store, name: 'discord-gateway:app', owner: 'A', ttlMs: TTL, log: silentLogger(), ...a });
    await vi.advanceTimersByTimeAsync(0);
    const holderB = holdLease({ store, name: 'discord-gateway:app', owner: 'B', ttlMs: TTL, log: silentLogger(), ...b });
    await vi.advanceTimersByTimeAsync(3 * TTL);
    expect(a.events).toEqual(['start']);
    expect(b.events).toEqual([]);

    await holderA.close();
    expect(a.events).toEqual(['start', 'stop']);
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(b.events).toEqual(['start']);
    await holderB.close();
    expect(b.events).toEqual(['start', 'stop']);
  });

  it('closes the connection of a holder that cannot renew, and another takes over after expiry', async () => {
    const shared = memoryLeases();
    let unreachable = false;
    const cutOff: LeaseStore = {
      acquireLease: (...args) => (unreachable ? Promise.reject(new Error('database unreachable')) : shared.acquireLease(...args)),
      releaseLease: (...args) => shared.releaseLease(...args),
    };
    const a = connection();
    const b = connection();
    const holderA = holdLease({ store: cutOff, name: 'slack-socket:app', owner: 'A', ttlMs: TTL, log: silentLogger(), ...a });
    await vi.advanceTimersByTimeAsync(0);
    const holderB = holdLease({ store: shared, name: 'slack-socket:app', owner: 'B', ttlMs: TTL, log: silentLogger(), ...b });
    await vi.advanceTimersByTimeAsync(0);
    unreachable = true;
    await vi.advanceTimersByTimeAsync(TTL / 3);
    expect(a.events).toEqual(['start', 'stop']);
    expect(b.events).toEqual([]);
    // A's last renewal still holds until it expires; then B's next attempt wins.
    await vi.advanceTimersByTimeAsync(TTL);
    expect(b.events).toEqual(['start']);
    await Promise.all([holderA.close(), holderB.close()]);
  });

  it('gives the lease up when the connection fails to start', async () => {
    const store = memoryLeases();
    const failing = { start: vi.fn(() => Promise.reject(new Error('invalid token'))), stop: vi.fn(() => Promise.resolve()) };
    const b = connection();
    const holderA = holdLease({ store, name: 'discord-gateway:app', owner: 'A', ttlMs: TTL, log: silentLogger(), ...failing });
    await vi.advanceTimersByTimeAsync(0);
    const holderB = holdLease({ store, name: 'discord-gateway:app', owner: 'B', ttlMs: TTL, log: silentLogger(), ...b });
    await vi.advanceTimersByTimeAsync(0);
    expect(b.events).toEqual(['start']);
    await Promise.all([holderA.close(), holderB.close()]);
    expect(failing.stop).not.toHaveBeenCalled();
  });

  it('names a lease by a hash of the secret, never the secret', () => {
    const name = leaseName('discord-gateway', 'secret-token-value');
    expect(name).toMatch(/^discord-gateway:[0-9a-f]{16}$/);
    expect(name).not.toContain('secret');
    expect(leaseName('discord-gateway', 'other-token')).not.toBe(name);
  });
});
