// The keys the subscription index files queries under, and the keys an item offers.
//
// A query's cover is a set of filings, each a key and a residual query, such that an item
// matches exactly when it offers one of the keys and that filing's residual holds: a required
// term's filings for AND (the rarest-looking term, the other terms joining its residuals), every
// alternative's filings for OR. A residual is null when offering the key proves the match (a lone
// word, a two-word phrase, a word ORed with an AND under the word's key), so most candidates
// are never evaluated, and the rest check only what their key does not already prove. Keys are
// scoped by field so `title:korea` and `source:reuters` are indexed too.
import type { Field, QueryNode, TermNode } from './ast.ts';
import type { PreparedItem } from './prepare.ts';

/** A key: a word (or a word start, for prefixes) in a family, and the next word for bigrams. */
export interface IndexKey {
  family: KeyFamily;
  word: string;
  next: string | null;
}

export interface Filing {
  key: IndexKey;
  /** What an item offering the key must also satisfy; null when the key alone proves the match. */
  residual: QueryNode | null;
}

export interface Cover {
  filings: Filing[];
  /** Rough expected number of items offering one of the keys, relative; lower is better. */
  cost: number;
}

/** Key families an item can offer: a kind (word, bigram, word start) with a field scope. */
export type KeyFamily = `${'w' | 'b' | 'p'}${ScopeTag}`;
type ScopeTag = '' | 't' | 's' | 'c' | 'a' | 'u';

// Unfielded terms and `text:` terms share the title+text scope (text: is then checked exactly);
// the other fields have scopes of their own.
const SCOPE_OF: Record<Field, ScopeTag> = { title: 't', text: '', source: 's', category: 'c', author: 'a', url: 'u' };
const SCOPE_FIELDS: Record<ScopeTag, readonly Field[]> = {
  '': ['title', 'text'],
  t: ['title'],
  s: ['source'],
  c: ['category'],
  a: ['author'],
  u: ['url'],
};

// Words in nearly every English news item make useless keys; without item statistics at
// filing time, word length is the rarity guess for the rest (long words are rarer, per Zipf).
const COMMON = new Set(
  'the a an and or of to in on at for from by with as is are was were be been has have had it its this that these those not no but after before over into about than new said says say will would could can more most also up out he she they we his her their our who which what when where there'.split(
    ' ',
  ),
);

function wordCost(stem: string): number {
  return COMMON.has(stem) ? 1000 : Math.max(1, 16 - stem.length);
}

// A title word is rarer than the same word anywhere in the text; outlets, categories and URL
// sections are few, so each of their words is shared by many items.
const SCOPE_COST: Record<ScopeTag, number> = { '': 1, t: 0.5, a: 1, s: 8, c: 8, u: 8 };

function scopeCost(scope: ScopeTag): number {
  return SCOPE_COST[scope];
}

function scopeOf(term: TermNode): ScopeTag {
  return term.field === null ? '' : SCOPE_OF[term.field];
}

function termCover(term: TermNode): Cover {
  const scope = scopeOf(term);
  // `text:` shares the title+text scope, so the key only narrows it down.
  const proven = term.field !== 'text';
  switch (term.kind) {
    case 'word':
      return { filings: [{ key: { family: `w${scope}`, word: term.stem, next: null }, residual: proven ? null : term }], cost: wordCost(term.stem) * scopeCost(scope) };
    case 'prefix':
      return {
        filings: [{ key: { family: `p${scope}`, word: term.prefix, next: null }, residual: proven ? null : term }],
        cost: 4 * Math.max(1, 12 - term.prefix.length),
      };
    case 'phrase': {
      let best = 0;
      let bestCost = Infinity;
      for (let index = 0; index + 1 < term.stems.length; index += 1) {
        const cost = Math.min(wordCost(term.stems[index]!), wordCost(term.stems[index + 1]!)) / 4;
        if (cost < bestCost) {
          best = index;
          bestCost = cost;
        }
      }
      const key: IndexKey = { family: `b${scope}`, word: term.stems[best]!, next: term.stems[best + 1]! };
      return { filings: [{ key, residual: proven && term.stems.length === 2 ? null : term }], cost: bestCost * scopeCost(scope) };
    }
  }
}

function allOf(nodes: QueryNode[]): QueryNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'and', children: nodes };
}

