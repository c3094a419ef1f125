// One poll cycle of N feeds, timed against the floor of plain HTTP GETs of the same URLs at the
// same concurrency, in the same run: Herald on SQLite, on PostgreSQL, and two Herald processes
// sharing PostgreSQL. Every run publishes a new entry on 20% of the feeds, so 80% answer 304.
//   npx tsx bench/poll/run.ts [--feeds 1000,10000] [--items 20] [--runs 3] [--concurrency 8] [--only sqlite-1,postgres-1,postgres-2] [--profile dir] [--baseline dir]
// PostgreSQL scenarios need DATABASE_URL (postgres://postgres@127.0.0.1:5432/test); each uses a
// schema of its own, dropped at the end. --profile writes a CPU profile per Herald process.
// --baseline runs every scenario a second time with the Herald of another checkout (say
// `git worktree add /tmp/base <commit>` with node_modules linked in), its cycles taken right after
// the current one's in every run, so both are compared under the same load.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { dropSchema, freshSchemaName } from '../../tests/store/postgres-schema.ts';
import { FeedFarm } from '../../tests/scale/feed-farm.ts';
import { HeraldChild, type CycleResult } from '../../tests/scale/herald-child.ts';
import { databaseUrlWithSchema, writeScaleConfig } from '../../tests/scale/scale-config.ts';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    items: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string', default: 'sqlite-1,postgres-1,postgres-2' },
    profile: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const SIZES = values.feeds.split(',').map(Number);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const HOUR = 3_600_000;
const CHANGED_SHARE = 5; // one feed in five changes per cycle
const databaseUrl = process.env.DATABASE_URL ?? null;

interface Scenario {
  name: string;
  processes: HeraldChild[];
  schema: string | null;
  dir: string;
  seedMs: number;
  cycles: { wallMs: number; pollMs: number; deliverMs: number; polled: number[]; sent: number }[];
}

/** Conditional GETs of every URL, bodies read, at `concurrency`: what any poller must pay. */
async function plainGets(urls: string[], etags: Map<string, string>): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  const limit = pLimit(CONCURRENCY);
  const started = performance.now();
  await Promise.all(
    urls.map((url) =>
      limit(async () => {
        const etag = etags.get(url);
        const response = await request(url, { dispatcher: agent, headers: etag ? { 'if-none-match': etag } : {} });
        await response.body.text();
        const next = response.headers.etag;
        if (typeof next === 'string') etags.set(url, next);
      }),
    ),
  );
  const elapsed = performance.now() - started;
  await agent.close();
  return elapsed;
}

async function startScenario(name: string, farm: FeedFarm, processes: number, postgres: boolean, repo?: string): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), `herald-bench-${name}-`));
  const configPath = writeScaleConfig(farm, { dir, concurrency: CONCURRENCY, interval: '1h' });
  const schema = postgres ? freshSchemaName() : null;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: 'warn' };
  if (schema) env.DATABASE_URL = await databaseUrlWithSchema(databaseUrl!, schema);
  const nodeArgs = (index: number) => (values.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(values.profile, `${name}-${farm.feeds}-${index}`)}`] : []);
  const children: HeraldChild[] = [];
  // One at a time: concurrent first migrations would only queue on the advisory lock anyway.
  for (let index = 0; index < processes; index += 1) children.push(await HeraldChild.start(`${name}#${index}`, configPath, env, nodeArgs(index), repo));
  const started = performance.now();
  await Promise.all(children.map((child) => child.cycle()));
  return { name, processes: children, schema, dir, seedMs: performance.now() - started, cycles: [] };
}

async function timedCycle(scenario: Scenario): Promise<void> {
  await Promise.all(scenario.processes.map((child) => child.advance(HOUR)));
  const started = performance.now();
  const results: CycleResult[] = await Promise.all(scenario.processes.map((child) => child.cycle()));
  scenario.cycles.push({
    wallMs: performance.now() - started,
    pollMs: Math.max(...results.map((result) => result.pollMs)),
    deliverMs: Math.max(...results.map((result) => result.deliverMs)),
    polled: results.map((result) => result.polled.length),
    sent: results.reduce((sum, result) => sum + result.sent, 0),
  });
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, concurrency ${CONCURRENCY}, ${values.items} entries per feed, ${RUNS} runs`);
for (const feeds of SIZES) {
  const farm = await new FeedFarm({ feeds, items: Number(values.items) }).start();
  const urls = Array.from({ length: feeds }, (_, feed) => farm.url(feed));
  const etags = new Map<string, string>();
  const wanted = values.only.split(',');
  const scenarios: Scenario[] = [];
  try {
    await plainGets(urls, etags);
    for (const [name, processes, postgres] of [
      ['sqlite-1', 1, false],
      ['postgres-1', 1, true],
      ['postgres-2', 2, true],
    ] as const) {
      if (!wanted.includes(name)) continue;
      if (postgres && !databaseUrl) {
        console.log(`${name}: skipped, DATABASE_URL is not set`);
        continue;
      }
      for (const [label, repo] of values.baseline ? [[name, undefined], [`${name}@baseline`, values.baseline]] : [[name, undefined]]) {
        const scenario = await startScenario(label!, farm, processes, postgres, repo);
        console.log(`N=${feeds} ${label}: seeding cycle (first poll, every entry stored) ${ms(scenario.seedMs)}`);
        scenarios.push(scenario);
      }
    }
    const floors: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      farm.publish((feed) => feed % CHANGED_SHARE === run % CHANGED_SHARE);
      floors.push(await plainGets(urls, etags));
      for (const scenario of scenarios) await timedCycle(scenario);
      console.log(
        `N=${feeds} run ${run + 1}: floor ${ms(floors.at(-1)!)}; ` +
          scenarios.map((s) => `${s.name} ${ms(s.cycles.at(-1)!.pollMs)} poll + ${ms(s.cycles.at(-1)!.deliverMs)} deliver (split ${s.cycles.at(-1)!.polled.join('/')}, ${s.cycles.at(-1)!.sent} sent)`).join('; '),
      );
    }
    const floor = median(floors);
    console.log(`\nN=${feeds}: plain-GET floor median ${ms(floor)}`);
    for (const scenario of scenarios) {
      const poll = median(scenario.cycles.map((cycle) => cycle.pollMs));
      const wall = median(scenario.cycles.map((cycle) => cycle.wallMs));
      console.log(`  ${scenario.name}: poll ${ms(poll)} (${(poll / floor).toFixed(2)}x floor), poll+deliver wall ${ms(wall)}, seed ${ms(scenario.seedMs)}`);
    }
  } finally {
    for (const scenario of scenarios) {
      await Promise.all(scenario.processes.map((child) => child.stop()));
      if (scenario.schema) await dropSchema(databaseUrl!, scenario.schema);
      rmSync(scenario.dir, { recursive: true, force: true });
    }
    await farm.close();
  }
}
