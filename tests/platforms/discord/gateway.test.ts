// `herald run`'s Discord connection end to end through the real discord.js Client: login over
// the fake gateway (found through the REST fake's GET /gateway/bot), /news registered on
// READY, INTERACTION_CREATE dispatches answered through the interaction callback and webhook
// on the REST fake, a clean close, and a refused token. Everything stays on 127.0.0.1.
import { EventEmitter, once } from 'node:events';
import { Writable } from 'node:stream';
import { GatewayCloseCodes, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/commands/index.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { createLogger, silentLogger, type Logger } from '../../../src/observability/logger.ts';
import { newsCommand } from '../../../src/platforms/discord/command-registration.ts';
import { DiscordCommands } from '../../../src/platforms/discord/discord-commands.ts';
import { startDiscordGateway, type DiscordGateway, type DiscordGatewayOptions } from '../../../src/platforms/discord/gateway.ts';
import { GAZETTE_URL, harness, type Harness } from '../../commands/harness.ts';
import { BOT_USER, FakeDiscordApi, type FakeInteraction } from '../../fakes/discord-api.ts';
import { FakeDiscordGateway, newsInteraction, type InteractionOptions } from '../../fakes/discord-gateway.ts';

const GUILD = '2200000000000000001';
const CHANNEL = '3300000000000000001';
const MEMBER = '5500000000000000001';
const ADMIN_ROLE = '6600000000000000001';
const CONFIGURED_APP = '1100000000000000077';
const INTERACTION_CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL_REPLY = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;
const APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8;

let api: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let h: Harness;
let connected: DiscordGateway | null;

function start(overrides: Partial<DiscordGatewayOptions> = {}): Promise<DiscordGateway> {
  const commands = new DiscordCommands({ config: () => h.config, context: (actor: Actor) => ({ ...h.context(), actor }), log: silentLogger() });
  return startDiscordGateway({ token: api.token, apiUrl: api.url, applicationId: null, guildId: GUILD, commands, log: silentLogger(), ...overrides });
}

/** Dispatches `/news <words>` from MEMBER in CHANNEL and resolves once the interaction is answered. */
async function interact(options: Partial<InteractionOptions> & { words: string }): Promise<FakeInteraction> {
  const opened = api.openInteraction(CHANNEL);
  gateway.dispatch('INTERACTION_CREATE', newsInteraction(opened, { guildId: GUILD, channelId: CHANNEL, userId: MEMBER, ...options }));
  // A command is answered when its deferred reply is edited; autocomplete, by its one callback.
  if (options.focused === undefined) await api.answered('PATCH', new RegExp(`/${opened.token}/messages/@original$`));
  else await api.answered('POST', new RegExp(`/${opened.token}/callback$`));
  return api.interactions.get(opened.token)!;
}

/** A logger whose lines are emitted as parsed 'line' events, so a test can wait for one. */
function watchedLogger(): { log: Logger; lines: EventEmitter } {
  const lines = new EventEmitter();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.emit('line', JSON.parse(line));
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

/** The first line logged from now on whose message matches. */
function logged(lines: EventEmitter, message: RegExp): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (line: Record<string, unknown>): void => {
      if (!message.test(String(line.msg))) return;
      lines.off('line', listener);
      resolve(line);
    };
    lines.on('line', listener);
  });
}

/** The edited reply as a person reads it: the embed's description and fields, markdown escapes hidden. */
function shown(interaction: FakeInteraction): string {
  const [embed] = interaction.original!.embeds as { description: string; fields?: { name: string; value: string }[] }[];
  return [embed!.description, ...(embed!.fields ?? []).flatMap((field) => [field.name, field.value])].join('\n').replace(/\\([\p{P}\p{S}])/gu, '$1');
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  gateway = await new FakeDiscordGateway(api.token, [{ id: GUILD, name: 'Harbour', channels: [CHANNEL], roles: [ADMIN_ROLE] }]).start();
  api.gatewayUrl = gateway.url;
  h = await harness({
    config: {
      topics: { orbit: 'satellite OR "launch debris"' },
      feeds: [{ id: 'gazette', url: GAZETTE_URL }],
      channels: [{ platform: 'discord', workspace: GUILD, channel: CHANNEL, feeds: ['gazette'] }],
      admins: { discord: [ADMIN_ROLE] },
    },
  });
  connected = null;
});

