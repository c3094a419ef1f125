// Residual checks as clauses over interned terms, for the residuals no other key proves (the
// index pairs `x y`, `url:asia x`, `x AND (y OR z)` with their partner keys instead): several
// required terms (`x y z` filed under x), exclusions no single key proves (`x -"kim jong un"`),
// `text:` terms. Many share terms, so each distinct term is checked at most once per item and
// remembered for the rest. Terms live in dense arrays by number: at 100k subscriptions the cost
// of a check is the memory it touches, and a default-scope word needs only its stem string.
import { canonical, type QueryNode, type TermNode } from './ast.ts';
import { compileCheck, type Check } from './evaluate.ts';
import type { PreparedItem } from './prepare.ts';

/**
 * A conjunction of alternatives, flat: each alternative is its length followed by its literals,
 * a term number or ~number when the term is excluded. An item satisfies the clause when every
 * alternative has a literal that holds.
 */
export type Clause = Int32Array;

type Literal = TermNode | { negated: TermNode };

function isTerm(node: QueryNode): node is TermNode {
  return node.kind === 'word' || node.kind === 'phrase' || node.kind === 'prefix';
}

function literalOf(node: QueryNode): Literal | null {
  if (isTerm(node)) return node;
  return node.kind === 'not' && isTerm(node.child) ? { negated: node.child } : null;
}

/** The residual as alternatives of literals, or null when it nests deeper than that. */
function alternativesOf(residual: QueryNode): Literal[][] | null {
  const alternatives: Literal[][] = [];
  for (const conjunct of residual.kind === 'and' ? residual.children : [residual]) {
    const literals = conjunct.kind === 'or' ? conjunct.children.map(literalOf) : [literalOf(conjunct)];
    if (literals.includes(null)) return null;
    alternatives.push(literals as Literal[]);
  }
  return alternatives;
}

export class TermTable {
  private readonly numberOf = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly users: number[] = [];
  private readonly free: number[] = [];
  /** The stem of a default-scope word, else undefined and `checks` holds its check. */
  private readonly stems: (string | undefined)[] = [];
  private readonly checks: (Check | undefined)[] = [];
  private stamps = new Int32Array(1024);
  private values = new Uint8Array(1024);

  /** The residual as a clause of terms, or null when it has another shape (a nested group, a NOT over a group). */
  clauseOf(residual: QueryNode): Clause | null {
    const alternatives = alternativesOf(residual);
    if (alternatives === null) return null;
    return Int32Array.from(
      alternatives.flatMap((literals) => [
        literals.length,
        ...literals.map((literal) => ('negated' in literal ? ~this.intern(literal.negated) : this.intern(literal))),
      ]),
    );
  }

  /** Forgets one use of each term of the clause. */
  release(clause: Clause): void {
    for (let at = 0; at < clause.length; at += 1 + clause[at]!) {
      for (const literal of clause.subarray(at + 1, at + 1 + clause[at]!)) {
        const term = literal < 0 ? ~literal : literal;
        this.users[term]! -= 1;
        if (this.users[term] !== 0) continue;
        this.numberOf.delete(this.keys[term]!);
        this.stems[term] = undefined;
        this.checks[term] = undefined;
        this.free.push(term);
      }
    }
  }

  /** Whether the item satisfies the clause; `call` identifies the item for the memo. */
  holds(clause: Clause, item: PreparedItem, call: number): boolean {
    for (let at = 0; at < clause.length; ) {
      const end = at + 1 + clause[at]!;
      let satisfied = false;
      for (at += 1; at < end && !satisfied; at += 1) satisfied = this.literalHolds(clause[at]!, item, call);
      if (!satisfied) return false;
      at = end;
    }
    return true;
  }

  /** Clears the memo, for when call numbers start over. */
  reset(): void {
    this.stamps.fill(0);
  }

  private literalHolds(literal: number, item: PreparedItem, call: number): boolean {
    const term = literal < 0 ? ~literal : literal;
    let present: boolean;
    if (this.stamps[term] === call) present = this.values[term] === 1;
    else {
      const stem = this.stems[term];
      present = stem !== undefined ? item.fields.title.positions.has(stem) || item.fields.text.positions.has(stem) : this.checks[term]!(item);
      this.stamps[term] = call;
      this.values[term] = present ? 1 : 0;
    }
    return present !== literal < 0;
  }

  private intern(term: TermNode): number {
    const key = canonical(term);
    let number = this.numberOf.get(key);
    if (number === undefined) {
      number = this.free.pop() ?? this.keys.length;
      this.numberOf.set(key, number);
      this.keys[number] = key;
      this.users[number] = 0;
      if (term.kind === 'word' && term.field === null) this.stems[number] = term.stem;
      else this.checks[number] = compileCheck(term);
      // Terms are only added between matches, so the memo can start empty.
      if (number >= this.stamps.length) {
        this.stamps = new Int32Array(this.stamps.length * 2);
        this.values = new Uint8Array(this.stamps.length);
      }
    }
    this.users[number]! += 1;
    return number;
  }
}
