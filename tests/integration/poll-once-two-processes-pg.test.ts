// Issue 14's scale check: two `herald poll --once` processes started at the same moment on one
// PostgreSQL, over 300 generated feeds of two new entries each and 50 Slack channels, fetch each
// feed once and post each of the 600 alerts exactly once between them; no message lists one
// outlet twice. Real child processes (the `herald` bin), the local feed server, the fake Slack
// Web API. Runs only when DATABASE_URL is set, in a database of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../fakes/slack-api.ts';
import { TOKEN } from '../platforms/slack/fixtures.ts';
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
    const slack = await startFakeSlackApi({ token: TOKEN, teamId: 'T0FAKE' });
    try {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${database}`;
      bed.workspace.env.DATABASE_URL = url.toString();
      Object.assign(bed.workspace.env, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'c0ffee4b1d5ecr3t-for-tests-only', SLACK_API_URL: slack.apiUrl });
      paths.forEach((path, n) => bed.server.route(path, { body: generatedRss(n, { items: ITEMS, revision: 0, epoch: EPOCH }) }));
      bed.workspace.writeConfig({
        fetch: bed.server.fetchConfig({ timeout: '10s' }),
        // A new feed's first poll alerts its newest two entries: every entry is a new alert.
        defaults: { backfill: ITEMS },
        feeds: paths.map((path, n) => ({ id: `district-${n}`, url: bed.server.url(path) })),
        // Channel c follows feeds c, c+50, c+100, ...: six feeds, twelve alerts each.
        channels: Array.from({ length: CHANNELS }, (_, c) => ({
          platform: 'slack',
          channel: `C0DESK${c}`,
          feeds: paths.map((_, n) => n).filter((n) => n % CHANNELS === c).map((n) => `district-${n}`),
        })),
      });
      // One run migrates first, so the two do not race to create the schema.
      expect((await bed.workspace.run('outbox', 'list')).code).toBe(0);

      const runs = await Promise.all([bed.workspace.spawn('poll', '--once'), bed.workspace.spawn('poll', '--once')]);

      expect(runs.map((run) => run.code), runs.map((run) => run.stderr).join('\n')).toEqual([0, 0]);
      expect(paths.map((path) => bed.server.requests(path).length)).toEqual(paths.map(() => 1));
      const expected = paths.flatMap((_, n) =>
        Array.from({ length: ITEMS }, (_, k) => `C0DESK${n % CHANNELS} ${generatedItem(n, k, EPOCH).title}`),
      );
      // Between them the two polled each feed once (their cycle lines say how many). How they split
      // depends on the machine: under load one may claim every feed before the other starts.
      const polled = runs.map((run) => Number(/polled (\d+) feeds?/u.exec(run.stderr)?.[1] ?? 0));
      expect(polled[0]! + polled[1]!, `feeds polled per process: ${polled.join(', ')}`).toBe(FEEDS);
      // Each alert is one chat.postMessage, its text's first line the headline and its outlet.
      const posts = slack.calls().filter((call) => call.method === 'chat.postMessage');
      expect(posts.map((call) => `${String(call.body.channel)} ${String(call.body.text).split('\n')[0]!.replace(/ \([^)]*\)$/u, '')}`).sort()).toEqual(expected.sort());
      expect(slack.calls().filter((call) => call.method === 'chat.update')).toEqual([]);
      const store = new pg.Client({ connectionString: url.toString() });
      await store.connect();
      try {
        const { rows } = await store.query<{ status: string; n: string }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
        expect(Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))).toEqual({ sent: FEEDS * ITEMS });
        // No message lists one outlet twice.
        const sources = await store.query<{ names: string[] }>("SELECT ARRAY(SELECT jsonb_array_elements(alert -> 'sources') ->> 'name') AS names FROM outbox");
        expect(sources.rows.filter((row) => new Set(row.names).size !== row.names.length)).toEqual([]);
        // And each lists its one outlet: every entry is a story of its own.
        expect(sources.rows.filter((row) => row.names.length !== 1 || !/^District \d+ bulletin$/u.test(row.names[0]!))).toEqual([]);
      } finally {
        await store.end();
      }
    } finally {
      await slack.close();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });
});
