// What a process holds of the sentences feeds repeat (dedup/feed-boilerplate.ts) once every feed
// has learned the most a feed keeps, and what learning them costs (issue 20). Each run commits
// one poll of every feed through commitBatch, in batches of 2 x fetch.concurrency (the most in
// flight), on a fresh SQLite store in a temporary file: 22 new items a feed, in 11 pairs that
// open with the same 6 sentences of 14 words, so each feed repeats 66 sentences and keeps the
// most, MAX_PER_FEED = 64. Items are made as normalize makes them (no cleaning is timed). The
// story index is bounded at 1,000 stories, so what it holds is the same small amount in every
// run and every version. Reads heapUsed + arrayBuffers after gc() before the fill and after it,
// with the store and the index still alive; CPU is the fill's. Where the store keeps the
// sentences, also what one batch's lookup holds while the batch commits: the sentences of
// BATCH feeds, as the lookup returns them and as the sets commitBatch makes of them.
// Uses only APIs main also has, so a copy of main's tree runs it unchanged (before/after).
// Run: node --expose-gc --import tsx bench/dedup/boilerplate-memory.ts [feeds, default 10000] [runs, default 3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord, Item } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { cpuMs, median, sentence, words } from './synthetic.ts';

const FEEDS = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
const PAIRS = 11;
const SHARED = 6;
const BATCH = 32;
const NOW = 1_700_000_000_000;

if (!globalThis.gc) throw new Error('boilerplate-memory.ts reads the heap after gc(): run it with node --expose-gc --import tsx');
const gc = globalThis.gc;

function memory(): number {
  // A second collection frees what the first only finalized (typed arrays' backing stores).
  gc();
  gc();
  const used = process.memoryUsage();
  return used.heapUsed + used.arrayBuffers;
}

/** The feed's poll: PAIRS pairs of items, each pair opening with its own SHARED sentences. */
function items(feedId: string): Item[] {
  return Array.from({ length: PAIRS }, (_, pair) => {
    const opening = Array.from({ length: SHARED }, () => sentence(14)).join(' ');
    return [0, 1].map((copy): Item => {
      const key = `${feedId}-${pair}-${copy}`;
      return {
        feedId,
        key,
        url: `https://${feedId}.example/${key}`,
        title: words(9),
        text: '',
        summary: `${opening} ${sentence(20)}`,
        published: null,
        categories: [],
        author: null,
        sourceName: feedId,
        contentHash: key,
      };
    });
  }).flat();
}

/** What the store keeps of feed-0's sentences and of all feeds' (null on a version that keeps none). */
function stored(file: string): { sentences: number; bytes: number } | null {
  const db = new Database(file, { readonly: true });
  try {
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'feed_boilerplate'`).get()) return null;
    const row = db.prepare(`SELECT json_array_length(sentences) AS n FROM feed_boilerplate WHERE feed_id = 'feed-0'`).get() as { n: number } | undefined;
    const { bytes } = db.prepare(`SELECT sum(length(sentences)) AS bytes FROM feed_boilerplate`).get() as { bytes: number };
    return { sentences: row?.n ?? 0, bytes };
  } finally {
    db.close();
  }
}

/** Bytes the result of `hold` keeps alive. */
async function heldBy(hold: () => Promise<unknown>): Promise<number> {
  const before = memory();
  const kept = [await hold()];
  const bytes = memory() - before;
  // Used after the reading, so the result is alive through it.
  kept.pop();
  return bytes;
}

async function run(): Promise<{ held: number; cpu: number; learned: number; storedBytes: number | null; batch: number | null }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-boilerplate-'));
  const file = path.join(dir, 'herald.db');
  const store = SqliteStore.open(file);
  await store.migrate();
  const ids = Array.from({ length: FEEDS }, (_, feed) => `feed-${feed}`);
  await store.syncConfigFeeds(ids.map((id) => ({ id, url: `https://${id}.example/rss`, name: id, intervalMs: 600_000 })), NOW);
  const feeds = await Promise.all(ids.map(async (id) => ({ ...((await store.getFeed(id)) as FeedRecord), seeded: true })));
  let next = 0;
  const deps: BatchDependencies = {
    store,
    router: new SubscriptionRouter({}),
    stories: new StoryIndex({ windowMs: 48 * 3_600_000, maxStories: 1_000, titleThreshold: 0.7, leadThreshold: 0.5 }),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => NOW,
    newStoryId: () => `s${next++}`,
  };
  const before = memory();
  const { cpu } = await cpuMs(async () => {
    for (let at = 0; at < feeds.length; at += BATCH) {
      const batch: PolledFeed[] = feeds.slice(at, at + BATCH).map((feed) => ({ feed, etag: null, lastModified: null, title: null, items: items(feed.id), seen: new Map() }));
      await commitBatch(batch, deps);
    }
  });
  const held = memory() - before;
  // On this branch the store answers which sentences a batch's feeds repeat; main has no such call.
  const lookup = (store as unknown as { feedBoilerplate?: (feedIds: readonly string[]) => Promise<Map<string, string[]>> }).feedBoilerplate;
  const batch = lookup
    ? await heldBy(async () => {
        const known = await lookup(ids.slice(0, BATCH));
        return [known, [...known.values()].map((sentences) => new Set(sentences))];
      })
    : null;
  // Main keeps the sentences in the index (StoryIndex.boilerplate); this branch in the store.
  const inMemory = (deps.stories as unknown as { boilerplate?: { of(feedId: string): ReadonlySet<string> } }).boilerplate;
  await store.close();
  const kept = stored(file);
  rmSync(dir, { recursive: true, force: true });
  return { held, cpu, learned: inMemory?.of('feed-0').size ?? kept?.sentences ?? 0, storedBytes: kept?.bytes ?? null, batch };
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(2);
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const result = await run();
  if (result.learned !== 64) throw new Error(`feed-0 kept ${result.learned} sentences, not 64: the bench no longer fills a feed`);
  runs.push(result);
  const batch = result.batch === null ? '' : `, one batch's lookup of ${BATCH} feeds holds ${kib(result.batch)} KiB`;
  console.log(`run ${i + 1}: held ${mib(result.held)} MiB, fill CPU ${(result.cpu / 1000).toFixed(1)} s, stored ${result.storedBytes === null ? 'none' : `${mib(result.storedBytes)} MiB`}${batch}`);
}
const held = median(runs.map((result) => result.held));
const cpu = median(runs.map((result) => result.cpu));
const batches = runs.flatMap((result) => (result.batch === null ? [] : [result.batch]));
const batch = batches.length === 0 ? '' : `, one batch's lookup ${kib(median(batches))} KiB`;
console.log(`${FEEDS.toLocaleString('en')} feeds x 64 sentences, median of ${RUNS}: held after the fill ${mib(held)} MiB, fill CPU ${(cpu / 1000).toFixed(1)} s (${((cpu / FEEDS / PAIRS / 2) * 1000).toFixed(0)} µs an item)${batch}`);
