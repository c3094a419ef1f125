// Recursive-descent parser: query text -> QueryNode. Precedence NOT > AND > OR; adjacent terms
// are AND-ed. Fields push down to the terms they cover; topics are expanded through the
// context, so the result is self-contained.
import { FIELDS, type Field, type QueryNode, type TermNode, type TermOrigin } from './ast.ts';
import { tokenize } from './fold.ts';
import { lex, type LexToken } from './lexer.ts';
import { closest } from '../text/closest.ts';
import { queryError } from './query-error.ts';

export interface ParseContext {
  /** Resolves `topic:name` to its parsed query; throws query_invalid when unknown, cyclic or invalid. */
  resolveTopic(name: string, column: number): QueryNode;
  /** The topic whose text is being parsed, recorded on its terms; null for a user's query. */
  topic: string | null;
}

/** The shortest prefix* allowed: shorter ones match too many words to mean anything. */
const MIN_PREFIX = 3;
const FIELD_NAMES: readonly string[] = [...FIELDS, 'topic'];
const TERM_STARTS = new Set<LexToken['type']>(['word', 'phrase', 'field', 'lparen', 'minus', 'not']);
const OPERATOR_NAMES = { and: "'AND'", or: "'OR'", not: "'NOT'" } as const;

/** Parses a query; null when it has no tokens at all (the empty query). */
export function parseQuery(query: string, context: ParseContext): QueryNode | null {
  const tokens = lex(query, context.topic);
  if (tokens.length === 0) return null;
  return new Parser(query, tokens, context).parseAll();
}

/** Gives every unfielded term inside a fielded group or topic that field. */
function applyField(node: QueryNode, field: Field | null): QueryNode {
  if (field === null) return node;
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => applyField(child, field)) };
    case 'not':
      return { kind: 'not', child: applyField(node.child, field) };
    default:
      return node.field === null ? { ...node, field } : node;
  }
}

function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
  return flat.length === 1 ? flat[0]! : { kind, children: flat };
}

