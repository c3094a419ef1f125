// One message per channel and story, end to end: the real CLI (`herald poll --once`) over a
// SQLite store, the seed-shaped fixture feeds on a local server, and the real Slack and Discord
// clients (@slack/web-api, @discordjs/rest) against the fakes on 127.0.0.1. A channel followed
// by several overlapping subscriptions, from the config and from chat, gets each story once;
// a story's later outlets edit that one message, once per new outlet.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/env.ts';
import { slackPlatform } from '../../src/platforms/slack/index.ts';
import { settingsOf } from '../../src/platforms/platform-module.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { DiscordCommands } from '../../src/platforms/discord/discord-commands.ts';
import { startDiscordGateway } from '../../src/platforms/discord/gateway.ts';
import { SlackCommandReceiver } from '../../src/platforms/slack/slack-commands.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeDiscordApi } from '../fakes/discord-api.ts';
import { FakeDiscordGateway, newsInteraction } from '../fakes/discord-gateway.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { commandReceiverOptions, commandReply, postSlashCommand, slashCommandFields } from '../platforms/slack/command-fixtures.ts';
import { TOKEN } from '../platforms/slack/fixtures.ts';
import { EMPTY_FEED, useTestBed } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const WIRE = 'Japan returns rescued North Korean fishermen via China';
const OUTLETS = ['Harbor Herald', 'Valley Courier', 'Coastline Times'];
const FEEDS = { a: '/a.xml', b: '/b.xml', c: '/c.xml', ledger: '/ledger.xml' };
const SERVED = { a: 'wire-outlet-a.xml', b: 'wire-outlet-b.xml', c: 'wire-outlet-c.xml', ledger: 'topic-feed.xml' };

const SECRET = 'c0ffee4b1d5ecr3t-for-tests-only';
const bed = useTestBed();

function config(channels: Record<string, unknown>[]) {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '2s' }),
    topics: { 'north-korea': '"north korea" OR pyongyang OR "kim jong un" OR dprk' },
    feeds: Object.entries(FEEDS).map(([id, path]) => ({ id, url: bed.server.url(path) })),
    channels,
  });
}

/** Serves every feed empty and polls once, so the feeds are seeded and their items count as new. */
async function seed(): Promise<void> {
  for (const path of Object.values(FEEDS)) bed.server.route(path, { body: EMPTY_FEED });
  expect((await bed.workspace.run('poll', '--once', '--all')).code).toBe(0);
}

function serve(...feeds: (keyof typeof FEEDS)[]): void {
  for (const feed of feeds) bed.server.route(FEEDS[feed], { body: fixture(SERVED[feed]) });
}

