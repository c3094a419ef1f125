// Turns zod issues into problems a person can act on: the value that was written, what was
// expected, and how to write it; unknown keys get the closest known key as a suggestion.
import { z } from 'zod';
import { plural } from '../text/plural.ts';
import { describeValue, didYouMean, listNames, type ConfigPath, type PathProblem } from './problems.ts';

type Issue = z.core.$ZodIssue;

/** Zod's built-in wording; anything else is a message the schema wrote itself and is kept. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  array: "a list (lines starting with '- ')",
};

export function problemsFromIssues(issues: readonly Issue[], schema: z.ZodType): PathProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, [], schema));
}

function problemsFromIssue(issue: Issue, prefix: ConfigPath, schema: z.ZodType): PathProblem[] {
  const path = [...prefix, ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown key${didYouMean(key, known) || `; the keys allowed here are: ${listNames(known, 20)}`}`,
    }));
  }
  if (issue.code === 'invalid_union') {
    // Show the branch whose type matched (a string that failed its format) rather than "no branch matched".
    const matched = issue.errors.find((branch) => branch.some((inner) => !(inner.code === 'invalid_type' && inner.path.length === 0)));
    if (matched?.[0]) return problemsFromIssue(matched[0], path, schema);
    const expected = issue.errors.flatMap((branch) => branch.map((inner) => (inner.code === 'invalid_type' ? typeName(inner.expected) : null)));
    const names = [...new Set(expected.filter((name): name is string => name !== null))];
    return [{ path, message: `expected ${names.join(' or ')}, got ${describeValue(issue.input)}` }];
  }
  return [{ path, message: messageFor(issue) }];
}

function messageFor(issue: Issue): string {
  const value = describeValue(issue.input);
  const custom = !ZOD_DEFAULT_MESSAGE.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'missing; this key is required';
      return `expected ${typeName(issue.expected)}, got ${value}`;
    case 'too_small':
      if (custom) return `${value}: ${issue.message}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'is empty; give it a value or remove the key' : `is shorter than ${plural(Number(issue.minimum), 'character')}`;
      if (issue.origin === 'array') return `needs at least ${plural(Number(issue.minimum), 'entry', 'entries')}`;
      return issue.inclusive ? `${value} is too small; use ${issue.minimum} or more` : `${value} is too small; use a number above ${issue.minimum}`;
    case 'too_big':
      if (custom) return `${value}: ${issue.message}`;
      if (issue.origin === 'string') return `is too long; use at most ${plural(Number(issue.maximum), 'character')}`;
      if (issue.origin === 'array') return `has too many entries; use at most ${issue.maximum}`;
      return issue.inclusive ? `${value} is too large; use ${issue.maximum} or less` : `${value} is too large; use a number below ${issue.maximum}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      const suggestion = typeof issue.input === 'string' ? didYouMean(issue.input, options) : '';
      return `${value} is not one of: ${options.join(', ')}${suggestion}`;
    }
    case 'invalid_format':
      return custom ? `${value} is not valid; ${issue.message}` : `${value} is not a valid ${issue.format}`;
    case 'invalid_key': {
      const inner = issue.issues[0];
      return `key ${value} is not valid${inner && !ZOD_DEFAULT_MESSAGE.test(inner.message) ? `; ${inner.message}` : ''}`;
    }
    default:
      return issue.message;
  }
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodNullable) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType);
  return schema;
}

/** The keys the schema allows in the object at `path`, for "did you mean". */
function knownKeys(schema: z.ZodType, path: ConfigPath): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) {
      const next = (current.shape as Record<string, z.ZodType>)[String(segment)];
      if (!next) return [];
      current = unwrap(next);
    } else if (current instanceof z.ZodArray) {
      current = unwrap(current.element as z.ZodType);
    } else if (current instanceof z.ZodRecord) {
      current = unwrap(current.valueType as z.ZodType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