/** The cover of a query, or null when it has none (only exclusions under it). */
export function cover(node: QueryNode): Cover | null {
  switch (node.kind) {
    case 'not':
      return null;
    case 'and': {
      let best: Cover | null = null;
      let bestAt = -1;
      for (let at = 0; at < node.children.length; at += 1) {
        const candidate = cover(node.children[at]!);
        if (candidate && (best === null || candidate.cost < best.cost)) {
          best = candidate;
          bestAt = at;
        }
      }
      if (best === null) return null;
      const others = node.children.filter((_, at) => at !== bestAt);
      return {
        filings: best.filings.map(({ key, residual }) => ({ key, residual: allOf(residual === null ? others : [residual, ...others]) })),
        cost: best.cost,
      };
    }
    case 'or': {
      // An item matching an alternative offers one of that alternative's keys, so each filing
      // needs only its own alternative's residual.
      const covers = node.children.map(cover);
      if (covers.some((candidate) => candidate === null)) return null;
      const all = covers as Cover[];
      return { filings: all.flatMap((candidate) => candidate.filings), cost: all.reduce((sum, candidate) => sum + candidate.cost, 0) };
    }
    default:
      return termCover(node);
  }
}

/**
 * The keys that prove the node exactly: an item matches it when, and only when, it offers one of
 * them (a word, a two-word phrase, an OR of such). Null when some part needs a check of its own.
 */
export function provingKeys(node: QueryNode): IndexKey[] | null {
  const found = cover(node);
  return found && found.filings.every(({ residual }) => residual === null) ? found.filings.map(({ key }) => key) : null;
}

/** What a key table files under a key; `stamp` is the table's, so an item is offered each list once. */
export interface KeyList {
  stamp: number;
}

/** How a query is filed: its cover, and the keys that veto it. */
export interface Plan {
  filings: Filing[];
  /** Keys of top-level exclusions that a key alone proves (`-sport`, `-"live blog"`): offering one rules the query out. */
  vetoes: IndexKey[];
}

/**
 * A query's plan. An exclusion the whole query requires, whose term one key proves exactly,
 * leaves the residuals and becomes a veto: the item offering that key rules the query out
 * before anything is checked, so `x -y` needs no check at all when y is absent.
 */
export function plan(root: QueryNode): Plan | null {
  if (root.kind === 'and') {
    const vetoes: IndexKey[] = [];
    const rest: QueryNode[] = [];
    for (const child of root.children) {
      const excluded = child.kind === 'not' ? provingKeys(child.child) : null;
      if (excluded) vetoes.push(...excluded);
      else rest.push(child);
    }
    const kept = rest.length > 0 ? cover(allOf(rest)) : null;
    if (kept) return { filings: kept.filings, vetoes };
  }
  const whole = cover(root);
  return whole && { filings: whole.filings, vetoes: [] };
}

interface TrieNode<L> {
  children: Map<string, TrieNode<L>>;
  list: L | null;
}

function trieNode<L>(): TrieNode<L> {
  return { children: new Map(), list: null };
}

interface Family<Table> {
  readonly fields: readonly Field[];
  readonly table: Table;
}

/** The keys starting with one word in one scope: the word's own list, and its bigrams by next word. */
interface WordKeys<L> {
  word: L | null;
  nexts: Map<string, L> | null;
}

interface PrefixFamily<L> extends Family<TrieNode<L>> {
  /** Word -> the lists of the prefixes it starts with, so a word seen before skips the trie walk. */
  readonly walks: Map<string, readonly L[]>;
}

// Enough for the working vocabulary of a news stream; past it the memo starts over, which costs
// only the walks again (an LRU would spend two more map operations on every hit).
const REMEMBERED_WALKS = 1 << 15;
const NO_LISTS: readonly never[] = [];

/**
 * One list per key, and the lists an item offers. Lookups use the item's own word strings, so
 * no key strings are built per item: words and bigrams per scope under their first word (one
 * lookup per token finds both: at 100k subscriptions each lookup in a large table is a cache
 * miss), prefixes in a trie walked along each word of the item.
 */
export class KeyTable<L extends KeyList> {
  private readonly words = new Map<ScopeTag, Family<Map<string, WordKeys<L>>>>();
  private readonly prefixes = new Map<KeyFamily, PrefixFamily<L>>();
  // A double: it never wraps, so a stamp left on a list can never equal a later call.
  private calls = 0;

  /** The stamp of the lists the last `offered` call offered: whether a list's key is in that item. */
  get call(): number {
    return this.calls;
  }

  constructor(
    private readonly create: () => L,
    private readonly isEmpty: (list: L) => boolean,
  ) {}

