// The composition root in-process: what one cycle does, seen through its poll reports.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Herald } from '../../src/app.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { configSchema } from '../../src/config/schema.ts';
import { PassThrough } from 'node:stream';
import { createLogger, silentLogger } from '../../src/observability/logger.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { generatedRss } from '../scale/generated-feeds.ts';
import { subscription } from '../store/records.ts';

let server: FeedServer;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-app-'));
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('answers a 304 to the conditional GET of an unchanged feed, and a 304 costs no parse', async () => {
  server.route('/topic.xml', { body: readFileSync(join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml'), 'utf8') });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: [{ id: 'ledger', url: server.url('/topic.xml') }],
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  const herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined });
  try {
    const [first] = await herald.poll({ all: true });
    expect(first).toMatchObject({ feedId: 'ledger', outcome: 'seeded', items: 14 });
    const [second] = await herald.poll({ all: true });
    // not_modified is reported before any parsing: the report counts no items at all.
    expect(second).toMatchObject({ feedId: 'ledger', outcome: 'not_modified', items: 0, newItems: 0 });
    expect(server.requests('/topic.xml').map((request) => request.headers['if-none-match'])).toEqual([undefined, expect.any(String)]);
  } finally {
    await herald.close();
  }
});

it('writes a burst larger than one write batch in several writes, every entry once', async () => {
  // Four feeds of 150 entries of the last hours: each entry is cleaned and opens a story, about
  // 2.5 MB by write-bytes.ts, so two feeds are over the budget of one batch (4 MiB) and each
  // write carries one feed, however many finished together.
  const feeds = [0, 1, 2, 3];
  for (const feed of feeds) server.route(`/district-${feed}.xml`, { body: generatedRss(feed, { items: 150, revision: 0, epoch: Date.now() - 3 * 3_600_000 }) });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: feeds.map((feed) => ({ id: `district-${feed}`, url: server.url(`/district-${feed}.xml`) })),
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  const herald = await Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined });
  try {
    const commitPolls = vi.spyOn(herald.store, 'commitPolls');
    const reports = await herald.poll({ all: true });
    expect(reports.map((report) => [report.feedId, report.outcome, report.newItems])).toEqual(expect.arrayContaining(feeds.map((feed) => [`district-${feed}`, 'seeded', 150])));
    expect(commitPolls.mock.calls.map(([commits]) => commits.map((commit) => commit.feedId)).sort()).toEqual(feeds.map((feed) => [`district-${feed}`]));
    expect(await herald.store.seenItems('district-2', ['guid:feed-2-item-0', 'guid:feed-2-item-149'])).toHaveProperty('size', 2);
  } finally {
    await herald.close();
  }
});

it('reads the recent stories only when a feed changed: an unchanged body is neither parsed nor needs them', async () => {
  const feed = readFileSync(join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml'), 'utf8');
  server.route('/topic.xml', { body: feed, etag: false });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: [{ id: 'ledger', url: server.url('/topic.xml') }],
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  const start = () => Herald.start({ config, env: readEnvironment({}), log: silentLogger(), write: () => undefined });
  const first = await start();
  await first.poll({ all: true }).finally(() => first.close());

  // A new process, as each `poll --once` is: the same bytes again, then a changed feed.
  const herald = await start();
  try {
    const recentStories = vi.spyOn(herald.store, 'recentStories');
    expect(await herald.poll({ all: true })).toMatchObject([{ feedId: 'ledger', outcome: 'unchanged', items: 0 }]);
    expect(recentStories).not.toHaveBeenCalled();

    server.route('/topic.xml', { body: feed.replace('</channel>', '<item><guid>ledger-extra</guid><title>Harbour ledger adds a column</title><link>https://ledger.example.test/extra</link></item></channel>'), etag: false });
    expect(await herald.poll({ all: true })).toMatchObject([{ feedId: 'ledger', newItems: 1 }]);
    expect(recentStories).toHaveBeenCalledTimes(1);
  } finally {
    await herald.close();
  }
});

it('skips a stored subscription whose query no longer compiles, logs it once, and pauses it with a notice to its channel', async () => {
  server.route('/topic.xml', { body: readFileSync(join(import.meta.dirname, '../fixtures/feeds/topic-feed.xml'), 'utf8') });
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: server.fetchConfig(),
    feeds: [{ id: 'ledger', url: server.url('/topic.xml') }],
  });
  const lines: string[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const herald = await Herald.start({ config, env: readEnvironment({}), log: createLogger({ level: 'warn', destination: output }), write: () => undefined });
  try {
    await herald.store.addSubscription(subscription({ id: 'sub_stale', platform: 'console', workspace: null, channel: 'news', query: 'topic:removed-from-config' }));
    await herald.poll({ all: true });
    await herald.poll({ all: true });
    const warnings = lines.filter((line) => line.includes('subscription skipped'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('sub_stale');
    expect(warnings[0]).toContain('removed-from-config');

    // The channel is told once, and the subscription waits, paused, for someone to fix it.
    expect(await herald.store.getSubscription('sub_stale')).toMatchObject({ paused: true, pausedReason: expect.stringContaining('removed-from-config') });
    const notices = await herald.store.claimDueNotices(Date.now() + 3_600_000, 10, Number.MAX_SAFE_INTEGER);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ platform: 'console', channel: 'news' });
    expect(notices[0]!.text).toMatch(/paused subscription sub_stale .*removed-from-config.*'\/news resume'.*'\/news unsubscribe sub_stale'/);

    // Resumed while still broken: paused again, and told again.
    await herald.store.updateSubscription('sub_stale', { paused: false, pausedReason: null });
    await herald.poll({ all: true });
    expect(await herald.store.getSubscription('sub_stale')).toMatchObject({ paused: true });
    expect(await herald.store.claimDueNotices(Date.now() + 3_600_000, 10, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
  } finally {
    await herald.close();
  }
});
