// `herald poll --once` takes part in the feed leases: two processes started together on one
// store split the due feeds (each fetched once), a run right after finds nothing due, and
// `--all` polls every feed regardless. On SQLite always; on PostgreSQL too when DATABASE_URL is
// set (in a database of its own, dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EMPTY_FEED, useTestBed } from './harness.ts';

const bed = useTestBed();
const FEEDS = 40;
const paths = Array.from({ length: FEEDS }, (_, n) => `/feed-${n}.xml`);

function configure(): void {
  for (const path of paths) bed.server.route(path, { body: EMPTY_FEED });
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s' }),
    feeds: paths.map((path, n) => ({ id: `feed-${n}`, url: bed.server.url(path) })),
    channels: [{ platform: 'console', channel: 'everything' }],
  });
}

async function twoAtOnce(): Promise<void> {
  const runs = await Promise.all([bed.workspace.spawn('poll', '--once'), bed.workspace.spawn('poll', '--once')]);
  expect(runs.map((run) => run.code)).toEqual([0, 0]);
  // Each feed was fetched by one of them, once.
  expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 1));
}

describe('poll --once and the feed leases', () => {
  it('on SQLite: two runs started together fetch each due feed once; the next run finds none due; --all fetches them all', async () => {
    configure();
    await twoAtOnce();

    const next = await bed.workspace.run('poll', '--once');
    expect(next.code).toBe(0);
    expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 1));

    expect((await bed.workspace.run('poll', '--once', '--all')).code).toBe(0);
    expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 2));
  });

  it('a feed coming due within the next minute is polled now, so a cron job as often as the feed interval never skips one', async () => {
    bed.server.route('/minutely.xml', { body: EMPTY_FEED });
    bed.server.route('/hourly.xml', { body: EMPTY_FEED });
    bed.workspace.writeConfig({
      fetch: bed.server.fetchConfig({ timeout: '5s' }),
      feeds: [
        { id: 'minutely', url: bed.server.url('/minutely.xml'), interval: '1m' },
        { id: 'hourly', url: bed.server.url('/hourly.xml'), interval: '1h' },
      ],
      channels: [{ platform: 'console', channel: 'everything' }],
    });
    expect((await bed.workspace.run('poll', '--once')).code).toBe(0);
    // Right after, the minutely feed is due within the minute; the hourly one is not.
    expect((await bed.workspace.run('poll', '--once')).code).toBe(0);
    expect(bed.server.requests('/minutely.xml')).toHaveLength(2);
    expect(bed.server.requests('/hourly.xml')).toHaveLength(1);
  });

  it('--wait takes whole seconds; anything else is refused with the fix', async () => {
    configure();
    const run = await bed.workspace.run('poll', '--once', '--wait', 'soon');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("option '--wait <seconds>' argument 'soon' is invalid. give a whole number of seconds (0 or more), like --wait 60.");
    expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 0));
  });

  it.skipIf(!process.env.DATABASE_URL)('on PostgreSQL: two processes started together fetch each due feed once', async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const database = `herald_i14a_${randomBytes(4).toString('hex')}`;
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${database}`;
      bed.workspace.env.DATABASE_URL = url.toString();
      configure();
      // One run migrates first, so the two do not race to create the schema.
      await bed.workspace.run('outbox', 'list');
      await twoAtOnce();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
