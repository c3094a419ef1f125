// query_invalid errors.
import { HeraldError } from '../domain/errors.ts';

/** A query_invalid error; problems inside a config topic's own text say which topic. */
export function queryError(message: string, query: string, column: number | null, topic: string | null = null): HeraldError {
  return new HeraldError('query_invalid', topic === null ? message : `topic '${topic}': ${message}`, { query, column, topic });
}
