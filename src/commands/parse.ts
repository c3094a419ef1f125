// Command input to a ParsedCommand, by the command table. Two front doors share every check:
// parseCommandText for a line of text (Slack's `/news subscribe https://... satellite OR missile`)
// and commandFromOptions for typed options (Discord's application commands).
import type { Mention } from '../domain/mention.ts';
import type { DigestSchedule } from '../domain/types.ts';
import { closest } from '../text/closest.ts';
import { argumentError, quoteInput, readArg, type ArgValue } from './args.ts';
import type { CommandForm } from './forms.ts';
import { invalid } from './errors.ts';
import { COMMAND_PREFIX, COMMANDS, RECENT_DAYS, REST_OF_LINE, commandSpec, textOrder, usage, type CommandSpec } from './grammar.ts';
import { INPUT_LIMITS } from './limits.ts';
import type { CommandName, FeedRef, ParsedCommand, QuietHours } from './parsed.ts';

// Tab, line feed and carriage return are whitespace a person can type; other controls are not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/** The values of one command's arguments, checked; getters are typed by kind. */
class ArgValues {
  constructor(private readonly values: ReadonlyMap<string, ArgValue>) {}

  private get<K extends ArgValue['kind']>(name: string, kind: K): Extract<ArgValue, { kind: K }> | null {
    const value = this.values.get(name);
    if (value === undefined) return null;
    if (value.kind !== kind) throw new Error(`argument '${name}' is a ${value.kind}, read as a ${kind}`);
    return value as Extract<ArgValue, { kind: K }>;
  }

  private need<T>(value: T | null, name: string): T {
    if (value === null) throw new Error(`required argument '${name}' has no value`);
    return value;
  }

  url(name: string): string {
    return this.need(this.get(name, 'url')?.url ?? null, name);
  }
  ref(name: string): FeedRef | null {
    return this.get(name, 'feed-ref')?.ref ?? null;
  }
  query(name: string): string | null {
    return this.get(name, 'query')?.text ?? null;
  }
  id(name: string): string | null {
    return this.get(name, 'id')?.id ?? null;
  }
  schedule(name: string): DigestSchedule | null {
    return this.need(this.get(name, 'digest'), name).schedule;
  }
  choice(name: string): string | null {
    return this.get(name, 'choice')?.choice ?? null;
  }
  quiet(name: string): QuietHours | null {
    return this.need(this.get(name, 'quiet'), name).hours;
  }
  zone(name: string): string {
    return this.need(this.get(name, 'timezone')?.zone ?? null, name);
  }
  template(name: string): string | null {
    return this.need(this.get(name, 'template'), name).text;
  }
  count(name: string): number | null {
    return this.get(name, 'count')?.count ?? null;
  }
  mention(name: string): Mention | null {
    return this.get(name, 'mention')?.mention ?? null;
  }
  requiredRef(name: string): FeedRef {
    return this.need(this.ref(name), name);
  }
  requiredQuery(name: string): string {
    return this.need(this.query(name), name);
  }
  requiredId(name: string): string {
    return this.need(this.id(name), name);
  }
}

function construct(name: CommandName, args: ArgValues): ParsedCommand {
  switch (name) {
    case 'subscribe':
      return { name, target: args.requiredRef('feed'), query: args.query('query') ?? '', mention: args.mention('mention'), backfill: args.count('backfill') ?? 0 };
    case 'unsubscribe':
      return { name, id: args.requiredId('id') };
    case 'test':
      return { name, query: args.requiredQuery('query'), feed: args.ref('feed') };
    case 'digest':
      return { name, digest: args.schedule('schedule'), id: args.id('id') };
    case 'pause':
    case 'resume':
      return { name, id: args.id('id') };
    case 'recent':
      return { name, query: args.query('query') ?? '', days: args.count('days') ?? RECENT_DAYS.default };
    case 'quiet':
      return { name, hours: args.quiet('hours') };
    case 'timezone':
      return { name, zone: args.zone('zone') };
    case 'template':
      return { name, text: args.template('text') };
    case 'help':
      return { name, command: (args.choice('command') as CommandName | null) ?? null };
    case 'feed add':
      return { name, url: args.url('url'), id: args.id('id') };
    case 'feed import':
      return { name, url: args.url('url') };
    case 'feed remove':
      return { name, id: args.requiredId('id') };
    case 'list':
    case 'topics':
    case 'status':
    case 'feed list':
      return { name };
  }
}

