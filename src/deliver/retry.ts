// Exponential backoff with full jitter: many alerts failing together (a platform outage)
// spread their retries out instead of returning as one burst.
export function retryDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
  return Math.max(baseMs, Math.round(ceiling * random()));
}
