// Stdout is a delivery like any other: `herald poll --once --json` marks an alert sent only once
// its line was flushed to the reader; a slow reader gets every line the outbox calls sent; a
// reader that goes away (EPIPE, `| head -1`) leaves the rest queued and the exit code non-zero.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { EMPTY_FEED, numberedFeed } from '../fault/helpers.ts';
import { HERALD_BIN, outboxByStatus, useTestBed } from './harness.ts';

const bed = useTestBed();
const ITEMS = 200;

/** A console channel following one feed; the first run seeds it, then ITEMS new items are served. */
async function queueItems(): Promise<void> {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s' }),
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    channels: [{ platform: 'console', channel: 'harbour' }],
    defaults: { maxAlertsPerHour: 1000 },
  });
  bed.server.route('/wire.xml', { body: EMPTY_FEED });
  expect((await bed.workspace.run('poll', '--once', '--json')).code).toBe(0);
  bed.server.route('/wire.xml', { body: numberedFeed(0, ITEMS) });
}

const outbox = () => outboxByStatus(bed.workspace);

function run(stdout: Writable, stderr = new PassThrough()): Promise<number> {
  return runCli(['poll', '--once', '--all', '--json'], { stdout, stderr, env: bed.workspace.env, stopSignal: new Promise(() => undefined) });
}

it('a slow reader receives every line the outbox marks sent, and no alert is marked sent before its line was flushed', async () => {
  await queueItems();
  const lines: string[] = [];
  let flushed = 0;
  let sentAheadOfReader = 0;
  // Takes each line on a later turn of the event loop; meanwhile checks that the outbox never
  // calls more alerts sent than lines this reader has taken.
  const reader = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      if ((outbox().sent ?? 0) > flushed) sentAheadOfReader += 1;
      setImmediate(() => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        flushed += 1;
        callback();
      });
    },
  });

  expect(await run(reader)).toBe(0);

  expect(sentAheadOfReader).toBe(0);
  expect(lines).toHaveLength(ITEMS);
  expect(outbox()).toEqual({ sent: ITEMS });
});

it('as a real process piped into a reader that waits for the first write, then reads one chunk per turn: every line the outbox marks sent arrives', async () => {
  await queueItems();
  const child = spawn(process.execPath, [HERALD_BIN, 'poll', '--once', '--all', '--json'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'pipe', 'ignore'] });
  const closed = once(child, 'close');
  // Nothing is read until Herald has written; then one chunk per turn of the event loop.
  await once(child.stdout, 'readable');
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    child.stdout.pause();
    setImmediate(() => child.stdout.resume());
  });
  const [code] = (await closed) as [number | null];

  expect(code).toBe(0);
  expect(text.split('\n').filter(Boolean)).toHaveLength(outbox().sent!);
  expect(outbox()).toEqual({ sent: ITEMS });
});

/** One run whose stdout reader takes `lines` lines, then fails every write with EPIPE. */
async function runClosingAfter(lines: number): Promise<{ code: number; stderr: string }> {
  let accepted = 0;
  const stderr = new PassThrough();
  const text: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => text.push(chunk));
  const reader = new Writable({
    write(_chunk, _encoding, callback) {
      if (accepted === lines) return callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      accepted += 1;
      callback();
    },
  });
  const code = await run(reader, stderr);
  return { code, stderr: Buffer.concat(text).toString('utf8') };
}

it('EPIPE: the reader goes after 10 lines; those 10 are sent, the rest stay queued, and the exit code says so', async () => {
  await queueItems();
  const { code, stderr } = await runClosingAfter(10);

  expect(code).toBe(1);
  expect(outbox()).toEqual({ sent: 10, pending: ITEMS - 10 });
  expect(stderr).toContain(
    `herald: stdout was closed by its reader (write EPIPE) after 10 alerts were delivered; ${ITEMS - 10} alerts are still queued and go out on the next run`,
  );

  // The next run, with a reader that stays, delivers the rest exactly once.
  const next = await bed.workspace.run('poll', '--once', '--json');
  expect(next.code).toBe(0);
  expect(next.alerts).toHaveLength(ITEMS - 10);
  expect(outbox()).toEqual({ sent: ITEMS });
});

it('EPIPE counts in English: 1 alert delivered with the rest queued, then all but 1 delivered with 1 queued', async () => {
  await queueItems();
  /** Stderr of a run whose reader takes `lines` lines, then goes away. */
  const closingAfter = async (lines: number): Promise<string> => {
    const { code, stderr } = await runClosingAfter(lines);
    expect(code).toBe(1);
    return stderr;
  };

  expect(await closingAfter(1)).toContain(`after 1 alert was delivered; ${ITEMS - 1} alerts are still queued and go out on the next run`);
  expect(await closingAfter(ITEMS - 2)).toContain(`after ${ITEMS - 2} alerts were delivered; 1 alert is still queued and goes out on the next run`);
  expect(outbox()).toEqual({ sent: ITEMS - 1, pending: 1 });
});

it('as a real process piped into a reader that closes after the first line (`| head -1`): exit code 1, the unwritten alerts queued', async () => {
  await queueItems();
  const child = spawn(process.execPath, [HERALD_BIN, 'poll', '--once', '--all', '--json'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  child.stdout.destroy();
  const [code] = (await once(child, 'close')) as [number | null];

  expect(first.toString('utf8')).toMatch(/^\{"/);
  expect(code).toBe(1);
  const rows = outbox();
  expect(rows.pending).toBeGreaterThan(0);
  expect((rows.sent ?? 0) + rows.pending!).toBe(ITEMS);
  expect(stderr).toContain(rows.pending === 1 ? '1 alert is still queued' : `${rows.pending} alerts are still queued`);
});
