// How long the web panel takes to answer each page for a big team: 200 feeds (50 items seen
// each), 40 channels with 2 subscriptions each, 2,000 outbox entries (sent, pending, dead). The
// baseline in the same run is the sign-in page, which reads no store.
//   npx tsx bench/web/pages.ts [--feeds 200] [--channels 40] [--alerts 2000] [--runs 9]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandRateLimiter, commandContexts, feedLoader, randomId } from '../../src/commands/index.ts';
import { parseConfigText } from '../../src/config/load.ts';
import { subscriptionsFromConfig } from '../../src/config/channels.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startWebPanel } from '../../src/web/panel-server.ts';
import { recordedStoriesOver } from '../../tests/commands/recorded-stories.ts';
import { feedDefinition, item, pollCommit, queued } from '../../tests/store/records.ts';

const { values } = parseArgs({
  options: { feeds: { type: 'string', default: '200' }, channels: { type: 'string', default: '40' }, alerts: { type: 'string', default: '2000' }, runs: { type: 'string', default: '9' } },
});
const FEEDS = Number(values.feeds);
const CHANNELS = Number(values.channels);
const ALERTS = Number(values.alerts);
const RUNS = Number(values.runs);
const TOKEN = 'bench-token-0123456789abcdef';

const dir = mkdtempSync(join(tmpdir(), 'herald-web-bench-'));
const store = SqliteStore.open(join(dir, 'herald.db'));
await store.migrate();
const feedIds = Array.from({ length: FEEDS }, (_, index) => `feed-${index}`);
const channels = Array.from({ length: CHANNELS }, (_, index) => [
  { platform: 'slack', workspace: 'T-BENCH', channel: `C-${index}`, feeds: [feedIds[index % FEEDS]], query: 'ferry OR harbour' },
  { platform: 'slack', workspace: 'T-BENCH', channel: `C-${index}`, topics: ['ferries'], digest: 'daily 08:30' },
]).flat();
const feeds = feedIds.map((id) => ({ id, url: feedDefinition({ id }).url }));
const config = parseConfigText(JSON.stringify({ topics: { ferries: 'ferry OR crossing' }, feeds, channels }), {}, 'bench.yaml');
await store.syncConfigFeeds(feedIds.map((id) => feedDefinition({ id })), 0);
await store.syncConfigSubscriptions(subscriptionsFromConfig(config, 0));
await store.commitPolls(
  feedIds.map((feedId, feedIndex) =>
    pollCommit({
      feedId,
      items: Array.from({ length: 50 }, (_, index) => ({ item: item({ feedId, key: `${feedId}-${index}` }), storyId: `story-${feedId}-${index}` })),
      alerts: Array.from({ length: Math.ceil(ALERTS / FEEDS) }, (_, index) =>
        queued({ item: item({ feedId }), storyId: `story-${feedId}-${index}`, channel: `C-${feedIndex % CHANNELS}` }, `${feedId}:${index}`),
      ),
    }),
  ),
);
const entries = await store.listOutbox('pending');
for (const [index, entry] of entries.entries()) {
  if (index % 10 === 0) await store.markDead(entry.id, 'Slack channel is archived', 1);
  else if (index % 2 === 0) await store.markSent(entry.id, { platform: 'slack', channel: entry.alert.channel, id: String(index) }, Date.now());
}

const contexts = commandContexts({
  store,
  config: () => config,
  rateLimiter: new CommandRateLimiter(),
  loadFeed: feedLoader,
  recordedStories: recordedStoriesOver(store, config),
  now: Date.now,
  newId: randomId,
});
const panel = await startWebPanel({ port: 0, host: '127.0.0.1', token: TOKEN, store, config: () => config, contexts, pollSoon: () => undefined, deliverSoon: () => undefined, log: silentLogger() });
const origin = `http://127.0.0.1:${panel.port}`;
const form = await fetch(`${origin}/sign-in`);
const nonce = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
const signedIn = await fetch(`${origin}/sign-in`, {
  method: 'POST',
  redirect: 'manual',
  headers: { cookie: form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; '), origin, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: nonce, token: TOKEN }).toString(),
});
const cookie = signedIn.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');

async function timed(path: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(`${origin}${path}`, { headers: { cookie } });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return { ms: performance.now() - start, bytes: body.byteLength };
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
const paths = ['/sign-in', '/', '/feeds', '/channels', '/outbox', '/topics'];
for (const path of paths) await timed(path);
const samples = new Map(paths.map((path) => [path, [] as number[]]));
const sizes = new Map<string, number>();
for (let run = 0; run < RUNS; run += 1) {
  for (const path of paths) {
    const { ms, bytes } = await timed(path);
    samples.get(path)!.push(ms);
    sizes.set(path, bytes);
  }
}
console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; ${FEEDS} feeds, ${CHANNELS} channels, ${entries.length} outbox entries; median of ${RUNS}`);
console.log('| page | median ms | KiB |\n|---|---|---|');
for (const path of paths) console.log(`| ${path}${path === '/sign-in' ? ' (baseline)' : ''} | ${median(samples.get(path)!).toFixed(1)} | ${(sizes.get(path)! / 1024).toFixed(0)} |`);
await panel.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
