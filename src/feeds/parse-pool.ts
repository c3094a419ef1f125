// Parsing off the event loop (issue 15): a feed body is parsed on a worker thread, so a huge or
// hostile feed costs a worker its time budget, not the bot its responsiveness (chat commands must
// be acknowledged within 3 s, /healthz must answer). piscina runs the pool; one pool per process,
// started on first use, its idle threads unref'd so they never keep the process alive.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { HeraldError } from '../domain/errors.ts';
import type { ParsedFeed } from '../domain/types.ts';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './parse.ts';
import type { ParseOutcome, ParseTask } from './parse-worker.ts';

// Run from the TypeScript sources (tsx, vitest), the worker is the .ts file and needs tsx's
// loader in its thread too; run from built .js files, it is the sibling .js file as it is.
const ownExtension = extname(fileURLToPath(import.meta.url));
const WORKER = new URL(`./parse-worker${ownExtension}`, import.meta.url);

function workerExecArgv(): string[] {
  if (ownExtension !== '.ts') return [];
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', loader];
}

// One core stays with the main thread (delivery, commands, health checks, the store).
const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
// A worker's heap cap: a 5 MiB body of dense markup builds a tree of well under this.
const WORKER_HEAP_MB = 512;
// A parse's garbage dies young, so a small young generation is enough: with the default (up to
// 48 MB) a 1,000-feed first poll peaked at 249 MB, with 4 MB at 226 MB, CPU within run-to-run
// noise (one run each: 7.93 and 8.71 s; bench/README.md, issue 20, fourth round).
const WORKER_YOUNG_MB = 4;

let pool: Piscina<ParseTask, ParseOutcome> | null = null;

function sharedPool(): Piscina<ParseTask, ParseOutcome> {
  pool ??= new Piscina<ParseTask, ParseOutcome>({
    filename: WORKER.href,
    execArgv: workerExecArgv(),
    minThreads: 0,
    maxThreads: THREADS,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  return pool;
}

/**
 * parseFeed on a worker thread: the same result, or the same HeraldError (parse_failed,
 * parse_too_slow past limits.budgetMs). A worker that dies (out of memory) fails the feed with
 * parse_failed, and the pool replaces the worker.
 */
export async function parseFeedOffThread(body: string, contentType: string | null, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<ParsedFeed> {
  let outcome: ParseOutcome;
  try {
    outcome = await sharedPool().run({ body, contentType, limits });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HeraldError(
      'parse_failed',
      `the parser thread stopped while reading the feed (${reason}): the feed is too large or too complex to read; ask the publisher for a smaller feed`,
      { length: body.length },
      { cause: error },
    );
  }
  if (outcome.ok) return outcome.feed;
  if (outcome.code === null) {
    throw new HeraldError('parse_failed', `Herald could not read the feed because of an internal error (${outcome.message}); report it with the feed URL`);
  }
  throw new HeraldError(outcome.code, outcome.message, outcome.context);
}

/** Stops the pool's threads (shutdown, tests); the next parse starts a new pool. */
export async function closeParsePool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
