// `subscribe ... backfill:N` goes through the same unit as a poll's alerts, a channel's message
// about a story: a feed's first poll that records the backfilled item (and alerts the newest of
// it, defaults.backfill) does not post it again, and another outlet's copy polled later updates
// the backfilled message instead of posting a second one; so does a copy of an entry the first
// poll recorded without a story (published before dedup.window). The real app polls local feeds;
// the subscribe runs through the real handler and the real feed loader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { feedLoader } from '../../src/commands/feed-loader.ts';
import { handleCommandText } from '../../src/commands/handle.ts';
import { CommandRateLimiter } from '../../src/commands/rate-limit.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema, type HeraldConfig } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { ScriptedPlatform } from '../deliver/scripted-platform.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const T0 = Date.parse('2024-06-20T12:00:00Z');
const DAY = 86_400_000;
const DEBRIS_LINK = 'https://gazette.example.test/world/satellite-debris';

interface Entry {
  guid: string;
  title: string;
  link: string;
  text: string;
  /** pubDate; none when left out. */
  published?: number;
}

function rss(title: string, entries: Entry[]): string {
  const items = entries.map((entry) => {
    const date = entry.published === undefined ? '' : `<pubDate>${new Date(entry.published).toUTCString()}</pubDate>`;
    return `<item><guid>${entry.guid}</guid><title>${entry.title}</title><link>${entry.link}</link><description>${entry.text}</description>${date}</item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://example.test/</link>${items.join('')}</channel></rss>`;
}

const DEBRIS: Entry = { guid: 'g-debris', title: 'Coastguard tracks satellite debris off the northern cape', link: DEBRIS_LINK, text: 'Fragments of a failed launch came down at sea.' };
const FERRY: Entry = { guid: 'g-ferry', title: 'Ferry operator adds a late winter crossing', link: 'https://gazette.example.test/world/ferry', text: 'The island route gains an evening sailing.' };
const ORCHARDS: Entry = { guid: 'c-orchards', title: 'Valley orchards brace for a late frost', link: 'https://courier.example.test/orchards', text: 'Growers lit burners overnight.' };

let server: FeedServer;
let dir: string;
let herald: Herald;
let platform: ScriptedPlatform;
let config: HeraldConfig;
let clock = T0;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-backfill-'));
  server.route('/gazette.xml', { body: rss('Harbour Gazette', [DEBRIS, FERRY]) });
  server.route('/courier.xml', { body: rss('Valley Courier', [ORCHARDS]) });
  clock = T0;
  platform = new ScriptedPlatform();
});

/** The app; `backfill`: how many of a new feed's newest items its first poll alerts (defaults.backfill). */
async function start(backfill: number): Promise<void> {
  config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    defaults: { backfill },
    topics: { orbit: 'satellite' },
    feeds: [
      { id: 'gazette', url: server.url('/gazette.xml') },
      { id: 'courier', url: server.url('/courier.xml') },
    ],
  });
  herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined, now: () => clock, platforms: [{ name: 'slack', delivery: async () => platform }] });
}

function subscribe(text: string, actor: { workspace: string; channel: string }) {
  return handleCommandText(text, {
    store: herald.store,
    config,
    actor: { platform: 'slack', ...actor, userId: 'U-REPORTER', isAdmin: false },
    loadFeed: feedLoader(config),
    rateLimiter: new CommandRateLimiter(),
    recordedStories: herald.recordedStories,
    now: () => clock,
    newId: () => `desk${actor.channel}`,
  });
}

afterEach(async () => {
  await herald.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// defaults.backfill 1: the gazette's first poll alerts its newest item, the backfilled one.
it.each([0, 1])('a backfilled story is posted once, and a later outlet of it updates that message (defaults.backfill %i)', async (backfill) => {
  await start(backfill);
  const reply = await subscribe('subscribe topic:orbit backfill:1', { workspace: 'T-HARBOUR', channel: 'C-NEWSROOM' });
  expect(reply.text).toContain('backfill: 1 matching item queued for this channel');
  expect(await herald.deliver()).toMatchObject({ sent: 1 });

  // Poll 1: the feeds' first polls record their items (and alert the newest, with defaults.backfill 1: the backfilled one).
  clock += 60_000;
  await herald.poll({ all: true });
  await herald.deliver();
  expect(platform.sent.map((alert) => alert.item.title)).toEqual([DEBRIS.title]);

  // Poll 2: the courier carries the same story (the gazette's article): the channel's message gains a source.
  server.route('/courier.xml', {
    body: rss('Valley Courier', [{ guid: 'c-debris', title: 'Satellite debris seen from the cape', link: DEBRIS_LINK, text: 'Wire report.' }, ORCHARDS]),
  });
  clock += 10 * 60_000;
  await herald.poll({ all: true });
  await herald.deliver();

  expect(platform.sent).toHaveLength(1);
  expect(platform.updates).toHaveLength(1);
  expect(platform.updates[0]!.ref).toEqual({ platform: 'slack', channel: 'C-NEWSROOM', id: 'm1' });
  expect(platform.updates[0]!.alert.sources.map((source) => source.name)).toEqual(['Harbour Gazette', 'Valley Courier']);
});

// A first poll records an entry published before dedup.window without a story (seed-entries.ts).
// Backfilled, it gets the story a poll would have given it, so another outlet's copy (under its
// link, or by its text alone) joins that story: the channel's message is updated, not posted
// twice. Another team's channel on the same feeds gets nothing of the backfill, and the copy once.
it.each([
  ['its link', { guid: 'c-debris', title: 'Satellite debris seen from the cape', link: DEBRIS_LINK, text: 'Wire report.' }],
  ['its text', { guid: 'c-debris', title: DEBRIS.title, link: 'https://courier.example.test/debris', text: DEBRIS.text }],
])('a backfilled entry the first poll only recorded is one story with a later copy under %s', async (_, copy) => {
  server.route('/gazette.xml', { body: rss('Harbour Gazette', [FERRY, { ...DEBRIS, published: T0 - 7 * DAY }]) });
  await start(0);
  await subscribe('subscribe topic:orbit', { workspace: 'T-ISLAND', channel: 'C-ISLAND' });
  await herald.poll({ all: true });
  expect((await herald.store.seenItems('gazette', ['guid:g-debris'])).get('guid:g-debris')?.storyId).toBeNull();

  clock += 60_000;
  const reply = await subscribe('subscribe topic:orbit backfill:1', { workspace: 'T-HARBOUR', channel: 'C-NEWSROOM' });
  expect(reply.text).toContain('backfill: 1 matching item queued for this channel');
  await herald.deliver();
  expect(platform.sent.map((alert) => [alert.channel, alert.item.title])).toEqual([['C-NEWSROOM', DEBRIS.title]]);
  const storyId = (await herald.store.seenItems('gazette', ['guid:g-debris'])).get('guid:g-debris')?.storyId;
  expect(platform.sent[0]!.storyId).toBe(storyId);

  server.route('/courier.xml', { body: rss('Valley Courier', [{ ...copy, published: clock }, ORCHARDS]) });
  clock += 10 * 60_000;
  await herald.poll({ all: true });
  await herald.deliver();

  expect(platform.sent.map((alert) => [alert.channel, alert.item.title])).toEqual([
    ['C-NEWSROOM', DEBRIS.title],
    ['C-ISLAND', copy.title],
  ]);
  expect(platform.updates.map((update) => [update.ref.channel, update.alert.sources.map((source) => source.name)])).toEqual([
    ['C-NEWSROOM', ['Harbour Gazette', 'Valley Courier']],
  ]);
});
