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
//
// A story is compared as a whole, not by its first item: it keeps the fingerprints of up to
// MAX_MEMBERS of its items (the first distinct ones: a shortened headline that arrived first
// does not stop the full one, nor the copies that match the full one) and the feeds it came
// from, so a feed's own items never fold into one another.
import { foldForCompare } from '../text/fold.ts';
import { splitSentences } from '../text/sentences.ts';
import { LEAD_CHARS } from './feed-boilerplate.ts';
import { headlineNumbers, headlineWords, leadWords, shingles, withoutStopwords } from './words.ts';

/** Rows per signature: with 16-bit values a signature is 128 bytes, 172 characters serialized. */
export const SIGNATURE_SIZE = 64;
/** Member fingerprints kept per story: enough for the headline variants of a syndicated story. */
export const MAX_MEMBERS = 8;
/** Feeds remembered per story; a story carried by more feeds than this is wire copy, not one feed's. */
const MAX_FEEDS = 64;
const LEGACY_VERSION = 'm1';
const VERSION = 's2';
// Headlines are compared on their content words (singles and pairs, so word order counts a
// little); leads on word pairs, which keep some word order yet survive light editing.
const MIN_TITLE_WORDS = 3;
const LEAD_WORDS = 40;
const LEAD_SHINGLE = 2;
const MIN_LEAD_WORDS = 8;
// A headline has a handful of figures; more, or longer ones, are not what tells stories apart.
const MAX_NUMBERS = 8;
const MAX_NUMBER_LENGTH = 24;

/** One item's part of a story fingerprint. */
export interface Member {
  /** The numbers, versions, scores and dates of the headline, folded (words.ts headlineNumbers). */
  numbers: readonly string[];
  title: Uint16Array | null;
  lead: Uint16Array | null;
}

