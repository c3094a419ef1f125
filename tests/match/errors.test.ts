import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { compileQuery } from '../../src/match/compile.ts';

function failure(query: string, topics: Record<string, string> = {}): HeraldError {
  try {
    compileQuery(query, topics);
  } catch (error) {
    if (error instanceof HeraldError) return error;
    throw error;
  }
  throw new Error(`'${query}' compiled without an error`);
}

describe('syntax errors name the column and the fix', () => {
  it.each([
    ['korea title:"kim jong', 'unclosed quote at column 13: add the closing " or remove the opening one', 13],
    ['korea AND', "'AND' needs a term on its right (column 7): add a word after it or remove it", 7],
    ['korea OR', "'OR' needs a term on its right (column 7): add a word after it or remove it", 7],
    ['korea AND OR sport', "'AND' needs a term on its right (column 7): add a word after it or remove it", 7],
    ['korea NOT', "'NOT' needs a term on its right (column 7): add a word after it or remove it", 7],
    ['OR korea', "'OR' needs a term on its left (column 1): add a word before it or remove it", 1],
    ['(AND korea)', "'AND' needs a term on its left (column 2): add a word before it or remove it", 2],
    ['korea - sport', "'-' at column 7 needs a term right after it, like -sport or -\"live blog\"", 7],
    ['korea -', "'-' at column 7 needs a term right after it, like -sport or -\"live blog\"", 7],
    ['titel:korea', "unknown field 'titel:' at column 1 (did you mean 'title:'?)", 1],
    ['korea sorce:wire', "unknown field 'sorce:' at column 7 (did you mean 'source:'?)", 7],
    ['zzz:korea', "unknown field 'zzz:' at column 1 (fields: title:, text:, source:, category:, author:, url:, topic:)", 1],
    ['korea title:', "'title:' at column 7 needs a word, \"phrase\" or (group) after it", 7],
    ['(korea OR sport', "unclosed parenthesis at column 1: add the closing ')'", 1],
    ['korea (', "unclosed parenthesis at column 7: add the closing ')'", 7],
    ['korea) sport', "unmatched ')' at column 6: remove it or add a '(' before it", 6],
    [') korea', "unmatched ')' at column 1: remove it or add a '(' before it", 1],
    ['korea ()', 'empty parentheses at column 7: put terms inside or remove them', 7],
    ['korea ""', 'the phrase at column 7 has no words to search for; put words between the quotes', 7],
    ['korea !!!', "'!!!' at column 7 has no letters or digits to search for", 7],
    ['ba*', "prefix 'ba*' at column 1 is too short: give at least 3 letters before '*'", 1],
    ['ball*oon', "'*' at column 5 only works at the end of a word, like balloon*", 5],
    ['kim-jong*', "'kim-jong*' at column 1: a prefix* must be a single word; quote the rest as a phrase", 1],
    ['korea topic:', "'topic:' at column 7 needs a topic name right after it, like topic:north-korea", 7],
  ])('%j', (query, message, column) => {
    const error = failure(query);
    expect(error.code).toBe('query_invalid');
    expect(error.message).toBe(message);
    expect(error.context).toMatchObject({ query, column });
  });
});

describe('queries that would never match or match everything are rejected', () => {
  it.each([
    ['korea -korea', "'korea -korea' can never match: 'korea' is required but '-korea' excludes it; remove one of them"],
    ['Missiles NOT missile', "'Missiles NOT missile' can never match: 'Missiles' is required but '-missile' excludes it; remove one of them"],
    ['"kim jong un" -jong', `'"kim jong un" -jong' can never match: '"kim jong un"' is required but '-jong' excludes it; remove one of them`],
    ['title:korea -korea', "'title:korea -korea' can never match: 'title:korea' is required but '-korea' excludes it; remove one of them"],
    ['(a -a) OR (b -b)', "'(a -a) OR (b -b)' can never match: 'a' is required but '-a' excludes it; remove one of them"],
    ['-korea', "'-korea' has nothing to look for: exclusions alone would match almost every item; add a word to find, like korea -sport"],
    ['NOT korea NOT sport', "'NOT korea NOT sport' has nothing to look for: exclusions alone would match almost every item; add a word to find, like korea -sport"],
    ['korea OR -sport', "'korea OR -sport' would match almost every item: each side of an OR needs a word, phrase or prefix* to find, not only exclusions"],
  ])('%j', (query, message) => {
    expect(failure(query).message).toBe(message);
  });

  it.each(['korea -title:korea', 'text:korea -title:korea', 'korea (sport OR -sport)', '(a -a) OR b', 'a -"a b"'])('%j is allowed: it can match', (query) => {
    expect(() => compileQuery(query, {})).not.toThrow();
  });
});
