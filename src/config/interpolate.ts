// ${VAR} and ${VAR:-default} in the config's string values, resolved on the parsed YAML tree
// rather than the raw text, so a secret holding ':' or '#' or a newline can never change the
// document's structure. Keys are never interpolated.
import type { Document, Scalar } from 'yaml';
import { yamlLibrary } from './yaml-library.ts';
import type { ConfigPath, PathProblem } from './problems.ts';

/** `$${...}` is a literal `${...}`; otherwise `${...}` is a reference. */
const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

export interface Interpolation {
  problems: PathProblem[];
  /** Values taken from the environment, so messages can hide them again (they may be secrets). */
  substituted: { name: string; value: string }[];
}

/** Rewrites the document's string scalars in place. */
export function interpolateDocument(doc: Document, env: NodeJS.ProcessEnv): Interpolation {
  const result: Interpolation = { problems: [], substituted: [] };
  visit(doc.contents, [], env, result);
  return result;
}

function visit(node: unknown, path: ConfigPath, env: NodeJS.ProcessEnv, result: Interpolation): void {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  if (isMap(node)) {
    for (const pair of node.items) visit(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)], env, result);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visit(item, [...path, index], env, result));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
    interpolateScalar(node, path, env, result);
  }
}

function interpolateScalar(node: Scalar, path: ConfigPath, env: NodeJS.ProcessEnv, result: Interpolation): void {
  const text = node.value as string;
  const replaced = text.replace(REFERENCE, (whole: string, escaped: string, inner: string) => {
    if (escaped) return whole.slice(1);
    const match = INNER.exec(inner);
    const name = match?.[1];
    const fallback = match?.[2];
    if (!match || name === undefined || fallback?.includes('${')) {
      result.problems.push({
        path,
        message: `'${whole}' is not a variable reference; write \${NAME} or \${NAME:-default} (no nesting), or $\${...} for a literal \${...}`,
      });
      return whole;
    }
    const value = env[name];
    // Like the shell's ${VAR:-default}: an empty variable takes the default too.
    if (value !== undefined && !(fallback !== undefined && value === '')) {
      result.substituted.push({ name, value });
      return value;
    }
    if (fallback !== undefined) return fallback;
    result.problems.push({
      path,
      message: `environment variable ${name} is not set; set it (for example in .env) or give a default: \${${name}:-value}`,
    });
    return whole;
  });
  node.value = node.type === yamlLibrary().Scalar.PLAIN ? retype(replaced) : replaced;
}

/**
 * An unquoted `port: ${PORT}` gets the type YAML would have given the text written in place
 * (3000 -> number, true -> boolean); quoted scalars stay strings.
 */
function retype(text: string): string | number | boolean {
  const { isScalar, parseDocument } = yamlLibrary();
  if (text.trim() === '') return text;
  const doc = parseDocument(text, { logLevel: 'silent' });
  const value: unknown = doc.errors.length === 0 && isScalar(doc.contents) ? doc.contents.value : null;
  return typeof value === 'number' || typeof value === 'boolean' ? value : text;
}
