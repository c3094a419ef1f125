// Retention's schedule side: the cutoffs the config gives, and the loop that prunes in bounded
// batches until nothing past its cutoff is left.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { pruneCutoffs, pruneStore } from '../../src/scheduler/retention.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { commitPoll, feedDefinition, pollCommit, story, storySource, T0 } from '../store/records.ts';

const DAY = 86_400_000;
const NOW = T0 + 365 * DAY;

describe('retention cutoffs', () => {
  it('defaults: seen items 30 d, stories 7 d, sent alerts 14 d, dead letters 30 d, notices 14 d', () => {
    const config = parseConfigText('feeds: []\n', {}, 'test.yaml');
    expect(pruneCutoffs(config, NOW)).toEqual({
      seenItemsBefore: NOW - 30 * DAY,
      storiesUpdatedBefore: NOW - 7 * DAY,
      sentOutboxBefore: NOW - 14 * DAY,
      deadOutboxBefore: NOW - 30 * DAY,
      noticesBefore: NOW - 14 * DAY,
    });
  });

  it('reads durations from the config', () => {
    const config = parseConfigText('retention: { seenItems: 60d, stories: 3d, sentAlerts: 2d, deadAlerts: 90d, notices: 12h }\n', {}, 'test.yaml');
    expect(pruneCutoffs(config, NOW)).toEqual({
      seenItemsBefore: NOW - 60 * DAY,
      storiesUpdatedBefore: NOW - 3 * DAY,
      sentOutboxBefore: NOW - 2 * DAY,
      deadOutboxBefore: NOW - 90 * DAY,
      noticesBefore: NOW - 12 * 3_600_000,
    });
  });

  it('keeps stories a day past the dedup window even when retention.stories is shorter', () => {
    const config = parseConfigText('dedup: { window: 5d }\nretention: { stories: 1d }\n', {}, 'test.yaml');
    expect(pruneCutoffs(config, NOW).storiesUpdatedBefore).toBe(NOW - 6 * DAY);
  });

  it('names a bad duration and how to write it', () => {
    expect(() => parseConfigText('retention: { notices: forever }\n', {}, 'test.yaml')).toThrow(/retention\.notices[\s\S]*'forever' is not a duration/);
  });
});

describe('pruneStore', () => {
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('repeats bounded batches until a batch comes back short, and totals them', async () => {
    store = SqliteStore.open(':memory:');
    await store.migrate();
    await store.syncConfigFeeds([feedDefinition()], T0);
    const stories = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      story({ id: `story-${id}`, sources: [storySource({ itemKey: id, url: `https://news.example.test/${id}` })] }),
    );
    await commitPoll(store, pollCommit({ stories }));
    const cutoffs = { seenItemsBefore: NOW, storiesUpdatedBefore: NOW, sentOutboxBefore: NOW, deadOutboxBefore: NOW, noticesBefore: NOW };

    expect(await pruneStore(store, cutoffs, silentLogger(), 2)).toEqual({ seenItems: 0, stories: 5, sentOutbox: 0, deadOutbox: 0, notices: 0 });
    expect(await store.recentStories(0)).toEqual([]);
  });
});
