// 2,000 alerts to 50 Slack channels, queued interleaved (a, b, c, ... a, b, c) or grouped (all of
// a, then all of b, ...), delivered by the outbox worker through the real Slack platform and
// @slack/web-api client to the local fake Slack. Slack's pacing floor (one message per second
// per channel) is scaled down to `--pace` ms so a run takes seconds: the floor for 40 alerts per
// channel is then 39 x pace, and the figure that matters is wall time / floor.
//   npx tsx bench/delivery/run.ts [--alerts 2000] [--channels 50] [--pace 25] [--runs 3] [--baseline /tmp/i14a-base]
// --baseline runs the same scenarios with the worker, store and Slack platform of another
// checkout (`git worktree add --detach /tmp/i14a-base main` with node_modules linked in), each
// of its runs right after the current one's, so both are compared under the same load.
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as WorkerModule from '../../src/deliver/outbox-worker.ts';
import type { OutboxWorker } from '../../src/deliver/outbox-worker.ts';
import type { PlatformName } from '../../src/domain/types.ts';
import type * as LoggerModule from '../../src/observability/logger.ts';
import type { PacerClock } from '../../src/platforms/slack/channel-pacer.ts';
import type { Platform } from '../../src/platforms/platform.ts';
import type * as SlackModule from '../../src/platforms/slack/slack-platform.ts';
import type * as WebClientModule from '../../src/platforms/slack/web-client.ts';
import type * as SqliteModule from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeSlackApi } from '../../tests/fakes/slack-api.ts';
import { TOKEN } from '../../tests/platforms/slack/fixtures.ts';
import { commitPoll, feedDefinition, pollCommit, queued } from '../../tests/store/records.ts';

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '2000' },
    channels: { type: 'string', default: '50' },
    pace: { type: 'string', default: '25' },
    runs: { type: 'string', default: '3' },
    baseline: { type: 'string' },
  },
});
const ALERTS = Number(values.alerts);
const CHANNELS = Number(values.channels);
const PACE_MS = Number(values.pace);
const RUNS = Number(values.runs);
const SLACK_INTERVAL_MS = 1_000;

type Order = 'interleaved' | 'grouped';

/** The modules of one checkout that a delivery run needs. */
interface Checkout {
  name: string;
  worker: (store: Store, platform: Platform) => OutboxWorker;
  openStore: () => Promise<Store & { close(): Promise<void> | void }>;
  slack: (apiUrl: string, clock: PacerClock) => Platform;
}

async function checkout(name: string, root: string): Promise<Checkout> {
  const src = (path: string) => join(root, 'src', path);
  const { OutboxWorker, DEFAULT_DELIVERY_POLICY } = (await import(src('deliver/outbox-worker.ts'))) as typeof WorkerModule;
  const { SqliteStore } = (await import(src('store/sqlite/sqlite-store.ts'))) as typeof SqliteModule;
  const { SlackPlatform } = (await import(src('platforms/slack/slack-platform.ts'))) as typeof SlackModule;
  const { createSlackWebClient } = (await import(src('platforms/slack/web-client.ts'))) as typeof WebClientModule;
  const { silentLogger } = (await import(src('observability/logger.ts'))) as typeof LoggerModule;
  return {
    name,
    worker: (store, platform) => new OutboxWorker(store, new Map<PlatformName, Platform>([['slack', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, Date.now),
    openStore: async () => {
      const store = SqliteStore.open(':memory:');
      await store.migrate();
      return store;
    },
    slack: (apiUrl, clock) => new SlackPlatform(createSlackWebClient(TOKEN, apiUrl, silentLogger()), { admins: () => [], log: silentLogger(), clock }),
  };
}

/** Slack's clock run `SLACK_INTERVAL_MS / PACE_MS` times faster: its one-second slots last PACE_MS. */
function scaledClock(): PacerClock {
  const speed = SLACK_INTERVAL_MS / PACE_MS;
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speed,
    sleep: (ms) => new Promise((done) => setTimeout(done, ms / speed)),
  };
}

function channelOf(n: number, order: Order): string {
  const perChannel = ALERTS / CHANNELS;
  const index = order === 'interleaved' ? n % CHANNELS : Math.floor(n / perChannel);
  return `C${String(index).padStart(4, '0')}`;
}

interface Result {
  wallMs: number;
  posts: number;
  claims: number;
}

async function run(target: Checkout, order: Order): Promise<Result> {
  const slack = await startFakeSlackApi({ token: TOKEN });
  const store = await target.openStore();
  try {
    await store.syncConfigFeeds([feedDefinition()], Date.now());
    const alerts = Array.from({ length: ALERTS }, (_, n) => queued({ storyId: `story-${n}`, channel: channelOf(n, order) }));
    await commitPoll(store, pollCommit({ now: Date.now(), alerts }));
    let claims = 0;
    const counting = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        if (property !== 'claimDueOutbox') return method;
        return (...args: unknown[]) => {
          claims += 1;
          return method(...args);
        };
      },
    });
    const worker = target.worker(counting, target.slack(slack.apiUrl, scaledClock()));
    const started = performance.now();
    const report = await worker.drain();
    const wallMs = performance.now() - started;
    if (report.sent !== ALERTS) throw new Error(`${target.name} ${order}: sent ${report.sent} of ${ALERTS}`);
    return { wallMs, posts: slack.calls('chat.postMessage').length, claims };
  } finally {
    await store.close();
    await slack.close();
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

const targets = [await checkout('this branch', resolve(import.meta.dirname, '../..'))];
if (values.baseline) targets.push(await checkout(`baseline (${values.baseline})`, resolve(values.baseline)));
const floorMs = (ALERTS / CHANNELS - 1) * PACE_MS;

console.log(`${ALERTS} alerts to ${CHANNELS} channels, pace ${PACE_MS} ms per message per channel (floor ${floorMs} ms), ${RUNS} runs`);
console.log(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`);
const results = new Map<string, Result[]>();
for (let round = 0; round < RUNS; round += 1) {
  for (const order of ['interleaved', 'grouped'] as const) {
    for (const target of targets) {
      const key = `${target.name}\u0000${order}`;
      results.set(key, [...(results.get(key) ?? []), await run(target, order)]);
    }
  }
}
console.log('| code | queued | median wall ms | x floor | posts per alert | claims |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [key, runs] of results) {
  const [name, order] = key.split('\u0000');
  const wall = median(runs.map((result) => result.wallMs));
  console.log(`| ${name} | ${order} | ${Math.round(wall)} | ${(wall / floorMs).toFixed(2)} | ${(runs[0]!.posts / ALERTS).toFixed(2)} | ${runs[0]!.claims} |`);
}
