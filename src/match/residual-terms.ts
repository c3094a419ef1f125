// Residual checks as clauses over interned terms. Most residuals are a few required or
// excluded terms (`x -y`, `url:asia x`, `x -"live blog"`), and many share terms, so each
// distinct term is checked at most once per item and remembered for the rest. Terms live in
// dense arrays by number: at 100k subscriptions the cost of a check is the memory it touches,
// and a default-scope word needs only its stem string.
import { canonical, type QueryNode, type TermNode } from './ast.ts';
import { compileCheck, type Check } from './evaluate.ts';
import type { PreparedItem } from './prepare.ts';

/** Term numbers, ~number when the term is excluded; an item satisfies the clause when all hold. */
export type Clause = Int32Array;

function isTerm(node: QueryNode): node is TermNode {
  return node.kind === 'word' || node.kind === 'phrase' || node.kind === 'prefix';
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

  /** The residual as a clause of terms, or null when it has another shape (an OR, a nested group). */
  clauseOf(residual: QueryNode): Clause | null {
    const literals = residual.kind === 'and' ? residual.children : [residual];
    const terms: (TermNode | { negated: TermNode })[] = [];
    for (const literal of literals) {
      if (isTerm(literal)) terms.push(literal);
      else if (literal.kind === 'not' && isTerm(literal.child)) terms.push({ negated: literal.child });
      else return null;
    }
    return Int32Array.from(terms, (term) => ('negated' in term ? ~this.intern(term.negated) : this.intern(term)));
  }

  /** Forgets one use of each term of the clause. */
  release(clause: Clause): void {
    for (const literal of clause) {
      const term = literal < 0 ? ~literal : literal;
      this.users[term]! -= 1;
      if (this.users[term] !== 0) continue;
      this.numberOf.delete(this.keys[term]!);
      this.stems[term] = undefined;
      this.checks[term] = undefined;
      this.free.push(term);
    }
  }

  /** Whether the item satisfies the clause; `call` identifies the item for the memo. */
  holds(clause: Clause, item: PreparedItem, call: number): boolean {
    for (const literal of clause) {
      const term = literal < 0 ? ~literal : literal;
      let present: boolean;
      if (this.stamps[term] === call) present = this.values[term] === 1;
      else {
        const stem = this.stems[term];
        present = stem !== undefined ? item.fields.title.positions.has(stem) || item.fields.text.positions.has(stem) : this.checks[term]!(item);
        this.stamps[term] = call;
        this.values[term] = present ? 1 : 0;
      }
      if (present === literal < 0) return false;
    }
    return true;
  }

  /** Clears the memo, for when call numbers start over. */
  reset(): void {
    this.stamps.fill(0);
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
