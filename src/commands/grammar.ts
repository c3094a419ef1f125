// The command table: every /news command, its arguments, description, example and who may run
// it. This one table drives text parsing (Slack), help output and application-command
// registration with typed options (Discord), so they can never disagree.
import { invalid } from './errors.ts';
import { INPUT_LIMITS } from './limits.ts';
import type { CommandName } from './parsed.ts';

/** The slash command every platform registers. */
export const COMMAND_PREFIX = '/news';

/**
 * url: an http(s) feed URL. feed-ref: a URL, a known feed's id or topic:name (see `accepts`).
 * query: the match language, the rest of the line, raw. id: a subscription or feed id.
 * digest: off | hourly | daily HH:MM. choice: one of `choices`. quiet: HH:MM HH:MM | off.
 * timezone: an IANA zone. template: message text with {placeholders} | off. count: a whole
 * number within `range`. mention: @here, roles or users (domain/mention.ts).
 */
export type ArgKind = 'url' | 'feed-ref' | 'query' | 'id' | 'digest' | 'choice' | 'quiet' | 'timezone' | 'template' | 'count' | 'mention';

/** Which forms a feed-ref argument accepts. */
export type FeedRefForm = 'url' | 'feed' | 'topic';

/** What an argument's value can be completed from (Discord autocomplete). */
export type SuggestionSource = 'channel-subscriptions' | 'feeds' | 'feeds-and-topics';

export interface ArgSpec {
  /** The option name on platforms with typed options: lower case, 1-32 characters. */
  readonly name: string;
  readonly kind: ArgKind;
  readonly required: boolean;
  /** How usage shows it: <label> when required, [label] when optional. */
  readonly label: string;
  /** At most 100 characters (Discord's limit for option descriptions). */
  readonly description: string;
  readonly maxLength: number;
  /** feed-ref only. */
  readonly accepts?: readonly FeedRefForm[];
  /** choice only. */
  readonly choices?: readonly string[];
  /**
   * In text form, an optional argument after a rest-of-line one is written with this prefix
   * ("feed:world"), so the query before it stays raw and unambiguous.
   */
  readonly marker?: string;
  /**
   * In text form, an optional argument that may come first, before a rest-of-line one, when its
   * word looks like this ("digest sub_3f9a daily 08:30"); typed options need no such rule.
   */
  readonly leading?: RegExp;
  /** count only: the values allowed. */
  readonly range?: { readonly min: number; readonly max: number };
  readonly suggest?: SuggestionSource;
}

export interface CommandSpec {
  readonly name: CommandName;
  /** The words that name it: ['subscribe'], or ['feed', 'add'] for a subcommand group. */
  readonly words: readonly string[];
  readonly args: readonly ArgSpec[];
  /** At most 100 characters (Discord's limit for command descriptions). */
  readonly description: string;
  readonly example: string;
  /** Only admins may run it: the config's admins and the platform's own (computed by the adapter). */
  readonly adminOnly: boolean;
}

/**
 * Kinds that take the rest of the line in text form (queries, schedules, choices like
 * "feed add"); at most one per command, and only marked arguments may follow it.
 */
export const REST_OF_LINE: ReadonlySet<ArgKind> = new Set(['query', 'digest', 'choice', 'quiet', 'template']);

/** Most alerts `subscribe ... backfill:N` sends at once. */
export const MAX_BACKFILL = 10;
/** How far back `recent` looks by default, and at most (sent alerts are pruned after retention.sentAlerts). */
export const RECENT_DAYS = { default: 7, max: 30 } as const;

/** The one subscription a channel-wide command acts on, when given. */
function subscriptionArg(description: string): ArgSpec {
  return {
    name: 'id',
    kind: 'id',
    required: false,
    label: 'subscription-id',
    description,
    maxLength: INPUT_LIMITS.id,
    leading: /^(?:sub|cfg)_[a-z0-9]+$/i,
    suggest: 'channel-subscriptions',
  };
}

const optionalQuery: ArgSpec = {
  name: 'query',
  kind: 'query',
  required: false,
  label: 'query',
  description: 'Only items matching this query, e.g. satellite OR missile -sport',
  maxLength: INPUT_LIMITS.query,
};