/** Reads the workspace's database as it stands after a run. */
function readDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(join(bed.workspace.dir, 'herald.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The stories the store's seen items belong to, across every feed. */
function storiesFormed(): Set<string> {
  return readDatabase((db) => new Set(db.prepare<[], { story_id: string }>('SELECT DISTINCT story_id FROM seen_items').all().map((row) => row.story_id)));
}

/** The subscriptions the wire story's message lists, from the channel's first post about it. */
function wireSubscriptions(): string[] {
  const row = readDatabase((db) =>
    db.prepare<[string], { ids: string }>("SELECT alert ->> '$.subscriptionIds' AS ids FROM outbox WHERE kind = 'new' AND alert ->> '$.item.title' = ?").get(WIRE),
  );
  return JSON.parse(row!.ids) as string[];
}

describe('a channel with six overlapping rules over the seed-shaped feeds', () => {
  it('gets each story once; the wire story carried by three outlets is one message listing the three', async () => {
    const channel = (rule: Record<string, unknown>) => ({ platform: 'console', channel: 'newsroom', ...rule });
    config([
      channel({ feeds: ['a'] }),
      channel({ feeds: ['b'] }),
      channel({ feeds: ['c'] }),
      channel({ query: 'fishermen' }),
      channel({ topics: ['north-korea'] }),
      channel({ query: 'korea OR pyongyang' }),
    ]);
    await seed();
    serve('a', 'b', 'c', 'ledger');

    const run = await bed.workspace.run('poll', '--once', '--all', '--json');

    expect(run.code).toBe(0);
    const stories = new Set(run.alerts.map((line) => line.storyId));
    // One message per story: one 'new' line each, for every story of the feeds any rule matches.
    const messages = run.alerts.filter((line) => line.kind === 'new');
    expect(messages).toHaveLength(stories.size);
    expect(new Set(messages.map((line) => line.title)).size).toBe(messages.length);
    // A feed's alerts go out as soon as its poll is stored, so an outlet committed after the wire
    // story's message went out edits that message ('update') instead of folding into it; either
    // way the channel has one wire message, and its last version lists the three outlets.
    const wire = run.alerts.filter((line) => line.title === WIRE);
    expect(wire.filter((line) => line.kind === 'new')).toHaveLength(1);
    expect(wire.length).toBeLessThanOrEqual(OUTLETS.length);
    expect(run.alerts.filter((line) => line.kind !== 'new').every((line) => line.title === WIRE)).toBe(true);
    expect(wire.at(-1)!.sources).toEqual(OUTLETS);
    // The wire story matched the outlet rules, the keyword, the topic and the second keyword.
    expect(new Set(wire.flatMap((line) => line.subscriptions)).size).toBe(6);
    // And every story the items formed got its message, but the two ledger items no rule matches
    // (the Nampo tankers and the Seoul loudspeakers never name Korea, Pyongyang or the DPRK).
    const formed = storiesFormed();
    expect([...stories].every((story) => formed.has(story))).toBe(true);
    expect(formed.size - stories.size).toBe(2);
    expect(run.alerts.some((line) => /Nampo|loudspeakers/u.test(line.title))).toBe(false);
  });
});

describe('two chat subscriptions and one config rule in one channel, through the real clients', () => {
  /** Polls once per outlet, a, then b, then c: each copy of the wire story arrives in its own run. */
  async function threeRounds(): Promise<void> {
    for (const outlet of ['a', 'b', 'c'] as const) {
      serve(outlet);
      expect((await bed.workspace.run('poll', '--once', '--all')).code).toBe(0);
    }
  }

  describe('Slack', () => {
    let slack: FakeSlackApi;
    beforeEach(async () => {
      slack = await startFakeSlackApi({ token: TOKEN, teamId: 'T0FAKE', users: { U0OWNER: { isOwner: true } } });
      Object.assign(bed.workspace.env, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    });
    afterEach(async () => {
      await slack.close();
    });

    /** `/news subscribe <query>` typed in #newsroom (C0NEWSROOM, team T0FAKE), through Bolt's HTTP receiver, signed. */
    async function subscribeThroughBolt(queries: string[]): Promise<void> {
      const store = SqliteStore.open(join(bed.workspace.dir, 'herald.db'));
      await store.migrate();
      const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
      const receiver = new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: silentLogger() });
      const port = (await receiver.start())!;
      try {
        for (const [index, query] of queries.entries()) {
          const body = new URLSearchParams(slashCommandFields(slack, `subscribe ${query}`, 'U0OWNER')).toString();
          expect(await postSlashCommand(port, body, { secret: SECRET })).toBe(200);
          expect((await commandReply(slack, index + 1)).text).toMatch(/subscribed/i);
        }
      } finally {
        await receiver.stop();
        await store.close();
      }
    }

    it('posts each story once and edits the wire story once per new outlet, its headline staying on the first', async () => {
      // The config rule names no workspace, as the README writes it.
      config([{ platform: 'slack', channel: 'C0NEWSROOM', query: 'fishermen' }]);
      await seed();
      // Both chat subscriptions and the config rule match outlet a's copy of the wire story.
      await subscribeThroughBolt(['a korea', 'a japan']);
      const before = slack.calls().length;

      await threeRounds();

      const delivery = slack.calls().slice(before);
      expect(delivery.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.update', 'chat.postMessage']);
      const posts = delivery.filter((call) => call.method === 'chat.postMessage').map((call) => String(call.body.text).split('\n')[0]);
      // The wire story, then the follow-up that came with outlet c; nothing else matches.
      expect(posts).toEqual([`${WIRE} (Harbor Herald)`, expect.stringMatching(/^North Korean fishermen back home/)]);
      const [message] = [...slack.messages.get('C0NEWSROOM')!.values()];
      expect(String(message!.text).split('\n')[0]).toBe(`${WIRE} (${OUTLETS.join(', ')})`);
      expect(JSON.stringify(message!.blocks)).toContain(`<http://outlet-a.test/world/2024/05/14/japan-returns-north-korean-fishermen|${WIRE}>`);
      // The one message answers for all three subscriptions.
      expect(wireSubscriptions()).toHaveLength(3);
    });
  });

  describe('Discord', () => {
    const GUILD = '2200000000000000001';
    const CHANNEL = '3300000000000000001';
    const MEMBER = '5500000000000000001';
    let discord: FakeDiscordApi;
    beforeEach(async () => {
      discord = await new FakeDiscordApi().start();
      Object.assign(bed.workspace.env, { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.url });
    });
    afterEach(async () => {
      await discord.stop();
    });

    /**
     * `/news subscribe feed:<feed> query:<query>` typed in the channel: INTERACTION_CREATE from the
     * fake gateway, through the real discord.js Client and Herald's Discord command handler.
     */
    async function subscribeThroughDiscordJs(subscriptions: { feed: string; query: string }[]): Promise<void> {
      const store = SqliteStore.open(join(bed.workspace.dir, 'herald.db'));
      await store.migrate();
      const gateway = await new FakeDiscordGateway(discord.token, [{ id: GUILD, name: 'Newsroom', channels: [CHANNEL], roles: [] }]).start();
      discord.gatewayUrl = gateway.url;
      const { config, context } = commandReceiverOptions(store);
      const commands = new DiscordCommands({ config, context, log: silentLogger() });
      const connected = await startDiscordGateway({ token: discord.token, apiUrl: discord.url, applicationId: null, guildId: null, commands, log: silentLogger() });
      try {
        for (const options of subscriptions) {
          const opened = discord.openInteraction(CHANNEL);
          gateway.dispatch('INTERACTION_CREATE', newsInteraction(opened, { guildId: GUILD, channelId: CHANNEL, userId: MEMBER, words: 'subscribe', options }));
          await discord.answered('PATCH', new RegExp(`/${opened.token}/messages/@original$`));
          const [embed] = discord.interactions.get(opened.token)!.original!.embeds as { description: string }[];
          expect(embed!.description).toContain('Subscribed this channel');
        }
      } finally {
        await connected.close();
        await gateway.stop();
        await store.close();
      }
    }

    it('posts each story once and edits the wire story once per new outlet, its link and time staying on the first', async () => {
      config([{ platform: 'discord', channel: CHANNEL, query: 'fishermen' }]);
      await seed();
      // Both chat subscriptions and the config rule match outlet a's copy of the wire story.
      await subscribeThroughDiscordJs([
        { feed: 'a', query: 'korea' },
        { feed: 'a', query: 'japan' },
      ]);

      await threeRounds();

      const posts = discord.requestsTo('POST', `/channels/${CHANNEL}/messages`);
      const edits = discord.requestsTo('PATCH', /^\/channels\/\d+\/messages\/\d+$/);
      expect(posts).toHaveLength(2);
      expect(edits).toHaveLength(2);
      const wire = [...discord.messages.values()].find((message) => JSON.stringify(message.embeds).includes(WIRE))!;
      const [embed] = wire.embeds as { url: string; timestamp: string; footer: { text: string } }[];
      expect(embed!.url).toBe('http://outlet-a.test/world/2024/05/14/japan-returns-north-korean-fishermen');
      expect(embed!.timestamp).toBe('2024-05-14T03:10:00.000Z');
      expect(embed!.footer.text).toBe('Harbor Herald · also from Valley Courier, Coastline Times');
      expect(wireSubscriptions()).toHaveLength(3);
    });
  });
});
