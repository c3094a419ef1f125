// A fast first reading of the config for the common case, a file that loads clean. The `yaml`
// library (load.ts) keeps every node's position and scalar style, which a problem's line number
// and ${VAR} interpolation need, but reading a 1,000-feed config with it cost a `poll --once`
// about a quarter of a second of CPU before any work, and as much again compiling the parser
// (bench/README.md, "Fifth round"); js-yaml reads the same file ten times faster. Whatever this
// reading cannot vouch for is left to load.ts: it answers undefined, and load.ts reads the text
// again with `yaml`, which then reports every problem in its place.
import jsYaml from 'js-yaml';

// Numbers as the `yaml` library's core schema reads them (its own patterns, yaml/dist/schema/core):
// js-yaml's core schema also takes 0b101, -0x1, +0o7 and 1_000 as numbers, and +.5 as text.
const number = (tag: string, pattern: RegExp, construct: (text: string) => number): jsYaml.Type =>
  new jsYaml.Type(tag, { kind: 'scalar', resolve: (text: string | null) => text !== null && pattern.test(text), construct });
const coreInt = number('tag:yaml.org,2002:int', /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
  text.startsWith('0o') ? Number.parseInt(text.slice(2), 8) : Number(text),
);
const coreFloat = number('tag:yaml.org,2002:float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/, (text) => {
  if (/nan$/i.test(text)) return Number.NaN;
  if (/inf$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(text);
});
// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them. Its null
// and bool read the same words as `yaml`'s core schema.
const { types } = jsYaml as unknown as { types: Record<'null' | 'bool', jsYaml.Type> };
const CORE = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool, coreInt, coreFloat] });

// A node's tag opens with ! after a space, a line start, or a flow bracket or comma (a ! elsewhere
// is text, like Slack's <!here>); one in a comment or a quoted string only costs the full reading.
const TAG = /(?:^|[\s[{,])!/m;

/**
 * The document as plain data, or undefined when load.ts must read it with `yaml`: a ${VAR}
 * reference (interpolation needs scalar styles), an explicit tag (the two libraries resolve
 * tags differently), a syntax error, or an alias (js-yaml shares the aliased object, so a
 * "billion laughs" document would be walked exponentially by the checks; `yaml` refuses it).
 */
export function quickYaml(text: string): unknown {
  if (text.includes('${') || TAG.test(text)) return undefined;
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: CORE });
  } catch {
    return undefined;
  }
  return isTree(data) ? data : undefined;
}

/** No object reached twice: what js-yaml builds for a document without aliases. */
function isTree(data: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value)) return false;
    seen.add(value);
    stack.push(...Object.values(value));
  }
  return true;
}
