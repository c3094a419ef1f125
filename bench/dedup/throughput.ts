// Story assignment throughput with 100k stories in the window, and the index's memory.
// Baseline in the same run: fingerprinting alone (the floor any assignment pays).
// Run: node --expose-gc --import tsx bench/dedup/throughput.ts
import { performance } from 'node:perf_hooks';
import { assignStory } from '../../src/dedup/assign.ts';
import { fingerprintItem } from '../../src/dedup/fingerprint.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { Item } from '../../src/domain/types.ts';

const STORIES = 100_000;
const ITEMS = 5_000;
const ROUNDS = 3;

// Deterministic synthetic news text: a Zipf-like vocabulary plus function words, so unrelated
// stories share common words and bigrams the way real leads do.
let seed = 0x5eed;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
const functionWords = ['the', 'of', 'in', 'to', 'a', 'and', 'on', 'said', 'for', 'with', 'after'];
const word = (): string => (random() < 0.3 ? functionWords[Math.floor(random() * functionWords.length)]! : vocabulary[Math.floor(vocabulary.length * random() ** 2)]!);
const words = (count: number): string => Array.from({ length: count }, word).join(' ');

function story(): { title: string; summary: string; text: string } {
  const summary = `${words(35)}.`;
  return { title: words(9), summary, text: `${summary} ${words(60)}.` };
}

function toItem(base: { title: string; summary: string; text: string }, n: number): Item {
  return { ...base, feedId: 'bench', key: `k${n}`, url: null, published: null, categories: [], author: null, sourceName: 'Bench', contentHash: '' };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const heap = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

const texts = Array.from({ length: STORIES }, story);
const fingerprints = texts.map(fingerprintItem);
const before = heap();
const index = new StoryIndex({ windowMs: 48 * 3_600_000, titleThreshold: 0.7, leadThreshold: 0.5 });
const now = 1_700_000_000_000;
fingerprints.forEach((fingerprint, i) => index.add({ id: `s${i}`, fingerprint, updatedAt: now - (i % 1000) }));
const indexBytes = heap() - before;

const baseline: number[] = [];
const assign: number[] = [];
let joined = 0;
for (let round = 0; round < ROUNDS; round++) {
  // Half the items are syndicated copies of indexed stories, half are new stories.
  const items = Array.from({ length: ITEMS }, (_, i) => {
    if (i % 2 === 0) return toItem(story(), i);
    const original = texts[Math.floor(random() * STORIES)]!;
    return toItem({ ...original, title: `${original.title} - Harbour Courier` }, i);
  });
  let start = performance.now();
  for (const item of items) fingerprintItem(item);
  baseline.push(ITEMS / ((performance.now() - start) / 1000));

  let next = 0;
  // Assigning into the shared index (a fresh 100k copy per round would double the memory) adds
  // 2.5k new stories per round, a few percent of its size.
  start = performance.now();
  for (const item of items) {
    const result = assignStory(item, { storyIdByUrl: new Map(), index, now, newStoryId: () => `n${round}-${next++}` });
    if (!result.created) joined++;
  }
  assign.push(ITEMS / ((performance.now() - start) / 1000));
}

console.log(`node ${process.version}, ${STORIES} stories indexed, ${ITEMS} items per round, ${ROUNDS} rounds`);
console.log(`index heap: ${(indexBytes / 1024 / 1024).toFixed(1)} MiB (${Math.round(indexBytes / STORIES)} bytes per story)`);
console.log(`fingerprintItem alone (baseline): median ${Math.round(median(baseline))} items/s  [${baseline.map(Math.round).join(', ')}]`);
console.log(`assignStory, 100k-story window: median ${Math.round(median(assign))} items/s  [${assign.map(Math.round).join(', ')}]`);
console.log(`joined an existing story: ${joined} of ${ITEMS * ROUNDS} (expected ${(ITEMS * ROUNDS) / 2} copies)`);
