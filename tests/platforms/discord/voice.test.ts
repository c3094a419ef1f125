// A voice per feed on Discord: the Discord module built from a config with `voice:` rules, the
// real @discordjs/rest client, and the fake Discord API's channel webhooks on 127.0.0.1.
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriptionsFromConfig } from '../../../src/config/channels.ts';
import { readEnvironment } from '../../../src/config/env.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import type { HeraldConfig } from '../../../src/config/schema.ts';
import type { Alert, Digest, MessageRef } from '../../../src/domain/types.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { discordPlatform } from '../../../src/platforms/discord/index.ts';
import { setupFor } from '../../../src/platforms/platform-module.ts';
import { renderDiscordAlert } from '../../../src/platforms/discord/render.ts';
import type { Platform } from '../../../src/platforms/platform.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';
import { makeAlert } from '../../render/alert.ts';

const GUILD = '2200000000000000001';
const NEWSROOM = '3300000000000000001';
const DESK = '3300000000000000002';
const PARENT = '3300000000000000003';
const THREAD = '3300000000000000004';
const FORUM = '3300000000000000005';
const PLAIN = '3300000000000000006';
const HARBOUR_AVATAR = 'https://img.example.test/harbour.png';
const DESK_AVATAR = 'https://img.example.test/desk.png';
const EXECUTE = /^\/webhooks\/\d+\/webhook-[^/]+$/;

const config = parseConfigText(
  `feeds:
  - { id: harbour, url: "https://news.example.test/harbour/rss.xml", name: Harbour Gazette, avatar: "${HARBOUR_AVATAR}" }
  - { id: island, url: "https://news.example.test/island/rss.xml" }
channels:
  - { platform: discord, channel: '${NEWSROOM}', voice: feed }
  - { platform: discord, channel: '${DESK}', voice: { name: World desk, avatar: "${DESK_AVATAR}" } }
  - { platform: discord, channel: '${THREAD}', voice: feed }
  - { platform: discord, channel: '${PARENT}', voice: feed }
  - { platform: discord, channel: '${FORUM}', voice: feed }
  - { platform: discord, channel: '${PLAIN}' }
`,
  {},
  'voice.yaml',
);
const ruleOf = new Map(subscriptionsFromConfig(config, 0).map((subscription) => [subscription.channel, subscription.id]));

let api: FakeDiscordApi;
let platform: Platform;
let logLines: Record<string, unknown>[];

function alertTo(channel: string, overrides: Partial<Omit<Alert, 'item'>> & { item?: Partial<Alert['item']> } = {}): Alert {
  const { item, ...rest } = overrides;
  return makeAlert({
    platform: 'discord',
    workspace: GUILD,
    channel,
    subscriptionId: ruleOf.get(channel)!,
    ...rest,
    item: { feedId: 'harbour', sourceName: 'Harbour Gazette', ...item },
  });
}

function updateOf(alert: Alert): Alert {
  return { ...alert, kind: 'update', sources: [...alert.sources, { name: 'Island Weekly', url: 'https://island.example.test/ferry' }] };
}

async function discord(configInForce: HeraldConfig = config): Promise<Platform> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const delivery = await discordPlatform.delivery(setupFor(discordPlatform, {
    env: readEnvironment({ DISCORD_TOKEN: api.token, DISCORD_API_URL: api.url }),
    config: () => configInForce,
    log: createLogger({ level: 'info', destination }),
    now: () => Date.parse('2026-12-03T12:00:00Z'),
    output: { write: () => undefined, json: null },
  }));
  return delivery!;
}

function logged(message: RegExp): Record<string, unknown>[] {
  return logLines.filter((line) => message.test(String(line.msg)));
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  logLines = [];
  platform = await discord();
});

afterEach(async () => {
  await platform.close();
  await api.stop();
});

