// Start-up cost of the `herald` command line: wall time and peak RSS of --help, --version,
// `config check` and `poll --once` on a config with no feeds, against bare `node -e 1`, all in
// one run so they share the machine's load. Each checkout given is measured the same way, so a
// before/after comparison is `npx tsx bench/cli/startup.ts /tmp/main-checkout .`.
//
// Usage: npx tsx bench/cli/startup.ts [checkout ...] [--runs N]   (default: this checkout, 5 runs)
// Needs /usr/bin/time (GNU time) for peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Sample {
  seconds: number;
  rssMb: number;
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 5 : Number.parseInt(args[runsAt + 1] ?? '', 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a whole number of runs, like --runs 5');
const checkouts = args.filter((arg, index) => arg !== '--runs' && index !== runsAt + 1);
if (checkouts.length === 0) checkouts.push('.');

const workspace = mkdtempSync(join(tmpdir(), 'herald-bench-cli-'));
const config = join(workspace, 'herald.yaml');
// No feeds and no channels: what is left of `poll --once` is start-up, the store and shutdown.
writeFileSync(config, `storage:\n  path: ${join(workspace, 'herald.db')}\n`);
const env = { PATH: process.env.PATH, HERALD_CONFIG: config, LOG_LEVEL: 'warn', HOME: process.env.HOME };

/** null when the command exits non-zero and that is allowed (the old CLI has no --version). */
function measure(argv: string[], mayFail = false): Sample | null {
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...argv], { env, cwd: workspace, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && mayFail) return null;
  if (child.status !== 0) throw new Error(`${argv.join(' ')} exited ${child.status}: ${child.stderr}`);
  // GNU time prints max RSS in KiB as the last line of stderr.
  const kib = Number.parseInt(child.stderr.trim().split('\n').at(-1) ?? '', 10);
  return { seconds, rssMb: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const cases: { label: string; argv: (bin: string) => string[] }[] = [
  { label: '--help', argv: (bin) => [bin, '--help'] },
  { label: '--version', argv: (bin) => [bin, '--version'] },
  { label: 'config check', argv: (bin) => [bin, 'config', 'check'] },
  { label: 'poll --once (no feeds)', argv: (bin) => [bin, 'poll', '--once'] },
];

const rows: { label: string; samples: Sample[] }[] = [{ label: 'node -e 1', samples: [] }];
const targets = checkouts.flatMap((checkout) =>
  cases.map((entry) => ({ label: `${checkout}: herald ${entry.label}`, argv: entry.argv(resolve(checkout, 'bin/herald.js')), samples: [] as Sample[] })),
);
rows.push(...targets);

// Interleaved rounds: a burst of load on the shared machine hits every command alike.
for (let round = 0; round < runs; round++) {
  rows[0]!.samples.push(measure(['-e', '1'])!);
  for (const target of targets) {
    const sample = measure(target.argv, target.label.endsWith('--version'));
    if (sample) target.samples.push(sample);
  }
}
rmSync(workspace, { recursive: true, force: true });

const bare = median(rows[0]!.samples.map((sample) => sample.seconds));
process.stdout.write(`Node ${process.version}, ${runs} runs, median\n\n| command | wall s | over node -e 1 | peak RSS MB |\n|---|---|---|---|\n`);
for (const row of rows) {
  if (row.samples.length === 0) {
    process.stdout.write(`| ${row.label} | n/a | n/a | n/a |\n`);
    continue;
  }
  const seconds = median(row.samples.map((sample) => sample.seconds));
  const rss = median(row.samples.map((sample) => sample.rssMb));
  process.stdout.write(`| ${row.label} | ${seconds.toFixed(2)} | +${(seconds - bare).toFixed(2)} | ${rss.toFixed(0)} |\n`);
}
