// Which entries a poll cleans into stories and which it only records (seed-entries.ts).
import { describe, expect, it } from 'vitest';
import { entryFate, recordedEntry, type EntryContext } from '../../src/pipeline/seed-entries.ts';
import type { PreparedEntry } from '../../src/feeds/normalize.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2024, 5, 20, 12);
const first: EntryContext = { firstPoll: true, now: NOW, policy: { backfill: 2, windowMs: 48 * HOUR } };
const entry = (publishedAt: number | null, rawHash = 'r1'): PreparedEntry => ({ key: 'k', rawHash, publishedAt });
const stored = (storyId: string | null, contentHash = 'c:r1') => ({ feedId: 'f', key: 'k', contentHash, storyId });

describe('entryFate on a first poll', () => {
  it('records an entry published before the window, past the backfill', () => {
    expect(entryFate(entry(NOW - 48 * HOUR - 1), 2, undefined, first)).toBe('record');
  });
  it('cleans an entry inside the window, an undated one, and the newest `backfill` ones however old', () => {
    expect(entryFate(entry(NOW - 48 * HOUR), 2, undefined, first)).toBe('clean');
    expect(entryFate(entry(null), 5, undefined, first)).toBe('clean');
    expect(entryFate(entry(NOW - 400 * HOUR), 1, undefined, first)).toBe('clean');
  });
});

describe('entryFate on a seeded feed', () => {
  const seeded = { ...first, firstPoll: false };
  it('cleans a new entry however old: a feed that publishes late still alerts', () => {
    expect(entryFate(entry(NOW - 400 * HOUR), 9, undefined, seeded)).toBe('clean');
  });
  it('leaves an unchanged entry, cleans a changed one with a story, records a changed one without', () => {
    expect(entryFate(entry(null), 0, stored('s1'), seeded)).toBe('unchanged');
    expect(entryFate(entry(null, 'r2'), 0, stored('s1'), seeded)).toBe('clean');
    expect(entryFate(entry(null, 'r2'), 0, stored(null, ':r1'), seeded)).toBe('record');
    expect(entryFate(entry(null), 0, stored(null, ':r1'), seeded)).toBe('unchanged');
  });
});

describe('recordedEntry', () => {
  it('keeps the raw hash alone, over the hash the poll found', () => {
    expect(recordedEntry(entry(null, 'r2'), stored(null, ':r1'))).toEqual({ key: 'k', contentHash: ':r2', previousHash: ':r1' });
    expect(recordedEntry(entry(null, 'r2'), undefined)).toEqual({ key: 'k', contentHash: ':r2', previousHash: null });
  });
});
