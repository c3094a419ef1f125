// What the story index costs per story (issue 20), so that dedup.maxStories bounds a known amount
// of memory. (What feeds repeat is no longer held in memory: bench/dedup/boilerplate-memory.ts.) Each run fills a fresh index through add(),
// the way a process loads it from the store, and reads the heap and the array buffers (the
// bucket table and the signatures live outside the JS heap) after gc() before and after. The
// fingerprints are made first and kept alive throughout, so only what the index holds counts.
// Stories are made the way throughput.ts makes them: 9 headline words, a 35-word lead.
// Run: node --expose-gc --import tsx bench/dedup/index-memory.ts [stories, default 20000] [runs, default 3]
import os from 'node:os';
import { encodeStory, memberOf, MAX_MEMBERS, withMember, type Member, type StoryPrint } from '../../src/dedup/fingerprint.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { cpuMs, median, words } from './synthetic.ts';

const STORIES = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 3);
const FEEDS = 1_000;
const NOW = 1_700_000_000_000;

if (!globalThis.gc) throw new Error('index-memory.ts reads the heap after gc(): run it with node --expose-gc --import tsx');
const gc = globalThis.gc;

function memory(): { heap: number; buffers: number } {
  // A second collection frees what the first only finalized (typed arrays' backing stores).
  gc();
  gc();
  const used = process.memoryUsage();
  return { heap: used.heapUsed, buffers: used.arrayBuffers };
}

/**
 * Bytes the heap and the array buffers grew by while `fill` ran, with what `count` says of its
 * result; the result is garbage once this returns, so the next reading starts without it.
 */
async function grown<T>(fill: () => T, count: (kept: T) => number): Promise<{ heap: number; buffers: number; cpu: number; count: number }> {
  const before = memory();
  let kept: T | undefined;
  const { cpu } = await cpuMs(() => {
    kept = fill();
  });
  const after = memory();
  return { heap: after.heap - before.heap, buffers: after.buffers - before.buffers, cpu, count: count(kept!) };
}

type Shape = 'title only, 1 member' | 'title + lead, 1 member' | `title + lead, ${number} members`;

/** A story's stored fingerprint; its members are copies from other outlets, each headline and lead a little different. */
function fingerprint(shape: Shape, serial: number): string {
  const title = words(9);
  const lead = shape === 'title only, 1 member' ? '' : `${words(35)}.`;
  const copies = shape.endsWith(' 1 member') ? 1 : MAX_MEMBERS;
  let print: StoryPrint = { feeds: [], members: [] };
  for (let copy = 0; copy < copies; copy++) {
    const member: Member = memberOf({
      title: copy === 0 ? title : `${title} - Outlet ${copy}`,
      summary: copy === 0 || lead === '' ? lead : `${words(5)} ${lead}`,
      text: '',
    });
    print = withMember(print, `feed-${(serial + copy) % FEEDS}`, member);
  }
  return encodeStory(print);
}

function fillIndex(prints: readonly string[], maxStories?: number): StoryIndex {
  const index = new StoryIndex({ windowMs: 48 * 3_600_000, maxStories, titleThreshold: 0.7, leadThreshold: 0.5 });
  prints.forEach((print, i) => index.add({ id: `story-${i}`, fingerprint: print, updatedAt: NOW + i }));
  return index;
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(2);
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

// Each measurement runs in a function of its own: what one keeps alive (its fingerprints) is
// garbage before the next reads the heap.
async function measureIndex(shape: Shape, added: number, maxStories?: number): Promise<void> {
  const prints = Array.from({ length: added }, (_, i) => fingerprint(shape, i));
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { heap, buffers, cpu, count: held } = await grown(
      () => fillIndex(prints, maxStories),
      (index) => index.size,
    );
    runs.push({ heap: heap / held, buffers: buffers / held, cpu: (cpu / added) * 1000, held });
  }
  const heap = median(runs.map((run) => run.heap));
  const buffers = median(runs.map((run) => run.buffers));
  const held = runs[0]!.held;
  const label = maxStories === undefined ? shape : `${shape}, ${added.toLocaleString('en')} added, maxStories ${maxStories.toLocaleString('en')}`;
  console.log(`| ${label} | ${held.toLocaleString('en')} | ${kib(heap)} KiB | ${kib(buffers)} KiB | ${kib(heap + buffers)} KiB | ${mib((heap + buffers) * held)} MiB | ${median(runs.map((run) => run.cpu)).toFixed(0)} ms |`);
}

console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
console.log(`${STORIES.toLocaleString('en')} stories per index, median of ${RUNS} runs (heap + array buffers after gc())`);
console.log('');
console.log('| stories | held | heap per story | buffers per story | total per story | total | add() CPU per 1,000 |');
console.log('|---|---|---|---|---|---|---|');
await measureIndex('title only, 1 member', STORIES);
await measureIndex('title + lead, 1 member', STORIES);
await measureIndex(`title + lead, ${MAX_MEMBERS} members`, STORIES);
await measureIndex('title + lead, 1 member', 2 * STORIES, STORIES);
