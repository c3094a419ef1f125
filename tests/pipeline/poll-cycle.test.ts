// The claim/refill loop of a polling cycle against an in-memory claim queue: no store server,
// no network. Workers claim a little more than they can start, refill while they poll, and stop
// once a claim comes back short.
import { describe, expect, it } from 'vitest';
import type { FeedRecord } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { FEEDS_PER_FETCH_SLOT, pollDueFeeds, type PollOne } from '../../src/pipeline/poll-cycle.ts';
import type { PollDependencies, PollReport } from '../../src/pipeline/poll-feed.ts';

const NOW = Date.UTC(2025, 4, 12, 6);

function feedRecord(id: string): FeedRecord {
  return { id, url: `https://${id}.test/feed.xml` } as FeedRecord;
}

/** Due feeds handed out in claim order, as a store with one process would. */
function claimQueue(count: number) {
  const due = Array.from({ length: count }, (_, i) => feedRecord(`feed-${i}`));
  const claims: number[] = [];
  const store = {
    async claimDueFeeds(_dueBy: number, limit: number): Promise<FeedRecord[]> {
      claims.push(limit);
      return due.splice(0, limit);
    },
  };
  const deps = { store, log: silentLogger(), now: () => NOW } as unknown as PollDependencies;
  return { deps, claims };
}

/** Polls that end when the test says, counting how many run at once. */
function countingPoll() {
  let running = 0;
  let most = 0;
  const polled: string[] = [];
  const pollOne: PollOne = async (feed) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    polled.push(feed.id);
    return { feedId: feed.id, outcome: 'unchanged' } as PollReport;
  };
  return { pollOne, polled, most: () => most };
}

describe('pollDueFeeds', () => {
  it('polls every due feed once, claiming half of what it can start at a time, and stops at a short claim', async () => {
    const { deps, claims } = claimQueue(23);
    const polls = countingPoll();
    const reports = await pollDueFeeds(deps, { concurrency: 2 }, polls.pollOne);

    expect(polls.polled.sort()).toEqual(Array.from({ length: 23 }, (_, i) => `feed-${i}`).sort());
    expect(reports).toHaveLength(23);
    const batch = (2 * FEEDS_PER_FETCH_SLOT) / 2;
    expect(claims.every((limit) => limit === batch)).toBe(true);
    // 23 feeds in claims of 2: eleven full ones, then the short one that ends the cycle.
    expect(claims).toHaveLength(Math.ceil(23 / batch));
    expect(polls.most()).toBeLessThanOrEqual(2 * FEEDS_PER_FETCH_SLOT);
  });

  it('claims only what was due when it started: a cycle longer than the poll interval still ends', async () => {
    let clock = NOW;
    const dueBys: number[] = [];
    const { deps } = claimQueue(12);
    const claim = deps.store.claimDueFeeds.bind(deps.store);
    deps.store.claimDueFeeds = async (dueBy, limit, leaseUntil) => {
      dueBys.push(dueBy);
      return claim(dueBy, limit, leaseUntil);
    };
    deps.now = () => clock;
    // Each poll takes 45 s: with a 30 s interval, every feed polled so far is due again.
    const pollOne: PollOne = async (feed) => {
      clock += 45_000;
      return { feedId: feed.id, outcome: 'unchanged' } as PollReport;
    };
    expect(await pollDueFeeds(deps, { concurrency: 1 }, pollOne)).toHaveLength(12);
    expect(dueBys.length).toBeGreaterThan(1);
    expect(new Set(dueBys)).toEqual(new Set([NOW]));
  });

  it('claims once and polls nothing when nothing is due', async () => {
    const { deps, claims } = claimQueue(0);
    const polls = countingPoll();
    expect(await pollDueFeeds(deps, { concurrency: 4 }, polls.pollOne)).toEqual([]);
    expect(claims).toEqual([(4 * FEEDS_PER_FETCH_SLOT) / 2]);
  });

  it('with all, claims every feed at once', async () => {
    const { deps, claims } = claimQueue(9);
    const polls = countingPoll();
    expect(await pollDueFeeds(deps, { concurrency: 1, all: true }, polls.pollOne)).toHaveLength(9);
    expect(claims).toEqual([Number.MAX_SAFE_INTEGER]);
    expect(polls.most()).toBeLessThanOrEqual(FEEDS_PER_FETCH_SLOT);
  });
});
