// Query checks for the config file: every topic and every channel rule's query must compile,
// so a typo is reported by `herald config check` (and rejected on reload) instead of silently
// matching nothing at poll time. They read the raw document, like the cross-field checks, so
// a query error shows in the same pass as a schema error elsewhere in the file.
import { describeError } from '../domain/errors.ts';
import { compileQuery, validateTopics } from '../match/compile.ts';
import { ruleQuery } from './channels.ts';
import type { PathProblem } from './problems.ts';
import type { ChannelRule } from './schema.ts';

/** What the query checks need of a config: the topics, and each rule's topics and query. */
export interface QueryView {
  topics: Record<string, string>;
  /** Index i is channels[i] of the file; a rule that is not a mapping has neither key. */
  channels: Pick<ChannelRule, 'topics' | 'query'>[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The queries of a raw document, as far as they can be read. A topic whose value is not text
 * and a rule's reference to a topic that does not exist are left out: the schema and the
 * cross-field checks report those, and one mistake should give one message.
 */
export function queryView(raw: unknown): QueryView {
  const document = isRecord(raw) ? raw : {};
  const topics = Object.fromEntries(Object.entries(isRecord(document.topics) ? document.topics : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const rules = Array.isArray(document.channels) ? document.channels : [];
  const channels = rules.map((rule): QueryView['channels'][number] => {
    if (!isRecord(rule)) return {};
    const names = Array.isArray(rule.topics) ? rule.topics.filter((name): name is string => typeof name === 'string' && name in topics) : [];
    return {
      ...(names.length > 0 ? { topics: names } : {}),
      ...(typeof rule.query === 'string' ? { query: rule.query } : {}),
    };
  });
  return { topics, channels };
}

export function checkConfigQueries(config: QueryView): PathProblem[] {
  const problems: PathProblem[] = validateTopics(config.topics).map(({ topic, message }) => ({
    path: ['topics', topic],
    message,
  }));
  const brokenTopics = new Set(problems.map((problem) => problem.path[1]));
  config.channels.forEach((rule, index) => {
    // A rule that only names a broken topic is already reported under topics.
    if (rule.topics?.some((topic) => brokenTopics.has(topic))) return;
    try {
      // The rule's own query alone first, so a column in the message points into what was written.
      if (rule.query) compileQuery(rule.query, config.topics);
      compileQuery(ruleQuery(rule), config.topics);
    } catch (error) {
      problems.push({ path: ['channels', index, rule.query ? 'query' : 'topics'], message: describeError(error) });
    }
  });
  return problems;
}
