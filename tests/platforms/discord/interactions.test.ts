// /news interactions with constructed interaction objects (shaped like discord.js's
// ChatInputCommandInteraction and AutocompleteInteraction), over the real command core, a real
// SQLite store in memory and the command tests' fake feed loader.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/commands/index.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import {
  DiscordCommands,
  type NewsAutocompleteInteraction,
  type NewsCommandInteraction,
} from '../../../src/platforms/discord/discord-commands.ts';
import { COURIER_URL, GAZETTE_URL, harness, type Harness } from '../../commands/harness.ts';
import { integerOption, stringOption } from './option-values.ts';

const GUILD = '2200000000000000001';
const CHANNEL = '3300000000000000001';
const MEMBER = '5500000000000000001';
const CONFIG_ADMIN = '5500000000000000002';
const ADMIN_ROLE = '6600000000000000001';
const ERROR_COLOUR = 0xc0392b;

interface Who {
  user?: string;
  roles?: string[];
  manageServer?: boolean;
}

interface Answer {
  deferred: unknown[];
  edits: { embeds: { description?: string; color?: number; fields?: { name: string; value: string }[] }[]; allowedMentions: unknown }[];
}

let h: Harness;
let commands: DiscordCommands;

function base(who: Who) {
  return {
    commandName: 'news',
    guildId: GUILD as string | null,
    channelId: CHANNEL as string | null,
    user: { id: who.user ?? MEMBER },
    member: { roles: who.roles ?? [] },
    memberPermissions: { has: (permission: bigint) => permission === PermissionFlagsBits.ManageGuild && (who.manageServer ?? false) },
  };
}

function words(path: string): { group: string | null; sub: string } {
  const parts = path.split(' ');
  return parts.length === 2 ? { group: parts[0]!, sub: parts[1]! } : { group: null, sub: parts[0]! };
}

async function run(path: string, options: Record<string, string | number> = {}, who: Who = {}, overrides: Partial<NewsCommandInteraction> = {}): Promise<Answer> {
  const { group, sub } = words(path);
  const answer: Answer = { deferred: [], edits: [] };
  const interaction: NewsCommandInteraction = {
    ...base(who),
    options: { getSubcommandGroup: () => group, getSubcommand: () => sub, getString: (name) => stringOption(options[name]), getInteger: (name) => integerOption(options[name]) },
    deferReply: async (reply) => answer.deferred.push(reply),
    editReply: async (reply) => answer.edits.push(reply as Answer['edits'][number]),
    ...overrides,
  };
  await commands.command(interaction);
  return answer;
}

/** The one reply's text: headline, then each field, as a person reads it (markdown escapes hidden). */
function shown(answer: Answer): string {
  expect(answer.deferred).toEqual([{ flags: MessageFlags.Ephemeral }]);
  expect(answer.edits).toHaveLength(1);
  const [edit] = answer.edits;
  expect(edit!.allowedMentions).toEqual({ parse: [] });
  const [embed] = edit!.embeds;
  const text = [embed!.description, ...(embed!.fields ?? []).flatMap((field) => [field.name, field.value])].join('\n');
  return text.replace(/\\([\p{P}\p{S}])/gu, '$1');
}

function failed(answer: Answer): boolean {
  return answer.edits[0]!.embeds[0]!.color === ERROR_COLOUR;
}

async function complete(path: string, focused: { name: string; value: string }, who: Who = {}): Promise<string[]> {
  const { group, sub } = words(path);
  const responses: { name: string; value: string }[][] = [];
  const interaction: NewsAutocompleteInteraction = {
    ...base(who),
    options: { getSubcommandGroup: () => group, getSubcommand: () => sub, getFocused: () => focused },
    respond: async (choices) => {
      responses.push(choices);
    },
  };
  await commands.autocomplete(interaction);
  expect(responses).toHaveLength(1);
  return responses[0]!.map((choice) => {
    expect(choice.name).toBe(choice.value);
    return choice.value;
  });
}

function channelSubscriptions() {
  return h.store.listSubscriptions({ platform: 'discord', workspace: GUILD, channel: CHANNEL });
}

beforeEach(async () => {
  h = await harness({
    config: {
      topics: { orbit: 'satellite OR "launch debris"', 'sea-news': 'ferry OR coastguard' },
      feeds: [{ id: 'gazette', url: GAZETTE_URL }],
      channels: [{ platform: 'discord', workspace: GUILD, channel: CHANNEL, feeds: ['gazette'], topics: ['sea-news'] }],
      admins: { discord: [CONFIG_ADMIN, ADMIN_ROLE] },
    },
  });
  commands = new DiscordCommands({ config: () => h.config, context: (actor: Actor) => ({ ...h.context(), actor }), log: silentLogger() });
});

