// write-bytes: the estimate that sizes batched store writes counts each item's text byte for
// byte, and ranks rows by what they cost to write: a cleaned item far above an entry only
// recorded, which is above a 304.
import { describe, expect, it } from 'vitest';
import type { FeedRecord, Item } from '../../src/domain/types.ts';
import type { PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { notModifiedBytes, polledFeedBytes } from '../../src/pipeline/write-bytes.ts';
import type { RecordedEntry } from '../../src/store/store.ts';
import { item } from '../store/records.ts';

function polled(items: Item[], recorded: RecordedEntry[] = []): PolledFeed {
  return { feed: { id: 'gazette' } as FeedRecord, etag: null, lastModified: null, title: null, items, recorded, seen: new Map() };
}

const entry = (key: string): RecordedEntry => ({ key, contentHash: 'a'.repeat(64), previousHash: null });

describe('polledFeedBytes', () => {
  it('counts the text, summary and title of each item byte for byte', () => {
    const short = polledFeedBytes(polled([item({ key: 'a', title: 'Ferry strike', summary: 'Crews walk out.', text: 'Crews walk out.' })]));
    const long = polledFeedBytes(polled([item({ key: 'a', title: 'Ferry strike ends', summary: 'Crews walk out today.', text: `Crews walk out.${'x'.repeat(10_000)}` })]));
    expect(long - short).toBe(5 + 6 + 10_000);
  });

  it('weighs a cleaned item far above an entry only recorded, and that above a 304', () => {
    const empty = polledFeedBytes(polled([]));
    const cleaned = polledFeedBytes(polled([item({ key: 'a', title: '', summary: '', text: '' })])) - empty;
    const recorded = polledFeedBytes(polled([], [entry('a')])) - empty;
    expect(cleaned).toBeGreaterThan(10 * recorded);
    expect(recorded).toBeGreaterThan(notModifiedBytes());
    expect(notModifiedBytes()).toBeGreaterThan(0);
  });

  it('counts every entry a feed records', () => {
    const entries = Array.from({ length: 200 }, (_, index) => entry(`e${index}`));
    const rows = (count: number): number => polledFeedBytes(polled([], entries.slice(0, count))) - polledFeedBytes(polled([]));
    expect(rows(200)).toBe(2 * rows(100));
  });
});
