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

interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  list: T[];
}

function trieNode<T>(): TrieNode<T> {
  return { children: new Map(), list: [] };
}

/**
 * Values filed under keys, and the lists an item offers. Lookups use the item's own word
 * strings, so no key strings are built per item: words per family, bigrams as word -> next
 * word, prefixes in a trie walked along each distinct word of the item.
 */
export class KeyTable<T> {
  private readonly words = new Map<KeyFamily, Map<string, T[]>>();
  private readonly bigrams = new Map<KeyFamily, Map<string, Map<string, T[]>>>();
  private readonly prefixes = new Map<KeyFamily, TrieNode<T>>();

  add(key: IndexKey, value: T): void {
    if (key.family.startsWith('p')) {
      let node: TrieNode<T> | undefined = this.prefixes.get(key.family);
      if (!node) this.prefixes.set(key.family, (node = trieNode<T>()));
      for (let at = 0; at < key.word.length; at += 1) {
        let child: TrieNode<T> | undefined = node.children.get(key.word[at]!);
        if (!child) node.children.set(key.word[at]!, (child = trieNode<T>()));
        node = child;
      }
      node.list.push(value);
      return;
    }
    if (key.next === null) {
      let family = this.words.get(key.family);
      if (!family) this.words.set(key.family, (family = new Map()));
      let list = family.get(key.word);
      if (!list) family.set(key.word, (list = []));
      list.push(value);
      return;
    }
    let family = this.bigrams.get(key.family);
    if (!family) this.bigrams.set(key.family, (family = new Map()));
    let nexts = family.get(key.word);
    if (!nexts) family.set(key.word, (nexts = new Map()));
    let list = nexts.get(key.next);
    if (!list) nexts.set(key.next, (list = []));
    list.push(value);
  }

  /** Removes one filing of `value` under `key`, dropping emptied lists, trie branches and families. */
  delete(key: IndexKey, value: T): void {
    const without = (list: T[]) => {
      const at = list.indexOf(value);
      if (at !== -1) list.splice(at, 1);
      return list.length === 0;
    };
    if (key.family.startsWith('p')) {
      const root = this.prefixes.get(key.family);
      if (!root) return;
      const path = [root];
      for (let at = 0; at < key.word.length; at += 1) {
        const child = path.at(-1)!.children.get(key.word[at]!);
        if (!child) return;
        path.push(child);
      }
      if (!without(path.at(-1)!.list)) return;
      for (let depth = path.length - 1; depth > 0; depth -= 1) {
        const node = path[depth]!;
        if (node.list.length > 0 || node.children.size > 0) return;
        path[depth - 1]!.children.delete(key.word[depth - 1]!);
      }
      if (root.children.size === 0) this.prefixes.delete(key.family);
      return;
    }
    if (key.next === null) {
      const family = this.words.get(key.family);
      const list = family?.get(key.word);
      if (!family || !list || !without(list)) return;
      family.delete(key.word);
      if (family.size === 0) this.words.delete(key.family);
      return;
    }
    const family = this.bigrams.get(key.family);
    const nexts = family?.get(key.word);
    const list = nexts?.get(key.next);
    if (!family || !nexts || !list || !without(list)) return;
    nexts.delete(key.next);
    if (nexts.size === 0) family.delete(key.word);
    if (family.size === 0) this.bigrams.delete(key.family);
  }

  /** Calls `visit` with every list filed under a key the item offers (a list may come more than once). */
  forEachOffered(item: PreparedItem, visit: (list: readonly T[]) => void): void {
    for (const [family, table] of this.words) {
      const [first, ...others] = fieldsOf(family).map((name) => item.fields[name].positions);
      for (const stem of first!.keys()) {
        const list = table.get(stem);
        if (list) visit(list);
      }
      // A word in both the title and the text is offered once.
      for (const positions of others) {
        for (const stem of positions.keys()) {
          const list = first!.has(stem) ? undefined : table.get(stem);
          if (list) visit(list);
        }
      }
    }
    for (const [family, table] of this.bigrams) {
      for (const name of fieldsOf(family)) {
        const tokens = item.fields[name].tokens;
        for (let index = 0; index + 1 < tokens.length; index += 1) {
          const nexts = table.get(tokens[index]!.stem);
          if (nexts === undefined) continue;
          const second = tokens[index + 1]!;
          const list = second.position === tokens[index]!.position + 1 ? nexts.get(second.stem) : undefined;
          if (list) visit(list);
        }
      }
    }
    for (const [family, root] of this.prefixes) {
      for (const name of fieldsOf(family)) {
        for (const word of item.fields[name].rawWords()) {
          let node: TrieNode<T> | undefined = root;
          for (let at = 0; node !== undefined && at < word.length; at += 1) {
            node = node.children.get(word[at]!);
            if (node && node.list.length > 0) visit(node.list);
          }
        }
      }
    }
  }
}

function fieldsOf(family: KeyFamily): readonly Field[] {
  return SCOPE_FIELDS[family.slice(1) as ScopeTag];
}
