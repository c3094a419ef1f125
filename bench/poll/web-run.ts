// The `run` part of bench/poll/web.ts: `herald run` as it runs for days, on the web farm. Herald
// polls every feed on the shortest interval the config allows; after each poll cycle (its
// "polled N feeds" log line) one feed in ten gains an entry; after the last cycle a SIGTERM stops
// it gracefully. GNU time gives its CPU and peak RSS; its RSS over time is sampled from
// /proc/<pid>/status, which costs Herald nothing (a /metrics scrape would be work of its own),
// and its CPU at each cycle's end from /proc/<pid>/stat, so growth from cycle to cycle shows.
// Alerts are counted as the console channel prints them: the cycle line's "sent" counts only the
// cycle's own delivery, and the 5-second delivery job sends most of them. A cycle is one such
// line: the start-up poll and the first cron tick's poll run at once (run-bot.ts: noOverlap
// guards only the cron's own runs), so the first poll of every feed can end in two lines.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { WebFarm } from './web-farm.ts';
import { startMeasured } from './web-process.ts';

export interface RunPartOptions {
  farm: WebFarm;
  repo: string;
  config: string;
  env: NodeJS.ProcessEnv;
  cycles: number;
  sampleEveryMs: number;
  timeFile: string;
  /** Which feeds gain an entry after cycle `cycle` (1-based). */
  publishAfter: (cycle: number) => (feed: number) => boolean;
}

interface Cycle {
  feeds: number;
  newItems: number;
  failed: number;
  /** Seconds since the start, when its line was read. */
  atS: number;
  /** Herald's CPU seconds in all, at its end. */
  cpuS: number;
  /** Most RSS sampled since the previous cycle ended, MB. */
  rssMB: number;
  samples: number;
  /** Alerts the console printed since the previous cycle ended. */
  alerts: number;
}

/** The channel writeWebConfig's config posts to, as the console platform heads each alert it prints. */
const ALERT_HEAD = '── #all-news ──';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** The process /usr/bin/time `time` runs, once it has started it. */
function childOf(time: number): number | null {
  try {
    const pid = Number(readFileSync(`/proc/${time}/task/${time}/children`, 'utf8').trim().split(' ')[0]);
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function rssMB(pid: number): number | null {
  try {
    const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB === undefined ? null : Number(kB) / 1024;
  } catch {
    return null;
  }
}

/** User + sys CPU seconds of the process and all its threads. */
function cpuSeconds(pid: number): number {
  // Fields after the command name's closing parenthesis start at field 3; utime and stime are 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export async function runPart(options: RunPartOptions): Promise<void> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const { time, done } = startMeasured(process.execPath, [join(options.repo, 'bin/herald.js'), 'run', '--http-port', '0', '--config', options.config], {
    env: options.env,
    keepStdout: true,
    timeFile: options.timeFile,
  });
  let alerts = 0;
  let allAlerts = 0;
  createInterface({ input: time.stdout! }).on('line', (line) => {
    if (line !== ALERT_HEAD) return;
    alerts += 1;
    allAlerts += 1;
  });
  let running = true;
  const exit = (): void => {
    running = false;
  };
  void done.then(exit, exit);
  let pid: number | null = null;
  let peak = 0;
  let samples = 0;
  const sample = (): void => {
    pid ??= childOf(time.pid!);
    const rss = pid === null ? null : rssMB(pid);
    if (rss === null) return;
    peak = Math.max(peak, rss);
    samples += 1;
  };
  const sampler = setInterval(sample, options.sampleEveryMs);
  const cycles: Cycle[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      void done.then(() => reject(new Error(`herald run exited after ${cycles.length} of ${options.cycles} poll cycles`)), reject);
      createInterface({ input: time.stderr! }).on('line', (text) => {
        const line = parsed(text);
        // The cycle line of src/cli/cycle-log.ts; a cycle that polled nothing writes none.
        if (typeof line?.newItems !== 'number' || cycles.length === options.cycles) return;
        sample();
        if (pid === null) return;
        const cycle: Cycle = {
          feeds: Number(line.feeds),
          newItems: line.newItems,
          failed: Number(line.failed),
          atS: seconds(),
          cpuS: cpuSeconds(pid),
          rssMB: peak,
          samples,
          alerts,
        };
        cycles.push(cycle);
        peak = 0;
        samples = 0;
        alerts = 0;
        const cpu = cycle.cpuS - (cycles.at(-2)?.cpuS ?? 0);
        console.log(
          `  cycle ${cycles.length} ended at ${cycle.atS.toFixed(1)} s: ${cycle.feeds} feeds polled, ${cycle.newItems} new items, ${cycle.failed} failed, ` +
            `${cycle.alerts} alerts printed since the last; CPU ${cpu.toFixed(2)} s, RSS max ${Math.round(cycle.rssMB)} MB (${cycle.samples} samples)`,
        );
        if (cycles.length === options.cycles) resolve();
        else console.log(`  published ${options.farm.publish(options.publishAfter(cycles.length))} entries`);
      });
    });
  } finally {
    clearInterval(sampler);
    // Graceful: Herald finishes the cycle in flight and closes the store.
    if (pid !== null && running) process.kill(pid, 'SIGTERM');
  }
  const stopping = seconds();
  const result = await done;
  console.log(
    `run, ${options.farm.feeds} feeds, ${cycles.length} cycles: wall ${result.wallS.toFixed(1)} s (SIGTERM to exit ${(seconds() - stopping).toFixed(1)} s), ` +
      `CPU ${result.cpuS.toFixed(2)} s, peak RSS ${Math.round(result.rssMB)} MB, ${allAlerts} alerts printed; RSS max per cycle ${cycles.map((cycle) => Math.round(cycle.rssMB)).join(', ')} MB`,
  );
}

function parsed(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
