// An alert as its channel and subscriptions want it at the moment it is sent, not when it was
// queued: a pause, digest, mention or template changed from chat (or by another process) since
// the poll planned it applies to the very next delivery decision. Pure: the worker reads the
// subscriptions and the channel's settings from the store for each alert.
import { mergeMentions } from '../domain/mention.ts';
import type { Alert, ChannelSettings, DigestSchedule, Subscription } from '../domain/types.ts';

export type LiveAlert =
  /** Send (or hold) `alert`; `digest` is the schedule of the subscription it now follows. */
  | { send: true; alert: Alert; digest: DigestSchedule | null }
  /** Every subscription it was for is paused: a first message is not posted. */
  | { send: false; reason: string };

/**
 * `found`: the alert's subscriptions that still exist, in its order. An alert whose subscriptions
 * are all gone (queued by a removed rule, or by a test without any) goes out as queued.
 * `retried`: an operator asked for this alert again (herald outbox retry): it goes out even while
 * its subscriptions are paused, as a permanent error pauses them before the fix and the retry.
 */
export function liveAlert(alert: Alert, found: readonly Subscription[], settings: ChannelSettings | null, retried = false): LiveAlert {
  // A template a config rule gave the alert comes first; else the channel's from chat, as it is now.
  const template = alert.template ?? settings?.template ?? null;
  if (alert.kind === 'update' || found.length === 0) return { send: true, alert: { ...alert, template }, digest: found[0]?.digest ?? null };
  const active = retried ? [...found] : found.filter((subscription) => !subscription.paused);
  if (active.length === 0) {
    const ids = found.map((subscription) => subscription.id).join(', ');
    return { send: false, reason: `not posted: subscription ${ids} was paused before this alert went out (resume it for new items; 'herald outbox retry' sends this one)` };
  }
  // As when it was planned, holds follow a subscription that alerts right away when one does;
  // a paused subscription's mention pings no one.
  const lead = active.find((subscription) => subscription.digest === null) ?? active[0]!;
  const mention = mergeMentions(active.map((subscription) => subscription.mention));
  return { send: true, alert: { ...alert, template, mention }, digest: lead.digest };
}
