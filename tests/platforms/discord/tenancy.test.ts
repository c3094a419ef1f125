// Issue 18, finding 1: Manage Server in one server made a member admin over every server's feeds.
// Two guilds on one Herald, through the real discord.js Client and the fake gateway: a chat feed
// belongs to the guild that added it; the other guild's owner neither sees, completes, tests,
// subscribes to nor removes it; a URL both use is one feed, and each side's removal is its own.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/commands/index.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { DiscordCommands } from '../../../src/platforms/discord/discord-commands.ts';
import { startDiscordGateway, type DiscordGateway } from '../../../src/platforms/discord/gateway.ts';
import { COURIER, GAZETTE_URL, harness, type Harness } from '../../commands/harness.ts';
import { FakeDiscordApi, type FakeInteraction } from '../../fakes/discord-api.ts';
import { FakeDiscordGateway, newsInteraction, type InteractionOptions } from '../../fakes/discord-gateway.ts';

const GUILD_A = '2200000000000000001';
const GUILD_B = '2200000000000000002';
const CHANNEL_A = '3300000000000000001';
const CHANNEL_B = '3300000000000000002';
const OWNER_A = '5500000000000000001';
const OWNER_B = '5500000000000000002';
const PRIVATE_URL = 'https://intranet-news.example.test/feed.xml?token=guild-a-only-4711';
const FEED_ID = 'intranet-news-example-test';
const AUTOCOMPLETE_RESULT = 8;

let api: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let h: Harness;
let connected: DiscordGateway;

type Side = { guildId: string; channelId: string; userId: string };
const A: Side = { guildId: GUILD_A, channelId: CHANNEL_A, userId: OWNER_A };
const B: Side = { guildId: GUILD_B, channelId: CHANNEL_B, userId: OWNER_B };

async function interact(side: Side, options: Partial<InteractionOptions> & { words: string }): Promise<FakeInteraction> {
  const opened = api.openInteraction(side.channelId);
  gateway.dispatch('INTERACTION_CREATE', newsInteraction(opened, { ...side, permissions: PermissionFlagsBits.ManageGuild, ...options }));
  if (options.focused === undefined) await api.answered('PATCH', new RegExp(`/${opened.token}/messages/@original$`));
  else await api.answered('POST', new RegExp(`/${opened.token}/callback$`));
  return api.interactions.get(opened.token)!;
}

function shown(interaction: FakeInteraction): string {
  const [embed] = interaction.original!.embeds as { description: string; fields?: { name: string; value: string }[] }[];
  return [embed!.description, ...(embed!.fields ?? []).flatMap((field) => [field.name, field.value])].join('\n').replace(/\\([\p{P}\p{S}])/gu, '$1');
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  gateway = await new FakeDiscordGateway(api.token, [
    { id: GUILD_A, name: 'Harbour', channels: [CHANNEL_A], roles: [] },
    { id: GUILD_B, name: 'Valley', channels: [CHANNEL_B], roles: [] },
  ]).start();
  api.gatewayUrl = gateway.url;
  h = await harness({
    config: {
      feeds: [{ id: 'gazette', url: GAZETTE_URL }],
      topics: { orbit: 'satellite' },
      // Written as the README shows a rule: no workspace.
      channels: [{ platform: 'discord', channel: CHANNEL_A, feeds: ['gazette'] }],
    },
  });
  h.served.set(PRIVATE_URL, COURIER);
  const commands = new DiscordCommands({ config: () => h.config, context: (actor: Actor) => ({ ...h.context(), actor }), log: silentLogger() });
  connected = await startDiscordGateway({ token: api.token, apiUrl: api.url, applicationId: null, guildId: null, commands, log: silentLogger() });
  expect(shown(await interact(A, { words: 'subscribe', options: { feed: PRIVATE_URL, query: 'frost' } }))).toContain('Subscribed this channel');
});

afterEach(async () => {
  await connected.close();
  await gateway.stop();
  await api.stop();
  await h.close();
});

