// Event-loop lag while a 5 MiB hostile feed is parsed, and parse throughput, for Herald's code
// at a root directory: this worktree (parsing on the worker pool) or a baseline checkout (main's
// code, parsing on the main thread). Run each root in its own process:
//   npx tsx bench/feeds/parse-lag.ts <root> [runs] [inline]
// `inline` parses on the main thread even where the root has the pool (the reader's own speed).
// The root's own src/feeds is imported, so the same script measures before and after.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

type Parse = (body: string, contentType: string | null, limits?: { maxChars: number; maxEntries: number; budgetMs?: number }) => Promise<{ entries: unknown[] }>;

const root = resolve(process.argv[2] ?? '.');
const runs = Number(process.argv[3] ?? 5);
const FIVE_MIB = 5 * 1024 * 1024;
const LIMITS = { maxChars: 8 * 1024 * 1024, maxEntries: 10_000 };

/** 5 MiB of empty items (the shape of the issue), and 5 MiB of dense empty elements inside one item. */
const HOSTILE: Record<string, string> = {
  'empty items': `<rss version="2.0"><channel><title>h</title>${'<item></item>'.repeat(Math.floor(FIVE_MIB / 13))}</channel></rss>`,
  'dense markup': `<rss version="2.0"><channel><title>h</title><item><title>t</title><description>${'<x/>'.repeat(Math.floor(FIVE_MIB / 4))}</description></item></channel></rss>`,
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function load(): Promise<{ parse: Parse; mode: string; close: () => Promise<void> }> {
  const pool = join(root, 'src/feeds/parse-pool.ts');
  try {
    if (process.argv[4] === 'inline') throw new Error('inline requested');
    const module = (await import(pathToFileURL(pool).href)) as { parseFeedOffThread: Parse; closeParsePool: () => Promise<void> };
    return { parse: module.parseFeedOffThread, mode: 'worker pool', close: module.closeParsePool };
  } catch {
    const module = (await import(pathToFileURL(join(root, 'src/feeds/parse.ts')).href)) as { parseFeed: Parse };
    return { parse: module.parseFeed, mode: 'main thread', close: async () => undefined };
  }
}

async function lag(parse: Parse, body: string): Promise<{ p99: number; max: number; wall: number; outcome: string }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // Let the monitor's timer run before the parse: a block that starts in the same turn as
  // enable() is not seen by it.
  await new Promise((done) => setTimeout(done, 20));
  const started = performance.now();
  const outcome = await parse(body, null, { ...LIMITS, budgetMs: 3_000 }).then(
    (feed) => `${feed.entries.length} entries`,
    (error: { code?: string }) => `error ${error.code}`,
  );
  const wall = performance.now() - started;
  // One more turn so the delay of the turn that resolved the parse is recorded.
  await new Promise((done) => setTimeout(done, 20));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, wall, outcome };
}

const { parse, mode, close } = await load();
console.log(`root ${root} (${mode}), Node ${process.version}, ${runs} runs`);
await parse(readFileSync(join(root, 'tests/fixtures/feeds/topic-feed.xml'), 'utf8'), null, LIMITS); // warm-up (starts a worker)
for (const [name, body] of Object.entries(HOSTILE)) {
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await lag(parse, body));
  console.log(
    `lag while parsing 5 MiB ${name}: p99 ${median(results.map((r) => r.p99)).toFixed(1)} ms, max ${median(results.map((r) => r.max)).toFixed(1)} ms` +
      ` (median of ${runs}; max of maxes ${Math.max(...results.map((r) => r.max)).toFixed(1)} ms), parse wall ${median(results.map((r) => r.wall)).toFixed(0)} ms, ${results[0]!.outcome}`,
  );
}

// Throughput: the fixture feeds both versions have, each parsed in turn, many rounds.
const fixtures = readdirSync(join(root, 'tests/fixtures/feeds'))
  .filter((name) => ['topic-feed.xml', 'topic-feed-updated.xml', 'atom.xml', 'rss1.rdf', 'edge-cases.xml', 'wire-outlet-a.xml', 'wire-outlet-b.xml', 'wire-outlet-c.xml', 'json-feed.json'].includes(name))
  .map((name) => readFileSync(join(root, 'tests/fixtures/feeds', name), 'utf8'));
const ROUNDS = 40;
const rates: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) await Promise.all(fixtures.map((body) => parse(body, null, LIMITS)));
  rates.push((fixtures.length * ROUNDS) / ((performance.now() - started) / 1000));
}
const bytes = fixtures.reduce((sum, body) => sum + body.length, 0);
console.log(`throughput on ${fixtures.length} fixture feeds (${(bytes / 1024).toFixed(0)} KiB): ${median(rates).toFixed(0)} feeds/s (median of ${runs}; runs ${rates.map((r) => r.toFixed(0)).join(' / ')})`);
await close();
