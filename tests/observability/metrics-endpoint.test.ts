// /metrics, /healthz and /readyz of an in-process Herald (SQLite, console platform) after two
// poll cycles against the local feed server: every metric the operators' issue names is there,
// with the values those cycles must produce.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema } from '../../src/config/schema.ts';
import { startOperatorServer, type OperatorServer } from '../../src/observability/http-server.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { HeraldMetrics } from '../../src/observability/metrics.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { generatedItem, generatedRss } from '../scale/generated-feeds.ts';

// Entries of the last hour: a first poll opens stories for entries inside dedup.window only, and
// the merge counted below needs a's story.
const EPOCH = Date.now() - 3_600_000;
const ITEMS = 3;

let feeds: FeedServer;
let dir: string;
let herald: Herald;
let operator: OperatorServer;

function copyOfFirstItemOfFeedA(): string {
  const original = generatedItem(1, 0, EPOCH);
  return (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Copy desk</title><link>https://copies.example/</link>' +
    `<item><guid>copy-1</guid><title>Copy desk reprint of district one</title><link>${original.link}</link>` +
    `<description>A reprint.</description><pubDate>${new Date(EPOCH).toUTCString()}</pubDate></item></channel></rss>`
  );
}

beforeEach(async () => {
  feeds = await startFeedServer();
  feeds.route('/a.xml', { body: generatedRss(1, { items: ITEMS, revision: 0, epoch: EPOCH }) });
  feeds.route('/b.xml', { body: generatedRss(2, { items: ITEMS, revision: 0, epoch: EPOCH }) });
  feeds.route('/c.xml', { body: copyOfFirstItemOfFeedA() });
  dir = mkdtempSync(join(tmpdir(), 'herald-metrics-'));
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: feeds.fetchConfig({ timeout: '2s' }),
    defaults: { backfill: 1 },
    feeds: [
      { id: 'a', url: feeds.url('/a.xml') },
      { id: 'b', url: feeds.url('/b.xml') },
      { id: 'c', url: feeds.url('/c.xml') },
      { id: 'gone', url: feeds.url('/gone.xml') },
    ],
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined });
  operator = await startOperatorServer({ port: 0, host: '127.0.0.1', metrics: await herald.enableMetrics(), readiness: herald.readiness(), log: silentLogger() });
});

