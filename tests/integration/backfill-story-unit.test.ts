// `subscribe ... backfill:N` goes through the same unit as a poll's alerts, a channel's message
// about a story: a feed's first poll that records the backfilled item (and alerts the newest of
// it, defaults.backfill) does not post it again, and another outlet's copy polled later updates
// the backfilled message instead of posting a second one. The real app polls local feeds; the
// subscribe runs through the real handler and the real feed loader.
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
const DEBRIS_LINK = 'https://gazette.example.test/world/satellite-debris';

interface Entry {
  guid: string;
  title: string;
  link: string;
  text: string;
}

function rss(title: string, entries: Entry[]): string {
  const items = entries.map((entry) => `<item><guid>${entry.guid}</guid><title>${entry.title}</title><link>${entry.link}</link><description>${entry.text}</description></item>`);
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

afterEach(async () => {
  await herald.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// defaults.backfill 1: the gazette's first poll alerts its newest item, the backfilled one.
it.each([0, 1])('a backfilled story is posted once, and a later outlet of it updates that message (defaults.backfill %i)', async (backfill) => {
  await start(backfill);
  const reply = await handleCommandText('subscribe topic:orbit backfill:1', {
    store: herald.store,
    config,
    actor: { platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWSROOM', userId: 'U-REPORTER', isAdmin: false },
    loadFeed: feedLoader(config),
    rateLimiter: new CommandRateLimiter(),
    now: () => clock,
    newId: () => 'desk1',
  });
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
