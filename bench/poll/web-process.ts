// Running one measured process for bench/poll/web.ts: under GNU time, so its CPU (user + sys of
// the process and its threads) and peak RSS are what the kernel counted, and writing the Herald
// config of the web farm.
import { spawn } from 'node:child_process';
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

/** Runs `command` under /usr/bin/time; stdout is kept only when `keepStdout` (Herald's console alerts go nowhere). */
export async function measured(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; keepStdout?: boolean; timeFile: string }): Promise<Measured> {
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', options.timeFile, command, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`);
  const [wall, user, sys, rssKB] = readFileSync(options.timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallS: wall!, cpuS: user! + sys!, rssMB: rssKB! / 1024, stdout };
}

export interface HeraldConfigOptions {
  dir: string;
  concurrency: number;
  perHost: number | null;
  timeout: string;
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
      defaults: { interval: '1h', maxAlertsPerHour: 1_000_000 },
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
