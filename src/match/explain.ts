// Why a query matched an item or not: the terms found and where, and for a miss the required
// terms that were absent or the excluded ones that were present. Used by `herald query test`
// and the chat `test` command.
import type { Item } from '../domain/types.ts';
import { describeTerm, type Field, type QueryNode, type TermNode } from './ast.ts';
import { compileQuery } from './compile.ts';
import { evaluate, occurrences, termFields, termPresent } from './evaluate.ts';
import { prepareItem, type PreparedItem } from './prepare.ts';

export interface TermHit {
  /** The term as written in the query, field included ("title:korea", "\"kim jong un\""). */
  term: string;
  /** The topic the term came from, if any. */
  topic: string | null;
  field: Field;
  /** Span in the field's text (for categories and source: in the value `value`), end exclusive. */
  start: number;
  end: number;
  value: number;
  /** The item's own text at the span. */
  text: string;
}

export interface Explanation {
  query: string;
  matched: boolean;
  /** The empty query, which matches every item. */
  matchesEverything: boolean;
  /** Every sought term the item contains, first occurrence per field. */
  found: TermHit[];
  /** For a miss: the required terms (or groups of alternatives) the item lacks. */
  missing: string[];
  /** For a miss: excluded terms the item contains. */
  excluded: TermHit[];
}

function hits(term: TermNode, item: PreparedItem): TermHit[] {
  return termFields(term).flatMap((field) => {
    const first = occurrences(term, item.fields[field])[0];
    if (!first) return [];
    const start = first[0]!.start;
    const end = first.at(-1)!.end;
    const value = first[0]!.value;
    const text = item.fields[field].values[value]!.slice(start, end);
    return [{ term: describeTerm(term), topic: term.origin.topic, field, start, end, value, text }];
  });
}

/** Hits of the terms a node looks for (terms under a NOT are not sought). */
function soughtHits(node: QueryNode, item: PreparedItem): TermHit[] {
  switch (node.kind) {
    case 'not':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap((child) => soughtHits(child, item));
    default:
      return termPresent(node, item) ? hits(node, item) : [];
  }
}

function describe(node: QueryNode): string {
  switch (node.kind) {
    case 'not':
      return `-${describe(node.child)}`;
    case 'and':
      return `(${node.children.map(describe).join(' ')})`;
    case 'or':
      return `(${node.children.map(describe).join(' OR ')})`;
    default:
      return describeTerm(node);
  }
}

/** Why a node that evaluated false did so. */
function whyNot(node: QueryNode, item: PreparedItem, missing: string[], excluded: TermHit[]): void {
  switch (node.kind) {
    case 'and':
      for (const child of node.children) if (!evaluate(child, item)) whyNot(child, item, missing, excluded);
      return;
    case 'or':
      missing.push(`one of ${node.children.map(describe).join(', ')}`);
      return;
    case 'not':
      excluded.push(...soughtHits(node.child, item));
      return;
    default:
      missing.push(describeTerm(node));
  }
}

export function explainMatch(query: string, topics: Readonly<Record<string, string>>, item: Item): Explanation {
  const { root } = compileQuery(query, topics);
  if (root === null) return { query, matched: true, matchesEverything: true, found: [], missing: [], excluded: [] };
  const prepared = prepareItem(item);
  const matched = evaluate(root, prepared);
  const missing: string[] = [];
  const excluded: TermHit[] = [];
  if (!matched) whyNot(root, prepared, missing, excluded);
  return { query, matched, matchesEverything: false, found: soughtHits(root, prepared), missing, excluded };
}

function formatHit(hit: TermHit): string {
  const from = hit.topic === null ? '' : ` (topic:${hit.topic})`;
  return `${hit.term}${from} in ${hit.field} at ${hit.start}-${hit.end}: "${hit.text}"`;
}

export function formatExplanation(explanation: Explanation): string {
  if (explanation.matchesEverything) return 'matched: the empty query matches every item';
  const lines = [explanation.matched ? 'matched' : 'missed'];
  for (const hit of explanation.found) lines.push(`  found ${formatHit(hit)}`);
  for (const term of explanation.missing) lines.push(`  missing ${term}`);
  for (const hit of explanation.excluded) lines.push(`  excluded ${formatHit(hit)}`);
  return lines.join('\n');
}
