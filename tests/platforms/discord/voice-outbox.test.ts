// A rule's voice through delivery: the outbox worker over a real SQLite store, the Discord module
// built from the config, the real @discordjs/rest client and the fake Discord API on 127.0.0.1.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { subscriptionsFromConfig } from '../../../src/config/channels.ts';
import { readEnvironment } from '../../../src/config/env.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../../src/deliver/outbox-worker.ts';
import type { Alert } from '../../../src/domain/types.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { discordPlatform } from '../../../src/platforms/discord/index.ts';
import { setupFor } from '../../../src/platforms/platform-module.ts';
import { renderDiscordAlert } from '../../../src/platforms/discord/render.ts';
import type { Platform } from '../../../src/platforms/platform.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';
import { commitPoll, feedDefinition, item, pollCommit, queued, T0 } from '../../store/records.ts';

const GUILD = '2200000000000000001';
const NEWSROOM = '3300000000000000001';
const AVATAR = 'https://img.example.test/harbour.png';

const config = parseConfigText(
  `feeds:
  - { id: harbour, url: "https://news.example.test/harbour/rss.xml", name: Harbour Gazette, avatar: "${AVATAR}" }
channels:
  - { platform: discord, channel: '${NEWSROOM}', workspace: '${GUILD}', voice: feed }
`,
  {},
  'voice.yaml',
);
const [rule] = subscriptionsFromConfig(config, T0);

let api: FakeDiscordApi;
let store: SqliteStore;
let platform: Platform;
let worker: OutboxWorker;

function voiced(overrides: Partial<Alert>): Partial<Alert> {
  return { platform: 'discord', workspace: GUILD, channel: NEWSROOM, subscriptionId: rule!.id, ...overrides };
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([feedDefinition()], T0);
  await store.addSubscription(rule!);
  const env = readEnvironment({ DISCORD_TOKEN: api.token, DISCORD_API_URL: api.url });
  platform = (await discordPlatform.delivery(setupFor(discordPlatform, { env, config: () => config, log: silentLogger(), now: () => T0, output: { write: () => undefined, json: null } })))!;
  worker = new OutboxWorker(store, new Map([['discord', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, () => T0);
});

afterEach(async () => {
  await platform.close();
  await store.close();
  await api.stop();
});

it("stores the webhook message's id as the alert's message and edits that message for the story's update", async () => {
  await commitPoll(store, pollCommit({ now: T0, alerts: [queued(voiced({}))] }));

  expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
  const [posted] = [...api.messages.values()];
  const [hook] = [...api.webhooks.webhooks.values()];
  expect(posted).toMatchObject({ channel_id: NEWSROOM, webhook_id: hook!.id, username: 'Harbour Gazette', avatar_url: AVATAR });

  const update = queued(voiced({ kind: 'update', item: item({ contentHash: 'hash-v2' }), sources: [{ name: 'Harbour Gazette', url: null }, { name: 'Island Weekly', url: null }] }), 'update-1');
  await commitPoll(store, pollCommit({ now: T0, alerts: [update] }));

  expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
  expect(api.messages.size).toBe(1);
  expect(api.requestsTo('PATCH', `/webhooks/${hook!.id}/${hook!.token}/messages/${posted!.id}`)).toHaveLength(1);
  expect(api.messages.get(posted!.id)!.embeds).toEqual(renderDiscordAlert(update.alert).embeds);
  const refs = (await store.listOutbox('sent')).map((entry) => entry.messageRef);
  expect(refs).toEqual([
    { platform: 'discord', channel: NEWSROOM, id: posted!.id, webhook: hook!.id },
    { platform: 'discord', channel: NEWSROOM, id: posted!.id, webhook: hook!.id },
  ]);
});
