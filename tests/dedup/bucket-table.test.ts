import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketTable } from '../../src/dedup/bucket-table.ts';

// The table against the Map of arrays it replaced, on random adds and deletes over few keys
// (so buckets fill, overflow and empty) and over keys that collide in the low bits (so probe
// runs form and deletion has to shift entries back).
type Op = { kind: 'add' | 'delete'; key: number; slot: number };

function model(ops: Op[], cap: number): Map<number, number[]> {
  const buckets = new Map<number, number[]>();
  for (const { kind, key, slot } of ops) {
    const bucket = buckets.get(key) ?? [];
    if (kind === 'add') {
      if (bucket.includes(slot)) continue;
      if (bucket.length >= cap) bucket.splice(0, 1);
      buckets.set(key, [...bucket, slot]);
    } else {
      const rest = bucket.filter((s) => s !== slot);
      if (rest.length === 0) buckets.delete(key);
      else buckets.set(key, rest);
    }
  }
  return buckets;
}

function run(ops: Op[], cap: number): BucketTable {
  // Starting small, the table grows several times and its probe runs collide.
  const table = new BucketTable(4);
  for (const { kind, key, slot } of ops) {
    if (kind === 'add') table.add(key, slot, cap, () => 0);
    else table.delete(key, slot);
  }
  return table;
}

// Few slots, so deletes often empty a bucket and its cell has to go.
const ops = (keys: fc.Arbitrary<number>) =>
  fc.array(fc.record({ kind: fc.constantFrom<'add' | 'delete'>('add', 'add', 'delete'), key: keys, slot: fc.integer({ min: 0, max: 3 }) }), { minLength: 200, maxLength: 2000 });

describe('BucketTable', () => {
  it('holds what a Map of slot arrays would, oldest first, through growth and deletion', () => {
    const keySets = [
      fc.integer({ min: 0, max: 300 }),
      // Same low bits, different high bits: long probe runs.
      fc.integer({ min: 0, max: 4000 }).map((n) => (n * 0x10000) >>> 0),
      fc.integer({ min: 0, max: 0xffffffff }),
    ];
    for (const keys of keySets) {
      fc.assert(
        fc.property(ops(keys), fc.integer({ min: 2, max: 5 }), (list, cap) => {
          const expected = model(list, cap);
          const table = run(list, cap);
          expect(table.size).toBe(expected.size);
          for (const key of new Set(list.map((op) => op.key))) expect([...table.get(key)]).toEqual(expected.get(key) ?? []);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('gives up the slot `evict` picks when a bucket is full', () => {
    const table = new BucketTable();
    for (const slot of [7, 8, 9]) table.add(42, slot, 3, () => 0);
    table.add(42, 10, 3, (slots) => slots.indexOf(8));
    expect(table.get(42)).toEqual([7, 9, 10]);
  });
});
