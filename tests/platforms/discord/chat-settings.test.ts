// Issue 21 on Discord: /news quiet, timezone, template (its preview rendered by the alert
// renderer), per-subscription pause, recent, and subscribe mention:/backfill: through the real
// DiscordCommands over the command core and a real SQLite store; what they queue is delivered by
// the outbox worker through DiscordPlatform and the real REST client to the fake Discord API.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/commands/index.ts';
import { channelPolicies } from '../../../src/deliver/channel-policy.ts';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../../src/deliver/outbox-worker.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { DiscordCommands, type NewsCommandInteraction } from '../../../src/platforms/discord/discord-commands.ts';
import { DiscordPlatform } from '../../../src/platforms/discord/discord-platform.ts';
import { renderDiscordAlert } from '../../../src/platforms/discord/render.ts';
import { DiscordRest } from '../../../src/platforms/discord/rest-client.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';
import { GAZETTE, GAZETTE_URL, T0, harness, type Harness } from '../../commands/harness.ts';
import { integerOption, stringOption } from './option-values.ts';

const GUILD = '2200000000000000001';
const CHANNEL = '3300000000000000001';
const MEMBER = '5500000000000000001';
const ROLE = '6600000000000000001';

let h: Harness;
let commands: DiscordCommands;
let api: FakeDiscordApi;
let platform: DiscordPlatform;

interface Edit {
  embeds: { description?: string; fields?: { name: string; value: string }[] }[];
}

async function run(sub: string, options: Record<string, string | number> = {}): Promise<Edit> {
  const edits: Edit[] = [];
  const interaction: NewsCommandInteraction = {
    commandName: 'news',
    guildId: GUILD,
    channelId: CHANNEL,
    user: { id: MEMBER },
    member: { roles: [] },
    memberPermissions: { has: (permission: bigint) => permission !== PermissionFlagsBits.ManageGuild },
    options: { getSubcommandGroup: () => null, getSubcommand: () => sub, getString: (name) => stringOption(options[name]), getInteger: (name) => integerOption(options[name]) },
    deferReply: async () => undefined,
    editReply: async (reply) => edits.push(reply as Edit),
  };
  await commands.command(interaction);
  expect(edits).toHaveLength(1);
  return edits[0]!;
}

/** The reply as a person reads it: headline and fields, markdown escapes hidden. */
function shown(edit: Edit): string {
  const [embed] = edit.embeds;
  return [embed!.description, ...(embed!.fields ?? []).flatMap((field) => [field.name, field.value])].join('\n').replace(/\\([\p{P}\p{S}])/gu, '$1');
}

/** One delivery run as `herald run` does it: the channel policies from the config; the worker reads what chat stored. */
async function deliver() {
  const worker = new OutboxWorker(h.store, new Map([['discord', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, () => T0, () => channelPolicies(h.config));
  return worker.drain();
}

beforeEach(async () => {
  h = await harness({ config: { topics: { orbit: 'satellite' }, feeds: [{ id: 'gazette', url: GAZETTE_URL }] } });
  commands = new DiscordCommands({ config: () => h.config, context: (actor: Actor) => ({ ...h.context(), actor }), log: silentLogger() });
  api = await new FakeDiscordApi().start();
  platform = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => [], log: silentLogger() });
});

afterEach(async () => {
  await platform.close();
  await api.stop();
  await h.close();
});

describe('/news on Discord', () => {
  it('backfills with the opted-in role mention, and allowed_mentions lists exactly that role', async () => {
    const reply = await run('subscribe', { feed: 'gazette', query: 'satellite OR missile', mention: `<@&${ROLE}>`, backfill: 1 });
    expect(shown(reply)).toContain('backfill: 1 matching item queued for this channel');
    expect(await deliver()).toMatchObject({ sent: 1 });

    const [posted] = api.requestsTo('POST', `/channels/${CHANNEL}/messages`);
    expect(posted!.body).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE], users: [] } });
    expect((posted!.body as { embeds: { title: string }[] }).embeds[0]!.title).toBe(GAZETTE.items[0]!.title);
  });

  it('pings nobody for a subscription without a mention', async () => {
    await run('subscribe', { feed: 'gazette', backfill: 1 });
    await deliver();
    const [posted] = api.requestsTo('POST', `/channels/${CHANNEL}/messages`);
    expect(posted!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(posted!.body).not.toHaveProperty('content');
  });

  it('refuses a Slack-shaped mention with the fix', async () => {
    expect(shown(await run('subscribe', { feed: 'gazette', mention: '<@U0DESK>' }))).toContain('Discord users and roles are numeric ids');
  });

  it('holds alerts during quiet hours set from chat, in the time zone set from chat', async () => {
    await run('timezone', { zone: 'Asia/Tokyo' });
    // 12:00 UTC is 21:00 in Tokyo.
    expect(shown(await run('quiet', { hours: '20:00 06:00' }))).toContain('Quiet hours for this channel: 20:00 to 06:00 (Asia/Tokyo)');
    await run('subscribe', { feed: 'gazette', backfill: 2 });
    expect(await deliver()).toMatchObject({ sent: 0, held: 2 });
    const held = await h.store.listOutbox('held');
    expect(held.map((entry) => entry.holdReason)).toEqual(['quiet-hours', 'quiet-hours']);
    // 06:00 in Tokyo is 21:00 UTC.
    expect(held[0]!.nextAttemptAt).toBe(Date.parse('2024-06-20T21:00:00Z'));
    expect(api.requestsTo('POST', `/channels/${CHANNEL}/messages`)).toEqual([]);
  });

  it("answers template with the channel's latest alert rendered in it, as a second embed", async () => {
    await run('subscribe', { feed: 'gazette', backfill: 1 });
    await deliver();
    const reply = await run('template', { text: '{title} via {source}' });
    expect(reply.embeds).toHaveLength(2);
    const [latest] = await h.store.recentAlerts({ platform: 'discord', channel: CHANNEL }, 0, 1);
    expect(reply.embeds[1]).toEqual(renderDiscordAlert({ ...latest!.alert, template: '{title} via {source}', mention: null }).embeds[0]);
    expect(reply.embeds[1]!.description).toContain(`${GAZETTE.items[0]!.title} via Harbour Gazette`);
  });

  it('pauses one subscription by id and lists recent alerts', async () => {
    await run('subscribe', { feed: 'gazette', query: 'satellite', backfill: 1 });
    await run('subscribe', { feed: 'topic:orbit' });
    await deliver();
    expect(shown(await run('pause', { id: 'sub_id1' }))).toContain("Paused sub_id1 ('satellite')");
    const subscriptions = await h.store.listSubscriptions({ platform: 'discord', channel: CHANNEL });
    expect(subscriptions.map((subscription) => [subscription.id, subscription.paused])).toEqual([['sub_id1', true], ['sub_id2', false]]);

    const recent = shown(await run('recent', { query: 'satellite', days: 3 }));
    expect(recent).toContain("1 alert matching 'satellite' in the last 3 days, newest first.");
    expect(recent).toContain(GAZETTE.items[0]!.title);
    expect(recent).toContain('retention.sentAlerts');
  });
});