describe('two guilds on one Herald', () => {
  it("keeps one guild's chat feed out of the other's feed list, autocomplete, test, subscribe and status", async () => {
    const listA = shown(await interact(A, { words: 'feed list' }));
    expect(listA).toContain(FEED_ID);
    expect(listA).toContain('gazette');

    const listB = shown(await interact(B, { words: 'feed list' }));
    expect(listB).toContain('gazette');
    expect(listB).not.toContain(FEED_ID);
    expect(listB).not.toContain('intranet-news');

    const completed = await interact(B, { words: 'feed remove', options: { id: 'intra' }, focused: 'id' });
    expect(completed.callbacks).toEqual([{ type: AUTOCOMPLETE_RESULT, data: { choices: [] } }]);
    const completedA = await interact(A, { words: 'feed remove', options: { id: 'intra' }, focused: 'id' });
    expect(completedA.callbacks).toEqual([{ type: AUTOCOMPLETE_RESULT, data: { choices: [{ name: FEED_ID, value: FEED_ID }] } }]);

    expect(shown(await interact(B, { words: 'subscribe', options: { feed: FEED_ID } }))).toContain(`there is no feed '${FEED_ID}'`);
    expect(shown(await interact(B, { words: 'test', options: { query: 'frost', feed: FEED_ID } }))).toContain(`there is no feed '${FEED_ID}'`);
    expect(shown(await interact(B, { words: 'subscribe', options: { feed: 'topic:orbit' } }))).not.toContain('intranet');
    expect(shown(await interact(B, { words: 'status' }))).not.toContain('intranet');
  });

  it('lists a config rule without workspace: in its channel, next to the chat subscription (issue 14)', async () => {
    const listed = shown(await interact(A, { words: 'list' }));
    expect(listed).toContain('This channel has 2 subscriptions.');
    expect(listed).toMatch(/cfg_[0-9a-f]{12} \(managed by config\)/);
    expect(shown(await interact(B, { words: 'list' }))).toContain('no subscriptions yet');
  });

  it("refuses the other guild's removal and leaves the feed and its subscriptions alone", async () => {
    const removal = shown(await interact(B, { words: 'feed remove', options: { id: FEED_ID } }));
    expect(removal).toContain(`there is no feed '${FEED_ID}'`);
    expect(await h.store.getFeed(FEED_ID)).not.toBeNull();
    expect(await h.store.listSubscriptions({ platform: 'discord', workspace: GUILD_A })).toHaveLength(1);
  });

  it('polls a URL both guilds use once, and each removal is its own', async () => {
    expect(shown(await interact(B, { words: 'subscribe', options: { feed: PRIVATE_URL, query: 'storm' } }))).toContain('Subscribed this channel');
    expect((await h.store.listFeeds()).filter((feed) => feed.url === PRIVATE_URL).map((feed) => feed.id)).toEqual([FEED_ID]);
    expect(shown(await interact(B, { words: 'feed list' }))).toContain(FEED_ID);

    expect(shown(await interact(B, { words: 'feed remove', options: { id: FEED_ID } }))).toContain(`Removed feed ${FEED_ID} and 1 subscription`);
    expect(shown(await interact(B, { words: 'feed list' }))).not.toContain(FEED_ID);
    expect(await h.store.listSubscriptions({ platform: 'discord', workspace: GUILD_B })).toEqual([]);
    // Guild A still has its feed, its subscription and its view.
    expect(await h.store.getFeed(FEED_ID)).not.toBeNull();
    expect(await h.store.listSubscriptions({ platform: 'discord', workspace: GUILD_A })).toHaveLength(1);
    expect(shown(await interact(A, { words: 'feed list' }))).toContain(FEED_ID);

    expect(shown(await interact(A, { words: 'feed remove', options: { id: FEED_ID } }))).toContain(`Removed feed ${FEED_ID}`);
    expect(await h.store.getFeed(FEED_ID)).toBeNull();
  });
});
