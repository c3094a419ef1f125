import { performance } from 'node:perf_hooks';

// Deterministic synthetic news text for the dedup benches: a Zipf-like vocabulary plus function
// words, so unrelated stories share common words and bigrams the way real leads do.
let seed = 0x5eed;

export function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
const functionWords = ['the', 'of', 'in', 'to', 'a', 'and', 'on', 'said', 'for', 'with', 'after'];
const word = (): string => (random() < 0.3 ? functionWords[Math.floor(random() * functionWords.length)]! : vocabulary[Math.floor(vocabulary.length * random() ** 2)]!);

export const words = (count: number): string => Array.from({ length: count }, word).join(' ');
export const sentence = (count: number): string => `${words(count).replace(/^./u, (c) => c.toUpperCase())}.`;

// Real leads share a few phrases nearly all of them use; they, not rare words, are what makes
// unrelated stories collide in LSH buckets.
const PHRASES = ['of the', 'in the', 'said on', 'according to the', 'on the', 'for the', 'at the', 'to the', 'said in a statement', 'on Tuesday'];

/** A sentence of a lead in the way news is written: content words with the common phrases between them. */
export const newsSentence = (count: number): string => {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 4) parts.push(words(3), PHRASES[Math.floor(random() * PHRASES.length)]!);
  return `${parts.join(' ').replace(/^./u, (c) => c.toUpperCase())}.`;
};

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Milliseconds of CPU this process spent in `work` (user + system). On a machine shared with
 * other jobs wall time swings several-fold between identical runs; CPU time of a single-threaded,
 * in-memory workload swings far less, so it is what the ratios are taken on.
 */
export async function cpuMs(work: () => Promise<void> | void): Promise<{ cpu: number; wall: number }> {
  const wallStart = performance.now();
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wallStart };
}
