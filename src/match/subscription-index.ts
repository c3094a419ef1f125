// Matches one item against every subscription without a predicate call per subscription:
// queries are filed under the keys of their cover (see index-keys.ts), the item is folded once,
// and only filings under keys the item offers are looked at, each checking only its residual
// (most have none). Subscriptions with the same query share one entry, so it is checked once
// however many channels hold it and its ids join the result together. The empty query (a
// channel that wants everything) has a path of its own.
import type { Item } from '../domain/types.ts';
import { compileWith } from './compile.ts';
import { compileCheck, type Check } from './evaluate.ts';
import { cover, KeyTable, type IndexKey } from './index-keys.ts';
import { prepareItem } from './prepare.ts';
import { TopicResolver } from './topics.ts';

interface Entry {
  readonly key: string;
  /** Usually one or a few ids, so an array: iterated on every match, rarely searched. */
  readonly ids: string[];
  readonly postings: readonly Posting[];
  /** The match call that found this entry matching, so one item reports it once. */
  matched: number;
}

interface Posting {
  readonly entry: Entry;
  readonly key: IndexKey;
  /** null when offering the key proves the match. */
  readonly residual: Check | null;
  /** The match call that last checked this posting: a key can be offered twice (a repeated phrase). */
  checked: number;
}

export class SubscriptionIndex {
  private readonly resolver: TopicResolver;
  private readonly entries = new Map<string, Entry>();
  private readonly entryOf = new Map<string, Entry>();
  private readonly postings = new KeyTable<Posting>();
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
      const { filings } = cover(compiled.root)!;
      const postings: Posting[] = [];
      entry = { key: compiled.key, ids: [], postings, matched: 0 };
      for (const { key, residual } of filings) {
        const posting: Posting = { entry, key, residual: residual && compileCheck(residual), checked: 0 };
        postings.push(posting);
        this.postings.add(key, posting);
      }
      this.entries.set(compiled.key, entry);
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
    this.entries.delete(entry.key);
    for (const posting of entry.postings) this.postings.delete(posting.key, posting);
  }

  /** Ids of the subscriptions whose queries match the item, in no particular order. */
  match(item: Item): string[] {
    const matched = [...this.everything];
    if (this.entries.size === 0) return matched;
    const prepared = prepareItem(item);
    const call = ++this.calls;
    this.postings.forEachOffered(prepared, (filed) => {
      for (const posting of filed) {
        const entry = posting.entry;
        if (entry.matched === call || posting.checked === call) continue;
        posting.checked = call;
        if (posting.residual !== null && !posting.residual(prepared)) continue;
        entry.matched = call;
        for (const id of entry.ids) matched.push(id);
      }
    });
    return matched;
  }
}
