// Issue 20: what a poll costs on a farm that behaves like the web (web-farm.ts), against the
// plain-GET floor and a plain rss-parser reader (web-readers.ts), all in the same run, each a
// process of its own measured by GNU time (CPU = user + sys, peak RSS). Parts (--parts):
//   compare   per run: floor (cold), reader, `herald poll --once` first poll (fresh SQLite), then
//             one feed in ten gains an entry and: floor (warm, conditional), `poll --once --all`
//             next poll. With --baseline DIR, the Herald of that checkout right after ours.
//   burst     after a first poll, a next poll that finds 3,400 new entries, then one that finds
//             7,200 (same store, as polls follow one another), medians of --runs.
//   sizing    one first poll, then one feed in ten gains an entry, and at each of --sizing
//             concurrencies (fetch.concurrency, per-host cap 4): the floor and a next poll (on a
//             copy of the seeded store): what more requests in flight buy against hanging feeds
//             (--sizing-floor-only: the floor alone, no Herald).
//   postgres  first and next poll of one `herald poll --once` on PostgreSQL against two at once
//             on another schema (sum of their CPU): coordination overhead. Needs DATABASE_URL.
//   run       `herald run` on a fresh SQLite store, every feed polled every 30 s (the least the
//             config allows), for --run-cycles poll cycles with one feed in ten gaining an entry
//             between cycles, then SIGTERM: CPU and RSS per cycle (RSS sampled every
//             --rss-every seconds), CPU and peak RSS in all (web-run.ts). Not in the default parts.
//   npx tsx bench/poll/web.ts [--feeds 1000] [--runs 3] [--latency-scale 0.25] [--concurrency 8]
//     [--per-host N] [--timeout 10s] [--parts compare,burst,postgres] [--baseline DIR] [--profile DIR]
//     [--fresh] [--run-cycles 6] [--rss-every 2] [--run-interval 30s] [--also-node-options=--max-semi-space-size=1]
// --also-node-options measures our Herald a second time with that NODE_OPTIONS (a memory knob an
// operator can turn), labelled with it.
// --fresh dates the farm's entries back from now (each feed's newest a few minutes old, its
// oldest 3 days, so some fall outside the 48 h dedup window) instead of from 2026-01-05: a first
// poll's cost depends on its entries' age.
// --latency-scale multiplies the farm's latencies (1 = the web's) so a run fits in minutes; it
// changes wall time, not the work. --profile writes CPU profiles of our Herald's polls.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dropSchema, freshSchemaName } from '../../tests/store/postgres-schema.ts';
import { databaseUrlWithSchema } from '../../tests/scale/scale-config.ts';
import { WebFarm } from './web-farm.ts';
import { runPart } from './web-run.ts';
import { describe, measured, median, writeWebConfig, type Measured } from './web-process.ts';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'latency-scale': { type: 'string', default: '0.25' },
    concurrency: { type: 'string', default: '8' },
    'per-host': { type: 'string' },
    timeout: { type: 'string', default: '10s' },
    parts: { type: 'string', default: 'compare,burst,postgres' },
    sizing: { type: 'string', default: '8,16,32,64' },
    'sizing-floor-only': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    profile: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'run-cycles': { type: 'string', default: '6' },
    'rss-every': { type: 'string', default: '2' },
    'also-node-options': { type: 'string' },
    'run-interval': { type: 'string', default: '30s' },
  },
});
const FEEDS = Number(values.feeds);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const PARTS = values.parts.split(',');
const REPO = resolve(import.meta.dirname, '../..');
const databaseUrl = process.env.DATABASE_URL ?? null;
const work = mkdtempSync(join(tmpdir(), 'herald-web-bench-'));
let step = 0;

const farm = await new WebFarm({ feeds: FEEDS, latencyScale: Number(values['latency-scale']), fresh: values.fresh }).start();
const urlsFile = join(work, 'urls.json');
writeFileSync(urlsFile, JSON.stringify(Array.from({ length: FEEDS }, (_, feed) => farm.url(feed))));
const timeFile = (): string => join(work, `time-${(step += 1)}.txt`);

function reader(mode: 'floor' | 'reader', etags?: string, concurrency = CONCURRENCY): Promise<Measured> {
  const args = [join(REPO, 'bench/poll/web-readers.js'), mode, '--urls', urlsFile, '--concurrency', String(concurrency), '--timeout-ms', '5000'];
  if (etags) args.push('--etags', etags);
  return measured(process.execPath, args, { keepStdout: true, timeFile: timeFile() });
}

interface HeraldSetup {
  repo: string;
  config: string;
  env: NodeJS.ProcessEnv;
}

