// One argument's raw text to a checked value, by its kind. Every check is syntactic and costs
// nothing: whether a URL may be fetched (SSRF guard) or an id exists is the handler's business.
import { isTimeZone } from '../config/checks.ts';
import { parseDigestSchedule } from '../domain/digest-schedule.ts';
import { mentionProblem, parseMention, type Mention } from '../domain/mention.ts';
import type { DigestSchedule } from '../domain/types.ts';
import { closest } from '../text/closest.ts';
import { singleLine } from '../text/sanitize.ts';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '../text/template.ts';
import { truncate } from '../text/truncate.ts';
import { invalid } from './errors.ts';
import { usageIn, type CommandForm } from './forms.ts';
import type { ArgSpec, CommandSpec } from './grammar.ts';
import type { FeedRef, QuietHours } from './parsed.ts';

export type ArgValue =
  | { kind: 'url'; url: string }
  | { kind: 'feed-ref'; ref: FeedRef }
  | { kind: 'query'; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'digest'; schedule: DigestSchedule | null }
  | { kind: 'choice'; choice: string }
  | { kind: 'quiet'; hours: QuietHours | null }
  | { kind: 'timezone'; zone: string }
  | { kind: 'template'; text: string | null }
  | { kind: 'count'; count: number }
  | { kind: 'mention'; mention: Mention };

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TOPIC_PREFIX = 'topic:';
// Kinds whose value is one word: a space in one means something else was typed into it.
const SINGLE_WORD: ReadonlySet<ArgSpec['kind']> = new Set(['url', 'feed-ref', 'id', 'timezone']);
const URL_EXAMPLE = 'https://news.example.org/world/rss.xml';

/** User text inside a message: one line, bounded, quoted. */
export function quoteInput(raw: string): string {
  return `'${truncate(singleLine(raw), 80)}'`;
}

/** A malformed command: what was wrong, then the correct form. */
/** `form`: how the person wrote the command, so the usage shown is one they can follow. */
export function argumentError(spec: CommandSpec, problem: string, form: CommandForm = 'text'): Error {
  return invalid(`${problem}. Usage: ${usageIn(spec, form)}`, { command: spec.name });
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

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function readQuiet(raw: string, fail: (problem: string) => Error): QuietHours | null {
  const words = raw.trim().toLowerCase().split(/\s+/);
  if (words.length === 1 && words[0] === 'off') return null;
  const times = words.map((word) => HHMM.exec(word));
  if (times.length !== 2 || times.some((time) => time === null)) {
    throw fail(`${quoteInput(raw)} is not quiet hours: write the start and the end on a 24-hour clock, like 22:00 07:00, or off`);
  }
  const [from, to] = times.map((time) => `${time![1]!.padStart(2, '0')}:${time![2]}`) as [string, string];
  if (from === to) throw fail(`quiet hours from ${from} to ${to} would be no hours at all; write two different times, or off`);
  return { from, to };
}

let zoneNames: string[] | null = null;

function readTimeZone(raw: string, fail: (problem: string) => Error): string {
  if (isTimeZone(raw)) return new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
  zoneNames ??= Intl.supportedValuesOf('timeZone');
  const guess = closest(raw, zoneNames);
  const hint = guess === null ? '' : ` (did you mean '${guess}'?)`;
  throw fail(`${quoteInput(raw)} is not a time zone${hint}; write an IANA name like Europe/Paris, America/New_York or UTC`);
}

function readTemplate(raw: string, fail: (problem: string) => Error): string | null {
  if (raw.trim().toLowerCase() === 'off') return null;
  const unknown = unknownPlaceholders(raw);
  if (unknown.length > 0) {
    throw fail(`the template has ${unknown.map((name) => `{${name}}`).join(', ')}, which Herald does not fill; it knows ${TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(' ')}`);
  }
  return raw.trim();
}

function readCount(raw: string, arg: ArgSpec, fail: (problem: string) => Error): number {
  const range = arg.range ?? { min: 0, max: Number.MAX_SAFE_INTEGER };
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isInteger(count) && count >= range.min && count <= range.max) return count;
  throw fail(`${arg.name} takes a whole number from ${range.min} to ${range.max}, not ${quoteInput(raw)}`);
}

function readMention(raw: string, fail: (problem: string) => Error): Mention {
  const parsed = parseMention(raw);
  if (!parsed.ok) throw fail(parsed.problem);
  return parsed.mention;
}

/** A mention that cannot work on the platform the command came from: the reason, with the fix. */
export function checkMentionFor(mention: Mention, platform: string): void {
  const problem = mentionProblem(mention, platform);
  if (problem !== null) throw invalid(`that mention cannot ping anyone here: ${problem}`);
}

/** Checks one argument's raw text (already known to be non-empty) and reads its value. */
export function readArg(spec: CommandSpec, arg: ArgSpec, raw: string, form: CommandForm = 'text'): ArgValue {
  const fail = (problem: string): Error => argumentError(spec, problem, form);
  // A count's range says more than its length ("days:100" is refused as out of 1-30).
  if (raw.length > arg.maxLength && arg.kind !== 'count') {
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
    case 'quiet':
      return { kind: 'quiet', hours: readQuiet(raw, fail) };
    case 'timezone':
      return { kind: 'timezone', zone: readTimeZone(raw.trim(), fail) };
    case 'template':
      return { kind: 'template', text: readTemplate(raw, fail) };
    case 'count':
      return { kind: 'count', count: readCount(raw.trim(), arg, fail) };
    case 'mention':
      return { kind: 'mention', mention: readMention(raw, fail) };
  }
}
