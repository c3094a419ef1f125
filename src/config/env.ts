// The one place Herald reads its environment. Secrets may come from files named by *_FILE
// (Docker and Kubernetes secrets). Messages name the variable and the fix, never the value.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeError, HeraldError } from '../domain/errors.ts';
import type { PlatformName } from '../domain/types.ts';
import { PLATFORM_MODULES } from '../platforms/modules.ts';
import { plural } from '../text/plural.ts';
import { noSpaces, urlWithProtocol, type EnvProblem, type PlatformParts, type SecretFamily } from './platform-parts.ts';

export interface HeraldEnv {
  configPath: string;
  databaseUrl: string | null;
  logLevel: string;
  logFormat: LogFormat;
  /** HERALD_HTTP_PORT: where /metrics is served, over http.port in the config. */
  httpPort: number | null;
  /** HERALD_WEB_TOKEN: the admin token the web panel's sign-in takes. */
  webToken: string | null;
  /** Each platform's own settings, as its module's env part read them, by platform name. */
  platforms: Readonly<Record<PlatformName, unknown>>;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** auto: readable lines when stderr is a terminal, JSON otherwise. */
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// Herald's own variables; each platform's come from its module (config/platform-parts.ts).
const coreVariables = {
  HERALD_CONFIG: z.string().default('config/herald.yaml'),
  DATABASE_URL: z
    .string()
    .refine(urlWithProtocol(['postgres:', 'postgresql:']), 'is not a PostgreSQL URL; write it like postgres://user:password@db.example:5432/herald, or unset it to use SQLite')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `is not a log level; use one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z
    .enum(LOG_FORMATS, { error: 'is not a log format; use pretty (lines for people), json (for log collectors) or auto (pretty on a terminal, else json)' })
    .default('auto'),
  HERALD_HTTP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'is not a port number; write a number from 0 to 65535, like 9465 (0 picks a free port)')
    .transform(Number)
    .refine((port) => port <= 65535, 'is above 65535, the highest port; pick a free port like 9465')
    .optional(),
  HERALD_WEB_TOKEN: z
    .string()
    .min(16, 'is shorter than 16 characters, too easy to guess; make one with: openssl rand -hex 32')
    .regex(noSpaces, 'must not contain spaces; make one with: openssl rand -hex 32')
    .optional(),
};
const coreSchema = z.object(coreVariables);
const CORE_SECRETS = ['DATABASE_URL', 'HERALD_WEB_TOKEN'];

/** Every variable Herald reads with these platforms (the .env.example test lists them). */
export function environmentVariables(modules: readonly PlatformParts[] = PLATFORM_MODULES): string[] {
  return [...Object.keys(coreVariables), ...modules.flatMap((module) => Object.keys(module.env?.variables ?? {}))];
}

/**
 * Reads Herald's variables and those of each platform in `modules` (the list in
 * platforms/modules.ts unless a test adds one). Throws HeraldError('config_invalid') listing
 * every problem, each naming its variable and the fix, never the value.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, modules: readonly PlatformParts[] = PLATFORM_MODULES): HeraldEnv {
  const schema = coreSchema.extend(Object.assign({}, ...modules.map((module) => module.env?.variables ?? {})) as z.ZodRawShape);
  const secrets = new Set([...CORE_SECRETS, ...modules.flatMap((module) => module.env?.secrets ?? [])]);
  const problems: EnvProblem[] = [];
  const sources = new Map<string, string>();
  const values: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = secrets.has(name) ? readSecret(env, name, sources, problems) : nonEmpty(env[name]);
    if (value !== undefined) values[name] = value;
  }

  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0]);
      const from = sources.get(variable);
      problems.push({ variable, message: `${from ? `(read from ${from}) ` : ''}${issue.message}` });
    }
  }
  const families = new Map(modules.flatMap((module) => (module.env?.family ? [[module.name, readFamily(env, module.env.family, sources, problems)] as const] : [])));
  const isSet = (variable: string): boolean => values[variable] !== undefined;
  problems.push(...modules.flatMap((module) => module.env?.companions?.(isSet) ?? []));
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map((problem) => `  ${problem.variable}: ${problem.message}`);
    throw new HeraldError('config_invalid', `the environment has ${plural(problems.length, 'problem')}:\n${lines.join('\n')}`, {
      problems,
    });
  }

  const data = parsed.data as Record<string, unknown> & z.output<typeof coreSchema>;
  return {
    configPath: data.HERALD_CONFIG,
    databaseUrl: data.DATABASE_URL ?? null,
    logLevel: data.LOG_LEVEL,
    logFormat: data.LOG_FORMAT,
    httpPort: data.HERALD_HTTP_PORT ?? null,
    webToken: data.HERALD_WEB_TOKEN ?? null,
    platforms: Object.fromEntries(modules.flatMap((module) => (module.env ? [[module.name, module.env.settings(data, families.get(module.name) ?? {})]] : []))),
  };
}

/** Every variable <prefix><NAME> (or its _FILE), read as a secret and checked, by NAME. */
function readFamily(env: NodeJS.ProcessEnv, family: SecretFamily, sources: Map<string, string>, problems: EnvProblem[]): Record<string, string> {
  const names = new Set(
    Object.keys(env)
      .filter((variable) => variable.startsWith(family.prefix) && variable.length > family.prefix.length)
      .map((variable) => variable.replace(/_FILE$/, '')),
  );
  const found: Record<string, string> = {};
  for (const variable of [...names].sort()) {
    const value = readSecret(env, variable, sources, problems);
    if (value === undefined) continue;
    const checked = family.schema.safeParse(value);
    if (checked.success) found[variable.slice(family.prefix.length)] = checked.data;
    else {
      const from = sources.get(variable);
      for (const issue of checked.error.issues) problems.push({ variable, message: `${from ? `(read from ${from}) ` : ''}${issue.message}` });
    }
  }
  return found;
}

/** An empty variable (as an env file with `NAME=` gives) counts as unset. */
function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readSecret(env: NodeJS.ProcessEnv, name: string, sources: Map<string, string>, problems: EnvProblem[]): string | undefined {
  const direct = nonEmpty(env[name]);
  const fileVariable = `${name}_FILE`;
  const file = nonEmpty(env[fileVariable]);
  if (file === undefined) return direct;
  if (direct !== undefined) {
    problems.push({ variable: name, message: `both ${name} and ${fileVariable} are set; keep one` });
    return undefined;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch (error) {
    problems.push({ variable: fileVariable, message: `cannot read '${file}': ${describeError(error)}; point it at the mounted secret file` });
    return undefined;
  }
  if (content === '') {
    problems.push({ variable: fileVariable, message: `'${file}' is empty; put the secret in it, or unset ${fileVariable}` });
    return undefined;
  }
  sources.set(name, `${fileVariable} '${file}'`);
  return content;
}
