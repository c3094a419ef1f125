// compileQuery: query text -> a checked, self-contained predicate. Rejects queries that could
// never match or would match almost everything, and validates the config's topics.
import { isHeraldError } from '../domain/errors.ts';
import type { Item } from '../domain/types.ts';
import { canonical, describeTerm, type QueryNode, type TermNode } from './ast.ts';
import { compileCheck } from './evaluate.ts';
import { parseQuery } from './parser.ts';
import { isPreparedItem, prepareItem, type PreparedItem } from './prepare.ts';
import { queryError } from './query-error.ts';
import { TopicResolver } from './topics.ts';

export interface CompiledQuery {
  /** The query as written. */
  readonly query: string;
  /** null for the empty query, which matches every item. */
  readonly root: QueryNode | null;
  /** Equal for queries that match the same items the same way; the index shares work by it. */
  readonly key: string;
  matches(item: Item | PreparedItem): boolean;
}

function isTerm(node: QueryNode): node is TermNode {
  return node.kind === 'word' || node.kind === 'phrase' || node.kind === 'prefix';
}

/** True when every match needs at least one term present, i.e. the query looks for something. */
function looksForSomething(node: QueryNode): boolean {
  switch (node.kind) {
    case 'not':
      return false;
    case 'and':
      return node.children.some(looksForSomething);
    case 'or':
      return node.children.every(looksForSomething);
    default:
      return true;
  }
}

function hasPositiveTerm(node: QueryNode): boolean {
  if (node.kind === 'not') return false;
  if (node.kind === 'and' || node.kind === 'or') return node.children.some(hasPositiveTerm);
  return true;
}

/** Whether finding `required` in an item means `excluded` is found too. */
function implies(required: TermNode, excluded: TermNode): boolean {
  const sameScope =
    required.field === excluded.field || (excluded.field === null && (required.field === 'title' || required.field === 'text'));
  if (!sameScope) return false;
  if (excluded.kind === 'word') {
    return (required.kind === 'word' && required.stem === excluded.stem) || (required.kind === 'phrase' && required.stems.includes(excluded.stem));
  }
  return canonical({ ...required, field: null }) === canonical({ ...excluded, field: null });
}

/** A term that is both required and excluded, which no item can satisfy; null when there is none. */
function contradiction(node: QueryNode): [TermNode, TermNode] | null {
  if (node.kind === 'or') {
    const found = node.children.map(contradiction);
    return found.every((pair) => pair !== null) ? found[0]! : null;
  }
  if (node.kind !== 'and') return null;
  for (const child of node.children) {
    const inner = contradiction(child);
    if (inner) return inner;
  }
  const required = node.children.filter(isTerm);
  const excluded = node.children.flatMap((child) => (child.kind === 'not' && isTerm(child.child) ? [child.child] : []));
  for (const term of required) {
    const clash = excluded.find((candidate) => implies(term, candidate));
    if (clash) return [term, clash];
  }
  return null;
}

/** Rejects a parsed query that could never match or would match almost everything. */
function checkMeaningful(node: QueryNode, query: string, topic: string | null): void {
  if (!hasPositiveTerm(node)) {
    throw queryError(
      `'${query}' has nothing to look for: exclusions alone would match almost every item; add a word to find, like korea -sport`,
      query,
      null,
      topic,
    );
  }
  if (!looksForSomething(node)) {
    throw queryError(
      `'${query}' would match almost every item: each side of an OR needs a word, phrase or prefix* to find, not only exclusions`,
      query,
      null,
      topic,
    );
  }
  const clash = contradiction(node);
  if (clash) {
    const [required, excluded] = clash;
    throw queryError(
      `'${query}' can never match: '${describeTerm(required)}' is required but '-${describeTerm(excluded)}' excludes it; remove one of them`,
      query,
      null,
      topic,
    );
  }
}

/** Compiles with a resolver that can be shared by many queries over the same topics. */
export function compileWith(query: string, resolver: TopicResolver): CompiledQuery {
  const root = parseQuery(query, resolver.context([]));
  if (root === null) return { query, root, key: '*', matches: () => true };
  checkMeaningful(root, query, null);
  const check = compileCheck(root);
  return { query, root, key: canonical(root), matches: (item) => check(isPreparedItem(item) ? item : prepareItem(item)) };
}

/** Compiles a query; throws HeraldError('query_invalid') naming the column and the fix. '' matches every item. */
export function compileQuery(query: string, topics: Readonly<Record<string, string>>): CompiledQuery {
  return compileWith(query, new TopicResolver(topics));
}

/** Every problem in the config's topics: syntax, unknown references, cycles, meaningless queries. */
export function validateTopics(topics: Readonly<Record<string, string>>): { topic: string; message: string }[] {
  const resolver = new TopicResolver(topics);
  const problems: { topic: string; message: string }[] = [];
  for (const topic of resolver.topicNames) {
    try {
      checkMeaningful(resolver.resolve(topic, 1, []), topics[topic]!, topic);
    } catch (error) {
      if (!isHeraldError(error)) throw error;
      problems.push({ topic, message: error.message });
    }
  }
  return problems;
}
