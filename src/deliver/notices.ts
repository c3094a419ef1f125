// The words of the notices delivery queues for people: what happened, and what to do about it.
import type { NoticeDraft, OutboxEntry, Subscription } from '../domain/types.ts';

/** Tells the platform's admins that a subscription was paused; keyed so each pause is told once. */
export function pausedNotice(entry: OutboxEntry, reason: string): NoticeDraft {
  const { platform, workspace, channel } = entry.alert;
  return {
    idempotencyKey: `paused:${entry.subscriptionId}:${entry.id}`,
    platform,
    workspace,
    channel: null,
    text:
      `Herald paused subscription ${entry.subscriptionId} in ${platform} channel ${channel}: ${reason}. ` +
      `Fix the cause (invite the bot to the channel, restore its access or token), run '/news resume' in that channel, ` +
      `then 'herald outbox list --status dead' and 'herald outbox retry <id>' for the alerts it missed.`,
  };
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
