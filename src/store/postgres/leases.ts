// The leases concern on PostgreSQL (concerns/leases.ts).
import type { LeaseStore } from '../concerns/leases.ts';
import type { PostgresContext } from './context.ts';
import * as sql from './sql.ts';

export function postgresLeases(ctx: PostgresContext): LeaseStore {
  return {
    async acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
      return (await ctx.query('acquireLease', sql.ACQUIRE_LEASE, [name, owner, now + ttlMs, now])).length > 0;
    },

    async releaseLease(name: string, owner: string): Promise<void> {
      await ctx.query('releaseLease', 'DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
    },
  };
}
