// What the panel's pages read, as a few named queries over the same store chat and the CLI use.
// Each returns plain records for a page to render; nothing here writes.
import { configSubscriptionId } from '../config/channels.ts';
import type { ChannelRule, HeraldConfig } from '../config/schema.ts';
import type { FeedRecord, Notice, OutboxEntry, PlatformName, Subscription } from '../domain/types.ts';
import type { FeedActivity, FeedHealthCounts, FeedStore, NoticeStore, OutboxStore, PanelStore, SubscriptionStore, WorkspaceRef } from '../store/store.ts';

/** The store concerns the panel reads and changes. */
export type PanelReads = FeedStore & SubscriptionStore & OutboxStore & NoticeStore & PanelStore;

const DAY_MS = 86_400_000;
/** Rows shown per outbox list, as `herald outbox list` shows them. */
export const OUTBOX_LIST_LIMIT = 200;
const LAST_ERRORS = 5;

export interface Overview {
  health: FeedHealthCounts;
  sentLastDay: number;
  outboxDepth: number;
  /** Capped at OUTBOX_LIST_LIMIT. */
  deadLetters: number;
  /** Failing feeds, the most recently polled first. */
  lastErrors: FeedRecord[];
}

export async function overview(store: PanelReads, now: number): Promise<Overview> {
  const [health, sentLastDay, stats, dead, feeds] = await Promise.all([
    store.feedHealthCounts(),
    store.countAllSentSince(now - DAY_MS),
    store.outboxStats(),
    store.listOutbox('dead', OUTBOX_LIST_LIMIT),
    store.listFeeds(),
  ]);
  const lastErrors = feeds
    .filter((feed) => feed.failureCount > 0 && feed.lastError !== null)
    .sort((a, b) => (b.lastPolledAt ?? 0) - (a.lastPolledAt ?? 0))
    .slice(0, LAST_ERRORS);
  return { health, sentLastDay, outboxDepth: stats.depth, deadLetters: dead.length, lastErrors };
}

export interface FeedRow {
  feed: FeedRecord;
  activity: FeedActivity;
  /** The workspaces using a chat feed; empty for config feeds, which serve every workspace. */
  owners: WorkspaceRef[];
}

export async function feedRows(store: PanelReads): Promise<FeedRow[]> {
  const [feeds, activity, owners] = await Promise.all([store.listFeeds(), store.feedActivity(), store.chatFeedWorkspaces()]);
  return feeds.map((feed) => ({ feed, activity: activity.get(feed.id) ?? { itemsSeen: 0, alertsCaused: 0 }, owners: owners.get(feed.id) ?? [] }));
}

/** One feed's row, or null when there is no such feed. */
export async function feedRow(store: PanelReads, id: string): Promise<FeedRow | null> {
  return (await feedRows(store)).find((row) => row.feed.id === id) ?? null;
}

export interface ChannelView {
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  subscriptions: { subscription: Subscription; rule: ChannelRule | null }[];
}

export interface WorkspaceGroup {
  platform: PlatformName;
  workspace: string | null;
  channels: ChannelView[];
}

/** Every channel with subscriptions, grouped by workspace; each config subscription with the rule it came from. */
export async function channelGroups(store: PanelReads, config: HeraldConfig): Promise<WorkspaceGroup[]> {
  const rules = new Map(config.channels.map((rule) => [configSubscriptionId(rule), rule]));
  const groups = new Map<string, WorkspaceGroup>();
  for (const subscription of await store.listSubscriptions()) {
    const { platform, workspace, channel } = subscription;
    const groupKey = `${platform}\u0000${workspace ?? ''}`;
    const group = groups.get(groupKey) ?? groups.set(groupKey, { platform, workspace, channels: [] }).get(groupKey)!;
    let view = group.channels.find((candidate) => candidate.channel === channel);
    if (view === undefined) group.channels.push((view = { platform, workspace, channel, subscriptions: [] }));
    view.subscriptions.push({ subscription, rule: rules.get(subscription.id) ?? null });
  }
  const byName = (a: { platform: string; workspace: string | null }, b: { platform: string; workspace: string | null }) =>
    a.platform.localeCompare(b.platform) || (a.workspace ?? '').localeCompare(b.workspace ?? '');
  const sorted = [...groups.values()].sort(byName);
  for (const group of sorted) group.channels.sort((a, b) => a.channel.localeCompare(b.channel));
  return sorted;
}

/** The workspaces a feed added in the panel can belong to: those with channels or chat feeds, and the console. */
export async function knownWorkspaces(store: PanelReads): Promise<WorkspaceRef[]> {
  const [subscriptions, owners] = await Promise.all([store.listSubscriptions(), store.chatFeedWorkspaces()]);
  const refs = [{ platform: 'console', workspace: null } as WorkspaceRef, ...subscriptions, ...[...owners.values()].flat()];
  const unique = new Map(refs.map((ref) => [`${ref.platform}\u0000${ref.workspace ?? ''}`, { platform: ref.platform, workspace: ref.workspace }]));
  return [...unique.values()];
}

export interface OutboxLists {
  pending: OutboxEntry[];
  held: OutboxEntry[];
  dead: OutboxEntry[];
  deadNotices: Notice[];
}

export async function outboxLists(store: PanelReads): Promise<OutboxLists> {
  const [pending, held, dead, deadNotices] = await Promise.all([
    store.listOutbox('pending', OUTBOX_LIST_LIMIT),
    store.listOutbox('held', OUTBOX_LIST_LIMIT),
    store.listOutbox('dead', OUTBOX_LIST_LIMIT),
    store.listNotices('dead', OUTBOX_LIST_LIMIT),
  ]);
  return { pending, held, dead, deadNotices };
}

export interface TopicUse {
  name: string;
  query: string;
  /** Subscriptions (config rules and chat) whose query names the topic. */
  usedBy: Subscription[];
}

export async function topicUses(store: PanelReads, config: HeraldConfig): Promise<TopicUse[]> {
  const subscriptions = await store.listSubscriptions();
  return Object.entries(config.topics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, query]) => {
      const mention = new RegExp(`(^|[\\s(])topic:${name}(?![a-z0-9_-])`, 'i');
      return { name, query, usedBy: subscriptions.filter((subscription) => subscription.topic === name || mention.test(subscription.query)) };
    });
}