/** Checks raw argument text by the table and builds the command; '' counts as absent. */
function build(spec: CommandSpec, raw: ReadonlyMap<string, string>, form: CommandForm = 'text'): ParsedCommand {
  const values = new Map<string, ArgValue>();
  for (const arg of spec.args) {
    const text = raw.get(arg.name)?.trim() ?? '';
    if (text === '') {
      if (arg.required) throw argumentError(spec, `${spec.name} needs ${form === 'options' ? `its ${arg.name} option` : `<${arg.label}>`}`, form);
      continue;
    }
    values.set(arg.name, readArg(spec, arg, text, form));
  }
  return construct(spec.name, new ArgValues(values));
}

/** The trailing marked arguments ("feed:x", "mention:@here"), in any order, taken off the end of `text`. */
function takeMarked(spec: CommandSpec, text: string, raw: Map<string, string>): string {
  const marked = spec.args.filter((arg) => arg.marker !== undefined);
  let rest = text.trim();
  for (;;) {
    const last = /(^|\s)(\S+)$/.exec(rest);
    const word = last?.[2]?.toLowerCase() ?? '';
    const arg = marked.find((candidate) => !raw.has(candidate.name) && word.startsWith(candidate.marker!));
    if (last === null || arg === undefined) return rest;
    const value = last[2]!.slice(arg.marker!.length);
    if (value === '') throw argumentError(spec, `${arg.marker} needs a value right after it, like ${arg.label}`);
    raw.set(arg.name, value);
    rest = rest.slice(0, last.index).trim();
  }
}

/**
 * Marked counts ("days:14", "backfill:3") wherever they are in `text`, outside a quoted phrase,
 * taken out of it: a query has no such field, so the word cannot be part of one.
 */
