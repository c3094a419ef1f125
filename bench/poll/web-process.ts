// Running one measured process for bench/poll/web.ts: under GNU time, so its CPU (user + sys of
// the process and its threads) and peak RSS are what the kernel counted, and writing the Herald
// config of the web farm.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { WebFarm } from './web-farm.ts';

export interface Measured {
  wallS: number;
  cpuS: number;
  rssMB: number;
  stdout: string;
}

export interface MeasuredOptions {
  env?: NodeJS.ProcessEnv;
  /** Keep stdout (Herald's console alerts go nowhere otherwise). */
  keepStdout?: boolean;
  timeFile: string;
}

/** Runs `command` under /usr/bin/time; stdout is kept only when `keepStdout`. */
export function measured(command: string, args: string[], options: MeasuredOptions): Promise<Measured> {
  return startMeasured(command, args, options).done;
}

/** Starts `command` under /usr/bin/time: the time process (whose child is `command`) and its measures once it exits. */
export function startMeasured(command: string, args: string[], options: MeasuredOptions): { time: ChildProcess; done: Promise<Measured> } {
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', options.timeFile, command, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve)).then((code) => {
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
    const [wall, user, sys, rssKB] = readFileSync(options.timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wallS: wall!, cpuS: user! + sys!, rssMB: rssKB! / 1024, stdout };
  });
  return { time: child, done };
}

export interface HeraldConfigOptions {
  dir: string;
  concurrency: number;
  perHost: number | null;
  timeout: string;
  /** defaults.interval. Default 1h. */
  interval?: string;
}

/** Writes dir/herald.yaml for every farm feed (one console channel takes everything) and returns its path. */
export function writeWebConfig(farm: WebFarm, options: HeraldConfigOptions): string {
  const path = join(options.dir, 'herald.yaml');
  const fetch: Record<string, unknown> = { allowPrivateAddresses: true, allowedPorts: [farm.port], timeout: options.timeout, concurrency: options.concurrency };
  if (options.perHost !== null) fetch.perHostConcurrency = options.perHost;
  writeFileSync(
    path,
    stringify({
      storage: { path: join(options.dir, 'herald.db') },
      fetch,
      defaults: { interval: options.interval ?? '1h', maxAlertsPerHour: 1_000_000 },
      feeds: Array.from({ length: farm.feeds }, (_, feed) => ({ id: `f${feed}`, url: farm.url(feed) })),
      channels: [{ platform: 'console', channel: 'all-news' }],
    }),
  );
  return path;
}

export function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function describe(runs: Measured[]): string {
  const wall = median(runs.map((run) => run.wallS));
  const cpu = median(runs.map((run) => run.cpuS));
  const rss = median(runs.map((run) => run.rssMB));
  const each = runs.map((run) => `${run.wallS.toFixed(1)}/${run.cpuS.toFixed(2)}/${Math.round(run.rssMB)}`).join(', ');
  return `wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(2)} s, peak RSS ${Math.round(rss)} MB (runs wall/CPU/RSS: ${each})`;
}
