// Platform-neutral types shared by every stage. Times are epoch milliseconds unless the name
// says ISO; persisted records use plain JSON-friendly shapes so every store can hold them.
import type { Mention } from './mention.ts';


/**
 * A platform's name, as its module in platforms/modules.ts gives it ('console', 'slack',
 * 'discord', ...): a string, so that adding a platform needs no edit here; the config accepts
 * only the names in that list (config/schema.ts).
 */
export type PlatformName = string;

/** A feed as the store keeps it: config/command identity plus its HTTP and health state. */
export interface FeedRecord {
  id: string;
  url: string;
  name: string | null;
  intervalMs: number;
  /** Where the feed came from: the config file or a chat command (`feed add`, or `subscribe <url>`). */
  origin: 'config' | 'command';
  /**
   * True for a feed created as a side effect of `subscribe <url>`: it is polled only while some
   * subscription names it, and removed with the last one removed from chat. False for feeds from
   * the config or added by an admin (`feed add`, which also turns this off), which stay.
   */
  followsSubscriptions: boolean;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the body the last committed poll read (absent or null: none yet). */
  bodyHash?: string | null;
  /** The feed's own title, learned on the first successful parse. */
  title: string | null;
  nextPollAt: number;
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  /** False until the first successful poll: that poll seeds items as seen instead of alerting. */
  seeded: boolean;
  failureCount: number;
  lastError: string | null;
  /** When the feed crossed the failing threshold (its channels were told); null while healthy. */
  failingSince?: number | null;
}

/** One entry as a parser found it, before cleaning. Every field is untrusted feed text. */
export interface RawEntry {
  guid: string | null;
  link: string | null;
  title: string | null;
  /** The richest body the entry offers (content:encoded, Atom content, JSON content_html). */
  contentHtml: string | null;
  /** The short description / summary field. */
  summaryHtml: string | null;
  published: string | null;
  categories: string[];
  author: string | null;
  /** The entry's own image (media:thumbnail, an image enclosure, JSON Feed `image`), as published. */
  image: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json';
  title: string | null;
  /** The site's home page, used to resolve relative entry links. */
  link: string | null;
  entries: RawEntry[];
}

/** A normalized, cleaned feed item: the unit every later stage works on. */
export interface Item {
  feedId: string;
  /** Stable within its feed: guid, else canonical link, else hash of title + date. */
  key: string;
  /** Absolute canonical URL (tracking parameters removed), or null when the entry had none: identity, not display. */
  url: string | null;
  /**
   * The link as the feed published it (absolute, http(s)), the one people click: a site may not
   * serve the canonical form. Absent without a usable link, and on alerts queued before it existed.
   */
  link?: string;
  title: string;
  /** The whole cleaned plain text of the entry (description or content), boilerplate removed. */
  text: string;
  /** The short lead shown in an alert; empty when it would only repeat the title. */
  summary: string;
  /** ISO 8601, or null when the feed gave no parseable date. */
  published: string | null;
  categories: string[];
  author: string | null;
  /** The feed's configured name, else its own title, else its host. */
  sourceName: string;
  /**
   * An absolute http(s) image for the alert (the entry's own, else the first <img> of its text),
   * never on a private or loopback address. Absent without one, and on alerts queued before it existed.
   */
  image?: string;
  /** Hash of title + text: a change under the same key is an edit of the item. */
  contentHash: string;
}

export type DigestSchedule = { kind: 'hourly' } | { kind: 'daily'; at: string /* HH:MM */ };

export type StoryPolicy = 'update' | 'ignore' | 'repost';

export interface Subscription {
  id: string;
  platform: PlatformName;
  /** Slack team id or Discord guild id; null for the console. */
  workspace: string | null;
  channel: string;
  /** Feed ids this subscription listens to; null means every feed. */
  feeds: string[] | null;
  /** Query text in the match language; '' matches every item. */
  query: string;
  /** Config topic names the query came from, for display ("topic:north-korea"). */
  topic: string | null;
  digest: DigestSchedule | null;
  storyPolicy: StoryPolicy;
  createdBy: string;
  paused: boolean;
  pausedReason: string | null;
  /** Declared in the config file: shown as managed by config, not removable from chat. */
  managedByConfig: boolean;
  createdAt: number;
  /** Who this subscription's alerts ping, opted in by its rule or subscribe command; absent or null: nobody. */
  mention?: Mention | null;
}