afterEach(() => h.close());

describe('/news for everyone', () => {
  it('subscribe to a topic stores a Discord subscription for this server and channel', async () => {
    const answer = await run('subscribe', { feed: 'topic:orbit' });

    expect(failed(answer)).toBe(false);
    const made = (await channelSubscriptions()).filter((subscription) => !subscription.managedByConfig);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ platform: 'discord', workspace: GUILD, channel: CHANNEL, topic: 'orbit', createdBy: MEMBER });
  });

  it('subscribe to a URL with a query loads the feed and shows what would match', async () => {
    const answer = await run('subscribe', { feed: COURIER_URL, query: 'satellite' });

    expect(failed(answer)).toBe(false);
    expect(h.loads).toEqual([COURIER_URL]);
    expect(shown(answer)).toContain('storm turning north');
    expect((await channelSubscriptions()).some((subscription) => subscription.query === 'satellite')).toBe(true);
  });

  it('list shows the channel\'s subscriptions with their ids; unsubscribe removes one', async () => {
    await run('subscribe', { feed: 'topic:orbit' });
    const [made] = (await channelSubscriptions()).filter((subscription) => !subscription.managedByConfig);

    expect(shown(await run('list'))).toContain(made!.id);
    expect(failed(await run('unsubscribe', { id: made!.id }))).toBe(false);
    expect(await h.store.getSubscription(made!.id)).toBeNull();
  });

  it('topics lists the configured topics', async () => {
    const text = shown(await run('topics'));
    expect(text).toContain('orbit');
    expect(text).toContain('sea-news');
  });

  it('test shows the matching items of a feed', async () => {
    const answer = await run('test', { query: 'satellite', feed: 'gazette' });

    expect(failed(answer)).toBe(false);
    expect(shown(answer)).toContain('Matched: Coastguard tracks satellite debris');
    expect(shown(answer)).toContain('Missed: City marathon');
  });

  it("pause and resume change every subscription of the channel; digest the channel's own (the config sets its rules')", async () => {
    await run('pause');
    expect((await channelSubscriptions()).every((subscription) => subscription.paused)).toBe(true);

    await run('resume');
    expect((await channelSubscriptions()).some((subscription) => subscription.paused)).toBe(false);

    await run('subscribe', { feed: 'topic:orbit' });
    expect(failed(await run('digest', { schedule: 'daily 08:30' }))).toBe(false);
    const subscriptions = await channelSubscriptions();
    expect(subscriptions.some((subscription) => !subscription.managedByConfig)).toBe(true);
    for (const subscription of subscriptions) expect(subscription.digest?.kind ?? null).toBe(subscription.managedByConfig ? null : 'daily');
  });

  it('status and help answer', async () => {
    expect(failed(await run('status'))).toBe(false);
    const help = shown(await run('help', { command: 'subscribe' }));
    expect(help).toContain('/news subscribe');
  });

  it('a bad option is answered with what was wrong, nothing changed', async () => {
    const answer = await run('digest', { schedule: 'weekly' });

    expect(failed(answer)).toBe(true);
    expect(shown(answer)).toContain('digest');
    expect((await channelSubscriptions()).every((subscription) => subscription.digest === null)).toBe(true);
  });

  it('an integer option past its range (a client that skips min/max) is refused with the range, nothing queued', async () => {
    const answer = await run('subscribe', { feed: 'topic:orbit', backfill: 11 });

    expect(failed(answer)).toBe(true);
    // The usage is written for the option boxes, not Slack's line of text.
    expect(shown(answer).replaceAll('\u200b', '')).toContain(
      "backfill takes a whole number from 1 to 10, not '11'. Usage: /news subscribe feed:<feed-url | feed-id | topic:name> [query:<query>] [mention:<@here | @role | @user,...>] [backfill:<1-10>]",
    );
    expect((await channelSubscriptions()).filter((subscription) => !subscription.managedByConfig)).toEqual([]);
    expect(await h.store.listOutbox()).toEqual([]);
  });

  it('replies that say what to run next are written for the option boxes', async () => {
    // A topic's name typed as a feed id: the topic goes in the feed option.
    const topic = await run('subscribe', { feed: 'orbit' });
    expect(failed(topic)).toBe(true);
    expect(shown(topic)).toBe("there is no feed 'orbit', but there is a topic of that name: put topic:orbit in the feed option");
    const subscribed = shown(await run('subscribe', { feed: 'topic:orbit' }));
    const id = (await channelSubscriptions()).find((subscription) => !subscription.managedByConfig)!.id;
    expect(subscribed).toContain(`Id: ${id} (/news unsubscribe id:${id} to stop)`);
    expect(shown(await run('pause', { id }))).toContain(`its alerts stop until /news resume id:${id};`);
    expect(shown(await run('topics'))).toContain('Subscribe with /news subscribe feed:topic:<name> query:[query], or use');
    for (const subscription of await channelSubscriptions()) await h.store.removeSubscription(subscription.id);
    // (the reply renderer defuses the @ of @here with a zero-width space)
    expect(shown(await run('list')).replaceAll('\u200b', '')).toBe(
      'This channel has no subscriptions yet. Start with /news subscribe feed:<feed-url | feed-id | topic:name> [query:<query>] [mention:<@here | @role | @user,...>] [backfill:<1-10>].',
    );
  });

  it('outside a server it says where to run it', async () => {
    const answer = await run('list', {}, {}, { guildId: null });
    expect(failed(answer)).toBe(true);
    expect(shown(answer)).toContain('server');
  });

  it('a failure inside Herald is logged and answered, never thrown', async () => {
    commands = new DiscordCommands({
      config: () => h.config,
      context: () => {
        throw new Error('store connection lost');
      },
      log: silentLogger(),
    });

    const answer = await run('list');

    expect(failed(answer)).toBe(true);
    expect(shown(answer)).not.toContain('store connection lost');
  });

  it('feed text in replies is escaped and cannot ping', async () => {
    h.served.set('https://loud.example.test/feed.xml', { title: '@everyone **Loud** Feed', items: [] });

    const answer = await run('subscribe', { feed: 'https://loud.example.test/feed.xml' });

    const raw = JSON.stringify(answer.edits);
    expect(shown(answer)).toContain('Loud');
    expect(raw).not.toContain('@everyone');
    expect(raw).not.toContain('**Loud**');
  });
});