class Parser {
  private at = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: LexToken[],
    private readonly context: ParseContext,
  ) {}

  parseAll(): QueryNode {
    const node = this.parseOr(null);
    const extra = this.peek();
    if (extra) {
      // Only a stray ')' can stop parseOr before the end.
      throw this.error(`unmatched ')' at column ${extra.column}: remove it or add a '(' before it`, extra.column);
    }
    return node;
  }

  private peek(): LexToken | undefined {
    return this.tokens[this.at];
  }

  private next(): LexToken {
    const token = this.tokens[this.at]!;
    this.at += 1;
    return token;
  }

  private startsTerm(): boolean {
    const token = this.peek();
    return token !== undefined && TERM_STARTS.has(token.type);
  }

  private error(message: string, column: number) {
    return queryError(message, this.query, column, this.context.topic);
  }

  private requireRightTerm(operator: LexToken): void {
    if (this.startsTerm()) return;
    const name = operator.type === 'minus' ? "'-'" : OPERATOR_NAMES[operator.type as 'and' | 'or' | 'not'];
    throw this.error(`${name} needs a term on its right (column ${operator.column}): add a word after it or remove it`, operator.column);
  }

  private requireLeftTerm(): void {
    const token = this.peek();
    if (token && (token.type === 'and' || token.type === 'or')) {
      throw this.error(
        `${OPERATOR_NAMES[token.type]} needs a term on its left (column ${token.column}): add a word before it or remove it`,
        token.column,
      );
    }
  }

  private parseOr(field: Field | null): QueryNode {
    const children = [this.parseAnd(field)];
    while (this.peek()?.type === 'or') {
      const operator = this.next();
      this.requireRightTerm(operator);
      children.push(this.parseAnd(field));
    }
    return combine('or', children);
  }

  private parseAnd(field: Field | null): QueryNode {
    this.requireLeftTerm();
    const children = [this.parseUnary(field)];
    for (;;) {
      const token = this.peek();
      if (token?.type === 'and') {
        this.next();
        this.requireRightTerm(token);
      } else if (!this.startsTerm()) {
        break;
      }
      children.push(this.parseUnary(field));
    }
    return combine('and', children);
  }

  private parseUnary(field: Field | null): QueryNode {
    const token = this.peek();
    if (token?.type === 'not' || token?.type === 'minus') {
      this.next();
      this.requireRightTerm(token);
      const child = this.parseUnary(field);
      return child.kind === 'not' ? child.child : { kind: 'not', child };
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: Field | null): QueryNode {
    // Every caller has checked that a token starts a term here.
    const token = this.next();
    switch (token.type) {
      case 'word':
        return this.word(token.text, token.column, field);
      case 'phrase':
        return this.phrase(token.text, token.column, field);
      case 'field':
        return this.fielded(token, field);
      case 'lparen': {
        if (this.peek() === undefined) {
          throw this.error(`unclosed parenthesis at column ${token.column}: add the closing ')'`, token.column);
        }
        if (this.peek()?.type === 'rparen') {
          throw this.error(`empty parentheses at column ${token.column}: put terms inside or remove them`, token.column);
        }
        const inner = this.parseOr(field);
        if (this.peek()?.type !== 'rparen') {
          throw this.error(`unclosed parenthesis at column ${token.column}: add the closing ')'`, token.column);
        }
        this.next();
        return inner;
      }
      case 'rparen':
        throw this.error(`unmatched ')' at column ${token.column}: remove it or add a '(' before it`, token.column);
      default:
        throw this.error(`${OPERATOR_NAMES[token.type as 'and' | 'or']} needs a term on its left (column ${token.column})`, token.column);
    }
  }

  private fielded(token: Extract<LexToken, { type: 'field' }>, outer: Field | null): QueryNode {
    if (!FIELD_NAMES.includes(token.name)) {
      const guess = closest(token.name, FIELD_NAMES);
      const hint = guess ? `did you mean '${guess}:'?` : `fields: ${FIELD_NAMES.map((name) => `${name}:`).join(', ')}`;
      throw this.error(`unknown field '${token.text}' at column ${token.column} (${hint})`, token.column);
    }
    if (token.name === 'topic') {
      const name = this.peek();
      if (name?.type !== 'word' || name.column !== token.column + token.text.length) {
        throw this.error(`'topic:' at column ${token.column} needs a topic name right after it, like topic:north-korea`, token.column);
      }
      this.next();
      return applyField(this.context.resolveTopic(name.text.toLowerCase(), token.column), outer);
    }
    if (!this.startsTerm()) {
      throw this.error(`'${token.text}' at column ${token.column} needs a word, "phrase" or (group) after it`, token.column);
    }
    return this.parseUnary(token.name as Field);
  }

  private origin(source: string, column: number): TermOrigin {
    return { source, column, topic: this.context.topic };
  }

  private word(text: string, column: number, field: Field | null): TermNode {
    const star = text.indexOf('*');
    if (star !== -1 && star !== text.length - 1) {
      throw this.error(`'*' at column ${column + star} only works at the end of a word, like balloon*`, column + star);
    }
    const body = star === -1 ? text : text.slice(0, -1);
    const words = tokenize(body);
    if (words.length === 0) {
      throw this.error(`'${text}' at column ${column} has no letters or digits to search for`, column);
    }
    const origin = this.origin(text, column);
    if (star === -1) {
      return words.length === 1
        ? { kind: 'word', stem: words[0]!.stem, field, origin }
        : { kind: 'phrase', stems: words.map((word) => word.stem), field, origin };
    }
    if (words.length > 1) {
      throw this.error(`'${text}' at column ${column}: a prefix* must be a single word; quote the rest as a phrase`, column);
    }
    const prefix = words[0]!.raw;
    if (prefix.length < MIN_PREFIX) {
      throw this.error(`prefix '${text}' at column ${column} is too short: give at least ${MIN_PREFIX} letters before '*'`, column);
    }
    return { kind: 'prefix', prefix, field, origin };
  }

  private phrase(text: string, column: number, field: Field | null): TermNode {
    const words = tokenize(text);
    if (words.length === 0) {
      throw this.error(`the phrase at column ${column} has no words to search for; put words between the quotes`, column);
    }
    const origin = this.origin(`"${text}"`, column);
    return words.length === 1
      ? { kind: 'word', stem: words[0]!.stem, field, origin }
      : { kind: 'phrase', stems: words.map((word) => word.stem), field, origin };
  }
}
