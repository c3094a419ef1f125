// Match benchmark: items/s of the SubscriptionIndex against a naive loop over compiled
// predicates at 1k, 10k and 100k subscriptions, the tokenizing floor, and the index's memory.
// Run by hand: npx tsx bench/match/run.ts   (results go in bench/README.md, section Match)
// With MATCH_BASELINE=<dir>/src/match/index.ts (an older tree, e.g. from `git archive <commit> src`),
// that version's index is built from the same queries and measured in the same rounds.
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Item } from '../../src/domain/types.ts';
import { compileQuery, prepareItem, SubscriptionIndex, tokenize, type CompiledQuery } from '../../src/match/index.ts';
import { makeCorpus } from './corpus.ts';

const RUNS = 5;
const ITEMS = 2_000;
const SIZES = [1_000, 10_000, 100_000];
// The naive loop is sampled on fewer items where it would otherwise take minutes.
const NAIVE_ITEMS: Record<number, number> = { 1_000: 500, 10_000: 100, 100_000: 20 };
const NAIVE_UNSHARED_ITEMS = 5;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Items per second of `work` over `items`, median of RUNS runs. */
function rate(items: Item[], work: (item: Item) => unknown, runs = RUNS): number {
  const rates: number[] = [];
  let sink = 0;
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    for (const item of items) sink += work(item) ? 1 : 0;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(items.length / seconds);
  }
  if (sink < 0) console.log(sink);
  return median(rates);
}

function tokenizeAll(item: Item): number {
  let count = tokenize(item.title).length + tokenize(item.text).length + tokenize(item.sourceName).length;
  for (const value of [...item.categories, item.author ?? '', item.url ?? '', item.feedId]) count += tokenize(value).length;
  return count;
}

const builds = new Map<number, number>();

interface Matcher {
  set(id: string, query: string): void;
  match(item: Item): string[];
}

const baselinePath = process.env.MATCH_BASELINE;
const Baseline: (new (topics: Record<string, string>) => Matcher) | null = baselinePath
  ? ((await import(pathToFileURL(baselinePath).href)) as { SubscriptionIndex: new (topics: Record<string, string>) => Matcher }).SubscriptionIndex
  : null;

