// Query checks for the config file: every topic and every channel rule's query must compile,
// so a typo is reported by `herald config check` (and rejected on reload) instead of silently
// matching nothing at poll time.
import { describeError } from '../domain/errors.ts';
import { compileQuery, validateTopics } from '../match/compile.ts';
import { ruleQuery } from './channels.ts';
import type { PathProblem } from './problems.ts';
import type { HeraldConfig } from './schema.ts';

export function checkConfigQueries(config: HeraldConfig): PathProblem[] {
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
