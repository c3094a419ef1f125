// The keys the subscription index files queries under, and the keys an item offers.
//
// A query's cover is a set of keys such that every item it matches offers at least one of
// them: a required term's key for AND (the rarest-looking one), every alternative's keys for
// OR. Keys are scoped by field so `title:korea` and `source:reuters` are indexed too. A cover is
// exact when offering a key already proves the match (a lone word, a two-word phrase, ORs of
// those), so such queries are never evaluated at all.
import type { Field, QueryNode, TermNode } from './ast.ts';
import { MIN_PREFIX } from './parser.ts';
import type { PreparedItem } from './prepare.ts';

/** A key: a word (or a word start, for prefixes) in a family, and the next word for bigrams. */
export interface IndexKey {
  family: KeyFamily;
  word: string;
  next: string | null;
}

export interface Cover {
  keys: IndexKey[];
  exact: boolean;
  /** Rough expected number of items offering one of the keys, relative; lower is better. */
  cost: number;
}

/** Key families an item can offer: a kind (word, bigram) with a field scope, or word starts. */
export type KeyFamily = `${'w' | 'b'}${ScopeTag}` | 'p';
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
// Prefixes are filed under their first 3 to 5 letters; an item offers each word's first 3, 4 and 5.
const PREFIX_KEY_MIN = MIN_PREFIX;
const PREFIX_KEY_MAX = 5;

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
  const exactScope = term.field !== 'text';
  switch (term.kind) {
    case 'word':
      return { keys: [{ family: `w${scope}`, word: term.stem, next: null }], exact: exactScope, cost: wordCost(term.stem) * scopeCost(scope) };
    case 'prefix':
      return {
        keys: [{ family: 'p', word: term.prefix.slice(0, PREFIX_KEY_MAX), next: null }],
        exact: false,
        cost: 25 * 2 ** (PREFIX_KEY_MAX - Math.min(term.prefix.length, PREFIX_KEY_MAX)),
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
      return {
        keys: [{ family: `b${scope}`, word: term.stems[best]!, next: term.stems[best + 1]! }],
        exact: exactScope && term.stems.length === 2,
        cost: bestCost * scopeCost(scope),
      };
    }
  }
}

/** The cover of a query, or null when it has none (only exclusions under it). */
export function cover(node: QueryNode): Cover | null {
  switch (node.kind) {
    case 'not':
      return null;
    case 'and': {
      let best: Cover | null = null;
      for (const child of node.children) {
        const candidate = cover(child);
        if (candidate && (best === null || candidate.cost < best.cost)) best = candidate;
      }
      return best && { ...best, exact: false };
    }
    case 'or': {
      const covers = node.children.map(cover);
      if (covers.some((candidate) => candidate === null)) return null;
      const all = covers as Cover[];
      return {
        keys: all.flatMap((candidate) => candidate.keys),
        exact: all.every((candidate) => candidate.exact),
        cost: all.reduce((sum, candidate) => sum + candidate.cost, 0),
      };
    }
    default:
      return termCover(node);
  }
}

/**
 * Values filed under keys, and the lists an item offers. Lookups use the item's own word
 * strings (no key strings are built per item): words per family, bigrams as word -> next word.
 */
export class KeyTable<T> {
  private readonly words = new Map<KeyFamily, Map<string, T[]>>();
  private readonly bigrams = new Map<KeyFamily, Map<string, Map<string, T[]>>>();

  add(key: IndexKey, value: T): void {
    const list = this.listOf(key, true)!;
    list.push(value);
  }

  /** Removes one filing of `value` under `key`, dropping emptied lists and families. */
  delete(key: IndexKey, value: T): void {
    const list = this.listOf(key, false);
    if (!list) return;
    const at = list.indexOf(value);
    if (at !== -1) list.splice(at, 1);
    if (list.length > 0) return;
    if (key.next === null) {
      const family = this.words.get(key.family)!;
      family.delete(key.word);
      if (family.size === 0) this.words.delete(key.family);
    } else {
      const family = this.bigrams.get(key.family)!;
      const nexts = family.get(key.word)!;
      nexts.delete(key.next);
      if (nexts.size === 0) family.delete(key.word);
      if (family.size === 0) this.bigrams.delete(key.family);
    }
  }

  /** Calls `visit` with every list filed under a key the item offers (a list may come more than once). */
  forEachOffered(item: PreparedItem, visit: (list: readonly T[]) => void): void {
    for (const [family, table] of this.words) {
      if (family === 'p') {
        for (const field of Object.values(item.fields)) {
          for (const { raw } of field.tokens) {
            for (let length = PREFIX_KEY_MIN; length <= Math.min(raw.length, PREFIX_KEY_MAX); length += 1) {
              const list = table.get(raw.slice(0, length));
              if (list) visit(list);
            }
          }
        }
        continue;
      }
      const [first, ...others] = SCOPE_FIELDS[family.slice(1) as ScopeTag].map((name) => item.fields[name].positions);
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
      for (const name of SCOPE_FIELDS[family.slice(1) as ScopeTag]) {
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
  }

  private listOf(key: IndexKey, create: boolean): T[] | undefined {
    if (key.next === null) {
      let family = this.words.get(key.family);
      if (!family) {
        if (!create) return undefined;
        family = new Map();
        this.words.set(key.family, family);
      }
      let list = family.get(key.word);
      if (!list && create) family.set(key.word, (list = []));
      return list;
    }
    let family = this.bigrams.get(key.family);
    if (!family) {
      if (!create) return undefined;
      family = new Map();
      this.bigrams.set(key.family, family);
    }
    let nexts = family.get(key.word);
    if (!nexts) {
      if (!create) return undefined;
      nexts = new Map();
      family.set(key.word, nexts);
    }
    let list = nexts.get(key.next);
    if (!list && create) nexts.set(key.next, (list = []));
    return list;
  }
}
