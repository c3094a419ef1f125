// Matches one item against every subscription without a predicate call per subscription:
// queries are filed under the keys of their cover (see index-keys.ts), the item is folded once,
// and only filings under keys the item offers are looked at, each checking only its residual
// (most have none; most of the rest are proven by other keys, so the check is whether the item
// offered one of those), after the keys the item offers have vetoed the queries that exclude them.
// Subscriptions with the same query share one entry, so it is checked once
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
import { KeyTable, plan, provingKeys, type IndexKey, type KeyList, type Plan } from './index-keys.ts';
import { prepareItem } from './prepare.ts';
import { TermTable, type Clause } from './residual-terms.ts';
import { TopicResolver } from './topics.ts';

/**
 * What one key holds. Most queries have a single filing, no residual and no veto (a word, a
 * two-word phrase, a prefix): offering their key is the match, so their ids are kept here ready
 * to be copied out. The rest are codes: an entry number for a query whose key proves it unless
 * vetoed or already matched (an OR of words, `x -y`), settled by the entry's stamp, or ~r for
 * residual filing r. Vetoes are the entries an item offering the key rules out.
 *
 * Pairs are filings whose residual other keys prove (`x y`, `x AND (y OR z)`, `source:"..." x`,
 * most residuals): entry `paired[i]` matches when the item also offers `partners[i]`, which the
 * offering pass has already stamped, so the check reads one stamp instead of evaluating terms.
 */
interface Posting extends KeyList {
  readonly ids: string[];
  readonly codes: number[];
  readonly vetoes: number[];
  readonly partners: Posting[];
  readonly paired: number[];
  /** Pairs elsewhere naming this posting as their partner: it must stay in the table, offered, while any do. */
  partnerOf: number;
}

const newPosting = (): Posting => ({ stamp: 0, ids: [], codes: [], vetoes: [], partners: [], paired: [], partnerOf: 0 });
const isEmptyPosting = (posting: Posting): boolean =>
  posting.ids.length === 0 && posting.codes.length === 0 && posting.vetoes.length === 0 && posting.paired.length === 0 && posting.partnerOf === 0;

/** Slots that are reused once freed, so numbers stay dense under set/remove churn. */
class Slots {
  private readonly free: number[] = [];
  private next = 0;