/** What the index keeps of a story. */
export interface StoryPrint {
  /** Tags (feedTag) of the feeds its items came from; empty in fingerprints stored before feeds were kept. */
  feeds: string[];
  members: Member[];
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

const tag = (value: string): string => hashString(value).toString(36);

/** A short stable tag for a feed id, so a stored fingerprint does not repeat long ids. */
export function feedTag(feedId: string): string {
  return tag(feedId);
}

/** The headline's shingles, or null when it has too few content words to identify a story. */
export function titleFeatures(title: string): string[] | null {
  const words = withoutStopwords(headlineWords(title));
  if (words.length < MIN_TITLE_WORDS) return null;
  return [...shingles(words, 1), ...shingles(words, 2)];
}

/**
 * The opening of the text without the sentences its feed repeats across items (see
 * feed-boilerplate.ts); the lead is its first words, so the rest of an article is not split.
 */
function withoutSentences(text: string, boilerplate: ReadonlySet<string>): string {
  if (boilerplate.size === 0) return text;
  return splitSentences(text.slice(0, LEAD_CHARS))
    .filter((sentence) => !boilerplate.has(foldForCompare(sentence)))
    .join('');
}

/**
 * The lead's shingles, or null when it is too short to identify a story. Sentences in
 * `boilerplate` (folded) are the feed's own chrome and do not count.
 */
export function leadFeatures(summary: string, text: string, boilerplate: ReadonlySet<string> = new Set()): string[] | null {
  // The summary is the lead when it has one (leadWords); the text is only cleaned without it.
  const fromSummary = withoutSentences(summary, boilerplate);
  const words = leadWords(fromSummary, fromSummary.trim() === '' ? withoutSentences(text, boilerplate) : '', LEAD_WORDS);
  if (words.length < MIN_LEAD_WORDS) return null;
  return shingles(words, LEAD_SHINGLE);
}

/** The item's member fingerprint; `boilerplate` holds the folded sentences its feed repeats. */
export function memberOf(item: { title: string; summary: string; text: string }, boilerplate: ReadonlySet<string> = new Set()): Member {
  const title = titleFeatures(item.title);
  const lead = leadFeatures(item.summary, item.text, boilerplate);
  return {
    numbers: [...new Set(headlineNumbers(item.title).filter((value) => value.length <= MAX_NUMBER_LENGTH))].slice(0, MAX_NUMBERS),
    title: title && minhash(title),
    lead: lead && minhash(lead),
  };
}

/**
 * One figure restates the other: equal, or one the other made more precise or given a unit
 * ("2" / "2.3", "1.2" / "1.2bn"): the longer starts with the shorter and goes on with no digit.
 * "v2016" / "v201601" and "20" / "2" go on with a digit: different figures.
 */
function sameFigure(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && !/\p{N}/u.test(long.charAt(short.length));
}

/**
 * Two headlines that each carry a figure the other lacks are two stories: v201601 and v201603
 * of one release note, a 3-1 and a 2-1 result, the toll on two days. One adding a figure the
 * other leaves out ("Storm kills 12" / "Storm kills 12, injures 40"), or stating one more
 * precisely ("2 million" / "2.3 million" in an edited copy), is not a conflict.
 */
export function numbersConflict(a: readonly string[], b: readonly string[]): boolean {
  const lacks = (from: readonly string[], other: readonly string[]): boolean => from.some((x) => !other.some((y) => sameFigure(x, y)));
  return lacks(a, b) && lacks(b, a);
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

// Feed tags are base36, figures base64url: neither contains a separator (`~`, `.`, space).
const TAGS = /^[0-9A-Za-z_-]*$/u;

function tags(part: string): string[] | undefined {
  const list = part === '' ? [] : part.split('~');
  return list.every((value) => value !== '' && TAGS.test(value)) ? list : undefined;
}

/** Whether two members say the same: a copy that adds nothing to the story's representative set. */
export function sameMember(a: Member, b: Member): boolean {
  const same = (x: Uint16Array | null, y: Uint16Array | null): boolean => (x === null || y === null ? x === y : signatureSimilarity(x, y) === 1);
  return same(a.title, b.title) && same(a.lead, b.lead) && !numbersConflict(a.numbers, b.numbers);
}

/**
 * The story's fingerprint in its stored form: `s2 <feeds> <member> ...`, each member
 * `<numbers>.<title>.<lead>` (figures in base64url joined by `~`, signatures in base64url).
 */
export function encodeStory(print: StoryPrint): string {
  const members = print.members.map((member) =>
    [member.numbers.map((value) => Buffer.from(value).toString('base64url')).join('~'), encode(member.title), encode(member.lead)].join('.'),
  );
  return [VERSION, print.feeds.join('~'), ...members].join(' ');
}

/** The story with an item of feed `feed` added: the feed remembered, its member kept while there is room. */
export function withMember(print: StoryPrint, feed: string | null, member: Member): StoryPrint {
  const feeds = feed === null || print.feeds.includes(feed) || print.feeds.length >= MAX_FEEDS ? print.feeds : [...print.feeds, feed];
  const kept = print.members.length >= MAX_MEMBERS || print.members.some((known) => sameMember(known, member));
  return { feeds, members: kept ? print.members : [...print.members, member] };
}

function parseMember(part: string): Member | undefined {
  const [numbers, title, lead, extra] = part.split('.');
  if (numbers === undefined || extra !== undefined) return undefined;
  const numberTags = tags(numbers)?.map((value) => Buffer.from(value, 'base64url').toString());
  const titleSignature = decode(title);
  const leadSignature = decode(lead);
  if (!numberTags || titleSignature === undefined || leadSignature === undefined) return undefined;
  return { numbers: numberTags, title: titleSignature, lead: leadSignature };
}

/**
 * Reads a stored story fingerprint; null for null, for an unknown version, or for a damaged
 * string, so a story stored by another Herald simply stops matching by text instead of failing.
 * The single-item form of earlier versions (`m1.<title>.<lead>`) reads as a story of one member.
 */
export function parseFingerprint(value: string | null): StoryPrint | null {
  if (value === null) return null;
  if (value.startsWith(`${LEGACY_VERSION}.`)) {
    const [, title, lead, extra] = value.split('.');
    const titleSignature = decode(title);
    const leadSignature = decode(lead);
    if (extra !== undefined || titleSignature === undefined || leadSignature === undefined || (!titleSignature && !leadSignature)) return null;
    return { feeds: [], members: [{ numbers: [], title: titleSignature, lead: leadSignature }] };
  }
  const [version, feedPart, ...memberParts] = value.split(' ');
  if (version !== VERSION || feedPart === undefined || memberParts.length === 0 || memberParts.length > MAX_MEMBERS) return null;
  const feeds = tags(feedPart);
  const members = memberParts.map(parseMember);
  if (!feeds || members.some((member) => member === undefined)) return null;
  return { feeds, members: members as Member[] };
}

/** Estimated Jaccard similarity of the two shingle sets: the share of rows that agree. */
export function signatureSimilarity(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  for (let row = 0; row < SIGNATURE_SIZE; row++) if (a[row] === b[row]) same++;
  return same / SIGNATURE_SIZE;
}
