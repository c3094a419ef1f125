// Finds the subscriptions an item is for: the query index narrows by content, then feed scope
// and pause state are applied. A subscription whose stored query no longer compiles (a topic
// was renamed in the config) is reported once and left out, never allowed to stop a poll.
import { describeError } from '../domain/errors.ts';
import type { Item, Subscription } from '../domain/types.ts';
import { SubscriptionIndex } from '../match/subscription-index.ts';

export interface RouterProblem {
  subscription: Subscription;
  message: string;
}

export class SubscriptionRouter {
  private index: SubscriptionIndex;
  private subscriptions = new Map<string, Subscription>();

  constructor(topics: Record<string, string>) {
    this.index = new SubscriptionIndex(topics);
  }

  /** Replaces everything the router knows; returns the subscriptions that could not be indexed. */
  load(subscriptions: Subscription[], topics: Record<string, string>): RouterProblem[] {
    const index = new SubscriptionIndex(topics);
    const kept = new Map<string, Subscription>();
    const problems: RouterProblem[] = [];
    for (const subscription of subscriptions) {
      try {
        index.set(subscription.id, subscription.query);
        kept.set(subscription.id, subscription);
      } catch (error) {
        problems.push({ subscription, message: describeError(error) });
      }
    }
    this.index = index;
    this.subscriptions = kept;
    return problems;
  }

  get size(): number {
    return this.subscriptions.size;
  }

  match(item: Item): Subscription[] {
    const matched: Subscription[] = [];
    for (const id of this.index.match(item)) {
      const subscription = this.subscriptions.get(id);
      if (!subscription || subscription.paused) continue;
      if (subscription.feeds !== null && !subscription.feeds.includes(item.feedId)) continue;
      matched.push(subscription);
    }
    return matched;
  }
}