function build(size: number, Index: new (topics: Record<string, string>) => Matcher = SubscriptionIndex): Matcher {
  const start = process.hrtime.bigint();
  const index = new Index({});
  queries.slice(0, size).forEach((query, id) => index.set(String(id), query));
  if (Index === SubscriptionIndex) builds.set(size, Number(process.hrtime.bigint() - start) / 1e9);
  return index;
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

const { items, queries: generated } = makeCorpus(ITEMS, Math.max(...SIZES) * 1.05);
const queries: string[] = [];
let rejected = 0;
for (const query of generated) {
  try {
    compileQuery(query, {});
    queries.push(query);
  } catch {
    rejected += 1;
  }
}

console.log(`match benchmark: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]!.toFixed(1)}`);
console.log(`${items.length} items (avg ${Math.round(items.reduce((sum, item) => sum + item.text.length, 0) / items.length)} chars of text), ${rejected} generated queries rejected by compileQuery and skipped, median of ${RUNS} runs\n`);

// Memory first, on a clean heap: the 100k index alone.
gc();
const before = process.memoryUsage().heapUsed;
const indexes = new Map<number, Matcher>([[100_000, build(100_000)]]);
gc();
const memory = process.memoryUsage().heapUsed - before;
for (const size of SIZES) if (!indexes.has(size)) indexes.set(size, build(size));
const matchesPerItem = new Map(SIZES.map((size) => [size, items.reduce((sum, item) => sum + indexes.get(size)!.match(item).length, 0) / items.length]));
const baselines = new Map(Baseline ? SIZES.map((size) => [size, build(size, Baseline)]) : []);
for (const [size, baseline] of baselines) {
  if (items.some((item) => baseline.match(item).length !== indexes.get(size)!.match(item).length)) throw new Error(`baseline and index disagree at ${size} subscriptions`);
}

// The machine is shared, so the floor and every index size are measured round-robin, one run
// each per round: all ratios then compare runs taken under the same load.
const runs = new Map<string, number[]>();
for (let round = 0; round < RUNS; round += 1) {
  const record = (name: string, value: number) => runs.set(name, [...(runs.get(name) ?? []), value]);
  record('tokenize', rate(items, tokenizeAll, 1));
  record('prepare', rate(items, prepareItem, 1));
  for (const size of SIZES) {
    record(`index ${size}`, rate(items, (item) => indexes.get(size)!.match(item).length, 1));
    const baseline = baselines.get(size);
    if (baseline) record(`baseline ${size}`, rate(items, (item) => baseline.match(item).length, 1));
  }
}
const medianOf = (name: string) => median(runs.get(name)!);
const tokenizeRate = medianOf('tokenize');
console.log(`floor: tokenize every field ${format(tokenizeRate)} items/s; prepareItem (tokenize + word positions) ${format(medianOf('prepare'))} items/s`);
console.log(`index memory at 100,000 subscriptions: ${(memory / 1024 / 1024).toFixed(1)} MiB heap (after GC)\n`);

const rows: string[] = [];
for (const size of SIZES) {
  const index = indexes.get(size)!;
  const compiled: CompiledQuery[] = queries.slice(0, size).map((query) => compileQuery(query, {}));
  const naiveItems = items.slice(0, NAIVE_ITEMS[size]);
  const naive = (item: Item) => {
    const prepared = prepareItem(item);
    let count = 0;
    for (const query of compiled) if (query.matches(prepared)) count += 1;
    return count;
  };
  // The index must agree with the naive loop on every sampled item, or the numbers mean nothing.
  for (const item of naiveItems) {
    if (naive(item) !== index.match(item).length) throw new Error(`index and naive loop disagree at ${size} subscriptions`);
  }
  const naiveRate = rate(naiveItems, naive, 3);
  const unsharedItems = items.slice(0, NAIVE_UNSHARED_ITEMS);
  const unsharedRate =
    size <= 10_000 ? rate(unsharedItems, (item) => compiled.filter((query) => query.matches(item)).length, 3) : null;
  const indexRate = medianOf(`index ${size}`);
  rows.push(
    `| ${size.toLocaleString('en-US')} | ${format(indexRate)} | ${format(naiveRate)} (${naiveItems.length} items) | ${format(indexRate / naiveRate)}x | ${
      unsharedRate === null ? 'not run' : `${format(unsharedRate)} (${unsharedItems.length} items)`
    } | ${format(tokenizeRate / indexRate)}x | ${matchesPerItem.get(size)!.toFixed(1)} (${((100 * matchesPerItem.get(size)!) / size).toFixed(2)}%) | ${builds.get(size)!.toFixed(2)} s |`,
  );
  console.log(rows.at(-1));
}
console.log(`\nindex runs (items/s): ${SIZES.map((size) => `${size}: ${runs.get(`index ${size}`)!.map(format).join(', ')}`).join('; ')}`);
console.log(`tokenize runs (items/s): ${runs.get('tokenize')!.map(format).join(', ')}`);
if (Baseline) {
  console.log(`\nbaseline ${baselinePath}, same rounds (items/s, median): ${SIZES.map((size) => `${size}: ${format(medianOf(`baseline ${size}`))}`).join('; ')}`);
  console.log(`baseline runs (items/s): ${SIZES.map((size) => `${size}: ${runs.get(`baseline ${size}`)!.map(format).join(', ')}`).join('; ')}`);
}
const ratio = (name: string) => medianOf(`${name} 100000`) / medianOf(`${name} 1000`);
console.log(`throughput at 100k / at 1k: index ${ratio('index').toFixed(3)}${Baseline ? `, baseline ${ratio('baseline').toFixed(3)}` : ''}`);

console.log(
  '\n| subscriptions | index items/s | naive items/s (prepared once) | index / naive | naive items/s (predicate folds the item) | matching / tokenizing | matches per item | build |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
