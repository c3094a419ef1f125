// The lines a person reads after each poll cycle.
import { describe, expect, it } from 'vitest';
import type { DeliveryReport } from '../../src/app.ts';
import { NAME_NOT_RESOLVED, cycleLines } from '../../src/cli/cycle-log.ts';
import { configSchema } from '../../src/config/schema.ts';
import { fetchFeed, fetchLimitsFromConfig } from '../../src/feeds/fetch.ts';
import type { PollReport } from '../../src/pipeline/poll-feed.ts';
import { fakeResolver } from '../fakes/feed-server.ts';

function report(feedId: string, fields: Partial<PollReport> = {}): PollReport {
  return {
    feedId,
    url: `https://${feedId}.example/rss`,
    outcome: 'unchanged',
    items: 0,
    newItems: 0,
    editedItems: 0,
    storiesJoined: 0,
    alertsQueued: 0,
    error: null,
    errorCode: null,
    durationMs: 5,
    fetchMs: 3,
    prepareMs: 1,
    ...fields,
  };
}

const unresolved = (host: string) => `feed https://${host}/rss: the host name '${host}' does not resolve; check the feed URL's host`;

function delivery(fields: Partial<DeliveryReport> = {}): DeliveryReport {
  return { sent: 0, held: 0, retried: 0, dead: 0, digests: { digests: 0, alerts: 0, retried: 0, dead: 0 }, notices: { sent: 0, retried: 0, dead: 0 }, ...fields };
}

const NOW = Date.parse('2026-12-03T08:00:00Z');

describe('cycleLines', () => {
  it('sums a cycle in one info line: feeds, new items, alerts sent (digests too), held, failed, next poll', () => {
    const reports = [
      report('a', { outcome: 'alerted', newItems: 3 }),
      report('b', { outcome: 'failed', error: 'feed https://b.example/rss refused the connection' }),
      report('c', { outcome: 'not_modified' }),
    ];
    const [line, ...rest] = cycleLines(reports, delivery({ sent: 2, held: 1, digests: { digests: 1, alerts: 4, retried: 0, dead: 0 } }), {
      backfill: 0,
      nextPollAt: NOW + 4 * 60_000,
      now: NOW,
    });
    expect(rest).toEqual([]);
    expect(line).toEqual({
      level: 'info',
      fields: { feeds: 3, newItems: 3, sent: 6, held: 1, failed: 1, nextPollAt: '2026-12-03T08:04:00.000Z' },
      msg: 'polled 3 feeds: 3 new items, 6 alerts sent, 1 held, 1 failed; next poll in 4m',
    });
  });

  it('counts one of each in the singular', () => {
    const [line] = cycleLines([report('a', { outcome: 'alerted', newItems: 1 })], delivery({ sent: 1 }), { backfill: 0, nextPollAt: null, now: NOW });
    expect(line?.msg).toBe('polled 1 feed: 1 new item, 1 alert sent, 0 held, 0 failed');
  });

  it('says what a first poll did: remembered, and alerts start with new stories', () => {
    const reports = [report('a', { outcome: 'seeded', newItems: 20 }), report('b', { outcome: 'seeded', newItems: 1 })];
    const lines = cycleLines(reports, delivery(), { backfill: 0, nextPollAt: null, now: NOW });
    expect(lines[0]?.msg).toBe('polled 2 feeds: 21 new items, 0 alerts sent, 0 held, 0 failed');
    expect(lines[1]).toEqual({
      level: 'info',
      fields: { feeds: ['a', 'b'], remembered: 21, backfill: 0 },
      msg: 'first poll of 2 feeds remembered 21 items already published; alerts start with the stories published from now on (set defaults.backfill to also post the newest few of a new feed)',
    });
    const withBackfill = cycleLines([reports[0]!], delivery(), { backfill: 3, nextPollAt: null, now: NOW });
    expect(withBackfill[1]?.msg).toContain("up to 3 of each new feed's newest items were alerted (defaults.backfill)");
  });

  it('suspects the network, and points to herald demo, only when every feed failed to resolve', () => {
    const offline = [report('a', { outcome: 'failed', error: unresolved('feeds.bbci.co.uk') }), report('b', { outcome: 'failed', error: unresolved('news.ycombinator.com') })];
    const lines = cycleLines(offline, delivery(), { backfill: 0, nextPollAt: null, now: NOW });
    expect(lines.at(-1)).toEqual({
      level: 'warn',
      fields: { feeds: 2 },
      msg: expect.stringMatching(/^no feed host name resolves: this machine seems to be offline .*`herald demo`/),
    });
    const oneHostDown = [offline[0]!, report('c', { outcome: 'alerted', newItems: 1 })];
    expect(cycleLines(oneHostDown, delivery(), { backfill: 0, nextPollAt: null, now: NOW }).map((line) => line.level)).toEqual(['info']);
    const otherFailure = [offline[0]!, report('d', { outcome: 'failed', error: 'feed https://d.example/rss refused the connection' })];
    expect(cycleLines(otherFailure, delivery(), { backfill: 0, nextPollAt: null, now: NOW })).toHaveLength(1);
    expect(cycleLines([], delivery(), { backfill: 0, nextPollAt: null, now: NOW })).toHaveLength(1);
  });
});

it('keys the offline hint on the words the fetch really uses for a host name that does not resolve', async () => {
  const limits = fetchLimitsFromConfig(configSchema.parse({}).fetch);
  await expect(fetchFeed('https://feeds.offline.test/rss', { etag: null, lastModified: null }, limits, { lookup: fakeResolver({}) })).rejects.toThrow(NAME_NOT_RESOLVED);
});
