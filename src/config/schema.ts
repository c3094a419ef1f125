// The config file's schema. zod validates and converts human units ("10m", "5MiB") so the rest
// of Herald only ever sees milliseconds and bytes.
import bytes from 'bytes';
import ms from 'ms';
import { z } from 'zod';
import { formatDigestSchedule, parseDigestSchedule } from '../domain/digest-schedule.ts';
import type { PlatformName } from '../domain/types.ts';
import { PLATFORM_MODULES } from '../platforms/modules.ts';
import type { PlatformParts } from './platform-parts.ts';

const duration = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  // ms() reads a bare "5" as 5 milliseconds; a string must name its unit so "5" is not a 5 ms poll.
  const parsed = /[a-z]\s*$/i.test(value) ? ms(value as ms.StringValue) : undefined;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a duration; write it like 30s, 10m, 2h or 1d` });
    return z.NEVER;
  }
  return parsed;
});

// A feed polled every few milliseconds (a bare number is milliseconds) would hammer its
// publisher and get Herald blocked; nothing in news needs faster than twice a minute.
const pollInterval = duration.pipe(z.number().min(30_000, 'poll a feed no more often than every 30s; write 30s or longer'));

const size = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  // bytes.parse falls back to parseInt, so on its own it reads "5MiB" and "5 parsecs" as 5 bytes.
  // It treats KB as 1024, so the binary spelling (KiB) is the same size with the "i" dropped.
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b$/i.exec(value.trim());
  const parsed = match ? bytes.parse(`${match[1]}${match[2]}b`) : null;
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a size; write it like 512KiB or 5MiB` });
    return z.NEVER;
  }
  return parsed;
});

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: (issue) => `'${String(issue.input)}' is not an http(s) URL; write it like https://example.org/feed.xml` },
);

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lower-case letters, digits, - or _, starting with a letter or digit');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time of day as HH:MM, like 08:30');

// Read by the same parser as `/news digest`, so the config takes what chat takes (daily 8:30),
// kept in its written form: 'off', 'hourly' or 'daily HH:MM'.
const digest = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseDigestSchedule(value);
    if (parsed.ok) return formatDigestSchedule(parsed.schedule);
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  })
  .describe("'off', 'hourly' or 'daily HH:MM'");

const storyPolicy = z.enum(['update', 'ignore', 'repost']);

/** A rule names a feed by id, or every feed carrying a tag as `tag:<tag>`. */
export const TAG_PREFIX = 'tag:';

const feedSchema = z.strictObject({
  id,
  url: httpUrl,
  name: z.string().min(1).max(100).optional(),
  interval: pollInterval.optional(),
  /** Groups a rule can name as `tag:<tag>` (OPML categories become tags on import). */
  tags: z.array(id).max(32).optional(),
  /** Discord: the avatar this feed's alerts show where a rule says `voice: feed`. */
  avatar: httpUrl.optional(),
});

const feedReference = z.union([id, z.string().regex(/^tag:[a-z0-9][a-z0-9_-]{0,63}$/, 'name a feed by its id, or feeds by a tag as tag:<tag>')]);

// --- Discord voice (issue 21): who a rule's alerts appear from, posted through a channel webhook.
// Discord refuses a webhook name over 80 characters, one containing "discord" or "clyde", and
// "everyone" or "here"; refused here so a rule never dead-letters every alert.
export const WEBHOOK_NAME_MAX = 80;

/** Whether Discord refuses `name` as a webhook's or a webhook message's name (50035). */
export function isRefusedWebhookName(name: string): boolean {
  return /discord|clyde/iu.test(name) || /^(everyone|here)$/iu.test(name.trim());
}

const voiceName = z
  .string()
  .trim()
  .min(1)
  .max(WEBHOOK_NAME_MAX)
  .refine((name) => !isRefusedWebhookName(name), {
    error: (issue) => `Discord refuses '${String(issue.input)}' as a webhook name (it may not contain "discord" or "clyde", nor be "everyone" or "here"); choose another name`,
  });

/** `feed`: each alert appears from its feed (its `name:` and `avatar:`); an object: one fixed name and avatar. */
const voiceSchema = z.union([
  z
    .string()
    .refine((value) => value === 'feed', {
      error: (issue) => `'${String(issue.input)}' is not a voice; write voice: feed (each feed's own name and avatar) or voice: { name: World desk, avatar: https://... }`,
    })
    .transform(() => 'feed' as const),
  z.strictObject({ name: voiceName, avatar: httpUrl.optional() }),
]);
export type VoiceRule = z.output<typeof voiceSchema>;
// --- end Discord voice

