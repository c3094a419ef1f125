// A burst of finished polls through the batched store writes (GroupCommit) at several batch
// budgets, on a SQLite file store: how long the longest batch holds the event loop, and what the
// burst costs in CPU. "none" is the budget-less batching (every feed that finished during one
// linger or one batch in one batch), the baseline, run in the same process.
// Part "changed": feeds of 20 new entries each (bench/dedup/news-poll.ts), `--concurrency` x
// FEEDS_PER_FETCH_SLOT of them in flight as in a poll cycle, fetches taking no time, so each
// batch takes every feed in flight; each through commitBatch (dedup, matching, alert planning,
// the store write). Part "304": `--not-modified` 304s recorded at once (recordNotModified).
// Part "costs": what each kind of row adds to a batch's run, the measure of write-bytes.ts: a
// cleaned item (the corpus's, then with its text 20 times as long: the difference is the cost of
// text), an entry only recorded (a first poll's old entries), a 304.
//   npx tsx bench/poll/burst-writes.ts [--runs 5] [--feeds 360] [--concurrency 64] [--budgets none,16384,4096,1024,256] [--parts costs,changed,304]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { commitBatch } from '../../src/pipeline/commit-batch.ts';
import { GroupCommit } from '../../src/pipeline/group-commit.ts';
import { FEEDS_PER_FETCH_SLOT } from '../../src/pipeline/poll-cycle.ts';
import { notModifiedBytes, polledFeedBytes } from '../../src/pipeline/write-bytes.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { NotModifiedPoll } from '../../src/store/store.ts';
import { median } from '../dedup/synthetic.ts';
import { ITEMS_PER_FEED, newsCorpus, newsPollSetup, polledFeed } from '../dedup/news-poll.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    feeds: { type: 'string', default: '360' },
    concurrency: { type: 'string', default: '64' },
    'not-modified': { type: 'string', default: '10000' },
    budgets: { type: 'string', default: 'none,16384,4096,1024,256' },
    parts: { type: 'string', default: 'costs,changed,304' },
  },
});
const LINGER_MS = 20;
const IN_FLIGHT = Number(values.concurrency) * FEEDS_PER_FETCH_SLOT;
/** Budgets in KiB; none: no budget. */
const BUDGETS = values.budgets.split(',');
const budgetBytes = (budget: string): number => (budget === 'none' ? Infinity : Number(budget) * 1024);

interface Burst {
  batches: number;
  /** The median batch run. */
  medianBatchMs: number;
  /** The longest batch run: on SQLite every statement is synchronous, so the event loop waits all of it. */
  longestBatchMs: number;
  /** The longest store write (transaction) alone. */
  longestWriteMs: number;
  /** The longest any timer waited, from perf_hooks (10 ms resolution). */
  loopDelayMaxMs: number;
  cpuMs: number;
  wallMs: number;
  /** Alerts queued, the same at every budget. */
  alerts: number;
}

/** Times the batches `submitAll` makes through a GroupCommit of `budget` over `run`; `writes` holds the longest store write, kept by timedStore. */
async function timedBurst<In, Out>(
  budget: string,
  sizeOf: (input: In) => number,
  run: (inputs: In[]) => Promise<Out[]>,
  submitAll: (group: GroupCommit<In, Out>) => Promise<number>,
  writes: { longest: number },
): Promise<Burst> {
  const batchMs: number[] = [];
  const group = new GroupCommit<In, Out>(
    async (inputs) => {
      const started = performance.now();
      const outputs = await run(inputs);
      batchMs.push(performance.now() - started);
      return outputs;
    },
    LINGER_MS,
    { bytes: budgetBytes(budget), sizeOf },
  );
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const wallStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  const alerts = await submitAll(group);
  await group.idle();
  const cpu = process.cpuUsage(cpuStarted);
  const wallMs = performance.now() - wallStarted;
  delay.disable();
  return { batches: batchMs.length, medianBatchMs: median(batchMs), longestBatchMs: Math.max(...batchMs), longestWriteMs: writes.longest, loopDelayMaxMs: delay.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, alerts };
}