afterEach(async () => {
  await connected?.close();
  await gateway.stop();
  await api.stop();
  await h.close();
});

describe('connecting', () => {
  it('asks REST for the gateway, then identifies over JSON without compression, with the Guilds intent only', async () => {
    connected = await start();

    expect(api.requestsTo('GET', '/gateway/bot')).toHaveLength(1);
    expect(gateway.connections).toHaveLength(1);
    const [connection] = gateway.connections;
    expect(Object.fromEntries(connection!.query)).toEqual({ v: '10', encoding: 'json' });
    expect(connection!.identify).toMatchObject({ token: api.token, intents: GatewayIntentBits.Guilds, shard: [0, 1] });
  });

  it('registers /news in the guild under the application id READY reports', async () => {
    connected = await start();

    const registration = await api.answered('PUT', /\/commands$/);
    expect(registration.path).toBe(`/applications/${BOT_USER.id}/guilds/${GUILD}/commands`);
    expect(registration.body).toEqual([JSON.parse(JSON.stringify(newsCommand()))]);
  });

  it('registers /news globally under DISCORD_APPLICATION_ID when no guild is set', async () => {
    connected = await start({ applicationId: CONFIGURED_APP, guildId: null });

    const registration = await api.answered('PUT', /\/commands$/);
    expect(registration.path).toBe(`/applications/${CONFIGURED_APP}/commands`);
    expect(api.requestsTo('PUT', /\/commands$/)).toHaveLength(1);
  });

  it('answers a heartbeat request with the last sequence number it saw', async () => {
    connected = await start();
    await api.answered('PUT', /\/commands$/);

    const beat = once(gateway, 'heartbeat');
    gateway.requestHeartbeat();
    expect(await beat).toEqual([gateway.lastSequence]);
  });

  it('a session Discord ends for good after login (4004 once the token was reset) is logged as an error naming the fix', async () => {
    const { log, lines } = watchedLogger();
    connected = await start({ log });
    await api.answered('PUT', /\/commands$/);
    const error = logged(lines, /ended the gateway session/);

    gateway.disconnect(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');

    const line = await error;
    expect(line).toMatchObject({ level: 50, code: GatewayCloseCodes.AuthenticationFailed });
    expect(line.msg).toMatch(/\/news is off.*check DISCORD_TOKEN \(Developer Portal > your app > Bot > Reset Token\)/);
    expect(JSON.stringify(line)).not.toContain(api.token);
  });

  it('close() closes the socket normally, and it does not reconnect', async () => {
    connected = await start();
    const closed = once(gateway, 'close');

    await connected.close();
    connected = null;

    expect(await closed).toEqual([{ code: 1000 }]);
    expect(gateway.open).toBe(0);
    expect(gateway.connections).toHaveLength(1);
  });
});

describe('a refused token', () => {
  it('answered 401 by GET /gateway/bot throws the PlatformError naming the fix, without opening a socket', async () => {
    const refused = start({ token: 'a-token-reset-since' });

    await expect(refused).rejects.toBeInstanceOf(PlatformError);
    await expect(refused).rejects.toThrow(/check DISCORD_TOKEN \(Developer Portal > your app > Bot > Reset Token\)/);
    await expect(refused).rejects.not.toThrow(/a-token-reset-since/);
    expect(gateway.connections).toHaveLength(0);
  });

  it('closed with 4004 on IDENTIFY throws the PlatformError naming the fix, and it does not reconnect', async () => {
    await gateway.stop();
    gateway = await new FakeDiscordGateway('the-token-the-gateway-knows', [{ id: GUILD, name: 'Harbour', channels: [CHANNEL] }]).start();
    api.gatewayUrl = gateway.url;
    const closed = once(gateway, 'close');

    const refused = start();

    await expect(refused).rejects.toBeInstanceOf(PlatformError);
    await expect(refused).rejects.toThrow(/check DISCORD_TOKEN/);
    expect(await closed).toEqual([{ code: GatewayCloseCodes.AuthenticationFailed }]);
    expect(gateway.connections).toHaveLength(1);
  });
});

describe('/news over the gateway', () => {
  beforeEach(async () => {
    connected = await start();
    await api.answered('PUT', /\/commands$/);
  });

  it('list is deferred ephemerally, then answered by editing the original reply', async () => {
    const interaction = await interact({ words: 'list' });

    expect(interaction.callbacks).toEqual([{ type: DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, data: { flags: MessageFlags.Ephemeral } }]);
    expect(interaction.original!.flags).toBe(MessageFlags.Ephemeral);
    expect(shown(interaction)).toContain('gazette');
    expect(api.requestsTo('PATCH', ORIGINAL_REPLY)[0]!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(interaction.followups).toEqual([]);
  });

  it('subscribe reads its typed option and stores the subscription for the guild, channel and member', async () => {
    await interact({ words: 'subscribe', options: { feed: 'topic:orbit' } });

    const made = (await h.store.listSubscriptions({ platform: 'discord', workspace: GUILD, channel: CHANNEL })).filter((subscription) => !subscription.managedByConfig);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ topic: 'orbit', createdBy: MEMBER });
  });

  it('reads backfill and days as the integer options Discord sends, through discord.js\'s option resolver', async () => {
    // An Integer option read with getString (or the reverse) throws in discord.js: the reply would be the failure notice.
    expect(shown(await interact({ words: 'subscribe', options: { feed: 'gazette', query: 'satellite', backfill: 2 } }))).toContain('backfill: 1 matching item queued for this channel');
    const queued = await h.store.listOutbox('pending');
    expect(queued.map((entry) => entry.alert.item.title)).toEqual(['Coastguard tracks satellite debris falling off the northern cape']);
    expect(shown(await interact({ words: 'recent', options: { query: 'satellite', days: 3 } }))).toContain('in the last 3 days');
  });

  it.each<[string, Partial<InteractionOptions>, boolean]>([
    ['Manage Server', { permissions: PermissionFlagsBits.ManageGuild }, true],
    ['a role in admins.discord', { roles: [ADMIN_ROLE] }, true],
    ['neither', { permissions: PermissionFlagsBits.SendMessages }, false],
  ])('feed list (a subcommand group) for a member with %s: allowed %s', async (_who, who, allowed) => {
    const interaction = await interact({ words: 'feed list', ...who });

    expect(shown(interaction).includes('admins')).toBe(!allowed);
    expect(shown(interaction).includes(GAZETTE_URL)).toBe(allowed);
  });

  it('after Discord asks it to reconnect, it resumes the session and still answers /news, without registering again', async () => {
    const resumed = once(gateway, 'resume');

    gateway.requestReconnect();

    expect(await resumed).toEqual([expect.objectContaining({ token: api.token, session_id: 'session-1' })]);
    expect(shown(await interact({ words: 'list' }))).toContain('gazette');
    expect(gateway.connections).toHaveLength(2);
    expect(gateway.connections[1]!.identify).toBeNull();
    expect(api.requestsTo('PUT', /\/commands$/)).toHaveLength(1);
  });

  it('autocomplete is answered through the callback with the suggestions', async () => {
    const interaction = await interact({ words: 'subscribe', options: { feed: 'orb' }, focused: 'feed' });

    expect(interaction.callbacks).toEqual([{ type: APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, data: { choices: [{ name: 'topic:orbit', value: 'topic:orbit' }] } }]);
    expect(api.requestsTo('POST', INTERACTION_CALLBACK)).toHaveLength(1);
  });
});