const channelSchemaFor = (platforms: readonly PlatformName[]) =>
  z.strictObject({
    platform: z.enum(platforms),
    channel: z.string().min(1).max(200),
    /** Slack team id or Discord guild id; not needed for the console. */
    workspace: z.string().min(1).optional(),
    /** Feed ids and `tag:<tag>` (every feed with that tag); absent means every feed. */
    feeds: z.array(feedReference).optional(),
    /** Topic names, OR-ed together, then AND-ed with `query` when both are given. */
    topics: z.array(z.string().min(1)).optional(),
    query: z.string().max(2000).optional(),
    template: z.string().max(2000).optional(),
    storyPolicy: storyPolicy.optional(),
    digest: digest.optional(),
    timezone: z.string().optional(),
    quietHours: z.strictObject({ from: hhmm, to: hhmm }).optional(),
    maxAlertsPerHour: z.number().int().positive().optional(),
    /** Discord: each alert starts a thread of its own. */
    thread: z.boolean().optional(),
    /** Who this rule's alerts ping: '@here', a role or users (domain/mention.ts); nobody when absent. */
    mention: z.string().min(1).max(500).optional(),
    /** Discord: post through a channel webhook under this voice instead of as the bot. */
    voice: voiceSchema.optional(),
  });

// Everything but what platforms add: `channels` (its rules name a platform), `admins` and each
// platform's own section.
const coreShape = {
  storage: z.strictObject({ path: z.string().min(1).default('data/herald.db') }).prefault({}),
  fetch: z
    .strictObject({
      concurrency: z.number().int().min(1).max(256).default(16),
      timeout: duration.default(15_000),
      /**
       * Time to wait for a server's response headers on each hop. On by default: a stalled server
       * then frees its fetch slot after 5 s instead of the whole timeout.
       */
      firstByteTimeout: duration.default(5_000),
      /** Requests in flight to one host at a time, so slow or stalled hosts cannot take every slot. */
      perHostConcurrency: z.number().int().min(1).max(64).default(4),
      /** Time reading (parsing) one feed body may take on the parser thread before the feed fails with parse_too_slow. */
      parseBudget: duration.default(3_000),
      /** Host names allowed to resolve to private addresses while allowPrivateAddresses is false (an intranet feed). */
      trustedHosts: z.array(z.string().min(1).max(253)).default([]),
      maxBytes: size.default(5 * 1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      /** Allows loopback and private addresses; the allowedPorts list still applies to them. */
      allowPrivateAddresses: z.boolean().default(false),
      allowedPorts: z.array(z.number().int().min(1).max(65535)).min(1).default([80, 443, 8080, 8443]),
      maxItemsPerFeed: z.number().int().min(1).max(10_000).default(200),
      userAgent: z.string().min(1).optional(),
    })
    .prefault({}),
  defaults: z
    .strictObject({
      interval: pollInterval.default(10 * 60_000),
      backfill: z.number().int().min(0).max(100).default(0),
      summaryLength: z.number().int().min(40).max(4000).default(280),
      maxAlertsPerHour: z.number().int().positive().default(20),
      storyPolicy: storyPolicy.default('update'),
      timezone: z.string().default('UTC'),
    })
    .prefault({}),
  delivery: z
    .strictObject({
      /** An alert (or notice) still failing after this long is dead-lettered with its last error. */
      maxAge: duration.default(24 * 3_600_000),
      /**
       * How long an alert being sent is reserved for this process. Longer than one batch takes to
       * send; after a crash, that process's reserved alerts wait this long before another run sends them.
       */
      lease: duration.default(2 * 60_000),
      /** Channels sent to at the same time; each channel's alerts still go out one by one, in order. */
      concurrency: z.number().int().min(1).max(64).default(8),
    })
    .prefault({}),
  feedHealth: z
    .strictObject({
      /** Consecutive failed polls after which a feed is marked failing and its channels are told. */
      failingAfter: z.number().int().min(1).max(1000).default(5),
    })
    .prefault({}),
  dedup: z
    .strictObject({
      window: duration.default(48 * 3_600_000),
      /**
       * Stories the near-duplicate index holds, 2.2-9.3 KiB each (docs/ARCHITECTURE.md, Dedup):
       * beyond it the least recently updated are given up early, and only no longer found as
       * duplicates by their text.
       */
      maxStories: z.number().int().min(1).default(20_000),
      /** Similarity (0-1) above which two titles are the same story. */
      titleThreshold: z.number().min(0).max(1).default(0.7),
      /** Similarity (0-1) above which two leads are the same story. */
      leadThreshold: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  // How long finished rows are kept before `herald run` prunes them (docs/ARCHITECTURE.md, Retention).
  retention: z
    .strictObject({
      /**
       * Seen items after their feed last served them; one its feed still serves is never pruned.
       * An item a feed drops and serves again after this long alerts again as new.
       */
      seenItems: duration.default(30 * 86_400_000),
      /** Stories after their last update; never less than dedup.window plus a day (see scheduler/retention.ts). */
      stories: duration.default(7 * 86_400_000),
      /** Sent alerts after sending; a story's first alert stays while the story does. */
      sentAlerts: duration.default(14 * 86_400_000),
      /** Dead letters after they died, for `herald outbox` to show. */
      deadAlerts: duration.default(30 * 86_400_000),
      /** Sent and dead notices. */
      notices: duration.default(14 * 86_400_000),
    })
    .prefault({}),
  topics: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'topic names use lower-case letters, digits, - or _'), z.string().min(1).max(2000)).default({}),
  feeds: z.array(feedSchema).default([]),
  /**
   * What one person and one workspace (Slack team, Discord server) may create from chat. Each
   * refusal names its key here and the config admins who can raise it.
   */
  limits: z
    .strictObject({
      /** Subscriptions one person has made from chat, over every channel of their workspace. */
      subscriptionsPerUser: z.number().int().min(1).max(100_000).default(100),
      /** Subscriptions made from chat in one workspace, over all its channels. */
      subscriptionsPerWorkspace: z.number().int().min(1).max(1_000_000).default(1_000),
      /** Feeds one person brought into their workspace from chat (feed add, or subscribing to a URL). */
      chatFeedsPerUser: z.number().int().min(1).max(100_000).default(20),
      /** Feeds added from chat (feed add, or subscribing to a URL) that one workspace uses. */
      chatFeedsPerWorkspace: z.number().int().min(1).max(100_000).default(50),
      /** Commands that fetch feeds (subscribe to a URL, test, feed add) one person may run an hour (a burst of 5, then evenly spread). */
      fetchesPerUserPerHour: z.number().int().min(1).max(100_000).default(300),
      /** Commands that fetch feeds (subscribe to a URL, test, feed add), per workspace per hour. */
      fetchesPerWorkspacePerHour: z.number().int().min(1).max(100_000).default(300),
    })
    .prefault({}),
  http: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(9464),
      /** Interface of /metrics, /healthz and /readyz; loopback unless the operator opens it (0.0.0.0 for a scraper in another container). */
      host: z.string().min(1).max(253).default('127.0.0.1'),
    })
    .prefault({}),
  /** The admin web panel (src/web/): off unless a port is set; sign-in takes HERALD_WEB_TOKEN. */
  web: z
    .strictObject({
      port: z.number().int().min(0).max(65535).optional(),
      /** Loopback unless the operator opens it (behind a TLS proxy). */
      host: z.string().min(1).max(253).default('127.0.0.1'),
    })
    .prefault({}),
};

