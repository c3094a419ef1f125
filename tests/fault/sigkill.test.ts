// The Herald process is killed with SIGKILL at random points while it delivers 200 matching
// alerts, restarted, killed again, until a run finishes. Every alert must have been printed
// (the console platform prints before the ack is stored, like a platform accepting a message),
// and a repeat is only possible in the documented window: at most one per kill.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { HERALD_BIN, useTestBed } from '../integration/harness.ts';
import { EMPTY_FEED, headline, numberedFeed } from './helpers.ts';

const ITEMS = 200;

const bed = useTestBed();

interface Run {
  titles: string[];
  killed: boolean;
  code: number | null;
}

/** `herald poll --once --json` as a child process, killed with SIGKILL once it printed `killAfter` lines. */
function runUntil(killAfter: number): Promise<Run> {
  const child = spawn(process.execPath, [HERALD_BIN, 'poll', '--once', '--all', '--json'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'pipe', 'ignore'] });
  const titles: string[] = [];
  let killed = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    titles.push((JSON.parse(line) as { title: string }).title);
    if (titles.length === killAfter && !killed) killed = child.kill('SIGKILL');
  });
  return new Promise((done) => child.on('close', (code) => done({ titles, killed, code })));
}

it('killed with SIGKILL at random points and restarted, it delivers all 200 alerts, repeating at most one per kill', async () => {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s' }),
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    channels: [{ platform: 'console', channel: 'harbour', query: 'harbour' }],
    defaults: { maxAlertsPerHour: 1000 },
    // A killed run's reserved alerts wait out this lease; one run at a time needs no more.
    delivery: { lease: '100ms' },
  });
  bed.server.route('/wire.xml', { body: EMPTY_FEED });
  expect((await bed.workspace.run('poll', '--once', '--all', '--json')).alerts).toEqual([]);
  bed.server.route('/wire.xml', { body: numberedFeed(0, ITEMS) });

  const printed: string[] = [];
  const killPoints: number[] = [];
  for (let attempt = 0; attempt < 20 && new Set(printed).size < ITEMS; attempt += 1) {
    // Three runs are cut short at a random line; the next one is left to finish.
    const killAfter = attempt < 3 ? 1 + Math.floor(Math.random() * 60) : Number.POSITIVE_INFINITY;
    const run = await runUntil(killAfter);
    printed.push(...run.titles);
    if (run.killed) killPoints.push(killAfter);
    else expect(run.code).toBe(0);
  }

  const counts = new Map<string, number>();
  for (const title of printed) counts.set(title, (counts.get(title) ?? 0) + 1);
  const repeats = printed.length - counts.size;
  console.info(`SIGKILL test: ${killPoints.length} kills after ${killPoints.join(', ')} lines; ${repeats} repeated alert(s)`);
  expect(killPoints.length).toBeGreaterThan(0);
  expect([...counts.keys()].sort()).toEqual(Array.from({ length: ITEMS }, (_, n) => headline(n)).sort());
  expect(repeats, `kills after ${killPoints.join(', ')} lines`).toBeLessThanOrEqual(killPoints.length);

  // Nothing is left over for another run.
  expect((await runUntil(Number.POSITIVE_INFINITY)).titles).toEqual([]);
}, 60_000);
