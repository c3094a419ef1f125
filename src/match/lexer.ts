// Splits query text into tokens with 1-based columns. Chat clients turn straight quotes into
// curly ones, so both count as quotes.
import { queryError } from './query-error.ts';

export type LexToken =
  | { type: 'word'; text: string; column: number }
  | { type: 'phrase'; text: string; column: number }
  | { type: 'field'; name: string; text: string; column: number }
  | { type: 'and' | 'or' | 'not'; text: string; column: number }
  | { type: 'minus' | 'lparen' | 'rparen'; text: string; column: number };

const OPEN_QUOTES = new Set(['"', '“', '”']);
const CLOSE_QUOTES = new Set(['"', '“', '”']);
const OPERATORS: Record<string, 'and' | 'or' | 'not'> = { and: 'and', or: 'or', not: 'not' };
const FIELD_PREFIX = /^([A-Za-z]+):/;

function isSpace(char: string): boolean {
  return /\s/.test(char);
}

function endsBareWord(char: string): boolean {
  return isSpace(char) || char === '(' || char === ')' || OPEN_QUOTES.has(char);
}

export function lex(query: string, topic: string | null = null): LexToken[] {
  const tokens: LexToken[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at]!;
    const column = at + 1;
    if (isSpace(char)) {
      at += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'lparen' : 'rparen', text: char, column });
      at += 1;
    } else if (OPEN_QUOTES.has(char)) {
      let close = at + 1;
      while (close < query.length && !CLOSE_QUOTES.has(query[close]!)) close += 1;
      if (close >= query.length) {
        throw queryError(`unclosed quote at column ${column}: add the closing " or remove the opening one`, query, column, topic);
      }
      tokens.push({ type: 'phrase', text: query.slice(at + 1, close), column });
      at = close + 1;
    } else if (char === '-') {
      const next = query[at + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw queryError(`'-' at column ${column} needs a term right after it, like -sport or -"live blog"`, query, column, topic);
      }
      tokens.push({ type: 'minus', text: char, column });
      at += 1;
    } else {
      let end = at;
      while (end < query.length && !endsBareWord(query[end]!)) end += 1;
      const text = query.slice(at, end);
      const field = FIELD_PREFIX.exec(text);
      const operator = OPERATORS[text.toLowerCase()];
      if (field) {
        // The field's term is lexed on its own, so `title:"kim jong un"` and `title:-sport` work.
        tokens.push({ type: 'field', name: field[1]!.toLowerCase(), text: field[0], column });
        at += field[0].length;
      } else if (operator) {
        tokens.push({ type: operator, text, column });
        at = end;
      } else {
        tokens.push({ type: 'word', text, column });
        at = end;
      }
    }
  }
  return tokens;
}