  take(): number {
    return this.free.pop() ?? this.next++;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}

interface Filed {
  readonly key: IndexKey;
  readonly posting: Posting;
  /** The posting's codes, vetoes or paired, holding `code`; null for an entry whose ids the posting holds. */
  readonly list: number[] | null;
  readonly code: number;
  /** For a pair: the partner's key and posting. */
  readonly partner: { readonly key: IndexKey; readonly posting: Posting } | null;
}

/** Removes one of the posting's pairs (entry, partner). */
function removePair(posting: Posting, partner: Posting, entry: number): void {
  const { partners, paired } = posting;
  let at = paired.length - 1;
  while (at >= 0 && (paired[at] !== entry || partners[at] !== partner)) at -= 1;
  if (at === -1) return;
  partners[at] = partners[partners.length - 1]!;
  paired[at] = paired[paired.length - 1]!;
  partners.pop();
  paired.pop();
}

/** Removes one occurrence of a value from a list whose order does not matter. */
function removeOne<T>(list: T[], value: T): void {
  const at = list.lastIndexOf(value);
  if (at === -1) return;
  list[at] = list[list.length - 1]!;
  list.pop();
}

export class SubscriptionIndex {
  private readonly resolver: TopicResolver;
  private readonly entryByQuery = new Map<string, number>();
  private readonly entryOf = new Map<string, number>();
  private readonly everything = new Set<string>();
  private readonly postings = new KeyTable<Posting>(newPosting, isEmptyPosting);
  // Per entry number.
  private readonly entries = new Slots();
  /** Call stamps: equal to the current match call once the entry has matched in it. */
  private stamps = new Int32Array(1024);
  // Ids, the first apart from the rest: most entries hold one, read without touching another object.
  private readonly firstIds: string[] = [];
  private readonly moreIds: (string[] | undefined)[] = [];
  /** The posting holding the entry's ids, for an entry with one filing and no residual. */
  private readonly direct: (Posting | null)[] = [];
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
  // Scratch reused by every match call (match is synchronous): the offered postings and the ids.
  private readonly offered: Posting[] = [];
  private readonly out: string[] = [];

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
      this.file(entry, plan(compiled.root)!);
    } else {
      (this.moreIds[entry] ??= []).push(id);
    }
    this.direct[entry]?.ids.push(id);
    this.entryOf.set(id, entry);
  }

  remove(id: string): void {
    this.everything.delete(id);
    const entry = this.entryOf.get(id);
    if (entry === undefined) return;
    this.entryOf.delete(id);
    const direct = this.direct[entry];
    if (direct) removeOne(direct.ids, id);
    const more = this.moreIds[entry];
    if (more !== undefined && more.length > 0) {
      const last = more.pop()!;
      if (this.firstIds[entry] === id) this.firstIds[entry] = last;
      else if (last !== id) more[more.indexOf(id)] = last;
      return;
    }
    for (const { key, posting, list, code, partner } of this.filed[entry]!) {
      if (partner !== null) {
        removePair(posting, partner.posting, code);
        partner.posting.partnerOf -= 1;
        this.postings.prune(partner.key);
      } else if (list !== null) removeOne(list, code);
      if (code < 0) this.releaseResidual(~code);
      this.postings.prune(key);
    }
    this.entryByQuery.delete(this.queryKeys[entry]!);
    this.filed[entry] = [];
    this.direct[entry] = null;
    this.entries.release(entry);
  }

  /** Ids of the subscriptions whose queries match the item, in no particular order. */
  match(item: Item): string[] {
    if (this.entryByQuery.size === 0) return [...this.everything];
    const prepared = prepareItem(item);
    const call = this.nextCall();
    const { stamps, firstIds, moreIds, residualEntry, residualClause, residualCheck, offered, out } = this;
    let count = 0;
    for (const id of this.everything) out[count++] = id;
    const postings = this.postings.offered(prepared, offered);
    const offeredStamp = this.postings.call;
    for (let at = 0; at < postings; at += 1) {
      const { vetoes } = offered[at]!;
      for (let index = 0; index < vetoes.length; index += 1) stamps[vetoes[index]!] = call;
    }
    for (let at = 0; at < postings; at += 1) {
      const { ids, codes, partners, paired } = offered[at]!;
      for (let index = 0; index < ids.length; index += 1) out[count++] = ids[index]!;
      for (let index = 0; index < partners.length; index += 1) {
        if (partners[index]!.stamp !== offeredStamp) continue;
        const entry = paired[index]!;
        if (stamps[entry] === call) continue;
        stamps[entry] = call;
        out[count++] = firstIds[entry]!;
        const more = moreIds[entry];
        if (more !== undefined) for (const id of more) out[count++] = id;
      }
      for (let index = 0; index < codes.length; index += 1) {
        const code = codes[index]!;
        const entry = code < 0 ? residualEntry[~code]! : code;
        if (stamps[entry] === call) continue;
        if (code < 0) {
          const clause = residualClause[~code]!;
          if (clause !== null ? !this.terms.holds(clause, prepared, call) : !residualCheck[~code]!(prepared)) continue;
        }
        stamps[entry] = call;
        out[count++] = firstIds[entry]!;
        const more = moreIds[entry];
        if (more !== undefined) for (const id of more) out[count++] = id;
      }
    }
    return out.slice(0, count);
  }

  private file(entry: number, { filings, vetoes }: Plan): void {
    if (entry >= this.stamps.length) {
      const grown = new Int32Array(this.stamps.length * 2);
      grown.set(this.stamps);
      this.stamps = grown;
    }
    const only = filings.length === 1 && vetoes.length === 0 ? filings[0]! : null;
    if (only !== null && only.residual === null) {
      const posting = this.postings.listOf(only.key);
      this.direct[entry] = posting;
      this.filed[entry] = [{ key: only.key, posting, list: null, code: entry, partner: null }];
      return;
    }
    this.direct[entry] = null;
    this.filed[entry] = [
      ...filings.flatMap(({ key, residual }): Filed[] => {
        const posting = this.postings.listOf(key);
        const partnerKeys = residual === null ? null : provingKeys(residual);
        if (partnerKeys !== null) {
          return partnerKeys.map((partnerKey) => {
            const partner = this.postings.listOf(partnerKey);
            partner.partnerOf += 1;
            posting.partners.push(partner);
            posting.paired.push(entry);
            return { key, posting, list: posting.paired, code: entry, partner: { key: partnerKey, posting: partner } };
          });
        }
        const code = residual === null ? entry : ~this.fileResidual(entry, residual);
        posting.codes.push(code);
        return [{ key, posting, list: posting.codes, code, partner: null }];
      }),
      ...vetoes.map((key): Filed => {
        const posting = this.postings.listOf(key);
        posting.vetoes.push(entry);
        return { key, posting, list: posting.vetoes, code: entry, partner: null };
      }),
    ];
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
      this.stamps.fill(0);
      this.terms.reset();
      this.calls = 0;
    }
    return ++this.calls;
  }
}
