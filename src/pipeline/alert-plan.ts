// Decides which alerts one poll produces, given what each new or changed item became (a new
// story, a copy joining an older story, an edit of an item already seen) and which
// subscriptions it matches. Pure: the caller does every lookup and the writing.
import type { Alert, Item, Story, StoryPolicy, Subscription } from '../domain/types.ts';

export type ItemOutcome =
  /** The item started a story. */
  | { kind: 'new-story'; item: Item; story: Story }
  /** The item is another outlet's copy (or a re-published copy) of an existing story. */
  | { kind: 'joined-story'; item: Item; story: Story }
  /** An item already seen under the same key came back with a different title or text. */
  | { kind: 'edited'; item: Item; story: Story };

export interface PlannedAlert {
  idempotencyKey: string;
  alert: Alert;
}

export interface PlanInput {
  outcome: ItemOutcome;
  subscriptions: Subscription[];
  /** Story ids each subscription already has an alert for (from the store and this batch). */
  alerted: (subscriptionId: string, storyId: string) => boolean;
  templateFor: (subscription: Subscription) => string | null;
}

export function planAlerts(input: PlanInput): PlannedAlert[] {
  const { outcome } = input;
  const planned: PlannedAlert[] = [];
  for (const subscription of input.subscriptions) {
    const already = input.alerted(subscription.id, outcome.story.id);
    const decision = decide(outcome.kind, already, subscription.storyPolicy);
    if (decision === 'skip') continue;
    planned.push({
      idempotencyKey: idempotencyKey(subscription.id, outcome, decision),
      alert: {
        subscriptionId: subscription.id,
        platform: subscription.platform,
        workspace: subscription.workspace,
        channel: subscription.channel,
        storyId: outcome.story.id,
        item: outcome.item,
        sources: outcome.story.sources.map((source) => ({ name: source.sourceName, url: source.link ?? source.url })),
        topic: subscription.topic,
        template: input.templateFor(subscription),
        kind: decision === 'update' ? 'update' : 'new',
      },
    });
  }
  return planned;
}

type Decision = 'post' | 'repost' | 'update' | 'skip';

function decide(kind: ItemOutcome['kind'], alreadyAlerted: boolean, policy: StoryPolicy): Decision {
  // An edit only matters to channels that saw the story; feeds edit old items all the time.
  if (kind === 'edited' && !alreadyAlerted) return 'skip';
  // A channel that never heard of the story gets it as new, whichever copy reached it first.
  if (!alreadyAlerted) return 'post';
  if (kind === 'new-story') return 'skip';
  if (policy === 'ignore') return 'skip';
  return policy === 'repost' ? 'repost' : 'update';
}

// One key per (subscription, story) for the first post, so a re-run of the same poll can
// never queue it twice; later revisions are keyed by the item revision that caused them.
function idempotencyKey(subscriptionId: string, outcome: ItemOutcome, decision: Decision): string {
  const base = `${subscriptionId}:${outcome.story.id}`;
  if (decision === 'post') return base;
  const revision = `${outcome.item.feedId}:${outcome.item.key}:${outcome.item.contentHash.slice(0, 16)}`;
  return `${base}:${decision}:${revision}`;
}
