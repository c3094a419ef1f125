// Keeps one connection per chat app across every Herald process sharing a store: the process
// holding the named lease runs the connection (Discord gateway, Slack socket), the others stand
// by and take over once the holder stops renewing (it died or lost the database). All of them
// still deliver alerts; only the receiving side is single.
import { createHash } from 'node:crypto';
import { describeError } from '../domain/errors.ts';
import type { Logger } from '../observability/logger.ts';
import type { LeaseStore } from '../store/store.ts';


export interface LeaseHolderOptions {
  store: LeaseStore;
  /** One name per app, e.g. `discord-gateway:<application id>`. */
  name: string;
  /** This process; unique among the processes sharing the store. */
  owner: string;
  /** How long a lease outlives its last renewal; renewed every third of it. */
  ttlMs: number;
  /** Opens the connection; a rejection gives the lease up so another process may try. */
  start: () => Promise<void>;
  /** Closes the connection (lease lost or holder closing). */
  stop: () => Promise<void>;
  log: Logger;
  now?: () => number;
}

export interface LeaseHolder {
  /** Stops renewing, closes the connection if this process held it, and releases the lease. */
  close(): Promise<void>;
}

export const GATEWAY_LEASE_TTL_MS = 30_000;

/** A lease name for an app that does not reveal its secret token. */
export function leaseName(kind: string, secret: string): string {
  return `${kind}:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

export function holdLease(options: LeaseHolderOptions): LeaseHolder {
  const now = options.now ?? Date.now;
  const log = options.log.child({ lease: options.name });
  let held = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    let acquired = false;
    try {
      acquired = await options.store.acquireLease(options.name, options.owner, options.ttlMs, now());
    } catch (error) {
      // Without the store this process cannot prove it still holds the lease; another may take over.
      log.warn({ err: describeError(error) }, 'could not renew the connection lease');
    }
    if (closed) return;
    if (acquired && !held) {
      held = true;
      log.info('this process holds the connection');
      await options.start().catch(async (error: unknown) => {
        held = false;
        log.error({ err: describeError(error) }, 'connection failed to start; giving the lease up for another process');
        await options.store.releaseLease(options.name, options.owner).catch(() => undefined);
      });
    } else if (!acquired && held) {
      held = false;
      log.warn('connection lease lost; closing the connection so only one process holds it');
      await options.stop().catch((error: unknown) => log.error({ err: describeError(error) }, 'could not close the connection'));
    }
  };

  // Ticks never overlap: the next is scheduled when one has finished.
  let running: Promise<void>;
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, options.ttlMs / 3);
  };
  running = tick().finally(schedule);

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
      if (!held) return;
      held = false;
      await options.stop().catch((error: unknown) => log.error({ err: describeError(error) }, 'could not close the connection'));
      await options.store.releaseLease(options.name, options.owner).catch(() => undefined);
    },
  };
}
