// Story assignment throughput with 1k, 10k and 100k open stories in the window: the cost of one
// item must not grow with the number of open stories (issue 16 asks 100k/1k >= 1/2).
// Baseline in the same run: fingerprinting alone (the floor any assignment pays).
// The index is filled through assignStory itself, so the script runs unchanged against an
// older Herald (a git worktree of main) for a before/after in one sitting.
// Run: node --expose-gc --import tsx bench/dedup/throughput.ts [sizes, e.g. 1000,10000,100000]
import { assignStory } from '../../src/dedup/assign.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { Item } from '../../src/domain/types.ts';
import { cpuMs, median, random, words } from './synthetic.ts';

const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const ITEMS = 4_000;
const ROUNDS = 3;
const FEEDS = 400;
const NOW = 1_700_000_000_000;

let serial = 0;
// One story in 20 is a recurring column of its feed: the same headline over a new lead, the
// shape that makes buckets grow with the number of open stories when nothing caps them.
function story(feed: number): Item {
  const n = serial++;
  const summary = `${words(35)}.`;
  const title = n % 20 === 0 ? `Evening roundup ${feed} the day in five stories` : words(9);
  return { title, summary, text: `${summary} ${words(60)}.`, feedId: `f${feed}`, key: `k${n}`, url: null, published: null, categories: [], author: null, sourceName: 'Bench', contentHash: '' };
}

// A copy comes from an outlet that has not carried the story yet (a feed never carries one
// story twice, and Herald keeps a feed's items apart).
function copyOf(original: Item): Item {
  const n = serial++;
  return { ...original, title: `${original.title} - Harbour Courier`, feedId: `outlet-${n}`, key: `k${n}` };
}

const heap = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

console.log(`node ${process.version}, ${ITEMS} items per round (half copies of open stories, half new), ${ROUNDS} rounds`);
console.log('| open stories | assignStory items per CPU second (median) | rounds | copies joined | index heap |');
console.log('|---|---|---|---|---|');
for (const size of SIZES) {
  let next = 0;
  const before = heap();
  const index = new StoryIndex({ windowMs: 48 * 3_600_000, titleThreshold: 0.7, leadThreshold: 0.5 });
  const context = { storyIdByUrl: new Map<string, string>(), index, now: NOW, newStoryId: () => `s${next++}` };
  const open: Item[] = [];
  for (let i = 0; i < size; i++) {
    const item = story(i % FEEDS);
    open.push(item);
    assignStory(item, context);
  }
  const indexBytes = heap() - before;
  const rates: number[] = [];
  let joined = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const items = Array.from({ length: ITEMS }, (_, i) => (i % 2 === 0 ? story(i % FEEDS) : copyOf(open[Math.floor(random() * open.length)]!)));
    const { cpu } = await cpuMs(() => {
      for (const [i, item] of items.entries()) {
        const result = assignStory(item, context);
        if (i % 2 === 1 && !result.created) joined++;
      }
    });
    rates.push(ITEMS / (cpu / 1000));
  }
  console.log(`| ${size.toLocaleString('en')} | ${Math.round(median(rates)).toLocaleString('en')} | ${rates.map(Math.round).join(', ')} | ${joined} of ${(ITEMS / 2) * ROUNDS} | ${(indexBytes / 1024 / 1024).toFixed(1)} MiB |`);
}
