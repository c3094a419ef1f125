// Two real Herald processes against one PostgreSQL schema and a local farm of 300 feeds: they
// split each cycle between them (row leases), poll every feed once per interval, deliver every
// matched alert exactly once between them, and when one is SIGKILLed mid-cycle the other takes
// over its leased feeds once the lease runs out. Each process has its own clock, moved on by
// command, so intervals and lease expiry pass without waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS_PER_FETCH_SLOT } from '../../src/pipeline/poll-cycle.ts';
import { databaseUrl, dropSchema, freshSchemaName } from '../store/postgres-schema.ts';
import { FeedFarm } from './feed-farm.ts';
import { generatedItem } from './generated-feeds.ts';
import { HeraldChild, type DeliveredLine } from './herald-child.ts';
import { databaseUrlWithSchema, writeScaleConfig } from './scale-config.ts';

const FEEDS = 300;
const ITEMS = 5;
const CONCURRENCY = 8;
// A process has at most this many feeds past their claim and not yet written: in flight (fetched
// or waiting for their batched write), plus up to one and a half claim batches queued.
const IN_FLIGHT = CONCURRENCY * FEEDS_PER_FETCH_SLOT;
const MOST_LEASED = IN_FLIGHT + (3 * IN_FLIGHT) / 4;
const HOUR = 3_600_000;
// pollDueFeeds' default lease is 5 minutes; a minute more and every lease has run out.
const PAST_LEASE = 6 * 60_000;
const EPOCH = Date.UTC(2026, 0, 5);

if (!databaseUrl) console.warn('two-process scale test skipped: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it');

/** The url of the entry revision `revision` added to every feed. */
function publishedUrls(revision: number): string[] {
  return Array.from({ length: FEEDS }, (_, feed) => generatedItem(feed, ITEMS + revision - 1, EPOCH).link).sort();
}

// delivery.concurrency's default: how many channels one process sends to at once.
const DELIVERY_CONCURRENCY = 8;

function urls(lines: DeliveredLine[]): string[] {
  return lines.map((line) => line.url ?? '').sort();
}

describe.skipIf(!databaseUrl)('two Herald processes on one PostgreSQL', { timeout: 60_000 }, () => {
  const schema = freshSchemaName();
  let farm: FeedFarm;
  let dir: string;
  let a: HeraldChild;
  let b: HeraldChild;

  beforeAll(async () => {
    farm = await new FeedFarm({ feeds: FEEDS, items: ITEMS, epoch: EPOCH }).start();
    dir = mkdtempSync(join(tmpdir(), 'herald-scale-'));
    const configPath = writeScaleConfig(farm, { dir, concurrency: CONCURRENCY, interval: '1h' });
    const env = { PATH: process.env.PATH, DATABASE_URL: await databaseUrlWithSchema(databaseUrl!, schema), LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([HeraldChild.start('process A', configPath, env), HeraldChild.start('process B', configPath, env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await farm?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await dropSchema(databaseUrl!, schema);
  }, 30_000);

  it('splits each cycle: every feed polled once per interval, every alert delivered once', async () => {
    const [seedA, seedB] = await Promise.all([a.cycle(), b.cycle()]);
    expect(farm.snapshot()).toEqual(new Array(FEEDS).fill(1));
    expect([...seedA.polled, ...seedB.polled].sort()).toEqual(Array.from({ length: FEEDS }, (_, feed) => `f${feed}`).sort());
    expect(seedA.polled.length).toBeGreaterThan(0);
    expect(seedB.polled.length).toBeGreaterThan(0);
    // The first poll of a feed seeds it: nothing to deliver.
    expect([...a.delivered, ...b.delivered]).toEqual([]);

    // Nothing is due again within the interval.
    const [idleA, idleB] = await Promise.all([a.cycle(), b.cycle()]);
    expect([...idleA.polled, ...idleB.polled]).toEqual([]);
    expect(farm.requests()).toBe(FEEDS);

    farm.publish();
    await Promise.all([a.advance(HOUR), b.advance(HOUR)]);
    const [nextA, nextB] = await Promise.all([a.cycle(), b.cycle()]);
    expect(nextA.polled.length + nextB.polled.length).toBe(FEEDS);
    expect(farm.snapshot()).toEqual(new Array(FEEDS).fill(2));
    const delivered = [...a.delivered, ...b.delivered];
    expect(urls(delivered)).toEqual(publishedUrls(1));
    expect(new Set(delivered.map((line) => `${line.subscription}:${line.storyId}`)).size).toBe(FEEDS);
  });

  it('finishes the leased work of a process killed mid-cycle once its leases expire', async () => {
    farm.publish();
    await Promise.all([a.advance(HOUR), b.advance(HOUR)]);
    const before = farm.snapshot();
    const deliveredBefore = { a: a.delivered.length, b: b.delivered.length };
    const killAt = farm.requests() + FEEDS / 3;
    const killed = new Promise<void>((resolve) => {
      const onRequest = (): void => {
        if (farm.requests() < killAt) return;
        farm.off('request', onRequest);
        resolve(a.kill());
      };
      farm.on('request', onRequest);
    });
    const cycleOfA = a.cycle().then(
      () => 'finished',
      () => 'killed',
    );
    await killed;
    expect(await cycleOfA).toBe('killed');

    // B takes what A never claimed; A's leased feeds stay hidden until their lease runs out.
    const during = await b.cycle();
    expect(during.polled.length).toBeLessThan(FEEDS - FEEDS / 3 + 1);
    await b.advance(PAST_LEASE);
    const after = await b.cycle();
    expect(after.polled.length).toBeGreaterThan(0);
    expect(after.polled.length).toBeLessThanOrEqual(MOST_LEASED);
    expect(new Set([...during.polled, ...after.polled]).size).toBe(during.polled.length + after.polled.length);

    // Every feed was fetched in this interval; only those A had in flight when it died, twice.
    const fetches = farm.snapshot().map((count, feed) => count - before[feed]!);
    expect(fetches.every((count) => count === 1 || count === 2)).toBe(true);
    expect(fetches.filter((count) => count === 2).length).toBeLessThanOrEqual(IN_FLIGHT);
    // A delivered the alerts of the feeds it had committed before it died (a feed's alerts go out
    // as soon as its poll is stored); B delivered the rest, so every new entry went out. A repeat
    // is only the README's one window: a line A wrote as it was killed, before it stored the
    // acknowledgement, sent again by B after the lease; at most one per channel A was sending to.
    const byA = a.delivered.slice(deliveredBefore.a);
    const delivered = [...byA, ...b.delivered.slice(deliveredBefore.b)];
    expect([...new Set(urls(delivered))]).toEqual(publishedUrls(2));
    const repeated = urls(delivered).filter((url, index, all) => all[index - 1] === url);
    expect(repeated.length).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    expect(repeated.every((url) => urls(byA).includes(url))).toBe(true);
    expect(new Set(delivered.map((line) => `${line.subscription}:${line.storyId}`)).size).toBe(FEEDS);
  });
});