  /** The list filed under the key, made empty when there is none yet. */
  listOf(key: IndexKey): L {
    if (key.family.startsWith('p')) {
      let family = this.prefixes.get(key.family);
      if (!family) this.prefixes.set(key.family, (family = { fields: SCOPE_FIELDS[scopeTag(key.family)], table: trieNode<L>(), walks: new Map() }));
      let node = family.table;
      for (let at = 0; at < key.word.length; at += 1) {
        let child = node.children.get(key.word[at]!);
        if (!child) node.children.set(key.word[at]!, (child = trieNode<L>()));
        node = child;
      }
      if (node.list === null) {
        node.list = this.create();
        family.walks.clear();
      }
      return node.list;
    }
    const scope = scopeTag(key.family);
    let family = this.words.get(scope);
    if (!family) this.words.set(scope, (family = { fields: SCOPE_FIELDS[scope], table: new Map() }));
    const keys = getOrMake(family.table, key.word, (): WordKeys<L> => ({ word: null, nexts: null }));
    if (key.next === null) return (keys.word ??= this.create());
    return getOrMake((keys.nexts ??= new Map()), key.next, this.create);
  }

  /** Drops the key's list once it is empty, with emptied trie branches and families. */
  prune(key: IndexKey): void {
    if (key.family.startsWith('p')) {
      const family = this.prefixes.get(key.family);
      if (!family) return;
      const root = family.table;
      const path = [root];
      for (let at = 0; at < key.word.length; at += 1) {
        const child = path.at(-1)!.children.get(key.word[at]!);
        if (!child) return;
        path.push(child);
      }
      const last = path.at(-1)!;
      if (last.list === null || !this.isEmpty(last.list)) return;
      last.list = null;
      family.walks.clear();
      for (let depth = path.length - 1; depth > 0; depth -= 1) {
        const node = path[depth]!;
        if (node.list !== null || node.children.size > 0) return;
        path[depth - 1]!.children.delete(key.word[depth - 1]!);
      }
      if (root.children.size === 0) this.prefixes.delete(key.family);
      return;
    }
    const scope = scopeTag(key.family);
    const table = this.words.get(scope)?.table;
    const keys = table?.get(key.word);
    if (!table || !keys) return;
    if (key.next === null) {
      if (keys.word === null || !this.isEmpty(keys.word)) return;
      keys.word = null;
    } else {
      const list = keys.nexts?.get(key.next);
      if (!keys.nexts || !list || !this.isEmpty(list)) return;
      keys.nexts.delete(key.next);
      if (keys.nexts.size === 0) keys.nexts = null;
    }
    if (keys.word !== null || keys.nexts !== null) return;
    table.delete(key.word);
    if (table.size === 0) this.words.delete(scope);
  }

  /**
   * Writes every list filed under a key the item offers into `into`, each once however often
   * the item offers its key (a repeated phrase, a word in the title and the text, several words
   * starting with one prefix), and returns how many. `into` is the caller's scratch array.
   */
  offered(item: PreparedItem, into: L[]): number {
    const call = ++this.calls;
    let count = 0;
    const offer = (list: L | null | undefined) => {
      if (list && list.stamp !== call) {
        list.stamp = call;
        into[count++] = list;
      }
    };
    for (const { fields, table } of this.words.values()) {
      for (const name of fields) {
        const tokens = item.fields[name].tokens;
        for (let index = 0; index < tokens.length; index += 1) {
          const keys = table.get(tokens[index]!.stem);
          if (keys === undefined) continue;
          offer(keys.word);
          const second = tokens[index + 1];
          if (keys.nexts !== null && second !== undefined && second.position === tokens[index]!.position + 1) offer(keys.nexts.get(second.stem));
        }
      }
    }
    for (const family of this.prefixes.values()) {
      for (const name of family.fields) {
        for (const token of item.fields[name].tokens) for (const list of walk(family, token.raw)) offer(list);
      }
    }
    return count;
  }
}

/** The lists of the prefixes the word starts with. */
function walk<L>(family: PrefixFamily<L>, word: string): readonly L[] {
  let lists = family.walks.get(word);
  if (lists !== undefined) return lists;
  const found: L[] = [];
  let node: TrieNode<L> | undefined = family.table;
  for (let at = 0; node !== undefined && at < word.length; at += 1) {
    node = node.children.get(word[at]!);
    if (node?.list) found.push(node.list);
  }
  lists = found.length === 0 ? NO_LISTS : found;
  if (family.walks.size >= REMEMBERED_WALKS) family.walks.clear();
  family.walks.set(word, lists);
  return lists;
}

function scopeTag(family: KeyFamily): ScopeTag {
  return family.slice(1) as ScopeTag;
}

function getOrMake<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}
