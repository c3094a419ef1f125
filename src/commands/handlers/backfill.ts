// `subscribe ... backfill:N`: the latest N items a new subscription matches, queued in the outbox
// like any alert (so quiet hours, caps and retries apply). An item the store has seen keeps its
// story, so a later poll neither repeats it nor loses its updates; one a first poll recorded
// without a story (pipeline/seed-entries.ts) is given one first, as a poll would have, so a copy
// another outlet publishes later joins it (context.recordedStories); an unseen item of a feed
// polled before is left to that feed's next poll, which alerts it anyway; an unseen item of a
// feed never polled (its first poll only records items) gets a story id of its own, which alert
// planning finds from the item once a poll records it (domain/backfill-story.ts).
import { backfillStoryId } from '../../domain/backfill-story.ts';
import type { Alert, Item, Subscription } from '../../domain/types.ts';
import type { CompiledQuery } from '../../match/index.ts';
import { plural } from '../../text/plural.ts';
import type { CommandContext, LoadedFeed } from '../context.ts';
import { newestItems, type FeedTarget } from './shared.ts';

/**
 * The story an item is alerted under as the store has it: null for an entry recorded without a
 * story, undefined when the feed's next poll will alert the item.
 */
async function storedStory(item: Item, context: CommandContext): Promise<string | null | undefined> {
  const seen = (await context.store.seenItems(item.feedId, [item.key])).get(item.key);
  if (seen !== undefined) return seen.storyId;
  const feed = await context.store.getFeed(item.feedId);
  return feed === null || feed.seeded ? undefined : backfillStoryId(item.feedId, item.key);
}

/** Stories given to entries recorded without one, by item (feed and key); every feed's at once, so they share a commit. */
async function giveStories(items: Item[], context: CommandContext): Promise<Map<string, string>> {
  const byFeed = new Map<string, Item[]>();
  for (const item of items) byFeed.set(item.feedId, [...(byFeed.get(item.feedId) ?? []), item]);
  const given = new Map<string, string>();
  await Promise.all(
    [...byFeed].map(async ([feedId, feedItems]) => {
      for (const [key, storyId] of await context.recordedStories(feedId, feedItems)) given.set(itemRef(feedId, key), storyId);
    }),
  );
  return given;
}

const itemRef = (feedId: string, key: string): string => `${feedId}\u0000${key}`;

/** Queues up to `count` of the newest matching items; returns the line the reply shows about it. */
export async function queueBackfill(
  subscription: Subscription,
  compiled: CompiledQuery,
  loaded: (FeedTarget & LoadedFeed)[],
  count: number,
  context: CommandContext,
): Promise<string> {
  // A loaded feed's items carry its URL as their feed; the store knows them by the feed's id.
  const items = newestItems(
    loaded.map((feed) => ({ ...feed, items: feed.items.map((item) => ({ ...item, feedId: feed.label })) })),
    Number.POSITIVE_INFINITY,
  ).filter((item) => compiled.matches(item));
  const chosen: { item: Item; stored: string | null }[] = [];
  let waiting = 0;
  for (const item of items) {
    if (chosen.length + waiting >= count) break;
    const stored = await storedStory(item, context);
    if (stored === undefined) waiting += 1;
    else chosen.push({ item, stored });
  }
  const given = await giveStories(chosen.flatMap(({ item, stored }) => (stored === null ? [item] : [])), context);
  const queued = chosen.map(({ item, stored }) => {
    // An entry no story could be given (its feed was just removed, or a poll recorded an edit
    // of it meanwhile) is filed under its backfill id, which alert planning also looks up.
    const storyId = stored ?? given.get(itemRef(item.feedId, item.key)) ?? backfillStoryId(item.feedId, item.key);
    const alert: Alert = {
      subscriptionId: subscription.id,
      subscriptionIds: [subscription.id],
      platform: subscription.platform,
      workspace: subscription.workspace,
      channel: subscription.channel,
      storyId,
      item,
      sources: [{ name: item.sourceName, url: item.link ?? item.url }],
      topic: subscription.topic,
      // The channel's template from chat is applied when the alert is sent, as it is then.
      template: null,
      kind: 'new',
      ...(subscription.mention == null ? {} : { mention: subscription.mention }),
    };
    // The key a poll would give this channel's first message about the story: never both.
    return { idempotencyKey: `${subscription.platform}:${subscription.channel}:${storyId}`, alert };
  });
  // Oldest first, so the channel reads them in the order they happened.
  const sent = await context.store.queueAlerts(queued.reverse(), context.now());
  const already = queued.length - sent;
  const parts = [`backfill: ${plural(sent, 'matching item')} queued for this channel (the oldest first)`];
  if (already > 0) parts.push(`${plural(already, 'item')} this channel already got`);
  if (waiting > 0) parts.push(`${plural(waiting, 'new item')} will come with the feed's next poll`);
  if (items.length < count) parts.push(`only ${plural(items.length, 'recent item')} ${items.length === 1 ? 'matches' : 'match'}`);
  return parts.join('; ');
}
