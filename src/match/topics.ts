// Expands `topic:name` references against the config's topics. Topics may use other topics; a
// reference chain that comes back to itself is a cycle, reported with the whole chain. Expansion
// is bounded: a topic used twice by the topic above it doubles its size at every level, so 24
// such levels would freeze `herald config check` (and a live reload) on 16 million terms.
import type { QueryNode } from './ast.ts';
import { parseQuery, type ParseContext } from './parser.ts';
import { closest } from '../text/closest.ts';
import { queryError } from './query-error.ts';

/** Longest chain of topics using topics; real configs nest two or three deep. */
export const MAX_TOPIC_DEPTH = 8;
/** Most query nodes one expanded query may have: a few hundred outlet names fit many times over. */
export const MAX_QUERY_NODES = 10_000;
const TOO_BIG_FIX = 'each use of a topic repeats it in full, so a topic used twice at every level doubles each time: use each topic once or write its words out';

/**
 * Nodes of the query as every later stage walks it (a topic used twice counts twice), counted in
 * time linear in the distinct nodes: expanded topics share their parsed node objects.
 */
export function expandedSize(node: QueryNode, memo: WeakMap<QueryNode, number> = new WeakMap()): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (node.kind === 'and' || node.kind === 'or') for (const child of node.children) size += expandedSize(child, memo);
  else if (node.kind === 'not') size += expandedSize(node.child, memo);
  memo.set(node, size);
  return size;
}

export class TopicResolver {
  // Topics are fixed for the resolver's life, so each one is parsed once however often it is used.
  private readonly parsed = new Map<string, QueryNode>();
  private readonly sizes = new WeakMap<QueryNode, number>();
  private readonly names: string[];

  constructor(private readonly topics: Readonly<Record<string, string>>) {
    this.names = Object.keys(topics).sort();
  }

  get topicNames(): readonly string[] {
    return this.names;
  }

  /** A parse context for text written inside `chain` (empty for a user's query). */
  context(chain: readonly string[]): ParseContext {
    // Every topic reference of one text counts towards its size, so `topic:big topic:big ...`
    // cannot multiply a topic that is within the limit on its own.
    let used = 0;
    return {
      topic: chain.at(-1) ?? null,
      resolveTopic: (name, column) => {
        const node = this.resolve(name, column, chain);
        used += expandedSize(node, this.sizes);
        if (used > MAX_QUERY_NODES) {
          const where = chain.length === 0 ? `the query's topics expand` : `topic chain ${[...chain, name].join(' -> ')} expands`;
          throw queryError(
            `${where} to more than ${MAX_QUERY_NODES} query terms and operators (limit ${MAX_QUERY_NODES}, reached at 'topic:${name}', column ${column}); ` +
              TOO_BIG_FIX,
            '',
            column,
          );
        }
        return node;
      },
    };
  }

  /** The parsed query of one topic, referenced at `column` from the text of `chain`'s last topic. */
  resolve(name: string, column: number, chain: readonly string[]): QueryNode {
    const from = chain.at(-1) ?? null;
    const text = Object.hasOwn(this.topics, name) ? this.topics[name] : undefined;
    if (text === undefined) {
      const guess = closest(name, this.names);
      const known = this.names.length === 0 ? 'no topics are configured' : `topics: ${this.names.join(', ')}`;
      const hint = guess ? `did you mean 'topic:${guess}'? ${known}` : known;
      throw queryError(`unknown topic '${name}' at column ${column} (${hint})`, '', column, from);
    }
    const cached = this.parsed.get(name);
    if (cached) return cached;
    if (chain.includes(name)) {
      const cycle = [...chain.slice(chain.indexOf(name)), name].join(' -> ');
      throw queryError(`topic cycle: ${cycle}; remove one of these topic: references`, text, column);
    }
    const path = [...chain, name];
    if (path.length > MAX_TOPIC_DEPTH) {
      throw queryError(
        `topics nest more than ${MAX_TOPIC_DEPTH} deep: ${path.join(' -> ')}; write the words of the inner topics out instead of referencing them`,
        text,
        column,
      );
    }
    const node = parseQuery(text, this.context(path));
    if (node === null) throw queryError(`topic '${name}' is empty; give it a query or remove it`, text, null);
    const size = expandedSize(node, this.sizes);
    if (size > MAX_QUERY_NODES) {
      throw queryError(
        `topic chain ${path.join(' -> ')} expands to ${size} query terms and operators (limit ${MAX_QUERY_NODES}); ${TOO_BIG_FIX}`,
        text,
        column,
      );
    }
    this.parsed.set(name, node);
    return node;
  }
}
