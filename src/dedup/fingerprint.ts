// Near-duplicate fingerprints: a MinHash signature of the headline and one of the lead.
//
// Why MinHash and not SimHash: stories are decided by thresholds (config dedup.titleThreshold
// and dedup.leadThreshold), and the index must find every story above them among 100k without a
// scan. MinHash estimates the Jaccard overlap of the word shingles without bias, and its rows cut
// into LSH bands that catch a pair at 0.5 with probability 0.94 (0.994 at 0.6). SimHash has no
// such banding at these thresholds: 0.7 similarity is a Hamming distance of 19 of 64 bits, and
// pigeonhole bands for it are 3 bits wide, i.e. 8 buckets per band: a scan, not an index.
// Measured on the labelled pairs in bench/dedup (bench/README.md, "Dedup"), the two detect
// equally well: best F1 over a threshold grid 0.941 for MinHash, 0.955 for a 64-bit SimHash of
// the same shingles (two more rewritten copies caught, one false merge more); at the defaults
// MinHash has precision 1.000 and recall 0.889. So the index decides.
import { headlineWords, leadWords, shingles, withoutStopwords } from './words.ts';

/** Rows per signature: with 16-bit values a signature is 128 bytes, 172 characters serialized. */
export const SIGNATURE_SIZE = 64;
const VERSION = 'm1';
// Headlines are compared on their content words (singles and pairs, so word order counts a
// little); leads on word pairs, which keep some word order yet survive light editing.
const MIN_TITLE_WORDS = 3;
const LEAD_WORDS = 40;
const LEAD_SHINGLE = 2;
const MIN_LEAD_WORDS = 8;

export interface Fingerprint {
  title: Uint16Array | null;
  lead: Uint16Array | null;
}

// FNV-1a over UTF-16 units, then the murmur3 finalizer so nearby strings spread over all bits.
function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix(hash);
}

function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One seed per row: mix(hash ^ seed) is a different bijection of the 32-bit hashes for each seed.
const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, row) => mix(0x9e3779b9 + row * 0x632be5ab));

// b-bit MinHash: the minimum is taken over 32 bits and its low 16 bits kept; two different minima
// agree by chance once in 65536, far below the estimator's own error of ~0.05.
function minhash(features: readonly string[]): Uint16Array {
  const minima = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const feature of new Set(features)) {
    const hash = hashString(feature);
    for (let row = 0; row < SIGNATURE_SIZE; row++) {
      const value = mix(hash ^ SEEDS[row]!);
      if (value < minima[row]!) minima[row] = value;
    }
  }
  return Uint16Array.from(minima, (value) => value & 0xffff);
}

/** The headline's shingles, or null when it has too few content words to identify a story. */
export function titleFeatures(title: string): string[] | null {
  const words = withoutStopwords(headlineWords(title));
  if (words.length < MIN_TITLE_WORDS) return null;
  return [...shingles(words, 1), ...shingles(words, 2)];
}

/** The lead's shingles, or null when it is too short to identify a story. */
export function leadFeatures(summary: string, text: string): string[] | null {
  const words = leadWords(summary, text, LEAD_WORDS);
  if (words.length < MIN_LEAD_WORDS) return null;
  return shingles(words, LEAD_SHINGLE);
}

function encode(signature: Uint16Array | null): string {
  if (!signature) return '';
  const bytes = Buffer.alloc(signature.length * 2);
  signature.forEach((value, row) => bytes.writeUInt16LE(value, row * 2));
  return bytes.toString('base64url');
}

function decode(part: string | undefined): Uint16Array | null | undefined {
  if (part === undefined) return undefined;
  if (part === '') return null;
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.length !== SIGNATURE_SIZE * 2) return undefined;
  return Uint16Array.from({ length: SIGNATURE_SIZE }, (_, row) => bytes.readUInt16LE(row * 2));
}

/**
 * The item's fingerprint in its stored form (`m1.<title>.<lead>`), or null when neither the
 * headline (fewer than 3 content words) nor the lead (fewer than 8 words) says enough to tell
 * one story from another.
 */
export function fingerprintItem(item: { title: string; summary: string; text: string }): string | null {
  const title = titleFeatures(item.title);
  const lead = leadFeatures(item.summary, item.text);
  if (!title && !lead) return null;
  return `${VERSION}.${encode(title && minhash(title))}.${encode(lead && minhash(lead))}`;
}

/**
 * Reads a stored fingerprint; null for null, for another version, or for a damaged string, so
 * a story stored by an older Herald simply stops matching by text instead of failing.
 */
export function parseFingerprint(value: string | null): Fingerprint | null {
  if (value === null) return null;
  const [version, titlePart, leadPart, extra] = value.split('.');
  if (version !== VERSION || extra !== undefined) return null;
  const title = decode(titlePart);
  const lead = decode(leadPart);
  if (title === undefined || lead === undefined || (!title && !lead)) return null;
  return { title, lead };
}

/** Estimated Jaccard similarity of the two shingle sets: the share of rows that agree. */
export function signatureSimilarity(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  for (let row = 0; row < SIGNATURE_SIZE; row++) if (a[row] === b[row]) same++;
  return same / SIGNATURE_SIZE;
}
