import { describe, expect, it } from 'vitest';
import { COMMAND_PREFIX, COMMANDS, REST_OF_LINE, commandSpec, usage } from '../../src/commands/grammar.ts';
import { parseCommandText } from '../../src/commands/parse.ts';

describe('the command table', () => {
  it.each(COMMANDS.map((spec) => [spec.name, spec] as const))('%s: its example parses into it', (_name, spec) => {
    expect(spec.example.startsWith(`${COMMAND_PREFIX} `)).toBe(true);
    expect(parseCommandText(spec.example.slice(COMMAND_PREFIX.length)).name).toBe(spec.name);
  });

  it('fits the limits of typed-option platforms (Discord): names, descriptions, 25 options', () => {
    for (const spec of COMMANDS) {
      expect(spec.description.length, spec.name).toBeLessThanOrEqual(100);
      for (const word of spec.words) expect(word).toMatch(/^[-_a-z]{1,32}$/);
      expect(spec.args.length).toBeLessThanOrEqual(25);
      for (const arg of spec.args) {
        expect(arg.name, `${spec.name} ${arg.name}`).toMatch(/^[-_a-z]{1,32}$/);
        expect(arg.description.length, `${spec.name} ${arg.name}`).toBeLessThanOrEqual(100);
        expect(arg.maxLength).toBeLessThanOrEqual(6000);
        expect(arg.choices?.length ?? 0).toBeLessThanOrEqual(25);
      }
      // Discord wants required options before optional ones.
      const firstOptional = spec.args.findIndex((arg) => !arg.required);
      if (firstOptional !== -1) expect(spec.args.slice(firstOptional).every((arg) => !arg.required), spec.name).toBe(true);
    }
  });

  it('gives every command a unique name and word path', () => {
    const paths = COMMANDS.map((spec) => spec.words.join(' '));
    expect(new Set(paths).size).toBe(COMMANDS.length);
    expect(paths).toEqual(COMMANDS.map((spec) => spec.name));
  });

  it('has at most one rest-of-line argument per command, followed only by marked or leading ones', () => {
    for (const spec of COMMANDS) {
      const rest = spec.args.filter((arg) => REST_OF_LINE.has(arg.kind));
      expect(rest.length, spec.name).toBeLessThanOrEqual(1);
      const after = spec.args.slice(spec.args.findIndex((arg) => REST_OF_LINE.has(arg.kind)) + 1);
      if (rest.length === 1) expect(after.every((arg) => arg.marker !== undefined || arg.leading !== undefined), spec.name).toBe(true);
    }
  });

  it('lets help explain every command', () => {
    expect(commandSpec('help').args[0]!.choices).toEqual(COMMANDS.map((spec) => spec.name));
  });

  it('marks exactly the feed commands as admin-only', () => {
    expect(COMMANDS.filter((spec) => spec.adminOnly).map((spec) => spec.name)).toEqual(['feed add', 'feed import', 'feed remove', 'feed list']);
  });

  it('writes usage with <required> and [optional] arguments', () => {
    expect(usage(commandSpec('subscribe'))).toBe('/news subscribe <feed-url | feed-id | topic:name> [query] [mention:<@here | @role | @user,...>] [backfill:<1-10>]');
    // An argument that may lead comes first in text, though Discord registers it after the required one.
    expect(usage(commandSpec('digest'))).toBe('/news digest [subscription-id] <off | hourly | daily HH:MM>');
    expect(usage(commandSpec('feed add'))).toBe('/news feed add <url> [id]');
    expect(usage(commandSpec('list'))).toBe('/news list');
  });
});
