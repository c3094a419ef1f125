// What a channel changes from chat applies to the very next delivery decision, also for an alert
// queued before the change (issue 21): the real app polls a local feed, its alert waits for a
// retry, a /news command runs through the real handler on the app's store, and the next
// delivery run (on a clock the test moves) respects pause, quiet hours, time zone, template,
// digest and mentions, with no poll cycle in between.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { handleCommandText } from '../../src/commands/handle.ts';
import { CommandRateLimiter } from '../../src/commands/rate-limit.ts';
import type { CommandReply } from '../../src/commands/reply.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { ScriptedPlatform } from '../deliver/scripted-platform.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const T0 = Date.parse('2024-06-20T12:00:00Z');
const MINUTE = 60_000;
const CHANNEL = 'C-NEWSROOM';

function rss(titles: string[]): string {
  const items = titles.map((title, index) => {
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return `<item><guid>${slug}</guid><title>${title}</title><link>https://gazette.example.test/${slug}</link><description>Story ${index} of the harbour desk.</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example.test/</link>${items.join('')}</channel></rss>`;
}

let server: FeedServer;
let dir: string;
let herald: Herald;
let platform: ScriptedPlatform;
let clock: number;
let ids = 0;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-live-'));
  server.route('/world.xml', { body: rss(['Ferry operator adds a late winter crossing']) });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: [{ id: 'gazette', url: server.url('/world.xml') }],
  });
  clock = T0;
  platform = new ScriptedPlatform();
  herald = await Herald.start({
    config,
    env: readEnvironment({}),
    log: silentLogger(),
    write: () => undefined,
    now: () => clock,
    platforms: [{ name: 'slack', delivery: async () => platform }],
  });
  const rateLimiter = new CommandRateLimiter();
  news = (text) =>
    handleCommandText(text, {
      store: herald.store,
      config,
      actor: { platform: 'slack', workspace: 'T-HARBOUR', channel: CHANNEL, userId: 'U-REPORTER', isAdmin: false },
      loadFeed: async () => ({ title: 'Harbour Gazette', items: [] }),
      rateLimiter,
      recordedStories: herald.recordedStories,
      now: () => clock,
      newId: () => `id${(ids += 1)}`,
    });
  expect((await news('subscribe gazette satellite mention:@here')).text).toContain('Subscribed');
  // The feed's first poll only remembers what it lists.
  await herald.poll({ all: true });
});

afterEach(async () => {
  await herald.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let news: (text: string) => Promise<CommandReply>;

/** Polls a new matching story whose first send fails, so its alert waits in the outbox for a retry. */
async function queueRetriedAlert(): Promise<void> {
  server.route('/world.xml', { body: rss(['Coastguard tracks satellite debris off the cape', 'Ferry operator adds a late winter crossing']) });
  platform.script.push('server-error');
  await herald.poll({ all: true });
  expect(await herald.deliver()).toMatchObject({ sent: 0, retried: 1 });
  expect(await herald.store.listOutbox('pending')).toHaveLength(1);
}

/** The next delivery run, once the retry came due; no poll in between. */
async function deliverLater() {
  clock += 20 * MINUTE;
  return herald.deliver();
}

async function subscriptionId(): Promise<string> {
  const [subscription] = await herald.store.listSubscriptions({ channel: CHANNEL });
  return subscription!.id;
}

describe('a change from chat applies to an alert queued before it', () => {
  it('posts the queued alert when nothing changed (the scenario itself works)', async () => {
    await queueRetriedAlert();
    expect(await deliverLater()).toMatchObject({ sent: 1 });
    expect(platform.sent.map((alert) => alert.item.title)).toEqual(['Coastguard tracks satellite debris off the cape']);
    expect(platform.sent[0]!.mention).toEqual({ here: true, users: [], roles: [] });
  });

  it('pause <id>: the paused subscription\'s queued alert is not posted, and resume does not bring it back', async () => {
    await queueRetriedAlert();
    const id = await subscriptionId();
    expect((await news(`pause ${id}`)).text).toContain(`Paused ${id}`);
    expect(await deliverLater()).toMatchObject({ sent: 0, dead: 1 });
    expect(platform.sent).toEqual([]);
    expect((await herald.store.listOutbox('dead'))[0]!.lastError).toMatch(new RegExp(`^not posted: subscription ${id} was paused`));

    await news(`resume ${id}`);
    expect(await deliverLater()).toMatchObject({ sent: 0 });
    expect(platform.sent).toEqual([]);
  });

  it('an operator\'s retry of that dead letter posts it, even while the subscription is paused', async () => {
    await queueRetriedAlert();
    const id = await subscriptionId();
    await news(`pause ${id}`);
    expect(await deliverLater()).toMatchObject({ dead: 1 });
    const [dead] = await herald.store.listOutbox('dead');
    expect(await herald.store.retryOutbox(dead!.id, clock)).toBe(true);
    expect(await herald.deliver()).toMatchObject({ sent: 1 });
    expect(platform.sent.map((alert) => alert.item.title)).toEqual(['Coastguard tracks satellite debris off the cape']);
  });

  it('quiet: a channel now in its quiet hours holds the queued alert until they end', async () => {
    await queueRetriedAlert();
    // 12:20 UTC when it is delivered: inside 12:00-13:00.
    expect((await news('quiet 12:00 13:00')).status).toBe('ok');
    expect(await deliverLater()).toMatchObject({ sent: 0, held: 1 });
    expect((await herald.store.listOutbox('held'))[0]).toMatchObject({ holdReason: 'quiet-hours', nextAttemptAt: Date.parse('2024-06-20T13:00:00Z') });
  });

  it('timezone: quiet hours follow the zone set after the alert was queued', async () => {
    await news('quiet 08:00 09:00');
    await queueRetriedAlert();
    // 12:20 UTC is 08:20 in New York.
    await news('timezone America/New_York');
    expect(await deliverLater()).toMatchObject({ held: 1 });
    expect((await herald.store.listOutbox('held'))[0]).toMatchObject({ holdReason: 'quiet-hours', nextAttemptAt: Date.parse('2024-06-20T13:00:00Z') });
  });

  it('template: the queued alert is posted with the template set after it was queued', async () => {
    await queueRetriedAlert();
    await news('template BREAKING {title}');
    expect(await deliverLater()).toMatchObject({ sent: 1 });
    expect(platform.sent[0]!.template).toBe('BREAKING {title}');
  });

  it('digest <id>: the queued alert joins the digest instead of going out', async () => {
    await queueRetriedAlert();
    await news(`digest ${await subscriptionId()} hourly`);
    expect(await deliverLater()).toMatchObject({ sent: 0, held: 1 });
    expect((await herald.store.listOutbox('held'))[0]).toMatchObject({ holdReason: 'schedule' });
  });

  it("mention: a paused subscription's mention pings no one on an alert another subscription still posts", async () => {
    expect((await news('subscribe gazette debris')).text).toContain('Subscribed');
    const [pinging] = (await herald.store.listSubscriptions({ channel: CHANNEL })).filter((subscription) => subscription.mention != null);
    await queueRetriedAlert();
    await news(`pause ${pinging!.id}`);
    expect(await deliverLater()).toMatchObject({ sent: 1 });
    expect(platform.sent[0]!.mention ?? null).toBeNull();
  });
});
