// The leases concern on SQLite (concerns/leases.ts).
import type { LeaseStore } from '../concerns/leases.ts';
import type { SqliteContext } from './context.ts';

export function sqliteLeases(ctx: SqliteContext): LeaseStore {
  return {
    acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
      return ctx.run('acquireLease', (q) => q.acquireLease.get({ name, owner, expiresAt: now + ttlMs, now }) !== undefined);
    },

    releaseLease(name: string, owner: string): Promise<void> {
      return ctx.run('releaseLease', (q) => void q.releaseLease.run(name, owner));
    },
  };
}