interface SetupOptions {
  databaseUrl?: string;
  concurrency?: number;
  /** defaults.interval; default 1h. */
  interval?: string;
  logLevel?: string;
  nodeOptions?: string;
}

function heraldSetup(label: string, repo: string, { databaseUrl, concurrency = CONCURRENCY, interval, logLevel = 'warn', nodeOptions }: SetupOptions = {}): HeraldSetup & { dir: string } {
  const dir = join(work, `${label}-${(step += 1)}`);
  mkdirSync(dir);
  const perHost = values['per-host'] ? Number(values['per-host']) : null;
  const config = writeWebConfig(farm, { dir, concurrency, perHost, timeout: values.timeout, interval });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: logLevel, LOG_FORMAT: 'json', HOME: process.env.HOME };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  return { repo, config, env, dir };
}

/** One `herald poll --once` (`next`: every feed, due or not). */
function poll(setup: HeraldSetup, next: boolean, profileAs?: string): Promise<Measured> {
  const nodeArgs = values.profile && profileAs ? ['--cpu-prof', `--cpu-prof-dir=${join(values.profile, profileAs)}`] : [];
  const args = [...nodeArgs, join(setup.repo, 'bin/herald.js'), 'poll', '--once', '--wait', '0', '--config', setup.config];
  if (next) args.push('--all');
  return measured(process.execPath, args, { env: setup.env, timeFile: timeFile() });
}

