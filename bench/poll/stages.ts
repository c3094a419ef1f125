// What the first stages of a poll cost against the plain-GET floor, in the same run: the same
// N conditional GETs at the same concurrency (80% answer 304, as in run.ts), done by plain undici,
// by Herald's guarded fetchFeed, then with parseFeed, then with prepareFeed too (keys and raw
// hashes of every entry, the work every changed feed needs before the store is asked anything).
// The farm serves from this process's thread in every stage, as it does for run.ts's floor. No store, dedup or matching: this is the part of a cycle no store can speed up.
//   npx tsx bench/poll/stages.ts [--feeds 1000] [--runs 5] [--concurrency 8]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { DEFAULT_USER_AGENT, fetchFeed, type FetchLimits } from '../../src/feeds/fetch.ts';
import { prepareFeed } from '../../src/feeds/normalize.ts';
import { parseFeed } from '../../src/feeds/parse.ts';
import { FeedFarm } from '../../tests/scale/feed-farm.ts';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
  },
});
const FEEDS = Number(values.feeds);
const CONCURRENCY = Number(values.concurrency);
const CHANGED_SHARE = 5;

type Stage = 'plain' | 'fetch' | 'fetch+parse' | 'fetch+parse+prepare';
const STAGES: Stage[] = ['plain', 'fetch', 'fetch+parse', 'fetch+parse+prepare'];
const agent = new Agent({ connections: CONCURRENCY });
const etags = new Map<Stage, Map<string, string>>(STAGES.map((stage) => [stage, new Map()]));

async function plainGet(url: string, known: Map<string, string>): Promise<void> {
  const etag = known.get(url);
  const response = await request(url, { dispatcher: agent, headers: etag ? { 'if-none-match': etag } : {} });
  await response.body.text();
  if (typeof response.headers.etag === 'string') known.set(url, response.headers.etag);
}

async function heraldFetch(url: string, known: Map<string, string>, feed: number, stage: Stage): Promise<void> {
  const fetched = await fetchFeed(url, { etag: known.get(url) ?? null, lastModified: null }, limits);
  if (fetched.status !== 'ok') return;
  if (fetched.etag) known.set(url, fetched.etag);
  if (stage === 'fetch') return;
  const parsed = await parseFeed(fetched.body, fetched.contentType, { maxChars: limits.maxBytes, maxEntries: 10_000 });
  if (stage === 'fetch+parse+prepare') prepareFeed(parsed, { id: `f${feed}`, url, name: null }, { summaryLength: 280, maxItems: 50 });
}

async function timed(stage: Stage, urls: string[]): Promise<number> {
  const limit = pLimit(CONCURRENCY);
  const known = etags.get(stage)!;
  const started = performance.now();
  await Promise.all(
    urls.map((url, feed) => limit(() => (stage === 'plain' ? plainGet(url, known) : heraldFetch(url, known, feed, stage)))),
  );
  return performance.now() - started;
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${FEEDS} feeds, concurrency ${CONCURRENCY}, ${values.runs} runs`);
const farm = await new FeedFarm({ feeds: FEEDS }).start();
// The port allow-list applies to loopback targets too, so the farm's port is listed.
const limits: FetchLimits = {
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 3,
  allowPrivateAddresses: true,
  allowedPorts: [Number(new URL(farm.url(0)).port)],
  trustedHosts: [],
  userAgent: DEFAULT_USER_AGENT,
};
const urls = Array.from({ length: FEEDS }, (_, feed) => farm.url(feed));
try {
  // Every stage learns every ETag first, so each run is 80% 304s for all of them.
  for (const stage of STAGES) await timed(stage, urls);
  const results = new Map<Stage, number[]>(STAGES.map((stage) => [stage, []]));
  for (let run = 0; run < Number(values.runs); run += 1) {
    farm.publish((feed) => feed % CHANGED_SHARE === run % CHANGED_SHARE);
    const line: string[] = [];
    for (const stage of STAGES) {
      const ms = await timed(stage, urls);
      results.get(stage)!.push(ms);
      line.push(`${stage} ${Math.round(ms)} ms`);
    }
    console.log(`run ${run + 1}: ${line.join('; ')}`);
  }
  const floor = median(results.get('plain')!);
  for (const stage of STAGES) {
    const ms = median(results.get(stage)!);
    console.log(`  ${stage}: median ${Math.round(ms)} ms (${(ms / floor).toFixed(2)}x the plain-GET floor)`);
  }
} finally {
  await agent.close();
  await farm.close();
}