function takeCounts(spec: CommandSpec, text: string, raw: Map<string, string>): string {
  const counts = spec.args.filter((arg) => arg.kind === 'count' && arg.marker !== undefined);
  if (counts.length === 0) return text;
  // Words, a quoted phrase counting as part of its word (title:"days:3 later"), and the spaces between them.
  const tokens = text.match(/(?:[^\s"]+|"[^"]*"?)+|\s+/g) ?? [];
  const kept: string[] = [];
  for (const token of tokens) {
    const arg = counts.find((candidate) => token.toLowerCase().startsWith(candidate.marker!));
    if (arg === undefined) {
      kept.push(token);
      continue;
    }
    if (raw.has(arg.name)) throw argumentError(spec, `${arg.marker} is given twice; keep one`);
    const value = token.slice(arg.marker!.length);
    if (value === '') throw argumentError(spec, `${arg.marker} needs a value right after it, like ${arg.label}`);
    raw.set(arg.name, value);
    // The space before the word goes with it, so the rest reads as typed.
    if (kept.length > 0 && kept.at(-1)!.trim() === '') kept.pop();
  }
  return kept.join('');
}

/** Splits the text after the command words into raw argument text, by the table. */
function splitArgs(spec: CommandSpec, text: string): Map<string, string> {
  const raw = new Map<string, string>();
  let remaining = text;
  const first = /^\s*(\S+)/.exec(remaining);
  const leading = textOrder(spec).find((arg) => arg.leading !== undefined && first !== null && arg.leading.test(first[1]!));
  if (leading !== undefined) {
    raw.set(leading.name, first![1]!);
    remaining = remaining.slice(first![0].length);
  }
  remaining = takeCounts(spec, remaining, raw);
  for (const arg of spec.args) {
    if (arg.marker !== undefined || raw.has(arg.name)) continue;
    if (!REST_OF_LINE.has(arg.kind)) {
      const token = /^\s*(\S+)/.exec(remaining);
      if (token === null) continue;
      raw.set(arg.name, token[1]!);
      remaining = remaining.slice(token[0].length);
      continue;
    }
    // The rest of the line, raw (quotes and all), minus trailing marked arguments ("feed:x").
    raw.set(arg.name, takeMarked(spec, remaining, raw));
    remaining = '';
  }
  if (spec.args.some((arg) => arg.marker !== undefined) && remaining.trim() !== '') remaining = takeMarked(spec, remaining, raw);
  if (remaining.trim() !== '') {
    throw argumentError(spec, `unexpected ${quoteInput(remaining.trim())} after the command`);
  }
  return raw;
}

/** A command's example as typed options (option name -> value), for platforms that take options. */
export function exampleOptions(spec: CommandSpec): Map<string, string> {
  const afterWords = spec.words.reduce((rest) => rest.trimStart().replace(/^\S+/, ''), spec.example.slice(COMMAND_PREFIX.length));
  return splitArgs(spec, afterWords);
}

function firstWords(): string[] {
  return [...new Set(COMMANDS.map((spec) => spec.words[0]!))];
}

function unknownCommand(word: string): Error {
  const guess = closest(word, firstWords());
  if (guess === null) {
    return invalid(`unknown command ${quoteInput(word)}. Commands: ${firstWords().join(', ')}; ${COMMAND_PREFIX} help shows them all with examples`);
  }
  const forms = COMMANDS.filter((spec) => spec.words[0] === guess).map(usage).join(' | ');
  return invalid(`unknown command ${quoteInput(word)} (did you mean '${guess}'?). Usage: ${forms}`);
}

function unknownSubcommand(group: string, word: string | undefined): Error {
  const specs = COMMANDS.filter((spec) => spec.words[0] === group);
  const names = specs.map((spec) => spec.words[1]!);
  const forms = specs.map(usage).join(' | ');
  if (word === undefined) return invalid(`${group} needs one of: ${names.join(', ')}. Usage: ${forms}`);
  const guess = closest(word, names);
  const hint = guess === null ? `one of: ${names.join(', ')}` : `did you mean '${group} ${guess}'?`;
  return invalid(`unknown ${group} command ${quoteInput(word)} (${hint}). Usage: ${forms}`);
}

/**
 * Parses the text a person typed after `/news`. Empty text asks for help. Throws CommandError
 * ('command_invalid') saying what was wrong and showing the correct form. The query is the rest
 * of the line, raw: quotes, parentheses and OR survive untouched.
 */
export function parseCommandText(text: string): ParsedCommand {
  if (text.length > INPUT_LIMITS.text) {
    throw invalid(`the command is ${text.length} characters long; it may be at most ${INPUT_LIMITS.text}`);
  }
  if (CONTROL.test(text)) throw invalid('the command contains control characters; type it again without them');
  const words = text.trim().split(/\s+/, 2);
  const first = words[0]!.toLowerCase();
  if (first === '') return { name: 'help', command: null };

  const group = COMMANDS.filter((spec) => spec.words[0] === first);
  if (group.length === 0) throw unknownCommand(words[0]!);
  const grouped = group[0]!.words.length > 1;
  const second = words[1]?.toLowerCase();
  const spec = grouped ? group.find((candidate) => candidate.words[1] === second) : group[0];
  if (spec === undefined) throw unknownSubcommand(first, words[1]);

  // Drop exactly the command words, keeping the rest of the line as typed.
  const afterWords = spec.words.reduce((rest) => rest.trimStart().replace(/^\S+/, ''), text);
  return build(spec, splitArgs(spec, afterWords));
}

/**
 * Builds a command from typed options (option name -> text, as the table names them), with the
 * same checks and messages as text. Throws CommandError('command_invalid').
 */
export function commandFromOptions(name: CommandName, options: Readonly<Record<string, string | undefined>>): ParsedCommand {
  const spec = commandSpec(name);
  const unknown = Object.keys(options).filter((key) => !spec.args.some((arg) => arg.name === key));
  if (unknown.length > 0) throw argumentError(spec, `${spec.name} has no option ${quoteInput(unknown[0]!)}`, 'options');
  const raw = new Map<string, string>();
  for (const [key, value] of Object.entries(options)) if (value !== undefined) raw.set(key, value);
  return build(spec, raw, 'options');
}