/** Label, checkout, NODE_OPTIONS. */
const heralds: [string, string, string?][] = [['herald', REPO]];
if (values['also-node-options']) heralds.push([`herald, NODE_OPTIONS=${values['also-node-options']}`, REPO, values['also-node-options']]);
if (values.baseline) heralds.push(['baseline', resolve(values.baseline)]);
const oneInTen = (run: number) => (feed: number) => (feed + run) % 10 === 0;

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
    `${FEEDS} feeds (${farm.entries()} entries), latency x${values['latency-scale']}, concurrency ${CONCURRENCY}, per-host ${values['per-host'] ?? 'default'}, timeout ${values.timeout}, ${RUNS} runs`,
);
console.log(`entry dates: ${farm.describeDating()}`);
try {
  if (PARTS.includes('compare')) {
    const results = new Map<string, Measured[]>();
    const record = (name: string, result: Measured): void => {
      results.set(name, [...(results.get(name) ?? []), result]);
      console.log(`  ${name}: wall ${result.wallS.toFixed(1)} s, CPU ${result.cpuS.toFixed(2)} s, RSS ${Math.round(result.rssMB)} MB ${result.stdout.trim()}`);
    };
    for (let run = 0; run < RUNS; run += 1) {
      console.log(`compare run ${run + 1} (load ${loadavg()[0]!.toFixed(1)})`);
      const etags = join(work, `etags-${run}.json`);
      record('floor, first', await reader('floor', etags));
      record('rss-parser reader', await reader('reader'));
      const setups = heralds.map(([label, repo, nodeOptions]) => [label, heraldSetup(label.replace(/[^a-z]+/g, '-'), repo, { nodeOptions })] as const);
      for (const [label, setup] of setups) record(`${label} poll --once, first`, await poll(setup, false, run === 0 && label === 'herald' ? 'first' : undefined));
      console.log(`  published ${farm.publish(oneInTen(run))} entries`);
      record('floor, next', await reader('floor', etags));
      for (const [label, setup] of setups) record(`${label} poll --once, next`, await poll(setup, true, run === 0 && label === 'herald' ? 'next' : undefined));
    }
    console.log(`\ncompare, ${FEEDS} feeds, medians of ${RUNS}:`);
    for (const [name, runs] of results) console.log(`  ${name}: ${describe(runs)}`);
  }
  if (PARTS.includes('burst')) {
    const burst = new Map<string, Measured[]>();
    for (let run = 0; run < RUNS; run += 1) {
      for (const [label, repo] of heralds) {
        const setup = heraldSetup(`${label}-burst`, repo);
        await poll(setup, false);
        for (const entries of [3_400, 7_200]) {
          // Ten entries on each of the first feeds that are not hanging, as many as it takes.
          let left = entries;
          const published = farm.publish((feed) => !farm.traits[feed]!.hangs && (left -= 10) >= 0, 10);
          const result = await poll(setup, true, run === 0 && label === 'herald' ? `burst-${entries}` : undefined);
          const name = `${label} next poll, ${entries} new entries`;
          burst.set(name, [...(burst.get(name) ?? []), result]);
          console.log(`burst run ${run + 1}: ${name} (${published} published): wall ${result.wallS.toFixed(1)} s, CPU ${result.cpuS.toFixed(2)} s, RSS ${Math.round(result.rssMB)} MB`);
        }
      }
    }
    console.log(`\nburst, ${FEEDS} feeds, medians of ${RUNS}:`);
    for (const [name, runs] of burst) console.log(`  ${name}: ${describe(runs)}`);
    for (const [label] of heralds) {
      const cpu = (entries: string) => median([...burst].find(([name]) => name.startsWith(`${label} `) && name.includes(`${entries} new`))![1].map((r) => r.cpuS));
      console.log(`  ${label}: 7,200-entry poll / 3,400-entry poll CPU = ${(cpu('7200') / cpu('3400')).toFixed(2)}x`);
    }
  }
  if (PARTS.includes('sizing')) {
    const seeded = heraldSetup('sizing-seed', REPO);
    const etags = join(work, 'sizing-etags.json');
    const withHerald = !values['sizing-floor-only'];
    await reader('floor', etags);
    if (withHerald) await poll(seeded, false);
    farm.publish(oneInTen(7));
    for (const concurrency of values.sizing.split(',').map(Number)) {
      const setup = heraldSetup('sizing', REPO, { concurrency });
      for (const file of ['herald.db', 'herald.db-wal']) if (existsSync(join(seeded.dir, file))) copyFileSync(join(seeded.dir, file), join(setup.dir, file));
      const floorEtags = join(work, `sizing-etags-${concurrency}.json`);
      copyFileSync(etags, floorEtags);
      const floor = await reader('floor', floorEtags, concurrency);
      const next = withHerald ? await poll(setup, true) : null;
      console.log(
        `sizing, concurrency ${concurrency}: floor wall ${floor.wallS.toFixed(1)} s, CPU ${floor.cpuS.toFixed(2)} s, peak RSS ${Math.round(floor.rssMB)} MB` +
          (next ? `; herald next poll wall ${next.wallS.toFixed(1)} s, CPU ${next.cpuS.toFixed(2)} s, peak RSS ${Math.round(next.rssMB)} MB` : ''),
      );
    }
  }
  if (PARTS.includes('postgres')) {
    if (!databaseUrl) console.log('postgres: skipped, DATABASE_URL is not set');
    else {
      for (const [label, repo] of heralds) {
        for (const processes of [1, 2]) {
          const schema = freshSchemaName();
          const url = await databaseUrlWithSchema(databaseUrl, schema);
          try {
            const setups = Array.from({ length: processes }, () => heraldSetup(`${label}-pg`, repo, { databaseUrl: url }));
            for (const phase of ['first', 'next'] as const) {
              if (phase === 'next') {
                farm.publish(oneInTen(processes));
                // Every feed due now, as an interval later; each process polls only what it claims.
                const client = new pg.Client({ connectionString: url });
                await client.connect();
                await client.query('UPDATE feeds SET next_poll_at = 0');
                await client.end();
              }
              const runs = await Promise.all(setups.map((setup) => poll(setup, false)));
              const cpu = runs.reduce((sum, run) => sum + run.cpuS, 0);
              console.log(
                `postgres ${label}, ${processes} process(es), ${phase} poll: CPU ${cpu.toFixed(2)} s in all (` +
                  runs.map((run) => `${run.cpuS.toFixed(2)} s / ${run.wallS.toFixed(1)} s wall / ${Math.round(run.rssMB)} MB`).join('; ') +
                  ')',
              );
            }
          } finally {
            await dropSchema(databaseUrl, schema);
          }
        }
      }
    }
  }
  if (PARTS.includes('run')) {
    // 30 s, the shortest poll interval the config allows (config/schema.ts), makes cycles follow one
    // another; at 10,000 feeds a cycle takes longer than that, and its feeds come due again in
    // pieces over the next ticks, so give --run-interval more than a cycle's wall time.
    const setup = heraldSetup('run', REPO, { interval: values['run-interval'], logLevel: 'info' });
    console.log(`run: herald run, ${FEEDS} feeds every ${values['run-interval']}, concurrency ${CONCURRENCY}, ${values['run-cycles']} poll cycles (load ${loadavg()[0]!.toFixed(1)})`);
    await runPart({
      farm,
      repo: REPO,
      config: setup.config,
      env: setup.env,
      cycles: Number(values['run-cycles']),
      sampleEveryMs: Number(values['rss-every']) * 1000,
      timeFile: timeFile(),
      publishAfter: oneInTen,
    });
  }
} finally {
  await farm.close();
  rmSync(work, { recursive: true, force: true });
}
