// Matches one item against every subscription without a predicate call per subscription:
// queries are filed under the keys of their cover (see index-keys.ts), the item is folded once,
// and only filings under keys the item offers are looked at, each checking only its residual
// (most have none). Subscriptions with the same query share one entry, so it is checked once
// however many channels hold it and its ids join the result together. The empty query (a
// channel that wants everything) has a path of its own.
//
// Entries and residual filings are numbers into dense arrays, and the key lists hold those
// numbers: at 100k subscriptions an item looks at hundreds of candidates, and chasing one
// object per candidate cost more than everything else in a match (cache misses, not work).
import type { Item } from '../domain/types.ts';
import type { QueryNode } from './ast.ts';
import { compileWith } from './compile.ts';
import { compileCheck, type Check } from './evaluate.ts';
import { cover, KeyTable, type IndexKey } from './index-keys.ts';
import { prepareItem } from './prepare.ts';
import { TermTable, type Clause } from './residual-terms.ts';
import { TopicResolver } from './topics.ts';

/** A key list holds an entry number (the key proves the match) or ~r for residual filing r. */
type Code = number;

/** Slots that are reused once freed, so numbers stay dense under set/remove churn. */
class Slots {
  private readonly free: number[] = [];
  private next = 0;
  /** Call stamps per slot: equal to the current match call when already seen by it. */
  stamps = new Int32Array(1024);

  take(): number {
    const slot = this.free.pop() ?? this.next++;
    if (slot >= this.stamps.length) {
      const grown = new Int32Array(this.stamps.length * 2);
      grown.set(this.stamps);
      this.stamps = grown;
    }
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}

interface Filed {
  readonly key: IndexKey;
  readonly code: Code;
}

export class SubscriptionIndex {
  private readonly resolver: TopicResolver;
  private readonly entryByQuery = new Map<string, number>();
  private readonly entryOf = new Map<string, number>();
  private readonly everything = new Set<string>();
  private readonly postings = new KeyTable<Code>();
  // Per entry number.
  private readonly entries = new Slots();
  // Ids, the first apart from the rest: most entries hold one, read without touching another object.
  private readonly firstIds: string[] = [];
  private readonly moreIds: (string[] | undefined)[] = [];
  private readonly queryKeys: string[] = [];
  private readonly filed: Filed[][] = [];
  // Per residual filing number.
  private readonly residuals = new Slots();
  private readonly residualEntry: number[] = [];
  /** A clause over shared terms where the residual has that shape, else a check of its own. */
  private readonly residualClause: (Clause | null)[] = [];
  private readonly residualCheck: (Check | null)[] = [];
  private readonly terms = new TermTable();
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
    let entry = this.entryByQuery.get(compiled.key);
    if (entry === undefined) {
      entry = this.entries.take();
      this.entryByQuery.set(compiled.key, entry);
      this.firstIds[entry] = id;
      this.moreIds[entry] = undefined;
      this.queryKeys[entry] = compiled.key;
      // A compiled root always has a cover: compileQuery rejects queries with nothing to look for.
      this.filed[entry] = cover(compiled.root)!.filings.map(({ key, residual }) => {
        const code = residual === null ? entry! : ~this.fileResidual(entry!, residual);
        this.postings.add(key, code);
        return { key, code };
      });
    } else {
      (this.moreIds[entry] ??= []).push(id);
    }
    this.entryOf.set(id, entry);
  }

  remove(id: string): void {
    this.everything.delete(id);
    const entry = this.entryOf.get(id);
    if (entry === undefined) return;
    this.entryOf.delete(id);
    const more = this.moreIds[entry];
    if (more !== undefined && more.length > 0) {
      const last = more.pop()!;
      if (this.firstIds[entry] === id) this.firstIds[entry] = last;
      else if (last !== id) more[more.indexOf(id)] = last;
      return;
    }
    for (const { key, code } of this.filed[entry]!) {
      this.postings.delete(key, code);
      if (code < 0) this.releaseResidual(~code);
    }
    this.entryByQuery.delete(this.queryKeys[entry]!);
    this.filed[entry] = [];
    this.entries.release(entry);
  }

  /** Ids of the subscriptions whose queries match the item, in no particular order. */
  match(item: Item): string[] {
    const matched = [...this.everything];
    if (this.entryByQuery.size === 0) return matched;
    const prepared = prepareItem(item);
    const call = this.nextCall();
    const entryStamps = this.entries.stamps;
    const residualStamps = this.residuals.stamps;
    this.postings.forEachOffered(prepared, (codes) => {
      for (const code of codes) {
        let entry = code;
        if (code < 0) {
          const residual = ~code;
          entry = this.residualEntry[residual]!;
          // A key can be offered twice (a repeated phrase): its residual is checked once.
          if (entryStamps[entry] === call || residualStamps[residual] === call) continue;
          residualStamps[residual] = call;
          const clause = this.residualClause[residual]!;
          if (clause !== null ? !this.terms.holds(clause, prepared, call) : !this.residualCheck[residual]!(prepared)) continue;
        } else if (entryStamps[entry] === call) continue;
        entryStamps[entry] = call;
        matched.push(this.firstIds[entry]!);
        const more = this.moreIds[entry];
        if (more !== undefined) for (const id of more) matched.push(id);
      }
    });
    return matched;
  }

  private fileResidual(entry: number, node: QueryNode): number {
    const residual = this.residuals.take();
    const clause = this.terms.clauseOf(node);
    this.residualEntry[residual] = entry;
    this.residualClause[residual] = clause;
    this.residualCheck[residual] = clause === null ? compileCheck(node) : null;
    return residual;
  }

  private releaseResidual(residual: number): void {
    const clause = this.residualClause[residual];
    if (clause) this.terms.release(clause);
    this.residualClause[residual] = null;
    this.residualCheck[residual] = null;
    this.residuals.release(residual);
  }

  /** Stamps are int32; after 2^31 - 1 calls they start over from cleared arrays. */
  private nextCall(): number {
    if (this.calls === 0x7fffffff) {
      this.entries.stamps.fill(0);
      this.residuals.stamps.fill(0);
      this.terms.reset();
      this.calls = 0;
    }
    return ++this.calls;
  }
}