describe('posting under a voice', () => {
  it("posts through the channel's own webhook under the feed's name and avatar, and edits that message on update", async () => {
    const alert = alertTo(NEWSROOM);

    const ref = await platform.send(alert, 'story-1:new');

    const [hook] = [...api.webhooks.webhooks.values()];
    expect(hook).toMatchObject({ channel_id: NEWSROOM, name: 'Herald', application_id: api.applicationId });
    const posted = api.messages.get(ref.id)!;
    expect(posted).toMatchObject({ channel_id: NEWSROOM, webhook_id: hook!.id, username: 'Harbour Gazette', avatar_url: HARBOUR_AVATAR });
    expect(posted.embeds).toEqual(renderDiscordAlert(alert).embeds);
    expect(ref).toEqual({ platform: 'discord', channel: NEWSROOM, id: posted.id, webhook: hook!.id });
    const [execute] = api.requestsTo('POST', EXECUTE);
    expect(execute!.query.get('wait')).toBe('true');
    expect(execute!.headers.authorization).toBeUndefined();
    expect(execute!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/messages`)).toHaveLength(0);

    const update = updateOf(alert);
    await platform.update(ref, update);

    expect(api.requestsTo('PATCH', `/webhooks/${hook!.id}/${hook!.token}/messages/${posted.id}`)).toHaveLength(1);
    expect(api.messages.get(ref.id)!.embeds).toEqual(renderDiscordAlert(update).embeds);
    expect(api.messages.get(ref.id)!.edited_timestamp).not.toBeNull();
  });

  it('lists and creates the webhook once per channel, and reuses it for later alerts', async () => {
    await platform.send(alertTo(NEWSROOM), 'story-1:new');
    await platform.send(alertTo(NEWSROOM, { storyId: 'story-2', item: { feedId: 'island', sourceName: 'Island Weekly', key: 'k2' } }), 'story-2:new');

    expect(api.requestsTo('GET', `/channels/${NEWSROOM}/webhooks`)).toHaveLength(1);
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/webhooks`)).toHaveLength(1);
    // A feed added without name or avatar speaks as the name its alerts show, with the webhook's avatar.
    const second = [...api.messages.values()][1]!;
    expect(second).toMatchObject({ username: 'Island Weekly' });
    expect(second.avatar_url).toBeUndefined();
  });

  it('speaks under the webhook\'s own name for a feed title Discord would refuse as a name', async () => {
    const ref = await platform.send(alertTo(NEWSROOM, { item: { feedId: 'chat-feed', sourceName: 'The Discord Blog' } }), 'story-1:new');

    expect(ref.webhook).toBeDefined();
    expect(api.messages.get(ref.id)).toMatchObject({ username: 'Herald' });
  });

  it("uses a rule's fixed name and avatar, and leaves other apps' webhooks alone", async () => {
    const foreign = api.webhooks.add(DESK, '1199999999999999999');

    const ref = await platform.send(alertTo(DESK), 'story-1:new');

    expect(ref.webhook).not.toBe(foreign.id);
    expect(api.messages.get(ref.id)).toMatchObject({ username: 'World desk', avatar_url: DESK_AVATAR });
  });

  it('lists exactly the opted-in mention in allowed_mentions, as for bot posts', async () => {
    const alert = alertTo(NEWSROOM, { mention: { here: false, roles: ['4400000000000000001'], users: [] } });

    await platform.send(alert, 'story-1:new');

    const [execute] = api.requestsTo('POST', EXECUTE);
    expect(execute!.body).toMatchObject({ content: '<@&4400000000000000001>', allowed_mentions: renderDiscordAlert(alert).allowed_mentions });
  });

  it('posts as the bot, as before, where the rule has no voice', async () => {
    await platform.send(alertTo(PLAIN), 'story-1:new');

    expect(api.requestsTo('POST', `/channels/${PLAIN}/messages`)).toHaveLength(1);
    expect(api.requests.filter((request) => request.path.includes('webhooks'))).toHaveLength(0);
  });
});

