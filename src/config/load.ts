// Reads the config file: YAML -> ${ENV} interpolation -> schema, cross-field checks and query
// compilation side by side (a file that is fine is read quickly first: quick-yaml.ts). Every problem is collected before anything is thrown, so one run of
// `herald config check` shows them all, each with its path, its line and a fix.
import { readFile } from 'node:fs/promises';
import type { Document } from 'yaml';
import { describeError, HeraldError } from '../domain/errors.ts';
import { PLATFORM_MODULES } from '../platforms/modules.ts';
import { rememberSecrets } from '../domain/redact.ts';
import { plural } from '../text/plural.ts';
import { checkConfigQueries, queryView } from './check-queries.ts';
import { crossCheck } from './checks.ts';
import { interpolateDocument } from './interpolate.ts';
import { quickYaml } from './quick-yaml.ts';
import { yamlLibrary } from './yaml-library.ts';
import { problemsFromIssues } from './issues.ts';
import { formatPath, type ConfigPath, type PathProblem } from './problems.ts';
import { configSchema, type HeraldConfig } from './schema.ts';
import { configWarnings } from './warnings.ts';

export interface ConfigProblem {
  /** Like "feeds[2].url"; '' for the file as a whole (syntax errors, an empty file). */
  path: string;
  message: string;
  /** 1-based position in the file, when the problem points at something written there. */
  line?: number;
  column?: number;
}

export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<HeraldConfig> {
  return parseConfigText(await readConfigText(path), env, path);
}

/** A valid config and what it may still get wrong (configWarnings), each located in the file. */
export interface CheckedConfig {
  config: HeraldConfig;
  warnings: ConfigProblem[];
}

/** loadConfig, plus the warnings: for `config check` and the start of `herald run`. */
export async function checkConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<CheckedConfig> {
  return readConfig(await readConfigText(path), env, path);
}

export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new HeraldError(
      'config_unreadable',
      `cannot read config '${path}': ${describeError(error)} — create it from config/herald.example.yaml or pass --config`,
      { path },
      { cause: error },
    );
  }
}

/** The pure part of loadConfig: `source` names the text in messages. Throws HeraldError('config_invalid'). */
export function parseConfigText(text: string, env: NodeJS.ProcessEnv, source: string): HeraldConfig {
  return readConfig(text, env, source).config;
}

function readConfig(text: string, env: NodeJS.ProcessEnv, source: string): CheckedConfig {
  // Most loads are of a file that is fine: read quickly, and read again with positions only to
  // say where something is wrong (quick-yaml.ts).
  const quick = quickYaml(text);
  if (quick !== undefined) {
    const checked = checkRaw(quick, new Set());
    if (checked.config !== null && checked.problems.length === 0) {
      const warnings = configWarnings(checked.config);
      if (warnings.length === 0) return { config: checked.config, warnings: [] };
    }
  }

  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const position = (offset: number): Pick<ConfigProblem, 'line' | 'column'> => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) throw invalid(source, syntaxProblems(doc, text, position));
  if (doc.contents === null) {
    throw invalid(source, [{ path: '', message: 'the file is empty; start from config/herald.example.yaml' }]);
  }

  const interpolation = interpolateDocument(doc, env);
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand too far (the "billion laughs" shape).
    throw invalid(source, [{ path: '', message: `YAML: ${describeError(error)}` }]);
  }
  // A value whose ${VAR} could not be resolved is reported once, as the missing variable.
  const checked = checkRaw(raw, new Set(interpolation.problems.map((problem) => formatPath(problem.path))));
  const found = [...interpolation.problems, ...checked.problems];
  const locate = (problems: PathProblem[]): ConfigProblem[] =>
    problems
      .map((problem): ConfigProblem => {
        const offset = offsetOf(doc, problem.path);
        return { path: formatPath(problem.path), message: problem.message, ...(offset === null ? {} : position(offset)) };
      })
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (checked.config !== null && found.length === 0) {
    // A value interpolated into a feed URL (`?key=${FEED_KEY}`) is a secret from here on: every
    // output edge hides it (domain/redact.ts).
    const urls = checked.config.feeds.map((feed) => feed.url);
    rememberSecrets(interpolation.substituted.map((entry) => entry.value).filter((value) => urls.some((url) => url.includes(value) || url.includes(encodeURIComponent(value)))));
    return { config: checked.config, warnings: locate(configWarnings(checked.config)) };
  }
  throw invalid(source, locate(found), interpolation.substituted);
}

/**
 * Every check of the data read from the file: the schema, cross-field references and query
 * compilation side by side, then, once those hold, the platform checks (they read the whole
 * valid config). `unresolved` paths (a missing ${VAR}) are already reported.
 */
function checkRaw(raw: unknown, unresolved: ReadonlySet<string>): { config: HeraldConfig | null; problems: PathProblem[] } {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  // Every check runs on every load, so one `config check` lists every problem of the file.
  const shapeAndReferences = [...(parsed.success ? [] : problemsFromIssues(parsed.error.issues, configSchema)), ...crossCheck(raw)];
  const written = new Set(shapeAndReferences.map((problem) => formatPath(problem.path)));
  // A query the schema already refused (too long, not text) is not compiled as well.
  const queries = checkConfigQueries(queryView(raw)).filter((problem) => !written.has(formatPath(problem.path)));
  const problems = [...shapeAndReferences, ...queries].filter((problem) => !unresolved.has(formatPath(problem.path)));
  if (!parsed.success) return { config: null, problems };
  if (problems.length === 0 && unresolved.size === 0) problems.push(...PLATFORM_MODULES.flatMap((module) => module.config?.check?.(parsed.data) ?? []));
  return { config: parsed.data, problems };
}

function syntaxProblems(doc: Document, text: string, position: (offset: number) => Pick<ConfigProblem, 'line' | 'column'>): ConfigProblem[] {
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, ConfigProblem>();
  for (const error of doc.errors) {
    const at = position(error.pos[0]);
    // One broken line makes the parser trip several times on it; the first report is the cause.
    if (at.line === undefined || byLine.has(at.line)) continue;
    const hint = lines[at.line - 1]?.includes('${') ? '; inside { } or [ ], quote a ${...} reference, like url: "${FEED_URL}"' : '';
    byLine.set(at.line, { path: '', message: `YAML syntax error: ${error.message}${hint}`, ...at });
  }
  return [...byLine.values()];
}

/** Where the value at `path` was written, or its nearest written parent. */
function offsetOf(doc: Document, path: ConfigPath): number | null {
  const { isAlias, isMap, isScalar, isSeq } = yamlLibrary();
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
      if (!pair) break;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | null {
  if (typeof node !== 'object' || node === null || !('range' in node)) return null;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : null;
}

function invalid(source: string, problems: ConfigProblem[], substituted: { name: string; value: string }[] = []): HeraldError {
  // Values taken from the environment may be secrets: show the reference, never the value.
  const hidden = substituted.filter((entry) => entry.value.length >= 4).sort((a, b) => b.value.length - a.value.length);
  const redact = (message: string): string => hidden.reduce((text, entry) => text.split(entry.value).join(`\${${entry.name}}`), message);
  const shown = problems.map((problem) => ({ ...problem, message: redact(problem.message) }));
  const lines = shown.map((problem) => {
    const where = problem.line === undefined ? '' : ` (line ${problem.line}:${problem.column})`;
    return `  ${problem.path ? `${problem.path}: ` : ''}${problem.message}${where}`;
  });
  return new HeraldError('config_invalid', `config '${source}' has ${plural(shown.length, 'problem')}:\n${lines.join('\n')}`, { path: source, problems: shown });
}