describe('/news feed for admins', () => {
  it.each([
    ['Manage Server', { manageServer: true }],
    ['a user in admins.discord', { user: CONFIG_ADMIN }],
    ['a role in admins.discord', { roles: [ADMIN_ROLE] }],
  ])('%s may add, list and remove feeds', async (_who, who: Who) => {
    expect(failed(await run('feed add', { url: COURIER_URL, id: 'courier' }, who))).toBe(false);
    expect(await h.store.getFeed('courier')).not.toBeNull();
    expect(shown(await run('feed list', {}, who))).toContain('courier');
    expect(failed(await run('feed remove', { id: 'courier' }, who))).toBe(false);
    expect(await h.store.getFeed('courier')).toBeNull();
  });

  it('a member without Manage Server is refused, and nothing changes', async () => {
    const answer = await run('feed add', { url: COURIER_URL, id: 'courier' }, { roles: ['6600000000000000099'] });

    expect(failed(answer)).toBe(true);
    expect(shown(answer)).toContain('admins');
    expect(await h.store.getFeed('courier')).toBeNull();
    expect(h.loads).toEqual([]);
    expect(failed(await run('feed list'))).toBe(true);
  });
});

describe('autocomplete', () => {
  it('unsubscribe suggests this channel\'s own subscription ids', async () => {
    await run('subscribe', { feed: 'topic:orbit' });
    const [made] = (await channelSubscriptions()).filter((subscription) => !subscription.managedByConfig);

    expect(await complete('unsubscribe', { name: 'id', value: '' })).toEqual([made!.id]);
  });

  it('subscribe suggests feed ids and topics matching what was typed', async () => {
    expect(await complete('subscribe', { name: 'feed', value: '' })).toEqual(['gazette', 'topic:orbit', 'topic:sea-news']);
    expect(await complete('subscribe', { name: 'feed', value: 'orb' })).toEqual(['topic:orbit']);
  });

  it('feed remove suggests feed ids to admins only', async () => {
    expect(await complete('feed remove', { name: 'id', value: 'gaz' }, { manageServer: true })).toEqual(['gazette']);
    expect(await complete('feed remove', { name: 'id', value: 'gaz' })).toEqual([]);
  });

  it('an option without suggestions gets none', async () => {
    expect(await complete('subscribe', { name: 'query', value: 'sat' })).toEqual([]);
  });
});
