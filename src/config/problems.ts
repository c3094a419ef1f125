// The shared shape of a config problem before it is located in the file, and the wording
// helpers every check uses, so all messages quote values and paths the same way.
import { closest } from '../text/closest.ts';

export type ConfigPath = readonly (string | number)[];

/** A problem found by one check: where in the document, and what to do about it. */
export interface PathProblem {
  path: ConfigPath;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** ['feeds', 2, 'url'] -> "feeds[2].url"; odd keys are quoted: topics["Bad Name"]. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const MAX_QUOTED = 80;

/** How a value reads inside a message: strings quoted and cut short, structures named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value;
    return `'${cut}'`;
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** " (did you mean 'topics'?)" or "". */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = closest(word, known, { ignoreCase: true });
  return match === null ? '' : ` (did you mean '${match}'?)`;
}

/** "a, b, c" with a cap, for "the feeds are: ..." hints. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length - max} more)` : shown;
}
