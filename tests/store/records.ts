// Factories for the records the store contract writes: sensible invented defaults, one
// override object to change what a test is about.
import type { Alert, Item, NoticeDraft, Story, StorySource, Subscription } from '../../src/domain/types.ts';
import { missingFeed } from '../../src/store/store-errors.ts';
import type { FeedDefinition, PollCommit, Store } from '../../src/store/store.ts';

/** A fixed "now" so stored times are easy to read in failures. */
export const T0 = 1_700_000_000_000;
export const MINUTE = 60_000;

export function feedDefinition(overrides: Partial<FeedDefinition> = {}): FeedDefinition {
  const id = overrides.id ?? 'harbour';
  return { id, url: `https://news.example.test/${id}/rss.xml`, name: null, intervalMs: 10 * MINUTE, ...overrides };
}

export function item(overrides: Partial<Item> = {}): Item {
  const key = overrides.key ?? 'harbour-ferry-timetable';
  return {
    feedId: 'harbour',
    key,
    url: `https://news.example.test/articles/${key}`,
    title: 'Harbour ferry adds a late crossing for the winter season',
    text: 'The island ferry will run one more evening crossing from December. Operators cite rising commuter numbers.',
    summary: 'The island ferry will run one more evening crossing from December.',
    published: '2024-11-02T08:30:00.000Z',
    categories: ['transport', 'local'],
    author: 'Desk Reporter',
    sourceName: 'Harbour Gazette',
    contentHash: `hash-${key}`,
    ...overrides,
  };
}

export function storySource(overrides: Partial<StorySource> = {}): StorySource {
  const itemKey = overrides.itemKey ?? 'harbour-ferry-timetable';
  return {
    feedId: 'harbour',
    itemKey,
    sourceName: 'Harbour Gazette',
    url: `https://news.example.test/articles/${itemKey}`,
    seenAt: T0,
    ...overrides,
  };
}

export function story(overrides: Partial<Story> = {}): Story {
  return {
    id: 'story-ferry',
    title: 'Harbour ferry adds a late crossing for the winter season',
    url: 'https://news.example.test/articles/harbour-ferry-timetable',
    createdAt: T0,
    updatedAt: T0,
    fingerprint: 'fp:1a2b3c',
    sources: [storySource()],
    ...overrides,
  };
}

export function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-news',
    platform: 'slack',
    workspace: 'T-HARBOUR',
    channel: 'C-NEWS',
    feeds: null,
    query: 'ferry OR "late crossing"',
    topic: null,
    digest: null,
    storyPolicy: 'update',
    createdBy: 'U-EDITOR',
    paused: false,
    pausedReason: null,
    managedByConfig: false,
    createdAt: T0,
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    subscriptionId: 'sub-news',
    platform: 'slack',
    workspace: 'T-HARBOUR',
    channel: 'C-NEWS',
    storyId: 'story-ferry',
    item: item(),
    sources: [{ name: 'Harbour Gazette', url: 'https://news.example.test/articles/harbour-ferry-timetable' }],
    topic: 'transport',
    template: null,
    kind: 'new',
    ...overrides,
  };
}

/** An outbox entry to queue; its key defaults to one naming the subscription, story and kind. */
export function queued(overrides: Partial<Alert> = {}, idempotencyKey?: string): { idempotencyKey: string; alert: Alert } {
  const queuedAlert = alert(overrides);
  return { idempotencyKey: idempotencyKey ?? `${queuedAlert.subscriptionId}:${queuedAlert.storyId}:${queuedAlert.kind}`, alert: queuedAlert };
}

export function noticeDraft(key: string, channel: string | null = 'C-NEWS'): NoticeDraft {
  return { idempotencyKey: key, platform: 'slack', workspace: 'T-HARBOUR', channel, text: `notice ${key}` };
}

export function pollCommit(overrides: Partial<PollCommit> = {}): PollCommit {
  return {
    feedId: 'harbour',
    now: T0,
    etag: '"v1"',
    lastModified: 'Sat, 02 Nov 2024 08:30:00 GMT',
    title: 'Harbour Gazette: Local',
    nextPollAt: T0 + 10 * MINUTE,
    items: [],
    servedKeys: [],
    stories: [],
    alerts: [],
    ...overrides,
  };
}

/** One poll through commitPolls; a feed that no longer exists is an error here, as it is for pollFeed. */
export async function commitPoll(store: Store, commit: PollCommit): Promise<{ alertsQueued: number }> {
  const [queued] = await store.commitPolls([commit]);
  if (queued === null || queued === undefined) throw missingFeed(commit.feedId);
  return { alertsQueued: queued };
}
