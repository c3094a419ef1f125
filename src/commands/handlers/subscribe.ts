// `subscribe <feed-url | feed-id | topic:name> [query]`: the query is checked first, a URL is
// checked against the fetch guard and then fetched once (a new feed must load to be stored),
// duplicates are refused, and the reply previews the latest items the subscription would match.
import { plural } from '../../text/plural.ts';
import { ruleQuery } from '../../config/channels.ts';
import { isHeraldError } from '../../domain/errors.ts';
import { formatMention } from '../../domain/mention.ts';
import type { FeedRecord, Subscription } from '../../domain/types.ts';
import type { CompiledQuery } from '../../match/index.ts';
import { closest } from '../../text/closest.ts';
import { checkMentionFor, quoteInput } from '../args.ts';
import { queueBackfill } from './backfill.ts';
import type { CommandContext, LoadedFeed } from '../context.ts';
import { invalid } from '../errors.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import { subscriptionId } from '../ids.ts';
import { MAX_FEEDS_PER_COMMAND, MAX_SUBSCRIPTIONS_PER_CHANNEL } from '../limits.ts';
import { checkChatFeedQuota, checkSubscriptionQuota } from '../quotas.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { addCommandFeed, checkFetchable, feedByUrl, loadNewFeed, useFeed } from './feed-urls.ts';
import {
  channelSubscriptions,
  compileUserQuery,
  fetchBudget,
  itemLines,
  knownFeed,
  loadFeeds,
  loadNotes,
  newestItems,
  feedsOf,
  queryKey,
  visibleFeeds,
  type FeedTarget,
} from './shared.ts';
import { commandLine } from '../forms.ts';

type Subscribe = Extract<ParsedCommand, { name: 'subscribe' }>;

const PREVIEW_ITEMS = 3;

/** What the subscription will read, before anything is stored or fetched. */
interface Plan {
  compiled: CompiledQuery;
  topic: string | null;
  /** null: every feed (a topic subscription). */
  feeds: string[] | null;
  /** A stored feed this subscribes to; null for a topic or a URL not stored yet. */
  feed: FeedRecord | null;
  /** A URL that no stored feed has: it must load before it is stored. */
  newUrl: string | null;
  previewTargets: FeedTarget[];
}

function checkTopic(name: string, context: CommandContext): void {
  const topics = Object.keys(context.config.topics).sort();
  if (topics.includes(name)) return;
  if (topics.length === 0) throw invalid(`there is no topic '${name}': no topics are configured; subscribe to a feed instead`);
  const guess = closest(name, topics);
  const hint = guess === null ? '' : ` (did you mean 'topic:${guess}'?)`;
  throw invalid(`there is no topic '${name}'${hint}; ${COMMAND_PREFIX} topics lists them`);
}

/**
 * The topic AND-ed with the person's query. A syntax error is reported from their query alone,
 * so its column points into what they typed; '-sport' alone means nothing but is fine here.
 */
function compileTopicQuery(topic: string, query: string, context: CommandContext): CompiledQuery {
  try {
    return compileUserQuery(ruleQuery({ topics: [topic], query }), context);
  } catch (error) {
    if (query.trim() !== '') {
      try {
        compileUserQuery(query, context);
      } catch (own) {
        if (isHeraldError(own) && typeof own.context.column === 'number') throw own;
      }
    }
    throw error;
  }
}

async function plan(command: Subscribe, context: CommandContext): Promise<Plan> {
  const { target, query } = command;
  if (target.kind === 'topic') {
    checkTopic(target.name, context);
    const compiled = compileTopicQuery(target.name, query, context);
    // A topic reads every feed; the preview reads the ones this channel already follows first.
    const feeds = await feedsOf([...(await channelSubscriptions(context)), { feeds: null }], context);
    const previewTargets = feeds.map((feed) => ({ label: feed.id, url: feed.url }));
    return { compiled, topic: target.name, feeds: null, feed: null, newUrl: null, previewTargets };
  }
  const compiled = compileUserQuery(query, context);
  let feed: FeedRecord | null;
  if (target.kind === 'feed') {
    feed = await knownFeed(target.id, context);
  } else {
    checkFetchable(target.url, context);
    feed = await feedByUrl(target.url, context);
    if (feed === null) return { compiled, topic: null, feeds: null, feed: null, newUrl: target.url, previewTargets: [] };
  }
  return { compiled, topic: null, feeds: [feed.id], feed, newUrl: null, previewTargets: [{ label: feed.id, url: feed.url }] };
}

/** Whether subscribing adds a chat feed to this workspace's own: a new URL, or one another workspace uses. */
async function newToWorkspace(planned: Plan, context: CommandContext): Promise<boolean> {
  if (planned.newUrl !== null) return true;
  const feed = planned.feed;
  if (feed === null || feed.origin === 'config') return false;
  return !(await visibleFeeds(context)).some((visible) => visible.id === feed.id);
}

function sameFeeds(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((id) => set.has(id));
}

/** The latest items the subscription matches; nothing when no feed was loaded (the notes say why). */
function previewSections(compiled: CompiledQuery, feeds: (FeedTarget & LoadedFeed)[], context: CommandContext): ReplySection[] {
  if (feeds.length === 0) return [];
  const recent = newestItems(feeds, Number.POSITIVE_INFINITY);
  const matching = recent.filter((item) => compiled.matches(item)).slice(0, PREVIEW_ITEMS);
  const from = `from ${feeds.map((feed) => feed.label).join(', ')}`;
  if (matching.length === 0) {
    return [{ title: `Preview ${from}`, lines: [`${recent.length === 1 ? 'the one recent item does not match' : `none of the ${recent.length} recent items match`}; new matching items will be posted as they arrive`] }];
  }
  return [{ title: `Latest matching items ${from} (${matching.length} shown${matching.length === 1 ? '' : ', newest first'})`, lines: matching.flatMap((item) => itemLines(item, context)) }];
}

