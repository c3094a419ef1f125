// What a merge of stored stories (bridged-stories.ts) does to the messages channels have about
// them. Pure: the caller reads the stories' outbox entries and writes the result.
//
// A channel keeps one message about the merged story: the first one queued about any of its
// stories (a channel's entries go out in queue order, so it is the one people saw first). A
// message about another of the stories that has not gone out yet is dropped, and the kept
// message takes its sources (folded into it while it is unsent too, else as an edit). A second
// message that went out already stays (a message people saw is never deleted); later sources
// edit the kept one only. A channel with a message about one of the stories only keeps it: the
// bridging item is an update of it, not a new alert.
import type { Alert, OutboxEntry, Story } from '../domain/types.ts';
import type { QueuedAlert } from '../store/store.ts';
import { channelKey, storySources, type ItemRef } from './alert-plan.ts';

export interface MergePlan {
  /** Per channel (channelKey), the message the merged story keeps. */
  messages: Map<string, OutboxEntry>;
  /** Entries of the other messages (their first post and its edits) still unsent: the store drops them. */
  retire: number[];
  /** Per channel that had messages about two of the stories: the kept message with every source. */
  alerts: QueuedAlert[];
}

/**
 * `story` is the merged story (its id the survivor's, every source in it); `entries` every outbox
 * entry of the stories merged into it and of itself; `cause` the bridging item.
 */
export function planMergedMessages(story: Story, entries: OutboxEntry[], cause: ItemRef, at: number): MergePlan {
  const plan: MergePlan = { messages: new Map(), retire: [], alerts: [] };
  const byChannel = new Map<string, OutboxEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    const key = channelKey(entry.alert);
    byChannel.set(key, [...(byChannel.get(key) ?? []), entry]);
  }
  for (const [key, channelEntries] of byChannel) {
    const first = channelEntries.find((entry) => entry.alert.kind === 'new');
    if (!first) continue;
    plan.messages.set(key, first);
    const others = channelEntries.filter((entry) => entry.alert.storyId !== first.alert.storyId);
    if (!others.some((entry) => entry.alert.kind === 'new')) continue;
    plan.retire.push(...others.filter((entry) => retirable(entry, at)).map((entry) => entry.id));
    const merged: Alert = { ...first.alert, storyId: story.id, sources: storySources(story), kind: 'update' };
    const absorbed = [...new Set(others.map((entry) => entry.alert.storyId))].sort().join('+');
    plan.alerts.push({
      idempotencyKey: `${first.alert.platform}:${first.alert.channel}:${story.id}:merge:${absorbed}`,
      alert: merged,
      cause,
      ...(unsent(first, at) ? { fold: { entryId: first.id, expected: first.alert, alert: { ...merged, kind: first.alert.kind } } } : {}),
    });
  }
  return plan;
}

/** An edit waiting for its post (a retry time ahead) is dropped as well: it would edit the kept message with the other story's headline. */
function retirable(entry: OutboxEntry, at: number): boolean {
  return unsent(entry, at) || (entry.alert.kind === 'update' && entry.status === 'pending');
}

/**
 * Not out, as far as the poll can tell: pending and due (a claim by a worker pushes the due time
 * past now), or held outside a digest. The store checks again, atomically, when it writes.
 */
export function unsent(entry: OutboxEntry, at: number): boolean {
  return (entry.status === 'pending' && entry.nextAttemptAt <= at) || (entry.status === 'held' && !entry.digestKey);
}
