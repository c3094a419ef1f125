// Every fixture feed, whole and cut short at several points, through one real poll (local HTTP
// server, guarded fetch, decoding, parsing, normalizing, SQLite): a feed either yields items or
// fails with a coded feed error whose message names the problem, never an internal TypeError.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies } from '../../src/pipeline/commit-batch.ts';
import { pollFeed, type PollDependencies, type PollReport } from '../../src/pipeline/poll-feed.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const NOW = Date.UTC(2024, 5, 20, 12);
const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);
const names = readdirSync(FIXTURES).filter((name) => name !== 'README.md');

let server: FeedServer;
let store: SqliteStore;

beforeAll(async () => {
  server = await startFeedServer();
  store = SqliteStore.open(':memory:');
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  await server.close();
});

function deps(): PollDependencies {
  const batch: BatchDependencies = {
    store,
    router: new SubscriptionRouter({}),
    stories: new StoryIndex({ windowMs: 48 * 3_600_000, titleThreshold: 0.8, leadThreshold: 0.8 }),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => NOW,
  };
  return {
    store,
    limits: { timeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivateAddresses: true, allowedPorts: [server.port], userAgent: 'HeraldTest/1' },
    summaryLength: 280,
    maxItems: 50,
    // Every entry is cleaned, old or not: cleaning broken feeds is what this test is about.
    seeding: { backfill: Number.MAX_SAFE_INTEGER, windowMs: 48 * 3_600_000 },
    commit: async (polled) => (await commitBatch([polled], batch))[0]!,
    recordNotModified: (poll) => void store.recordNotModified([poll]),
    log: silentLogger(),
    now: () => NOW,
  };
}

let served = 0;

/** Serves `body` with no charset (so decoding has to find it) and polls it as a new feed. */
async function pollBody(body: Buffer, contentType: string): Promise<PollReport> {
  served += 1;
  const path = `/feed-${served}`;
  server.route(path, { body, contentType, etag: false });
  const feed = (await store.addFeed({ id: `feed-${served}`, url: server.url(path), name: null, intervalMs: 3_600_000 }, NOW))!;
  return pollFeed(feed, deps(), (fetch) => fetch());
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.json')) return 'application/feed+json';
  if (name.endsWith('.html')) return 'text/html';
  return 'application/xml';
}

function expectCodedOutcome(report: PollReport, what: string): void {
  if (report.outcome !== 'failed') return;
  expect(report.errorCode, what).not.toBe('unexpected');
  expect(report.errorCode, what).toMatch(/^[a-z_]+$/);
  expect(report.error, what).not.toMatch(/TypeError|Cannot read|undefined|\[object Object\]/);
}

describe('every fixture through a real poll', () => {
  it.each(names)('%s: yields items, or (only the HTML page) a coded refusal', async (name) => {
    const report = await pollBody(readFileSync(new URL(name, FIXTURES)), contentTypeOf(name));
    expectCodedOutcome(report, name);
    if (name === 'not-a-feed.html') {
      expect(report.errorCode).toBe('parse_failed');
      return;
    }
    expect(report, name).toMatchObject({ outcome: 'seeded', error: null });
    expect(report.items, name).toBeGreaterThan(0);
  });

  it('cut short anywhere, every fixture still polls to items or a coded feed error', async () => {
    for (const name of names) {
      const bytes = readFileSync(new URL(name, FIXTURES));
      for (const fraction of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
        expectCodedOutcome(await pollBody(cut, contentTypeOf(name)), `${name} cut at ${fraction}`);
      }
    }
  });
});
