// One argument's raw text to a checked value, by its kind. Every check is syntactic and costs
// nothing: whether a URL may be fetched (SSRF guard) or an id exists is the handler's business.
import { parseDigestSchedule } from '../domain/digest-schedule.ts';
import type { DigestSchedule } from '../domain/types.ts';
import { closest } from '../match/query-error.ts';
import { singleLine } from '../text/sanitize.ts';
import { truncate } from '../text/truncate.ts';
import { invalid } from './errors.ts';
import { usage, type ArgSpec, type CommandSpec } from './grammar.ts';
import type { FeedRef } from './parsed.ts';

export type ArgValue =
  | { kind: 'url'; url: string }
  | { kind: 'feed-ref'; ref: FeedRef }
  | { kind: 'query'; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'digest'; schedule: DigestSchedule | null }
  | { kind: 'choice'; choice: string };

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TOPIC_PREFIX = 'topic:';
// Kinds whose value is one word: a space in one means something else was typed into it.
const SINGLE_WORD: ReadonlySet<ArgSpec['kind']> = new Set(['url', 'feed-ref', 'id']);
const URL_EXAMPLE = 'https://news.example.org/world/rss.xml';

/** User text inside a message: one line, bounded, quoted. */
export function quoteInput(raw: string): string {
  return `'${truncate(singleLine(raw), 80)}'`;
}

/** A malformed command: what was wrong, then the correct form. */
export function argumentError(spec: CommandSpec, problem: string): Error {
  return invalid(`${problem}. Usage: ${usage(spec)}`, { command: spec.name });
}

function readUrl(raw: string, fail: (problem: string) => Error): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail(`${quoteInput(raw)} is not a URL; write it like ${URL_EXAMPLE}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`${quoteInput(raw)} is not an http(s) URL; write it like ${URL_EXAMPLE}`);
  }
  return url.href;
}

function readId(raw: string, fail: (problem: string) => Error): string {
  const id = raw.toLowerCase();
  if (ID.test(id)) return id;
  const hint = /[./]/.test(raw) ? ` (a feed URL needs its scheme, like ${URL_EXAMPLE})` : '';
  throw fail(`${quoteInput(raw)} is not an id: ids are 1-64 letters, digits, - or _${hint}`);
}

function readFeedRef(raw: string, arg: ArgSpec, fail: (problem: string) => Error): FeedRef {
  const accepts = arg.accepts ?? [];
  if (raw.toLowerCase().startsWith(TOPIC_PREFIX)) {
    if (!accepts.includes('topic')) throw fail(`${arg.name} takes a feed, not a topic; put ${quoteInput(raw)} in the query instead`);
    const name = raw.slice(TOPIC_PREFIX.length).toLowerCase();
    if (!ID.test(name)) throw fail(`${quoteInput(raw)} is not a topic name: write topic:name, with letters, digits, - or _`);
    return { kind: 'topic', name };
  }
  if (raw.includes('://')) return { kind: 'url', url: readUrl(raw, fail) };
  return { kind: 'feed', id: readId(raw, fail) };
}

function readDigest(raw: string, fail: (problem: string) => Error): DigestSchedule | null {
  const parsed = parseDigestSchedule(raw, quoteInput);
  if (!parsed.ok) throw fail(parsed.problem);
  return parsed.schedule;
}

function readChoice(raw: string, arg: ArgSpec, fail: (problem: string) => Error): string {
  const choices = arg.choices ?? [];
  const choice = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (choices.includes(choice)) return choice;
  const guess = closest(choice, choices);
  const hint = guess === null ? `one of: ${choices.join(', ')}` : `did you mean '${guess}'?`;
  throw fail(`unknown ${arg.name} ${quoteInput(raw)} (${hint})`);
}

/** Checks one argument's raw text (already known to be non-empty) and reads its value. */
export function readArg(spec: CommandSpec, arg: ArgSpec, raw: string): ArgValue {
  const fail = (problem: string): Error => argumentError(spec, problem);
  if (raw.length > arg.maxLength) {
    throw fail(`the ${arg.name} is ${raw.length} characters long; it may be at most ${arg.maxLength}`);
  }
  // Discord's options take any text: a query pasted after a feed URL would be fetched as part of it.
  const words = /\s/.test(raw) && SINGLE_WORD.has(arg.kind) ? raw.split(/\s+/) : null;
  if (words !== null) {
    const query = spec.args.find((candidate) => candidate.kind === 'query');
    const where = query === undefined ? '' : `; put ${quoteInput(words.slice(1).join(' '))} in the ${query.name} option instead`;
    throw fail(`the ${arg.name} option takes one ${arg.kind === 'id' ? 'id' : 'feed'} without spaces, not ${quoteInput(raw)}${where}`);
  }
  switch (arg.kind) {
    case 'url':
      return { kind: 'url', url: readUrl(raw, fail) };
    case 'feed-ref':
      return { kind: 'feed-ref', ref: readFeedRef(raw, arg, fail) };
    case 'query':
      return { kind: 'query', text: raw };
    case 'id':
      return { kind: 'id', id: readId(raw, fail) };
    case 'digest':
      return { kind: 'digest', schedule: readDigest(raw, fail) };
    case 'choice':
      return { kind: 'choice', choice: readChoice(raw, arg, fail) };
  }
}
