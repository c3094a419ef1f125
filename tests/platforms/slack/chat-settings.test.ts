// Issue 21 on Slack: /news quiet, timezone, template (its preview rendered by the alert renderer),
// per-subscription pause, recent, and subscribe mention:/backfill: through Bolt's HTTP receiver
// with real signatures over a real SQLite store; what they queue is delivered by the outbox worker
// through SlackPlatform and the real Web API client to the fake Slack API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRateLimiter, commandContexts } from '../../../src/commands/index.ts';
import { readEnvironment } from '../../../src/config/env.ts';
import { slackPlatform as slackModule } from '../../../src/platforms/slack/index.ts';
import { settingsOf } from '../../../src/platforms/platform-module.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { channelPolicies } from '../../../src/deliver/channel-policy.ts';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../../src/deliver/outbox-worker.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { SlackCommandReceiver } from '../../../src/platforms/slack/slack-commands.ts';
import type { SlackPlatform } from '../../../src/platforms/slack/slack-platform.ts';
import { renderSlackAlert } from '../../../src/platforms/slack/render.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { GAZETTE, GAZETTE_URL, T0 } from '../../commands/harness.ts';
import { recordedStoriesOver } from '../../commands/recorded-stories.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { commandReceiverOptions, commandReply, postSlashCommand, slashCommandFields } from './command-fixtures.ts';
import { TOKEN, slackPlatform } from './fixtures.ts';

const SECRET = 'c0ffee4b1d5ecr3t-for-tests-only';
const CONFIG = configSchema.parse({ topics: { orbit: 'satellite' }, feeds: [{ id: 'gazette', url: GAZETTE_URL }] });
const CHANNEL = { platform: 'slack' as const, channel: 'C0NEWSROOM' };

let api: FakeSlackApi;
let store: SqliteStore;
let receiver: SlackCommandReceiver;
let platform: SlackPlatform;
let port: number;
let replies = 0;

beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN, teamId: 'T0FAKE', users: { U0MEMBER: {} } });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([{ id: 'gazette', url: GAZETTE_URL, name: null, intervalMs: CONFIG.defaults.interval }], T0);
  const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl });
  let ids = 0;
  const context = commandContexts({
    store,
    config: () => CONFIG,
    rateLimiter: new CommandRateLimiter(),
    loadFeed: () => async () => GAZETTE,
    recordedStories: recordedStoriesOver(store, CONFIG, () => T0),
    now: () => T0,
    newId: () => `id${(ids += 1)}`,
  });
  receiver = new SlackCommandReceiver({ ...commandReceiverOptions(store), config: () => CONFIG, context, slack: settingsOf(slackModule, env), log: silentLogger() });
  port = (await receiver.start())!;
  platform = slackPlatform(api);
  replies = 0;
});

afterEach(async () => {
  await receiver.stop();
  await platform.close();
  await store.close();
  await api.close();
});

/** Runs `/news <text>` in #newsroom and returns its reply as posted to the response_url. */
async function news(text: string) {
  expect(await postSlashCommand(port, new URLSearchParams(slashCommandFields(api, text)).toString(), { secret: SECRET })).toBe(200);
  replies += 1;
  return commandReply(api, replies);
}

async function deliver() {
  const worker = new OutboxWorker(store, new Map([['slack', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, () => T0, () => channelPolicies(CONFIG));
  return worker.drain();
}

describe('/news on Slack', () => {
  it('backfills with the opted-in user group and @here, and no other message pings', async () => {
    const reply = await news('subscribe gazette satellite OR missile mention:@here,<!subteam^S0DESK|@desk> backfill:1');
    expect(reply.text).toContain('backfill: 1 matching item queued for this channel');
    await news('subscribe topic:orbit backfill:1');
    expect(await deliver()).toMatchObject({ sent: 1 });

    const [posted] = api.calls('chat.postMessage');
    const body = posted!.body as { text: string; blocks: { text?: { text: string } }[] };
    expect(body.text.startsWith('<!here> <!subteam^S0DESK> ')).toBe(true);
    expect(body.blocks[0]!.text!.text).toBe('<!here> <!subteam^S0DESK>');
    // The topic subscription's backfill was the same story: the channel got it once, with the mention.
    expect(api.calls('chat.postMessage')).toHaveLength(1);
  });

  it('posts without any mention when the subscription asked for none', async () => {
    await news('subscribe gazette backfill:1');
    await deliver();
    const body = api.calls('chat.postMessage')[0]!.body as { text: string };
    expect(body.text).not.toMatch(/<!here>|<@|<!subteam/);
  });

  it('holds alerts during quiet hours set from chat, in the time zone set from chat', async () => {
    expect((await news('timezone America/New_York')).text).toContain("This channel's time zone is now America/New_York (08:00 there now)");
    await news('quiet 07:00 09:00');
    await news('subscribe gazette backfill:1');
    expect(await deliver()).toMatchObject({ sent: 0, held: 1 });
    expect((await store.listOutbox('held'))[0]).toMatchObject({ holdReason: 'quiet-hours', nextAttemptAt: Date.parse('2024-06-20T13:00:00Z') });
    await news('quiet off');
    expect(await store.channelSettings(CHANNEL)).toMatchObject({ quietHours: null, timezone: 'America/New_York' });
  });

  it("answers template with the channel's latest alert rendered in it, under the reply", async () => {
    await news('subscribe gazette backfill:1');
    await deliver();
    const reply = await news('template *{title}* — {source}');
    const [latest] = await store.recentAlerts(CHANNEL, 0, 1);
    const preview = renderSlackAlert({ ...latest!.alert, template: '*{title}* — {source}', mention: null }).blocks;
    expect(reply.blocks.slice(-preview.length)).toEqual(preview);
    expect(JSON.stringify(preview)).toContain(`*${GAZETTE.items[0]!.title}* — Harbour Gazette`);
  });

  it('pauses one subscription by id and lists recent alerts', async () => {
    await news('subscribe gazette satellite backfill:1');
    await news('subscribe topic:orbit');
    await deliver();
    expect((await news('pause sub_id1')).text).toContain("Paused sub_id1 ('satellite')");
    expect((await store.listSubscriptions()).map((subscription) => [subscription.id, subscription.paused])).toEqual([['sub_id1', true], ['sub_id2', false]]);
    const recent = await news('recent satellite days:3');
    expect(recent.text).toContain("1 alert matching 'satellite' in the last 3 days, newest first.");
    expect(recent.text).toContain(GAZETTE.items[0]!.title);
  });
});
