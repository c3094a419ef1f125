// The words of the notices delivery queues for people: what happened, and what to do about it.
import type { NoticeDraft, OutboxEntry } from '../domain/types.ts';

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