/** A store in a fresh directory whose `commitPolls` and `recordNotModified` record their longest call. */
async function timedStore(): Promise<{ store: SqliteStore; writes: { longest: number }; remove: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-burst-writes-'));
  const store = SqliteStore.open(join(dir, 'herald.db'));
  await store.migrate();
  const writes = { longest: 0 };
  const timed = <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      const result = await write(...args);
      writes.longest = Math.max(writes.longest, performance.now() - started);
      return result;
    };
  store.commitPolls = timed(store.commitPolls.bind(store));
  store.recordNotModified = timed(store.recordNotModified.bind(store));
  return {
    store,
    writes,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const corpus = newsCorpus(Number(values.feeds));

async function changedBurst(budget: string): Promise<Burst> {
  const { store, writes, remove } = await timedStore();
  try {
    const { deps, feeds } = await newsPollSetup(store, corpus);
    const polled = feeds.map((feed) => polledFeed(feed, corpus));
    const limit = pLimit(IN_FLIGHT);
    return await timedBurst(budget, polledFeedBytes, (batch) => commitBatch(batch, deps), async (group) => {
      const committed = await Promise.all(polled.map((feed) => limit(() => group.submit(feed))));
      return committed.reduce((sum, feed) => sum + (feed?.alertsQueued ?? 0), 0);
    }, writes);
  } finally {
    await remove();
  }
}

/** `--not-modified` feeds in `store`, and a 304 of each. */
async function notModifiedFeeds(store: SqliteStore): Promise<NotModifiedPoll[]> {
  const count = Number(values['not-modified']);
  await store.syncConfigFeeds(Array.from({ length: count }, (_, feed) => ({ id: `feed-${feed}`, url: `https://feed-${feed}.example/rss`, name: null, intervalMs: 600_000 })), 0);
  return Array.from({ length: count }, (_, feed) => ({ feedId: `feed-${feed}`, now: 1, nextPollAt: 2 }));
}

async function notModifiedBurst(budget: string): Promise<Burst> {
  const { store, writes, remove } = await timedStore();
  try {
    const polls = await notModifiedFeeds(store);
    const record = async (batch: NotModifiedPoll[]): Promise<void[]> => {
      await store.recordNotModified(batch);
      return batch.map(() => undefined);
    };
    // As app.ts records them: written behind, nobody waits for each.
    return await timedBurst(budget, notModifiedBytes, record, async (group) => {
      for (const poll of polls) void group.submit(poll);
      return 0;
    }, writes);
  } finally {
    await remove();
  }
}

/** Microseconds a batch's run takes per row, over `batches` of rows (run one after another, summed). */
async function perRow<In>(batches: In[][], rows: (batch: In[]) => number, run: (batch: In[]) => Promise<unknown>): Promise<number> {
  let ms = 0;
  let count = 0;
  for (const batch of batches) {
    const started = performance.now();
    await run(batch);
    ms += performance.now() - started;
    count += rows(batch);
  }
  return (ms * 1000) / count;
}

const inBatchesOf = <T>(size: number, all: T[]): T[][] => Array.from({ length: Math.ceil(all.length / size) }, (_, index) => all.slice(index * size, (index + 1) * size));
const COST_BATCH_FEEDS = 12;

interface Costs {
  /** A cleaned item of the corpus (~0.7 KB of title, summary and text). */
  itemUs: number;
  /** The same items with their text 20 times as long. */
  longItemUs: number;
  textBytes: number;
  longTextBytes: number;
  recordedUs: number;
  notModifiedUs: number;
}

async function itemCost(repeat: number): Promise<{ us: number; bytes: number }> {
  const { store, remove } = await timedStore();
  try {
    const { deps, feeds } = await newsPollSetup(store, corpus);
    const polled = feeds.map((feed) => polledFeed(feed, corpus)).map((feed) => ({ ...feed, items: feed.items.map((item) => ({ ...item, text: item.text.repeat(repeat) })) }));
    const items = polled.flatMap((feed) => feed.items);
    const bytes = items.reduce((sum, item) => sum + item.title.length + item.summary.length + item.text.length, 0) / items.length;
    const us = await perRow(inBatchesOf(COST_BATCH_FEEDS, polled), (batch) => batch.reduce((sum, feed) => sum + feed.items.length, 0), (batch) => commitBatch(batch, deps));
    return { us, bytes };
  } finally {
    await remove();
  }
}

async function recordedCost(): Promise<number> {
  const { store, remove } = await timedStore();
  try {
    const { deps, feeds } = await newsPollSetup(store, corpus);
    // A first poll of a feed of 200 entries that are all older than dedup.window.
    const polled = feeds.map((feed) => ({
      ...polledFeed(feed, corpus),
      items: [],
      recorded: Array.from({ length: 200 }, (_, entry) => ({ key: `https://${feed.id}.example/story/${entry}`, contentHash: entry.toString(16).padStart(64, '0'), previousHash: null })),
    }));
    return await perRow(inBatchesOf(COST_BATCH_FEEDS, polled), (batch) => batch.length * 200, (batch) => commitBatch(batch, deps));
  } finally {
    await remove();
  }
}

async function notModifiedCost(): Promise<number> {
  const { store, remove } = await timedStore();
  try {
    const polls = await notModifiedFeeds(store);
    return await perRow(inBatchesOf(500, polls), (batch) => batch.length, (batch) => store.recordNotModified(batch));
  } finally {
    await remove();
  }
}

async function costs(): Promise<Costs> {
  const short = await itemCost(1);
  const long = await itemCost(20);
  return { itemUs: short.us, longItemUs: long.us, textBytes: short.bytes, longTextBytes: long.bytes, recordedUs: await recordedCost(), notModifiedUs: await notModifiedCost() };
}

const BURSTS = { changed: changedBurst, '304': notModifiedBurst } as const;
const parts = values.parts.split(',');
const items = corpus.entries.size * ITEMS_PER_FEED;
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${values.runs} runs, budgets interleaved in each; ` +
    `changed: ${corpus.entries.size} feeds (~${items} entries), ${IN_FLIGHT} in flight; 304: ${values['not-modified']} at once`,
);
// Warm-up: the first burst of a process pays for compiling, whichever budget it has.
await changedBurst('none');
const bursts = new Map<string, Burst[]>();
const measured: Costs[] = [];
for (let round = 1; round <= Number(values.runs); round += 1) {
  if (parts.includes('costs')) {
    const cost = await costs();
    measured.push(cost);
    console.log(`run ${round} costs: item ${cost.itemUs.toFixed(0)} us (${cost.textBytes.toFixed(0)} B), long item ${cost.longItemUs.toFixed(0)} us (${cost.longTextBytes.toFixed(0)} B), recorded ${cost.recordedUs.toFixed(1)} us, 304 ${cost.notModifiedUs.toFixed(1)} us`);
  }
  // Each run rotates the order, so no budget always runs first or last.
  const order = BUDGETS.map((_, index) => BUDGETS[(index + round - 1) % BUDGETS.length]!);
  for (const part of ['changed', '304'] as const) {
    if (!parts.includes(part)) continue;
    for (const budget of order) {
      const burst = await BURSTS[part](budget);
      const key = `${part} ${budget}`;
      bursts.set(key, [...(bursts.get(key) ?? []), burst]);
      console.log(`run ${round} ${key}: ${burst.batches} batches, median ${burst.medianBatchMs.toFixed(0)} ms, longest ${burst.longestBatchMs.toFixed(0)} ms (write ${burst.longestWriteMs.toFixed(0)} ms, loop delay ${burst.loopDelayMaxMs.toFixed(0)} ms), CPU ${burst.cpuMs.toFixed(0)} ms, wall ${burst.wallMs.toFixed(0)} ms, ${burst.alerts} alerts`);
    }
  }
}
if (measured.length > 0) {
  const of = (field: keyof Costs): number => median(measured.map((cost) => cost[field]));
  const nsPerByte = ((of('longItemUs') - of('itemUs')) * 1000) / (of('longTextBytes') - of('textBytes'));
  const asBytes = (us: number): string => ((us * 1000) / nsPerByte).toFixed(0);
  console.log(`\ncosts (medians): text ${nsPerByte.toFixed(1)} ns per byte; beyond its text a cleaned item ${(of('itemUs') - (of('textBytes') * nsPerByte) / 1000).toFixed(0)} us (as ${asBytes(of('itemUs') - (of('textBytes') * nsPerByte) / 1000)} B of text), a recorded entry ${of('recordedUs').toFixed(1)} us (${asBytes(of('recordedUs'))} B), a 304 ${of('notModifiedUs').toFixed(1)} us (${asBytes(of('notModifiedUs'))} B)`);
}
if (bursts.size > 0) console.log('\nmedians | batches | median batch ms | longest batch ms | longest write ms | loop delay max ms | CPU ms | wall ms | alerts');
for (const [key, runs] of bursts) {
  const of = (field: keyof Burst): string => median(runs.map((burst) => burst[field])).toFixed(0);
  console.log(`${key} KiB | ${of('batches')} | ${of('medianBatchMs')} | ${of('longestBatchMs')} | ${of('longestWriteMs')} | ${of('loopDelayMaxMs')} | ${of('cpuMs')} | ${of('wallMs')} | ${of('alerts')}`);
}
