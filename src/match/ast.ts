// The compiled form of a query: topics expanded, fields pushed down to the terms, words folded.
// Every stage after parsing (evaluation, explanation, the subscription index) reads this.

export const FIELDS = ['title', 'text', 'source', 'category', 'author', 'url'] as const;
export type Field = (typeof FIELDS)[number];

/** Where a term came from in the query text, for messages and explanations. */
export interface TermOrigin {
  /** The term as written, without its field or '-' ("Kim Jong-un", "\"north korea\"", "balloon*"). */
  source: string;
  /** 1-based column in the text it was written in (a topic's own text for topic terms). */
  column: number;
  /** The topic it came from, when it came from one. */
  topic: string | null;
}

interface TermBase {
  /** null: the title and the whole text. */
  field: Field | null;
  origin: TermOrigin;
}

/** One folded word. */
export interface WordNode extends TermBase {
  kind: 'word';
  stem: string;
}

/** Two or more folded words, adjacent and in order. */
export interface PhraseNode extends TermBase {
  kind: 'phrase';
  stems: string[];
}

/** A word start, compared with the unstemmed folded word (`balloon*` matches "ballooning"). */
export interface PrefixNode extends TermBase {
  kind: 'prefix';
  prefix: string;
}

export type TermNode = WordNode | PhraseNode | PrefixNode;

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

export type QueryNode = TermNode | AndNode | OrNode | NotNode;

/** A stable text form: equal for queries that match the same way, used to share work. */
export function canonical(node: QueryNode): string {
  switch (node.kind) {
    case 'word':
      return `${node.field ?? ''}:${node.stem}`;
    case 'phrase':
      return `${node.field ?? ''}:"${node.stems.join(' ')}"`;
    case 'prefix':
      return `${node.field ?? ''}:${node.prefix}*`;
    case 'not':
      return `-${canonical(node.child)}`;
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(canonical).sort().join(',')})`;
  }
}

/** Writes a term the way a person would type it, field included. */
export function describeTerm(term: TermNode): string {
  return term.field === null ? term.origin.source : `${term.field}:${term.origin.source}`;
}
