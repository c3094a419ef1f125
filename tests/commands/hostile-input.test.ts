// Anything a person can type: no input makes the command core throw anything but a
// CommandError while parsing, or throw at all while handling (issue 9).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../src/commands/errors.ts';
import { commandFromOptions, parseCommandText } from '../../src/commands/parse.ts';
import type { CommandName } from '../../src/commands/parsed.ts';
import { harness, type Harness } from './harness.ts';

const starts = ['', 'subscribe ', 'subscribe topic:', 'subscribe https://', 'unsubscribe ', 'test ', 'test x feed:', 'digest ', 'digest daily ', 'help ', 'feed ', 'feed add ', 'feed remove '];
const input = fc.tuple(fc.constantFrom(...starts), fc.oneof(fc.string({ unit: 'grapheme-composite', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }))).map(([start, rest]) => start + rest);

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('hostile command input', () => {
  it('parses or fails with a CommandError, never anything else', () => {
    fc.assert(
      fc.property(input, (text) => {
        try {
          parseCommandText(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CommandError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('does the same for typed options, unknown command names included', () => {
    const names = fc.constantFrom<string>('subscribe', 'test', 'digest', 'feed add', 'help', 'nonsense');
    fc.assert(
      fc.property(names, fc.dictionary(fc.constantFrom('feed', 'query', 'url', 'id', 'schedule', 'command', 'other'), fc.string({ maxLength: 40 })), (name, options) => {
        try {
          commandFromOptions(name as CommandName, options);
        } catch (error) {
          expect(error).toBeInstanceOf(CommandError);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('handles any text with a reply; every error reply is private', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.boolean(), async (text, isAdmin) => {
        const reply = await h.run(text, { isAdmin });
        if (reply.status === 'error') expect(reply.ephemeral).toBe(true);
        expect(reply.text.startsWith(reply.headline)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
