// Precision and recall of the near-duplicate detector on the labelled pairs, a threshold sweep,
// the shingle-size choice for leads, and MinHash against a SimHash baseline.
// Run: npx tsx bench/dedup/quality.ts [titleThreshold] [leadThreshold]
import { leadFeatures, memberOf, titleFeatures } from '../../src/dedup/fingerprint.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { leadWords, shingles, withoutStopwords } from '../../src/dedup/words.ts';
import { items, pairs, type BenchItem, type LabelledPair } from './pairs.ts';
import { simhash, simhashSimilarity } from './simhash.ts';

const chosenTitle = Number(process.argv[2] ?? 0.8);
const chosenLead = Number(process.argv[3] ?? 0.7);
const TITLES = [0.5, 0.6, 0.7, 0.8, 0.9];
const LEADS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function get(id: string): BenchItem {
  const found = items[id];
  if (!found) throw new Error(`pairs.ts names an unknown item '${id}'`);
  return found;
}

interface Score {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

function score(predict: (pair: LabelledPair) => boolean): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const pair of pairs) {
    const said = predict(pair);
    if (said && pair.duplicate) tp++;
    else if (said) fp++;
    else if (pair.duplicate) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), tp, fp, fn };
}

/** The real detector: story `a` in an index, item `b` looked up (LSH candidates included). */
function minhashDetector(titleThreshold: number, leadThreshold: number): (pair: LabelledPair) => boolean {
  return (pair) => {
    const index = new StoryIndex({ windowMs: 1, titleThreshold, leadThreshold });
    index.create('a', 'outlet-a', memberOf(get(pair.a)), 0);
    return index.findSimilar(memberOf(get(pair.b)), 0, 'outlet-b') !== null;
  };
}

// Same decision rule as StoryIndex, on SimHash similarities (leads that disagree veto a title match).
function simhashDetector(titleThreshold: number, leadThreshold: number): (pair: LabelledPair) => boolean {
  const sig = (features: string[] | null): bigint | null => (features ? simhash(features) : null);
  const sim = (x: bigint | null, y: bigint | null): number | null => (x !== null && y !== null ? simhashSimilarity(x, y) : null);
  return (pair) => {
    const a = get(pair.a);
    const b = get(pair.b);
    const title = sim(sig(titleFeatures(a.title)), sig(titleFeatures(b.title)));
    const lead = sim(sig(leadFeatures(a.summary, a.text)), sig(leadFeatures(b.summary, b.text)));
    if (lead !== null && lead >= leadThreshold) return true;
    return title !== null && title >= titleThreshold && (lead === null || lead >= 0.2);
  };
}

function bestOverGrid(make: (t: number, l: number) => (pair: LabelledPair) => boolean, titles: number[], leads: number[]): { t: number; l: number; s: Score } {
  let best: { t: number; l: number; s: Score } | null = null;
  for (const t of titles) for (const l of leads) {
    const s = score(make(t, l));
    if (!best || s.f1 > best.s.f1) best = { t, l, s };
  }
  return best!;
}

const pct = (x: number): string => x.toFixed(3);
const dups = pairs.filter((p) => p.duplicate).length;
console.log(`labelled pairs: ${pairs.length} (${dups} duplicate, ${pairs.length - dups} not), ${Object.keys(items).length} items\n`);

const chosen = score(minhashDetector(chosenTitle, chosenLead));
console.log(`## At titleThreshold ${chosenTitle}, leadThreshold ${chosenLead}`);
console.log(`precision ${pct(chosen.precision)}  recall ${pct(chosen.recall)}  F1 ${pct(chosen.f1)}  (tp ${chosen.tp}, fp ${chosen.fp}, fn ${chosen.fn})\n`);
console.log('| kind | label | pairs | said duplicate |\n|---|---|---|---|');
const detect = minhashDetector(chosenTitle, chosenLead);
for (const kind of [...new Set(pairs.map((p) => p.kind))]) {
  const ofKind = pairs.filter((p) => p.kind === kind);
  console.log(`| ${kind} | ${ofKind[0]!.duplicate ? 'dup' : 'not'} | ${ofKind.length} | ${ofKind.filter(detect).length} |`);
}

console.log('\n## Sweep (MinHash, the real index)\n| title | lead | precision | recall | F1 |\n|---|---|---|---|---|');
for (const t of TITLES) for (const l of LEADS) {
  const s = score(minhashDetector(t, l));
  console.log(`| ${t} | ${l} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} |`);
}

console.log('\n## Lead shingle size: exact Jaccard of the first 40 lead words');
console.log('(lowest over duplicates that share a lead: syndicated, reheadlined, edited; highest over non-duplicates)');
console.log('| shingle | lowest duplicate | highest non-duplicate | margin |\n|---|---|---|---|');
const jaccard = (x: string[], y: string[]): number => {
  const a = new Set(x);
  const b = new Set(y);
  let shared = 0;
  for (const v of a) if (b.has(v)) shared++;
  return shared / (a.size + b.size - shared);
};
const sharedLead = new Set(['syndicated', 'reheadlined', 'edited']);
for (const [name, features] of [
  ['1 word (no stopwords)', (w: string[]) => withoutStopwords(w)],
  ['2 words', (w: string[]) => shingles(w, 2)],
  ['3 words', (w: string[]) => shingles(w, 3)],
] as const) {
  const j = (p: LabelledPair): number => {
    const a = get(p.a);
    const b = get(p.b);
    return jaccard(features(leadWords(a.summary, a.text, 40)), features(leadWords(b.summary, b.text, 40)));
  };
  const low = Math.min(...pairs.filter((p) => p.duplicate && sharedLead.has(p.kind)).map(j));
  const high = Math.max(...pairs.filter((p) => !p.duplicate).map(j));
  console.log(`| ${name} | ${pct(low)} | ${pct(high)} | ${pct(low - high)} |`);
}

const fine = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const mh = bestOverGrid(minhashDetector, fine, fine);
const sh = bestOverGrid(simhashDetector, fine, fine);
console.log('\n## MinHash vs SimHash-64 on the same shingles: best F1 over a 10x10 threshold grid');
console.log('| fingerprint | best F1 | at title/lead | precision | recall |\n|---|---|---|---|---|');
console.log(`| MinHash 64x16 bit | ${pct(mh.s.f1)} | ${mh.t}/${mh.l} | ${pct(mh.s.precision)} | ${pct(mh.s.recall)} |`);
console.log(`| SimHash 64 bit | ${pct(sh.s.f1)} | ${sh.t}/${sh.l} | ${pct(sh.s.precision)} | ${pct(sh.s.recall)} |`);
