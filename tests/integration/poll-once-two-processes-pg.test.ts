// Issue 14's scale check: two `herald poll --once` processes started at the same moment on one
// PostgreSQL, over 300 generated feeds of two new entries each and 50 channels, fetch each feed
// once and deliver each of the 600 alerts exactly once between them; no message lists one outlet
// twice. Real child processes (the `herald` bin), the local feed server, the console platform's
// --json lines. Runs only when DATABASE_URL is set, in a database of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generatedItem, generatedRss } from '../scale/generated-feeds.ts';
import { useTestBed } from './harness.ts';

const FEEDS = 300;
const CHANNELS = 50;
const ITEMS = 2;
const EPOCH = Date.UTC(2026, 0, 5, 8);
const bed = useTestBed();
const paths = Array.from({ length: FEEDS }, (_, n) => `/district-${n}.xml`);

if (!process.env.DATABASE_URL) console.warn('poll-once-two-processes-pg: skipped, DATABASE_URL is unset (point it at a PostgreSQL to run it)');

describe('two poll --once processes on one PostgreSQL', () => {
  it.skipIf(!process.env.DATABASE_URL)(`fetch each of ${FEEDS} feeds once and post each of ${FEEDS * ITEMS} alerts exactly once`, { timeout: 120_000 }, async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const database = `herald_j14_${randomBytes(4).toString('hex')}`;
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${database}`;
      bed.workspace.env.DATABASE_URL = url.toString();
      paths.forEach((path, n) => bed.server.route(path, { body: generatedRss(n, { items: ITEMS, revision: 0, epoch: EPOCH }) }));
      bed.workspace.writeConfig({
        fetch: { allowPrivateAddresses: true, timeout: '10s' },
        // A new feed's first poll alerts its newest two entries: every entry is a new alert.
        defaults: { backfill: ITEMS },
        feeds: paths.map((path, n) => ({ id: `district-${n}`, url: bed.server.url(path) })),
        // Channel c follows feeds c, c+50, c+100, ...: six feeds, twelve alerts each.
        channels: Array.from({ length: CHANNELS }, (_, c) => ({
          platform: 'console',
          channel: `desk-${c}`,
          feeds: paths.map((_, n) => n).filter((n) => n % CHANNELS === c).map((n) => `district-${n}`),
        })),
      });
      // One run migrates first, so the two do not race to create the schema.
      expect((await bed.workspace.run('outbox', 'list')).code).toBe(0);

      const runs = await Promise.all([bed.workspace.spawn('poll', '--once', '--json'), bed.workspace.spawn('poll', '--once', '--json')]);

      expect(runs.map((run) => run.code), runs.map((run) => run.stderr).join('\n')).toEqual([0, 0]);
      expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 1));
      const alerts = runs.flatMap((run) => run.alerts);
      const expected = paths.flatMap((_, n) =>
        Array.from({ length: ITEMS }, (_, k) => `desk-${n % CHANNELS} ${generatedItem(n, k, EPOCH).title}`),
      );
      expect(alerts.map((alert) => `${alert.channel} ${alert.title}`).sort()).toEqual(expected.sort());
      expect(alerts.every((alert) => alert.kind === 'new')).toBe(true);
      expect(alerts.filter((alert) => new Set(alert.sources).size !== alert.sources.length)).toEqual([]);
      // Both processes took part: the feeds were split, not polled by whichever started first.
      expect(runs.map((run) => run.alerts.length > 0)).toEqual([true, true]);

      const store = new pg.Client({ connectionString: url.toString() });
      await store.connect();
      try {
        const { rows } = await store.query<{ status: string; n: string }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
        expect(Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))).toEqual({ sent: FEEDS * ITEMS });
      } finally {
        await store.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
