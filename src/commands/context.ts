// Everything a handler may use, injected by the platform adapter: the store, the config, who ran
// the command where, the one I/O it may do (loading a feed), a clock and an id source.
import type { HeraldConfig } from '../config/schema.ts';
import type { Item, PlatformName } from '../domain/types.ts';
import type { ChannelStateStore, FeedStore, OutboxStore, StoryStore, SubscriptionStore } from '../store/store.ts';

/**
 * What commands read and change: feeds, subscriptions, when a subscription last had an alert
 * delivered, a channel's own settings and alerts, and (for backfill) which items were seen.
 */
export type CommandStore = FeedStore & SubscriptionStore & OutboxStore & ChannelStateStore & StoryStore;
import type { CommandRateLimiter } from './rate-limit.ts';

export interface Actor {
  platform: PlatformName;
  /** Slack team id or Discord guild id; null for the console. */
  workspace: string | null;
  channel: string;
  userId: string;
  /** Computed by the adapter: the config's admins (see isConfigAdmin) plus the platform's own. */
  isAdmin: boolean;
}

export interface LoadedFeed {
  /** The feed's own title, cleaned to one line; null when it has none. */
  title: string | null;
  /** Newest first. */
  items: Item[];
  /** The feed URL loaded when it is not the URL given: the feed a web page advertises (discovery). */
  url?: string;
}

/** Fetches and parses one feed through the guarded fetch; throws HeraldError naming the reason. */
export type FeedLoad = (url: string) => Promise<LoadedFeed>;

/**
 * The stories of `items` (entries of feed `feedId`, as the feed loader cleaned them) by key, after
 * giving one to each its feed's first poll recorded without a story (pipeline/recorded-stories.ts):
 * a backfill alerts them under stories later copies join. An entry with no story is left out.
 */
export type RecordedStories = (feedId: string, items: Item[]) => Promise<Map<string, string>>;

/** Fetches a document that is not a feed (an OPML list) through the guarded fetch. */
export type DocumentLoad = (url: string) => Promise<string>;

export interface CommandContext {
  store: CommandStore;
  config: HeraldConfig;
  actor: Actor;
  /** Usually feedLoader(config); tests pass a fake. */
  loadFeed: FeedLoad;
  /** documentLoader(config) when absent; tests pass one with a fake resolver. */
  loadDocument?: DocumentLoad;
  /** Shared by every command of the process, so its limits hold across them. */
  rateLimiter: CommandRateLimiter;
  /** The process's (Herald.recordedStories), so the stories are those its polls find. */
  recordedStories: RecordedStories;
  now: () => number;
  /** A short random id: lower-case letters and digits only (see randomId). */
  newId: () => string;
}

export interface CommandContextOptions {
  store: CommandStore;
  /** Read per command, so a config reload applies to the next one. */
  config: () => HeraldConfig;
  rateLimiter: CommandRateLimiter;
  /** feedLoader in production: the guarded fetch; tests pass a fake. */
  loadFeed: (config: HeraldConfig) => FeedLoad;
  recordedStories: RecordedStories;
  now: () => number;
  newId: () => string;
}

/**
 * One context factory per process, shared by every platform's commands, so the rate limits
 * hold across Slack and Discord and both see the same live config.
 */
export function commandContexts(options: CommandContextOptions): (actor: Actor) => CommandContext {
  return (actor) => {
    const config = options.config();
    return {
      store: options.store,
      config,
      actor,
      loadFeed: options.loadFeed(config),
      rateLimiter: options.rateLimiter,
      recordedStories: options.recordedStories,
      now: options.now,
      newId: options.newId,
    };
  };
}