afterEach(async () => {
  await operator.close();
  await herald.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: string; contentType: string | null }> {
  const response = await fetch(`http://127.0.0.1:${operator.port}${path}`);
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/** The value of one sample in Prometheus text format; undefined when it is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('operator endpoints', () => {
  it('/metrics counts polls, items, merges, matches and deliveries of two cycles', async () => {
    const first = await herald.poll({ all: true });
    expect(first.map((report) => report.outcome).sort()).toEqual(['failed', 'seeded', 'seeded', 'seeded']);
    const queued = first.reduce((sum, report) => sum + report.alertsQueued, 0);
    expect(queued).toBeGreaterThanOrEqual(2);

    // A feed's alerts go out as soon as its poll is committed, while the cycle goes on, so some
    // may be sent before the delivery run: the two together send every queued alert.
    await herald.deliver();
    const before = await get('/metrics');
    expect(before.contentType).toContain('text/plain');
    expect(sample(before.body, 'herald_alerts_sent_total')).toBe(queued);
    expect(sample(before.body, 'herald_outbox_depth')).toBe(0);
    feeds.route('/a.xml', { body: generatedRss(1, { items: ITEMS, revision: 1, epoch: EPOCH }) });
    const second = await herald.poll({ all: true });
    expect(second.map((report) => report.outcome).sort()).toEqual(['alerted', 'failed', 'not_modified', 'not_modified']);
    await herald.deliver();

    const { status, body } = await get('/metrics');
    expect(status).toBe(200);
    expect(sample(body, 'herald_polls_total', 'result="seeded"')).toBe(3);
    expect(sample(body, 'herald_polls_total', 'result="not_modified"')).toBe(2);
    expect(sample(body, 'herald_polls_total', 'result="alerted"')).toBe(1);
    expect(sample(body, 'herald_polls_total', 'result="failed"')).toBe(2);
    // Second cycle: a, b and c answered (the missing feed never did), two of them 304.
    expect(sample(body, 'herald_poll_not_modified_ratio')).toBeCloseTo(2 / 3);
    expect(sample(body, 'herald_feed_fetch_duration_seconds_count')).toBe(6);
    expect(sample(body, 'herald_feed_parse_duration_seconds_count')).toBe(4);
    expect(sample(body, 'herald_feed_fetch_duration_seconds_sum')).toBeGreaterThan(0);
    // New: 3 + 3 + 1 on the seeding cycle, a's one new entry after; seen: a's other 2 entries.
    expect(sample(body, 'herald_items_total', 'state="new"')).toBe(8);
    expect(sample(body, 'herald_items_total', 'state="seen"')).toBe(ITEMS - 1);
    expect(sample(body, 'herald_story_merges_total')).toBe(1);
    expect(sample(body, 'herald_matches_total')).toBe(queued + 1);
    expect(sample(body, 'herald_alerts_sent_total')).toBe(queued + 1);
    expect(sample(body, 'herald_alerts_failed_total')).toBe(0);
    expect(sample(body, 'herald_alerts_dead_lettered_total')).toBe(0);
    expect(sample(body, 'herald_outbox_depth')).toBe(0);
    expect(sample(body, 'herald_outbox_oldest_age_seconds')).toBe(0);
    expect(sample(body, 'herald_feeds', 'health="ok"')).toBe(3);
    expect(sample(body, 'herald_feeds', 'health="failing"')).toBe(1);
    expect(sample(body, 'herald_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('/healthz answers while the process is up; /readyz turns 503 when the store is closed', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready).toMatchObject({ status: 200, body: 'store (sqlite): ok\n' });

    await herald.store.close();
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatch(/^store \(sqlite\): .*closed/);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/nowhere')).status).toBe(404);
  });

  it('/readyz waits for platforms that can say whether they are connected', async () => {
    let connected = false;
    const checks = [...herald.readiness(), { name: 'platform fake', check: () => Promise.resolve(connected) }];
    const probe = await startOperatorServer({ port: 0, host: '127.0.0.1', metrics: await herald.enableMetrics(), readiness: checks, log: silentLogger() });
    try {
      const url = `http://127.0.0.1:${probe.port}/readyz`;
      expect((await fetch(url)).status).toBe(503);
      connected = true;
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await probe.close();
    }
  });

  it('gives every instance its own registry, so two in one process do not share counts', async () => {
    await herald.poll({ all: true });
    const idle = { outboxStats: () => Promise.resolve({ depth: 0, oldestCreatedAt: null }), feedHealthCounts: () => Promise.resolve({ ok: 0, failing: 0 }) };
    const other = new HeraldMetrics(idle);
    other.observePolls([{ outcome: 'not_modified', items: 0, newItems: 0, storiesJoined: 0, alertsQueued: 0, fetchMs: 5, prepareMs: null }]);
    other.observeDigests({ digests: 2, alerts: 5, retried: 1, dead: 0 });
    const { body } = await other.expose();
    expect(sample(body, 'herald_polls_total', 'result="not_modified"')).toBe(1);
    expect(sample(body, 'herald_alerts_sent_total')).toBe(5);
    expect(sample(body, 'herald_digests_total', 'result="sent"')).toBe(2);
    expect(sample(body, 'herald_digests_total', 'result="failed"')).toBe(1);
    expect(sample(body, 'herald_polls_total', 'result="seeded"')).toBeUndefined();
    expect(sample((await (await herald.enableMetrics()).expose()).body, 'herald_polls_total', 'result="not_modified"')).toBeUndefined();
  });
});
