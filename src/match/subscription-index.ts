// Matches one item against every subscription without a predicate call per subscription:
// queries are filed under the keys of their cover (see index-keys.ts), the item is folded once,
// and only queries filed under keys the item offers are looked at. Subscriptions with the same
// query share one entry, so it is checked once however many channels hold it. The empty query
// (a channel that wants everything) has a path of its own.
import type { Item } from '../domain/types.ts';
import { compileWith, type CompiledQuery } from './compile.ts';
import { cover, KeyTable, type IndexKey } from './index-keys.ts';
import { prepareItem } from './prepare.ts';
import { TopicResolver } from './topics.ts';

interface Entry {
  readonly compiled: CompiledQuery;
  /** Usually one or a few ids, so an array: iterated on every match, rarely searched. */
  readonly ids: string[];
  readonly keys: readonly IndexKey[];
  /** Offering any of the keys proves the match. */
  readonly exact: boolean;
  /** The match call that last looked at this entry, so one item looks at it once. */
  visited: number;
}

export class SubscriptionIndex {
  private readonly resolver: TopicResolver;
  private readonly entries = new Map<string, Entry>();
  private readonly entryOf = new Map<string, Entry>();
  private readonly postings = new KeyTable<Entry>();
  private readonly everything = new Set<string>();
  private calls = 0;

  constructor(topics: Readonly<Record<string, string>>) {
    this.resolver = new TopicResolver(topics);
  }

  get size(): number {
    return this.entryOf.size + this.everything.size;
  }

  /** Adds or replaces a subscription's query; throws HeraldError('query_invalid') and then leaves the old one in place. */
  set(id: string, query: string): void {
    const compiled = compileWith(query, this.resolver);
    this.remove(id);
    if (compiled.root === null) {
      this.everything.add(id);
      return;
    }
    let entry = this.entries.get(compiled.key);
    if (!entry) {
      // A compiled root always has a cover: compileQuery rejects queries with nothing to look for.
      const { keys, exact } = cover(compiled.root)!;
      entry = { compiled, ids: [], keys, exact, visited: 0 };
      this.entries.set(compiled.key, entry);
      for (const key of keys) this.postings.add(key, entry);
    }
    entry.ids.push(id);
    this.entryOf.set(id, entry);
  }

  remove(id: string): void {
    this.everything.delete(id);
    const entry = this.entryOf.get(id);
    if (!entry) return;
    this.entryOf.delete(id);
    entry.ids.splice(entry.ids.indexOf(id), 1);
    if (entry.ids.length > 0) return;
    this.entries.delete(entry.compiled.key);
    for (const key of entry.keys) this.postings.delete(key, entry);
  }

  /** Ids of the subscriptions whose queries match the item, in no particular order. */
  match(item: Item): string[] {
    const matched = [...this.everything];
    if (this.entries.size === 0) return matched;
    const prepared = prepareItem(item);
    const call = ++this.calls;
    this.postings.forEachOffered(prepared, (filed) => {
      for (const entry of filed) {
        if (entry.visited === call) continue;
        entry.visited = call;
        if (entry.exact || entry.compiled.matches(prepared)) for (const id of entry.ids) matched.push(id);
      }
    });
    return matched;
  }
}
