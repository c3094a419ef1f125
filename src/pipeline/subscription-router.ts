// Finds the subscriptions an item is for: the query index narrows by content, then feed scope
// and pause state are applied. A chat subscription reading every feed reads the config's feeds
// and its own workspace's chat feeds, never another workspace's. A subscription whose stored query no longer compiles (a topic
// was renamed in the config) is reported and left out, never allowed to stop a poll.
import { describeError } from '../domain/errors.ts';
import type { Item, Subscription } from '../domain/types.ts';
import { SubscriptionIndex } from '../match/subscription-index.ts';
import type { WorkspaceRef } from '../store/store.ts';

export interface RouterProblem {
  subscription: Subscription;
  message: string;
}

export class SubscriptionRouter {
  private index: SubscriptionIndex;
  private topics: string;
  private subscriptions = new Map<string, Subscription>();
  private chatFeeds: ReadonlyMap<string, readonly WorkspaceRef[]> = new Map();

  constructor(topics: Record<string, string>) {
    this.index = new SubscriptionIndex(topics);
    this.topics = JSON.stringify(topics);
  }

  /**
   * Makes the router hold exactly these subscriptions; returns those that could not be indexed.
   * It runs every cycle, so it applies only what changed: compiling 100k queries afresh takes
   * seconds, and a pause or a new feed scope needs no recompiling at all. New topics change
   * what every query means, so they rebuild the index.
   */
  load(subscriptions: Subscription[], topics: Record<string, string>, chatFeeds: ReadonlyMap<string, readonly WorkspaceRef[]> = new Map()): RouterProblem[] {
    this.chatFeeds = chatFeeds;
    if (JSON.stringify(topics) !== this.topics) {
      this.index = new SubscriptionIndex(topics);
      this.topics = JSON.stringify(topics);
      this.subscriptions.clear();
    }
    const kept = new Map<string, Subscription>();
    const problems: RouterProblem[] = [];
    for (const subscription of subscriptions) {
      if (this.subscriptions.get(subscription.id)?.query !== subscription.query) {
        try {
          this.index.set(subscription.id, subscription.query);
        } catch (error) {
          // set() keeps the previous query on failure; a query that no longer compiles must not keep matching.
          this.index.remove(subscription.id);
          problems.push({ subscription, message: describeError(error) });
          continue;
        }
      }
      kept.set(subscription.id, subscription);
    }
    for (const id of this.subscriptions.keys()) if (!kept.has(id)) this.index.remove(id);
    this.subscriptions = kept;
    return problems;
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Config feeds are everyone's; a chat feed is its workspaces'. */
  private readable(feedId: string, subscription: Subscription): boolean {
    const owners = this.chatFeeds.get(feedId);
    return owners === undefined || owners.some((owner) => owner.platform === subscription.platform && owner.workspace === subscription.workspace);
  }

  match(item: Item): Subscription[] {
    const matched: Subscription[] = [];
    for (const id of this.index.match(item)) {
      const subscription = this.subscriptions.get(id);
      if (!subscription || subscription.paused) continue;
      if (subscription.feeds !== null && !subscription.feeds.includes(item.feedId)) continue;
      if (subscription.feeds === null && !subscription.managedByConfig && !this.readable(item.feedId, subscription)) continue;
      matched.push(subscription);
    }
    return matched;
  }
}