const COMMAND_NAMES: readonly CommandName[] = [
  'subscribe', 'unsubscribe', 'list', 'topics', 'test', 'recent', 'pause', 'resume', 'digest', 'quiet', 'timezone', 'template', 'status', 'help',
  'feed add', 'feed import', 'feed remove', 'feed list',
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'subscribe',
    words: ['subscribe'],
    args: [
      {
        name: 'feed',
        kind: 'feed-ref',
        required: true,
        label: 'feed-url | feed-id | topic:name',
        description: 'A feed URL, the id of a known feed, or topic:name for a configured topic',
        maxLength: INPUT_LIMITS.url,
        accepts: ['url', 'feed', 'topic'],
        suggest: 'feeds-and-topics',
      },
      optionalQuery,
      {
        name: 'mention',
        kind: 'mention',
        required: false,
        label: 'mention:<@here | @role | @user,...>',
        description: 'Ping these with each alert of this subscription: @here, a role or users (off by default)',
        maxLength: INPUT_LIMITS.mention,
        marker: 'mention:',
      },
      {
        name: 'backfill',
        kind: 'count',
        required: false,
        label: `backfill:<1-${MAX_BACKFILL}>`,
        description: `Also post the latest N matching items now (1-${MAX_BACKFILL})`,
        maxLength: 2,
        marker: 'backfill:',
        range: { min: 1, max: MAX_BACKFILL },
      },
    ],
    description: 'Subscribe this channel to a feed or a topic, optionally narrowed by a query',
    example: `${COMMAND_PREFIX} subscribe https://news.example.org/world/rss.xml satellite OR missile backfill:3`,
    adminOnly: false,
  },
  {
    name: 'unsubscribe',
    words: ['unsubscribe'],
    args: [
      {
        name: 'id',
        kind: 'id',
        required: true,
        label: 'id',
        description: 'The subscription id, as list shows it',
        maxLength: INPUT_LIMITS.id,
        suggest: 'channel-subscriptions',
      },
    ],
    description: "Remove one of this channel's subscriptions",
    example: `${COMMAND_PREFIX} unsubscribe sub_3f9a1c2e`,
    adminOnly: false,
  },
  {
    name: 'list',
    words: ['list'],
    args: [],
    description: "This channel's subscriptions with their ids, queries, feeds and modes",
    example: `${COMMAND_PREFIX} list`,
    adminOnly: false,
  },
  {
    name: 'topics',
    words: ['topics'],
    args: [],
    description: 'The topics the admins configured, with their queries',
    example: `${COMMAND_PREFIX} topics`,
    adminOnly: false,
  },
  {
    name: 'test',
    words: ['test'],
    args: [
      { ...optionalQuery, required: true, description: 'The query to try, e.g. "kim jong un" -sport' },
      {
        name: 'feed',
        kind: 'feed-ref',
        required: false,
        label: 'feed:<feed-id | feed-url>',
        description: "A feed id or URL to test against; default: this channel's feeds",
        maxLength: INPUT_LIMITS.url,
        accepts: ['url', 'feed'],
        marker: 'feed:',
        suggest: 'feeds',
      },
    ],
    description: 'Show which recent items a query would match, and why',
    example: `${COMMAND_PREFIX} test "kim jong un" OR pyongyang -sport feed:world-news`,
    adminOnly: false,
  },
  {
    name: 'recent',
    words: ['recent'],
    args: [
      { ...optionalQuery, description: 'Only alerts matching this query, e.g. satellite OR missile' },
      {
        name: 'days',
        kind: 'count',
        required: false,
        label: `days:<1-${RECENT_DAYS.max}>`,
        description: `How many days back to look (default ${RECENT_DAYS.default}, at most ${RECENT_DAYS.max})`,
        maxLength: 2,
        marker: 'days:',
        range: { min: 1, max: RECENT_DAYS.max },
      },
    ],
    description: "Alerts this channel got lately, newest first, optionally only those matching a query",
    example: `${COMMAND_PREFIX} recent satellite days:14`,
    adminOnly: false,
  },
  {
    name: 'pause',
    words: ['pause'],
    args: [subscriptionArg('Pause only this subscription; default: every subscription of this channel')],
    description: 'Pause one subscription, or every subscription of this channel, until resume',
    example: `${COMMAND_PREFIX} pause sub_3f9a1c2e`,
    adminOnly: false,
  },
  {
    name: 'resume',
    words: ['resume'],
    args: [subscriptionArg("Resume only this subscription; default: every paused one of this channel")],
    description: "Resume one paused subscription, or all of this channel's",
    example: `${COMMAND_PREFIX} resume sub_3f9a1c2e`,
    adminOnly: false,
  },
  {
    name: 'digest',
    words: ['digest'],
    args: [
      {
        name: 'schedule',
        kind: 'digest',
        required: true,
        label: 'off | hourly | daily HH:MM',
        description: 'off, hourly, or daily HH:MM (24-hour clock, e.g. daily 08:30)',
        maxLength: INPUT_LIMITS.digest,
      },
      subscriptionArg('Set only this subscription; default: every subscription of this channel made from chat'),
    ],
    description: "Collect one subscription's or this channel's alerts into a digest, or post them as they come",
    example: `${COMMAND_PREFIX} digest sub_3f9a1c2e daily 08:30`,
    adminOnly: false,
  },
  {
    name: 'quiet',
    words: ['quiet'],
    args: [
      {
        name: 'hours',
        kind: 'quiet',
        required: true,
        label: 'HH:MM HH:MM | off',
        description: 'From and to, 24-hour clock in the channel time zone (e.g. 22:00 07:00), or off',
        maxLength: INPUT_LIMITS.quiet,
      },
    ],
    description: 'Hold alerts during quiet hours and post them together when the hours end',
    example: `${COMMAND_PREFIX} quiet 22:00 07:00`,
    adminOnly: false,
  },
  {
    name: 'timezone',
    words: ['timezone'],
    args: [
      {
        name: 'zone',
        kind: 'timezone',
        required: true,
        label: 'Area/City',
        description: 'An IANA time zone such as Europe/Paris or America/New_York',
        maxLength: INPUT_LIMITS.timezone,
      },
    ],
    description: "The time zone of this channel's quiet hours and daily digests",
    example: `${COMMAND_PREFIX} timezone Europe/Paris`,
    adminOnly: false,
  },
  {
    name: 'template',
    words: ['template'],
    args: [
      {
        name: 'text',
        kind: 'template',
        required: true,
        label: 'text | off',
        description: 'Message text with {title} {summary} {source} {sources} {link} {published} {topic}, or off',
        maxLength: INPUT_LIMITS.template,
      },
    ],
    description: "How this channel's alerts read; answers with the latest alert redone in it",
    example: `${COMMAND_PREFIX} template {title} ({source}) {link}`,
    adminOnly: false,
  },
  {
    name: 'status',
    words: ['status'],
    args: [],
    description: 'Health of the feeds this channel follows',
    example: `${COMMAND_PREFIX} status`,
    adminOnly: false,
  },
  {
    name: 'help',
    words: ['help'],
    args: [
      {
        name: 'command',
        kind: 'choice',
        required: false,
        label: 'command',
        description: 'One command to explain',
        maxLength: INPUT_LIMITS.choice,
        choices: COMMAND_NAMES,
      },
    ],
    description: 'Every command with an example, or one command in detail',
    example: `${COMMAND_PREFIX} help subscribe`,
    adminOnly: false,
  },
  {
    name: 'feed add',
    words: ['feed', 'add'],
    args: [
      { name: 'url', kind: 'url', required: true, label: 'url', description: 'The feed URL (RSS, Atom or JSON Feed)', maxLength: INPUT_LIMITS.url },
      {
        name: 'id',
        kind: 'id',
        required: false,
        label: 'id',
        description: 'The id people subscribe by; default: made from the URL',
        maxLength: INPUT_LIMITS.id,
      },
    ],
    description: 'Add a feed that channels can subscribe to by id (admins)',
    example: `${COMMAND_PREFIX} feed add https://news.example.org/science/atom.xml science`,
    adminOnly: true,
  },
  {
    name: 'feed import',
    words: ['feed', 'import'],
    args: [{ name: 'url', kind: 'url', required: true, label: 'url', description: 'The URL of an OPML file (a subscription list exported from a feed reader)', maxLength: INPUT_LIMITS.url }],
    description: 'Add every feed of an OPML subscription list that channels can subscribe to (admins)',
    example: `${COMMAND_PREFIX} feed import https://reader.example.org/export/subscriptions.opml`,
    adminOnly: true,
  },
  {
    name: 'feed remove',
    words: ['feed', 'remove'],
    args: [
      { name: 'id', kind: 'id', required: true, label: 'id', description: 'The id of a feed added from chat', maxLength: INPUT_LIMITS.id, suggest: 'feeds' },
    ],
    description: 'Remove a feed added from chat, and the subscriptions that follow only it (admins)',
    example: `${COMMAND_PREFIX} feed remove science`,
    adminOnly: true,
  },
  {
    name: 'feed list',
    words: ['feed', 'list'],
    args: [],
    description: 'Every feed with its origin and health (admins)',
    example: `${COMMAND_PREFIX} feed list`,
    adminOnly: true,
  },
];

/** The spec of a command; a name from outside the table (a stale platform registration) is a CommandError. */
export function commandSpec(name: CommandName): CommandSpec {
  const spec = COMMANDS.find((candidate) => candidate.name === name);
  if (!spec) throw invalid(`unknown command '${String(name).slice(0, 40)}'; ${COMMAND_PREFIX} help lists the commands`);
  return spec;
}

function argUsage(arg: ArgSpec): string {
  return arg.required ? `<${arg.label}>` : `[${arg.label}]`;
}

/** The arguments in the order text writes them: those that may lead first. */
export function textOrder(spec: CommandSpec): ArgSpec[] {
  return [...spec.args.filter((arg) => arg.leading !== undefined), ...spec.args.filter((arg) => arg.leading === undefined)];
}

/** The correct form of a command: "/news subscribe <feed-url | feed-id | topic:name> [query]". */
export function usage(spec: CommandSpec): string {
  return [COMMAND_PREFIX, ...spec.words, ...textOrder(spec).map(argUsage)].join(' ');
}
