// zod's size limits read as English in config problems: "1 character", "2 characters", "1 entry".
import { expect, it } from 'vitest';
import { z } from 'zod';
import { problemsFromIssues } from '../../src/config/issues.ts';

it('counts the characters and entries of a size limit in the singular and the plural', () => {
  const schema = z.object({
    one: z.array(z.string()).min(1),
    two: z.array(z.string()).min(2),
    short: z.string().min(2),
    initial: z.string().max(1),
    code: z.string().max(3),
  });
  const result = schema.safeParse({ one: [], two: [], short: 'a', initial: 'ab', code: 'abcd' });
  expect(result.success).toBe(false);
  const messages = problemsFromIssues(result.error!.issues, schema).map((problem) => `${problem.path.join('.')}: ${problem.message}`);
  expect(messages).toEqual([
    'one: needs at least 1 entry',
    'two: needs at least 2 entries',
    'short: is shorter than 2 characters',
    'initial: is too long; use at most 1 character',
    'code: is too long; use at most 3 characters',
  ]);
});
