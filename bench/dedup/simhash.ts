// The alternative the fingerprint was measured against: a 64-bit SimHash (Charikar) over the
// same shingles, similarity = share of equal bits. Bench-only; Herald uses MinHash.
import { createHash } from 'node:crypto';

function hash64(feature: string): bigint {
  return createHash('sha1').update(feature).digest().readBigUInt64LE(0);
}

export function simhash(features: readonly string[]): bigint {
  const weights = new Array<number>(64).fill(0);
  for (const feature of new Set(features)) {
    const hash = hash64(feature);
    for (let bit = 0; bit < 64; bit++) weights[bit]! += (hash >> BigInt(bit)) & 1n ? 1 : -1;
  }
  let result = 0n;
  for (let bit = 0; bit < 64; bit++) if (weights[bit]! > 0) result |= 1n << BigInt(bit);
  return result;
}

export function simhashSimilarity(a: bigint, b: bigint): number {
  let diff = a ^ b;
  let distance = 0;
  while (diff) {
    distance += Number(diff & 1n);
    diff >>= 1n;
  }
  return 1 - distance / 64;
}
