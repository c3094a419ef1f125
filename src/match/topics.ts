// Expands `topic:name` references against the config's topics. Topics may use other topics; a
// reference chain that comes back to itself is a cycle, reported with the whole chain.
import type { QueryNode } from './ast.ts';
import { parseQuery, type ParseContext } from './parser.ts';
import { closest, queryError } from './query-error.ts';

export class TopicResolver {
  // Topics are fixed for the resolver's life, so each one is parsed once however often it is used.
  private readonly parsed = new Map<string, QueryNode>();
  private readonly names: string[];

  constructor(private readonly topics: Readonly<Record<string, string>>) {
    this.names = Object.keys(topics).sort();
  }

  get topicNames(): readonly string[] {
    return this.names;
  }

  /** A parse context for text written inside `chain` (empty for a user's query). */
  context(chain: readonly string[]): ParseContext {
    return {
      topic: chain.at(-1) ?? null,
      resolveTopic: (name, column) => this.resolve(name, column, chain),
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
    const node = parseQuery(text, this.context([...chain, name]));
    if (node === null) throw queryError(`topic '${name}' is empty; give it a query or remove it`, text, null);
    this.parsed.set(name, node);
    return node;
  }
}
