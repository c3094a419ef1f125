// Readiness of the store for /readyz: the store's ping reads one of its tables, so a closed
// store, a lost connection or a missing schema all show up, at the cost of one index probe.
import type { StoreLifecycle } from '../store/store.ts';

export async function storeReachable(store: Pick<StoreLifecycle, 'ping'>): Promise<boolean> {
  await store.ping();
  return true;
}
