// The parse pool's worker entry (parse-pool.ts): parses one body on a worker thread. A
// HeraldError does not survive the structured clone back to the main thread as itself, so the
// outcome carries its code, message and context and the pool rebuilds it.
import { isHeraldError, type ErrorCode } from '../domain/errors.ts';
import type { ParsedFeed } from '../domain/types.ts';
import { readFeed, type ParseLimits } from './parse.ts';

export interface ParseTask {
  body: string;
  contentType: string | null;
  limits: ParseLimits;
}

export type ParseOutcome =
  | { ok: true; feed: ParsedFeed }
  | { ok: false; code: ErrorCode; message: string; context: Record<string, unknown> }
  | { ok: false; code: null; message: string };

export default function parseTask(task: ParseTask): ParseOutcome {
  try {
    return { ok: true, feed: readFeed(task.body, task.contentType, task.limits) };
  } catch (error) {
    if (isHeraldError(error)) return { ok: false, code: error.code, message: error.message, context: error.context };
    return { ok: false, code: null, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
