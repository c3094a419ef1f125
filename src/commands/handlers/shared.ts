// Helpers every handler shares: this channel's subscriptions, query compilation with a message
// for people, the fetch budget, loading a few feeds at once, and how records read in a reply.
import ms from 'ms';
import { plural } from '../../text/plural.ts';
import { describeError, isHeraldError } from '../../domain/errors.ts';
import { feedHealth } from '../../domain/feed-health.ts';
import type { FeedRecord, Item, Subscription } from '../../domain/types.ts';
import { compileQuery, type CompiledQuery } from '../../match/index.ts';
import { closest } from '../../text/closest.ts';
import { relativeTime } from '../../text/relative-time.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext, LoadedFeed } from '../context.ts';
import { forbidden, invalid } from '../errors.ts';
import { formOf } from '../forms.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import { FETCH_RATE_LIMITS, MAX_FEEDS_PER_COMMAND } from '../limits.ts';
import { whoRaisesLimits } from '../quotas.ts';
import { hourlyLimit, type FetchTargets } from '../rate-limit.ts';

/**
 * The feeds this workspace sees: the config's (every workspace's) and the chat feeds it added or
 * subscribed to. Another workspace's chat feeds (their URLs may carry its tokens) stay out of
 * every reply, preview, completion and removal.
 */
export function visibleFeeds(context: Pick<CommandContext, 'store' | 'actor'>): Promise<FeedRecord[]> {
  const { platform, workspace } = context.actor;
  return context.store.listFeeds({ platform, workspace });
}

/**
 * Whether a subscription belongs to the actor's channel. A config rule that names no workspace
 * (as the README shows them) is a member of every channel of that id on its platform: channel
 * ids are unique across Slack teams and Discord servers, and the rule is the operator's.
 */
export function inActorChannel(subscription: Subscription, context: Pick<CommandContext, 'actor'>): boolean {
  const { platform, workspace, channel } = context.actor;
  if (subscription.platform !== platform || subscription.channel !== channel) return false;
  return subscription.workspace === workspace || (subscription.managedByConfig && subscription.workspace === null);
}

export async function channelSubscriptions(context: Pick<CommandContext, 'store' | 'actor'>): Promise<Subscription[]> {
  const { platform, channel } = context.actor;
  return (await context.store.listSubscriptions({ platform, channel })).filter((subscription) => inActorChannel(subscription, context));
}

/** Compiles a person's query; a problem becomes a command error that keeps the column message. */
export function compileUserQuery(query: string, context: CommandContext): CompiledQuery {
  try {
    return compileQuery(query, context.config.topics);
  } catch (error) {
    if (isHeraldError(error) && error.code === 'query_invalid') throw invalid(`problem in the query: ${error.message}`, error.context);
    throw error;
  }
}

/** The key a query compiles to, for telling duplicates apart; the raw text when it no longer compiles. */
export function queryKey(query: string, context: CommandContext): string {
  try {
    return compileQuery(query, context.config.topics).key;
  } catch {
    return `raw:${query.trim()}`;
  }
}

// Fetching commands a workspace may run at once before its hourly rate applies.
const WORKSPACE_BURST = 30;

function waitText(retryAfterMs: number): string {
  return ms(Math.max(1_000, Math.ceil(retryAfterMs / 1_000) * 1_000), { long: true });
}

/** Whether this command may fetch `urls` now; when not, the reason and when to retry. */
export function fetchBudget(context: CommandContext, fetch: FetchTargets): { allowed: true } | { allowed: false; message: string } {
  const { limits } = context.config;
  // A person gets a small burst (the channel's share of a busy hour); a workspace, a larger one.
  const decision = context.rateLimiter.take(context.actor, context.now(), {
    perUser: hourlyLimit(limits.fetchesPerUserPerHour, FETCH_RATE_LIMITS.perUser.capacity),
    perWorkspace: hourlyLimit(limits.fetchesPerWorkspacePerHour, WORKSPACE_BURST),
  }, fetch);
  if (decision.allowed) return decision;
  const retry = `try again in ${waitText(decision.retryAfterMs)}`;
  if (decision.scope === 'workspace') {
    const limit = limits.fetchesPerWorkspacePerHour;
    return {
      allowed: false,
      message: `this workspace has run ${plural(limit, 'command')} that fetch${limit === 1 ? 'es' : ''} feeds in the last hour, the most allowed (limits.fetchesPerWorkspacePerHour); ${retry}, or ask ${whoRaisesLimits(context)} to raise it in the config`,
    };
  }
  if (decision.scope === 'user') {
    return {
      allowed: false,
      message: `you have run several commands that fetch feeds in a short time (limits.fetchesPerUserPerHour: ${limits.fetchesPerUserPerHour} an hour); ${retry}, or ask ${whoRaisesLimits(context)} to raise it in the config`,
    };
  }
  return { allowed: false, message: `this channel has run several commands that fetch feeds in a short time; ${retry}` };
}

/** Takes one fetch from the budget, or refuses the command with when to retry. */
export function requireFetchBudget(context: CommandContext, urls: readonly string[]): void {
  const budget = fetchBudget(context, { urls });
  if (!budget.allowed) throw forbidden(budget.message, { reason: 'rate_limited' });
}

export interface FeedTarget {
  /** How replies name it: a feed id, or the URL for a feed not stored. */
  label: string;
  url: string;
}

export interface LoadResult {
  loaded: (FeedTarget & LoadedFeed)[];
  failed: (FeedTarget & { reason: string })[];
  /** Targets left out over MAX_FEEDS_PER_COMMAND. */
  skipped: number;
}

