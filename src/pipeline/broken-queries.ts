// Subscriptions whose query no longer compiles (a topic they name was removed from the config):
// logged once per problem, and paused with a notice to their channel, which would otherwise only
// see its alerts stop.
import type { NoticeDraft, Subscription } from '../domain/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Store } from '../store/store.ts';
import type { RouterProblem } from './subscription-router.ts';

export class BrokenQueries {
  /** Subscriptions already reported as not compiling, with the reason given. */
  private reported = new Map<string, string>();

  constructor(
    private readonly store: Pick<Store, 'pauseSubscription'>,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Called after each router load with its problems; reloads run every cycle, so each problem is said once. */
  async handle(problems: readonly RouterProblem[]): Promise<void> {
    const current = new Map(problems.map((problem) => [problem.subscription.id, problem.message]));
    const fresh = problems.filter((problem) => this.reported.get(problem.subscription.id) !== problem.message);
    this.reported = current;
    for (const problem of fresh) {
      this.log.warn(
        { subscriptionId: problem.subscription.id, channel: problem.subscription.channel, err: problem.message },
        'subscription skipped: its query no longer compiles; fix or remove it',
      );
    }
    // Pausing is atomic in the store, so with several processes one of them queues the notice;
    // one resumed while still broken is paused again.
    for (const { subscription, message } of problems) {
      if (subscription.paused) continue;
      const now = this.now();
      await this.store.pauseSubscription(subscription.id, `its query no longer works: ${message}`, now, [brokenQueryNotice(subscription, message, now)]);
    }
  }
}

/**
 * Tells a channel that one of its subscriptions stopped matching because its query no longer
 * compiles (a topic it names was removed from the config); keyed so each pause is told once.
 */
export function brokenQueryNotice(subscription: Subscription, reason: string, now: number): NoticeDraft {
  return {
    idempotencyKey: `broken-query:${subscription.id}:${now}`,
    platform: subscription.platform,
    workspace: subscription.workspace,
    channel: subscription.channel,
    text:
      `Herald paused subscription ${subscription.id} (${subscription.query}) in this channel: its query no longer works: ${reason}. ` +
      `Fix: ask an admin to restore what the config removed, then run '/news resume'; or '/news unsubscribe ${subscription.id}' ` +
      `and subscribe again with a query that works ('/news test <query>' tries one first).`,
  };
}
