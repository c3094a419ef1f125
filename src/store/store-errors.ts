// The coded errors both stores raise for the same conditions, worded once.
import { HeraldError } from '../domain/errors.ts';

export function missingFeed(feedId: string): HeraldError {
  return new HeraldError('store_failed', `Feed '${feedId}' is not in the store (removed while it was polled?); skip it until the next cycle`, {
    feedId,
  });
}

export function duplicateSubscription(id: string): HeraldError {
  return new HeraldError('store_failed', `Subscription '${id}' already exists; pick another id`, { subscriptionId: id });
}
