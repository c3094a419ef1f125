// Checks a compiled query against a prepared item, and finds where a term occurs.
import type { Field, QueryNode, TermNode } from './ast.ts';
import type { FieldToken, PreparedField, PreparedItem } from './prepare.ts';

const DEFAULT_FIELDS: readonly Field[] = ['title', 'text'];

export function termFields(term: TermNode): readonly Field[] {
  return term.field === null ? DEFAULT_FIELDS : [term.field];
}

function phraseAt(field: PreparedField, stems: readonly string[], start: number): boolean {
  for (let offset = 1; offset < stems.length; offset += 1) {
    if (!field.positions.get(stems[offset]!)?.includes(start + offset)) return false;
  }
  return true;
}

function inField(term: TermNode, field: PreparedField): boolean {
  switch (term.kind) {
    case 'word':
      return field.positions.has(term.stem);
    case 'prefix':
      return field.hasPrefix(term.prefix);
    case 'phrase': {
      const starts = field.positions.get(term.stems[0]!);
      return starts !== undefined && starts.some((start) => phraseAt(field, term.stems, start));
    }
  }
}

export function termPresent(term: TermNode, item: PreparedItem): boolean {
  if (term.field !== null) return inField(term, item.fields[term.field]);
  return inField(term, item.fields.title) || inField(term, item.fields.text);
}

/** A query checked against a prepared item. */
export type Check = (item: PreparedItem) => boolean;

function termCheck(term: TermNode): Check {
  if (term.field !== null) {
    const field = term.field;
    return (item) => inField(term, item.fields[field]);
  }
  if (term.kind === 'word') {
    const stem = term.stem;
    return (item) => item.fields.title.positions.has(stem) || item.fields.text.positions.has(stem);
  }
  return (item) => inField(term, item.fields.title) || inField(term, item.fields.text);
}

/**
 * The query as nested closures, built once: the subscription index runs thousands of checks per
 * item, and walking the tree with a switch and array callbacks per call cost several times more.
 */
export function compileCheck(node: QueryNode): Check {
  switch (node.kind) {
    case 'and': {
      const checks = node.children.map(compileCheck);
      if (checks.length === 2) {
        const [first, second] = checks as [Check, Check];
        return (item) => first(item) && second(item);
      }
      return (item) => {
        for (const check of checks) if (!check(item)) return false;
        return true;
      };
    }
    case 'or': {
      const checks = node.children.map(compileCheck);
      return (item) => {
        for (const check of checks) if (check(item)) return true;
        return false;
      };
    }
    case 'not': {
      const check = compileCheck(node.child);
      return (item) => !check(item);
    }
    default:
      return termCheck(node);
  }
}

export function evaluate(node: QueryNode, item: PreparedItem): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => evaluate(child, item));
    case 'or':
      return node.children.some((child) => evaluate(child, item));
    case 'not':
      return !evaluate(node.child, item);
    default:
      return termPresent(node, item);
  }
}

/** Every occurrence of a term in one field, as runs of tokens (one token for a word or prefix). */
export function occurrences(term: TermNode, field: PreparedField): FieldToken[][] {
  const found: FieldToken[][] = [];
  const length = term.kind === 'phrase' ? term.stems.length : 1;
  field.tokens.forEach((token, index) => {
    const hit =
      term.kind === 'word'
        ? token.stem === term.stem
        : term.kind === 'prefix'
          ? token.raw.startsWith(term.prefix)
          : token.stem === term.stems[0] && phraseAt(field, term.stems, token.position);
    if (hit) found.push(field.tokens.slice(index, index + length));
  });
  return found;
}