/** Loads up to MAX_FEEDS_PER_COMMAND feeds at once; one failing feed never fails the others. */
export async function loadFeeds(targets: FeedTarget[], context: CommandContext): Promise<LoadResult> {
  const chosen = targets.slice(0, MAX_FEEDS_PER_COMMAND);
  const settled = await Promise.allSettled(chosen.map((target) => context.loadFeed(target.url)));
  const result: LoadResult = { loaded: [], failed: [], skipped: targets.length - chosen.length };
  settled.forEach((outcome, index) => {
    const target = chosen[index]!;
    if (outcome.status === 'fulfilled') result.loaded.push({ ...target, ...outcome.value });
    else result.failed.push({ ...target, reason: describeError(outcome.reason) });
  });
  return result;
}

/** Lines saying which feeds could not be loaded or were left out. */
export function loadNotes(result: LoadResult): string[] {
  const notes = result.failed.map((failure) => `${failure.label} could not be loaded: ${failure.reason}`);
  if (result.skipped > 0) notes.push(`${plural(result.skipped, 'more feed')} not loaded: at most ${MAX_FEEDS_PER_COMMAND} per command`);
  return notes;
}

/** Items of several feeds, newest first (undated ones after dated ones). */
export function newestItems(feeds: LoadedFeed[], limit: number): Item[] {
  const time = (item: Item): number => (item.published === null ? -Infinity : Date.parse(item.published));
  return feeds
    .flatMap((feed) => feed.items)
    .sort((a, b) => time(b) - time(a))
    .slice(0, limit);
}

function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

/** "3 hours ago"; "never" for no time. */
export function ago(time: number | null, context: CommandContext): string {
  return time === null ? 'never' : relativeTime(isoOrNull(time), context.now());
}

/** One line on an item: its title, source and age, then its link. */
export function itemLines(item: Item, context: CommandContext): string[] {
  const age = relativeTime(item.published, context.now());
  const lines = [`${item.title} (${[item.sourceName, age].filter((part) => part !== '').join(', ')})`];
  if (item.url !== null) lines.push(item.url);
  return lines;
}

/** How a reply names a feed: the config's name: first (the operator chose it), else the feed's own title. */
export function feedName(feed: Pick<FeedRecord, 'name' | 'title'>): string | null {
  return feed.name ?? feed.title;
}

/** "gazette (Harbour Gazette)": the id people type, and the name they know it by. */
export function feedLabel(feed: Pick<FeedRecord, 'id' | 'name' | 'title'>): string {
  const name = feedName(feed);
  return name === null ? feed.id : `${feed.id} (${name})`;
}

/** A feed's health in a phrase: failing, never polled, or ok. */
export function feedHealthPhrase(feed: FeedRecord, context: CommandContext): string {
  const health = feedHealth(feed);
  if (health === 'failing' || health === 'retrying') {
    return `failing (${feed.failureCount} failed polls in a row, last success ${ago(feed.lastSuccessAt, context)}): ${feed.lastError ?? 'no reason recorded'}`;
  }
  if (health === 'new') return 'waiting for its first poll';
  return `ok, last success ${ago(feed.lastSuccessAt, context)}`;
}

/** What a missing feed id was wanted for, which decides what the reply suggests instead. */
export type FeedUse = 'read' | 'remove';

/**
 * A feed this workspace sees, by id, or a command error with the closest id and where to look;
 * a topic of that name (people type `north-korea` for `topic:north-korea`) is named first.
 */
export async function knownFeed(id: string, context: CommandContext, use: FeedUse = 'read'): Promise<FeedRecord> {
  const visible = await visibleFeeds(context);
  const feed = visible.find((candidate) => candidate.id === id);
  if (feed !== undefined) return feed;
  if (use === 'read' && Object.hasOwn(context.config.topics, id)) {
    const how = formOf(context.actor.platform) === 'options' ? `put topic:${id} in the feed option` : `write topic:${id} (${COMMAND_PREFIX} subscribe topic:${id})`;
    throw invalid(`there is no feed ${quoteInput(id)}, but there is a topic of that name: ${how}`);
  }
  const guess = closest(id, visible.map((candidate) => candidate.id));
  const hint = guess === null ? '' : ` (did you mean '${guess}'?)`;
  const instead = use === 'read' ? `subscribe by the feed's URL instead, or see ${COMMAND_PREFIX} status for this channel's feeds` : `${COMMAND_PREFIX} feed list shows the feeds`;
  throw invalid(`there is no feed ${quoteInput(id)}${hint}; ${instead}`);
}

/**
 * The feeds a set of subscriptions reads, in the order a preview reads them: the feeds they name,
 * then (when one of them reads every feed) the other feeds this workspace sees; each group with
 * the most recently updated feed first, so a preview of at most a few feeds shows the newest items.
 */
export async function feedsOf(subscriptions: Pick<Subscription, 'feeds'>[], context: CommandContext): Promise<FeedRecord[]> {
  const all = await visibleFeeds(context);
  const named = new Set(subscriptions.flatMap((subscription) => subscription.feeds ?? []));
  const readsAll = subscriptions.some((subscription) => subscription.feeds === null);
  const recentFirst = (a: FeedRecord, b: FeedRecord): number => (b.lastSuccessAt ?? -1) - (a.lastSuccessAt ?? -1) || a.id.localeCompare(b.id);
  const own = all.filter((feed) => named.has(feed.id)).sort(recentFirst);
  const others = readsAll ? all.filter((feed) => !named.has(feed.id)).sort(recentFirst) : [];
  return [...own, ...others];
}