export interface StorySource {
  feedId: string;
  itemKey: string;
  sourceName: string;
  /** The item's canonical URL (identity). */
  url: string | null;
  /** The item's link as published (Item.link), shown as the outlet's link; absent on sources stored before it existed. */
  link?: string;
  seenAt: number;
}

/** One news event, possibly carried by several items from several feeds. */
export interface Story {
  id: string;
  title: string;
  url: string | null;
  createdAt: number;
  updatedAt: number;
  /** Near-duplicate fingerprint in dedup's own serialized form; null when the text was too short. */
  fingerprint: string | null;
  sources: StorySource[];
}

/**
 * What a channel set for itself from chat (`/news quiet`, `timezone`, `template`); a null field
 * was never set or was turned off, and the config rule's or the defaults' value applies.
 */
export interface ChannelSettings {
  platform: PlatformName;
  channel: string;
  timezone: string | null;
  quietHours: { from: string; to: string } | null;
  template: string | null;
}

/** Where a message goes: one channel of one workspace on one platform. */
export interface ChannelRef {
  platform: PlatformName;
  /** Slack team id or Discord guild id; null for the console. */
  workspace: string | null;
  channel: string;
}

/**
 * What a platform renders: a channel's one message about a story, however many of the
 * channel's subscriptions matched it. A later source or an edit updates the same message.
 */
export interface Alert extends ChannelRef {
  /**
   * The subscription whose settings (digest, topic) the message follows: one that alerts
   * immediately when any of the matching ones does. Also the first of subscriptionIds.
   */
  subscriptionId: string;
  /** Every subscription of the channel that matched the story, in the order they matched; absent on alerts queued before it existed. */
  subscriptionIds?: string[];
  storyId: string;
  /**
   * The item the message is about: the story's first item as this channel got it (an update
   * keeps it, so the headline and its link stay put), or its edited version.
   */
  item: Item;
  /** Every outlet carrying the story so far, in arrival order, first one first. */
  sources: { name: string; url: string | null }[];
  topic: string | null;
  /** The channel's own message template (its config rule's, else one set from chat), if any. */
  template: string | null;
  /** Who the message pings: the mentions its matching subscriptions opted into; absent or null: nobody. */
  mention?: Mention | null;
  /** 'new' posts a message; 'update' edits the earlier one (more sources, edited text). */
  kind: 'new' | 'update';
}

/**
 * Alerts held back and posted together as one message: a subscription in digest mode, a
 * channel over its hourly cap, or alerts that waited out the channel's quiet hours.
 */
export interface Digest {
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  reason: 'schedule' | 'cap' | 'quiet-hours';
  /** One alert per story, in the order they were matched. */
  alerts: Alert[];
  windowStart: number;
  windowEnd: number;
}

/** A platform's handle to a posted message, enough to edit it later. */
export interface MessageRef {
  platform: PlatformName;
  channel: string;
  id: string;
  /** Discord: the channel webhook that posted the message (a rule's `voice:`); only it can edit the message. */
  webhook?: string;
}

/** 'held': kept back for a digest (schedule, cap or quiet hours) until nextAttemptAt. */
export type OutboxStatus = 'pending' | 'held' | 'sent' | 'dead';

export type HoldReason = Digest['reason'];

export interface OutboxEntry {
  id: number;
  /** Unique per (channel, story, revision): a second insert of the same key is a no-op. */
  idempotencyKey: string;
  subscriptionId: string;
  alert: Alert;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  messageRef: MessageRef | null;
  createdAt: number;
  sentAt: number | null;
  /** Why a held entry waits (also kept once it went out in a digest). */
  holdReason?: HoldReason | null;
  /** The digest this entry was sealed into; every entry of one digest shares it. */
  digestKey?: string | null;
}

/**
 * An operational message queued durably beside the outbox: a feed failing or recovered (to a
 * channel), a subscription paused by a permanent error (to the platform's admins).
 */
export interface NoticeDraft {
  /** Unique: queueing the same notice twice keeps one. */
  idempotencyKey: string;
  platform: PlatformName;
  workspace: string | null;
  /** The channel to post in; null tells the platform's admins instead. */
  channel: string | null;
  text: string;
}

export interface Notice extends NoticeDraft {
  id: number;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}
