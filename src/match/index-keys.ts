// The keys the subscription index files queries under, and the keys an item offers.
//
// A query's cover is a set of keys such that every item it matches offers at least one of
// them: a required term's key for AND (the rarest-looking one), every alternative's keys for
// OR. Keys are scoped by field so `title:korea` and `source:reuters` are indexed too. A cover is
// exact when offering a key already proves the match (a lone word, a two-word phrase, ORs of
// those), so such queries are never evaluated at all.
import type { Field, QueryNode, TermNode } from './ast.ts';
import type { PreparedItem } from './prepare.ts';

export interface Cover {
  keys: string[];
  exact: boolean;
  /** Rough expected number of items offering one of the keys, relative; lower is better. */
  cost: number;
}

/** Key families an item can offer: a kind (word, bigram) with a field scope, or prefixes. */
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
const PREFIX_KEY_LENGTH = 3;

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

function scopeCost(scope: ScopeTag): number {
  return scope === '' ? 1 : 0.5;
}

function scopeOf(term: TermNode): ScopeTag {
  return term.field === null ? '' : SCOPE_OF[term.field];
}

function termCover(term: TermNode): Cover {
  const scope = scopeOf(term);
  const exactScope = term.field !== 'text';
  switch (term.kind) {
    case 'word':
      return { keys: [`w${scope}:${term.stem}`], exact: exactScope, cost: wordCost(term.stem) * scopeCost(scope) };
    case 'prefix':
      return { keys: [`p:${term.prefix.slice(0, PREFIX_KEY_LENGTH)}`], exact: false, cost: 200 };
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
        keys: [`b${scope}:${term.stems[best]!} ${term.stems[best + 1]!}`],
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
        keys: [...new Set(all.flatMap((candidate) => candidate.keys))],
        exact: all.every((candidate) => candidate.exact),
        cost: all.reduce((sum, candidate) => sum + candidate.cost, 0),
      };
    }
    default:
      return termCover(node);
  }
}

export function familyOf(key: string): KeyFamily {
  return key.slice(0, key.indexOf(':')) as KeyFamily;
}

/** Calls `visit` with each key the item offers in the families that have queries filed under them. */
export function forEachItemKey(item: PreparedItem, families: ReadonlySet<KeyFamily>, visit: (key: string) => void): void {
  for (const family of families) {
    if (family === 'p') {
      for (const field of Object.values(item.fields)) {
        for (const token of field.tokens) if (token.raw.length >= PREFIX_KEY_LENGTH) visit(`p:${token.raw.slice(0, PREFIX_KEY_LENGTH)}`);
      }
      continue;
    }
    for (const name of SCOPE_FIELDS[family.slice(1) as ScopeTag]) {
      const field = item.fields[name];
      if (family.startsWith('w')) {
        for (const stem of field.positions.keys()) visit(`${family}:${stem}`);
        continue;
      }
      const tokens = field.tokens;
      for (let index = 0; index + 1 < tokens.length; index += 1) {
        const first = tokens[index]!;
        const second = tokens[index + 1]!;
        if (second.position === first.position + 1) visit(`${family}:${first.stem} ${second.stem}`);
      }
    }
  }
}