/**
 * The config schema with these platforms (platforms/modules.ts unless a test adds one): each
 * module's section under its name, `admins.<platform>` for those that have admins.
 */
export function configSchemaFor(modules: readonly PlatformParts[]) {
  const sections = modules.flatMap((module) => (module.config?.section ? [[sectionKey(module), module.config.section] as const] : []));
  const admins = modules.flatMap((module) => (module.config?.admins ? [[module.name, z.array(z.string()).default([])] as const] : []));
  return z.strictObject({
    ...coreShape,
    channels: z.array(channelSchemaFor(modules.map((module) => module.name))).default([]),
    // Typed as a record: code reads the admins of the platform at hand, by its name.
    admins: z.strictObject(Object.fromEntries(admins)).prefault({}) as unknown as z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodArray<z.ZodString>>>,
    ...(Object.fromEntries(sections) as Record<never, z.ZodType>),
  });
}

export const configSchema = configSchemaFor(PLATFORM_MODULES);

/** Where a platform's section sits in the config file. */
export function sectionKey(module: PlatformParts): string {
  return module.config?.key ?? module.name;
}

/** The names of the platforms Herald knows (platforms/modules.ts). */
export const PLATFORM_NAMES: readonly PlatformName[] = PLATFORM_MODULES.map((module) => module.name);

export type HeraldConfig = z.output<typeof configSchema>;
export type FeedConfig = HeraldConfig['feeds'][number];
export type ChannelRule = HeraldConfig['channels'][number];
