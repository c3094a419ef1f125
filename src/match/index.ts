// The match module's public surface: the query language, topics, explanations and the index.
export type { Field, QueryNode } from './ast.ts';
export { FIELDS } from './ast.ts';
export { compileQuery, validateTopics, type CompiledQuery } from './compile.ts';
export { explainMatch, formatExplanation, type Explanation, type TermHit } from './explain.ts';
export { tokenize, type Token } from './fold.ts';
export { prepareItem, type PreparedItem } from './prepare.ts';
export { SubscriptionIndex } from './subscription-index.ts';