describe('digests', () => {
  function digestOf(channel: string): Digest {
    const alerts = [alertTo(channel), alertTo(channel, { storyId: 'story-2', item: { key: 'k2', title: 'Island school reopens' } })];
    return { platform: 'discord', workspace: GUILD, channel, reason: 'schedule', alerts, windowStart: 0, windowEnd: 1 };
  }

  it("posts a digest under a rule's fixed voice, and as the bot where the voice is each feed's", async () => {
    const desk = await platform.sendDigest(digestOf(DESK), 'digest-desk');
    const newsroom = await platform.sendDigest(digestOf(NEWSROOM), 'digest-newsroom');

    expect(api.messages.get(desk.id)).toMatchObject({ username: 'World desk', avatar_url: DESK_AVATAR });
    expect(newsroom.webhook).toBeUndefined();
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/messages`)).toHaveLength(1);
  });
});

describe('threads and forums', () => {
  it("posts into a thread through its parent channel's webhook, and edits it there", async () => {
    api.addThread(THREAD, PARENT);
    const alert = alertTo(THREAD);

    const ref = await platform.send(alert, 'story-1:new');

    const [hook] = [...api.webhooks.webhooks.values()];
    expect(hook!.channel_id).toBe(PARENT);
    expect(api.requestsTo('POST', EXECUTE)[0]!.query.get('thread_id')).toBe(THREAD);
    expect(ref).toEqual({ platform: 'discord', channel: THREAD, id: expect.any(String), webhook: hook!.id });
    expect(api.messages.get(ref.id)!.channel_id).toBe(THREAD);

    await platform.update(ref, updateOf(alert));

    const [patch] = api.requestsTo('PATCH', new RegExp(`/messages/${ref.id}$`));
    expect(patch!.query.get('thread_id')).toBe(THREAD);
    expect(api.messages.get(ref.id)!.embeds).toEqual(renderDiscordAlert(updateOf(alert)).embeds);
  });

  it('gives a thread and its parent, sent to at once, one webhook', async () => {
    api.addThread(THREAD, PARENT);

    const refs = await Promise.all([platform.send(alertTo(THREAD), 'story-1:new'), platform.send(alertTo(PARENT), 'story-1:new:parent')]);

    expect(api.requestsTo('GET', `/channels/${PARENT}/webhooks`)).toHaveLength(1);
    expect(api.requestsTo('POST', `/channels/${PARENT}/webhooks`)).toHaveLength(1);
    expect(refs.map((ref) => ref.channel)).toEqual([THREAD, PARENT]);
    expect(new Set(refs.map((ref) => ref.webhook)).size).toBe(1);
  });

  it('starts a forum post named after the headline, and edits it in its thread', async () => {
    api.addForum(FORUM);
    const alert = alertTo(FORUM, { item: { title: 'Harbour pilots vote to end the overnight strike' } });

    const ref = await platform.send(alert, 'story-1:new');

    expect(api.requestsTo('POST', EXECUTE)[0]!.body).toMatchObject({ thread_name: 'Harbour pilots vote to end the overnight strike', username: 'Harbour Gazette' });
    expect(ref.channel).not.toBe(FORUM);
    expect(api.threadParent(ref.channel)).toBe(FORUM);

    await platform.update(ref, updateOf(alert));

    expect(api.requestsTo('PATCH', new RegExp(`/messages/${ref.id}$`))[0]!.query.get('thread_id')).toBe(ref.channel);
    expect(api.messages.get(ref.id)!.edited_timestamp).not.toBeNull();
  });
});

describe('when Herald cannot have a webhook', () => {
  it('posts as the bot without Manage Webhooks, and logs the reason and the fix once', async () => {
    api.webhooks.denyManageWebhooks(NEWSROOM);

    const first = await platform.send(alertTo(NEWSROOM), 'story-1:new');
    const second = await platform.send(alertTo(NEWSROOM, { storyId: 'story-2' }), 'story-2:new');

    expect([first.webhook, second.webhook]).toEqual([undefined, undefined]);
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/messages`)).toHaveLength(2);
    // The refusal is remembered: one 403 for the channel, not one per alert (each counts towards Discord's ban).
    expect(api.requestsTo('GET', `/channels/${NEWSROOM}/webhooks`)).toHaveLength(1);
    const warnings = logged(/Manage Webhooks/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, channel: NEWSROOM });
    expect(String(warnings[0]!.msg)).toMatch(/lacks Manage Webhooks .* post as the bot.*give Herald's role Manage Webhooks/);
  });

  it('recreates a webhook someone deleted between two alerts', async () => {
    const first = await platform.send(alertTo(NEWSROOM), 'story-1:new');
    api.webhooks.delete(first.webhook!);

    const second = await platform.send(alertTo(NEWSROOM, { storyId: 'story-2' }), 'story-2:new');

    expect(second.webhook).toBeDefined();
    expect(second.webhook).not.toBe(first.webhook);
    expect(api.webhooks.webhooks.get(second.webhook!)).toMatchObject({ channel_id: NEWSROOM, name: 'Herald' });
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/webhooks`)).toHaveLength(2);
    expect(api.messages.get(second.id)).toMatchObject({ username: 'Harbour Gazette' });
  });

  it('falls back to the bot when the recreated webhook is unknown too', async () => {
    await platform.send(alertTo(NEWSROOM), 'story-1:new');
    api.fail('POST', EXECUTE, { status: 404, code: 10015 }, 2);

    const ref = await platform.send(alertTo(NEWSROOM, { storyId: 'story-2' }), 'story-2:new');

    expect(ref.webhook).toBeUndefined();
    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/messages`)).toHaveLength(1);
    expect(logged(/deleted again right after Herald recreated it/)).toHaveLength(1);
  });

  it('drops an update whose webhook was deleted, since nothing else may edit its message', async () => {
    const alert = alertTo(NEWSROOM);
    const ref = await platform.send(alert, 'story-1:new');
    api.webhooks.delete(ref.webhook!);
    await platform.close();
    platform = await discord(); // a restart: nothing cached

    await platform.update(ref, updateOf(alert));

    expect(api.messages.get(ref.id)!.edited_timestamp).toBeNull();
    expect(api.requestsTo('PATCH', new RegExp(`/messages/${ref.id}$`))).toHaveLength(0);
    expect(logged(/story update skipped: the Discord webhook that posted its message is gone/)).toHaveLength(1);
  });

  it('edits after a restart through the webhook it finds again by listing the channel', async () => {
    const alert = alertTo(NEWSROOM);
    const ref: MessageRef = await platform.send(alert, 'story-1:new');
    await platform.close();
    platform = await discord();

    await platform.update(ref, updateOf(alert));

    expect(api.requestsTo('POST', `/channels/${NEWSROOM}/webhooks`)).toHaveLength(1);
    expect(api.messages.get(ref.id)!.embeds).toEqual(renderDiscordAlert(updateOf(alert)).embeds);
  });
});