/** "topic:x on every feed, narrowed by 'q'" or "'Title' (feed x, 14 items): items matching 'q'". */
function describeSubscription(plan: Plan, query: string, feed: FeedRecord | null, fresh: LoadedFeed | null): string {
  const narrowed = query.trim() === '' ? '' : `, narrowed by ${quoteInput(query)}`;
  if (plan.topic !== null || feed === null) return `topic:${plan.topic} on every feed${narrowed}`;
  const title = feed.name ?? fresh?.title ?? feed.title;
  const details = [`feed ${feed.id}`, ...(fresh === null ? [] : [plural(fresh.items.length, 'item')])].join(', ');
  const what = query.trim() === '' ? 'every item' : `items matching ${quoteInput(query)}`;
  return `${title === null ? details : `'${title}' (${details})`}: ${what}`;
}

/**
 * An unsubscribe elsewhere may have removed the feed, as followed by no subscription, between
 * reading it and storing this subscription; the store orders the two, so looking after storing
 * tells. The feed is stored again under its id, as subscribing to its URL afresh would.
 */
async function restoreIfUnfollowed(feed: FeedRecord, context: CommandContext): Promise<void> {
  if ((await context.store.getFeed(feed.id)) !== null) return;
  const definition = { id: feed.id, url: feed.url, name: feed.name, intervalMs: feed.intervalMs };
  await context.store.addFeed(definition, context.now(), { followsSubscriptions: true });
}

export async function subscribe(command: Subscribe, context: CommandContext): Promise<CommandReply> {
  if (command.mention !== null) checkMentionFor(command.mention, context.actor.platform);
  const existing = await channelSubscriptions(context);
  if (existing.filter((subscription) => !subscription.managedByConfig).length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
    throw invalid(`this channel has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions made from chat, the most allowed; remove some with ${commandLine(context.actor.platform, 'unsubscribe', { id: '<id>' })}`);
  }
  await checkSubscriptionQuota(context);
  const planned = await plan(command, context);
  if (await newToWorkspace(planned, context)) await checkChatFeedQuota(context);
  const duplicate = existing.find((subscription) => sameFeeds(subscription.feeds, planned.feeds) && queryKey(subscription.query, context) === planned.compiled.key);
  if (planned.newUrl === null && duplicate !== undefined) {
    throw invalid(`this channel already has that subscription (${duplicate.id}); ${COMMAND_PREFIX} list shows them all`);
  }

  const notes: string[] = [];
  let feed = planned.feed;
  let loaded: (FeedTarget & LoadedFeed)[] = [];
  if (planned.newUrl !== null) {
    const fresh = await loadNewFeed(planned.newUrl, context);
    // A page's URL stands for the feed it advertises. Another subscribe of the same URL may have
    // stored it while this one was fetching. A feed stored here follows its subscriptions: the
    // last unsubscribe naming it removes it.
    const url = fresh.url ?? planned.newUrl;
    feed = (await feedByUrl(url, context)) ?? (await addCommandFeed(url, null, context, { followsSubscriptions: true }));
    loaded = [{ label: feed.id, url: feed.url, ...fresh }];
  } else {
    const budget = fetchBudget(context, { urls: planned.previewTargets.slice(0, MAX_FEEDS_PER_COMMAND).map((target) => target.url), followUp: true });
    if (budget.allowed) {
      const result = await loadFeeds(planned.previewTargets, context);
      loaded = result.loaded;
      notes.push(...loadNotes(result));
    } else {
      notes.push(`no preview: ${budget.message}`);
    }
  }

  const subscription: Subscription = {
    id: subscriptionId(context.newId),
    platform: context.actor.platform,
    workspace: context.actor.workspace,
    channel: context.actor.channel,
    feeds: feed === null ? null : [feed.id],
    query: planned.compiled.query,
    topic: planned.topic,
    digest: null,
    storyPolicy: context.config.defaults.storyPolicy,
    createdBy: context.actor.userId,
    paused: false,
    pausedReason: null,
    managedByConfig: false,
    createdAt: context.now(),
    ...(command.mention === null ? {} : { mention: command.mention }),
  };
  await context.store.addSubscription(subscription);
  if (feed?.followsSubscriptions) await restoreIfUnfollowed(feed, context);
  // A URL another workspace already uses is the same feed, polled once; now this one sees it too.
  if (feed !== null) await useFeed(feed, context);

  if (command.backfill > 0) notes.unshift(await queueBackfill(subscription, planned.compiled, loaded, command.backfill, context));
  if (command.mention != null) notes.unshift(`each alert of this subscription pings ${formatMention(command.mention)}`);
  const fresh = loaded.find((candidate) => candidate.label === feed?.id) ?? null;
  const what = describeSubscription(planned, command.query, feed, fresh);
  const headline = `Subscribed this channel to ${what}. Id: ${subscription.id} (${commandLine(context.actor.platform, 'unsubscribe', { id: subscription.id })} to stop).`;
  const sections = [...previewSections(planned.compiled, loaded, context), { title: 'Notes', lines: notes }];
  return okReply(headline, sections, { announce: true });
}
