// No head-of-line blocking (issue 15): the alerts of a feed that finished go out while another
// feed of the same cycle is still waiting on a stalled server, in `poll --once` (Herald.poll({ all: true })
// then deliver) as in `run`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

let server: FeedServer;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-i15-early-'));
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('sends the alert of a finished feed while a stalled feed of the same cycle is still being fetched', async () => {
  const topic = readFileSync(join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml'), 'utf8');
  const held: ServerResponse[] = [];
  let stalledRequested!: () => void;
  const stalledArrived = new Promise<void>((resolve) => {
    stalledRequested = resolve;
  });
  server.route('/good.xml', { body: topic });
  server.route('/stalled.xml', {
    handler: (_request, response) => {
      held.push(response);
      stalledRequested();
    },
  });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig({ timeout: '60s', firstByteTimeout: '60s' }),
    defaults: { backfill: 1 },
    feeds: [
      { id: 'stalled', url: server.url('/stalled.xml') },
      { id: 'good', url: server.url('/good.xml') },
    ],
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  let firstAlert!: (line: string) => void;
  const alerted = new Promise<string>((resolve) => {
    firstAlert = resolve;
  });
  const herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: (text) => firstAlert(text), json: true });
  try {
    let pollDone = false;
    const polling = herald.poll({ all: true }).then((reports) => {
      pollDone = true;
      return reports;
    });
    await stalledArrived;
    const line = await alerted;
    // The good feed's alert is out, and the stalled feed still has no answer.
    expect(JSON.parse(line)).toMatchObject({ channel: 'everything', title: 'Seoul and Tokyo protest after Pyongyang fires two ballistic missiles into the sea' });
    expect(pollDone).toBe(false);
    expect(held).toHaveLength(1);
    expect(held[0]!.headersSent).toBe(false);

    held[0]!.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Late</title></channel></rss>');
    const reports = await polling;
    expect(reports.map((report) => [report.feedId, report.outcome]).sort()).toEqual([
      ['good', 'seeded'],
      ['stalled', 'seeded'],
    ]);
    // The delivery run finds nothing left; its report counts the alert sent early in the cycle.
    expect((await herald.deliver()).sent).toBe(1);
    expect(await herald.store.listOutbox('pending')).toHaveLength(0);
  } finally {
    await herald.close();
  }
});

it('closing ends an early delivery after its send in flight, leaving the rest queued', async () => {
  server.route('/good.xml', { body: readFileSync(join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml'), 'utf8') });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    defaults: { backfill: 5 },
    feeds: [{ id: 'good', url: server.url('/good.xml') }],
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  const lines: string[] = [];
  let firstWrite!: () => void;
  const writing = new Promise<void>((resolve) => {
    firstWrite = resolve;
  });
  let flush!: () => void;
  const flushed = new Promise<void>((resolve) => {
    flush = resolve;
  });
  // The first line is written but not flushed until the test says so: the early drain is mid-send.
  const write = async (text: string): Promise<void> => {
    lines.push(text);
    if (lines.length === 1) {
      firstWrite();
      await flushed;
    }
  };
  const herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write, json: true });
  await herald.poll({ all: true });
  await writing;
  const closed = herald.close();
  flush();
  await closed;
  expect(lines).toHaveLength(1);

  const reopened = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: async () => undefined, json: true });
  try {
    expect(await reopened.store.listOutbox('sent')).toHaveLength(1);
    expect((await reopened.store.listOutbox('pending')).length).toBeGreaterThanOrEqual(1);
  } finally {
    await reopened.close();
  }
});
