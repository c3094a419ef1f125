// The one place Herald reads its environment. Secrets may come from files named by *_FILE
// (Docker and Kubernetes secrets). Messages name the variable and the fix, never the value.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeError, HeraldError } from '../domain/errors.ts';

export interface HeraldEnv {
  configPath: string;
  databaseUrl: string | null;
  logLevel: string;
  logFormat: LogFormat;
  /** HERALD_HTTP_PORT: where /metrics is served, over http.port in the config. */
  httpPort: number | null;
  slack: { botToken: string | null; appToken: string | null; signingSecret: string | null; apiUrl: string | null };
  discord: { token: string | null; applicationId: string | null; guildId: string | null; apiUrl: string | null };
  /** HERALD_WEB_TOKEN: the admin token the web panel's sign-in takes. */
  webToken: string | null;
}

const SECRETS = new Set(['DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'HERALD_WEB_TOKEN']);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** auto: readable lines when stderr is a terminal, JSON otherwise. */
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

function urlWithProtocol(protocols: readonly string[]) {
  return (value: string): boolean => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
}

const noSpaces = /^\S+$/;

const apiUrl = z
  .string()
  .refine(urlWithProtocol(['http:', 'https:']), 'is not an http(s) URL; write it like http://127.0.0.1:3001/api/ (only set it to point Herald at a test server)')
  .optional();

const snowflake = z
  .string()
  .regex(/^\d{1,20}$/, 'is not a Discord id (digits only); in Discord turn on Developer Mode, then right-click the server or app and Copy ID')
  .optional();

const envSchema = z.object({
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
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-\S+$/, "is not a Slack bot token (those start with xoxb-); copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page")
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, 'is not a Slack app-level token (those start with xapp-); create one with the connections:write scope under Basic Information > App-Level Tokens')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().regex(noSpaces, 'must not contain spaces; copy it from Basic Information > App Credentials > Signing Secret').optional(),
  SLACK_API_URL: apiUrl,
  DISCORD_TOKEN: z
    .string()
    .regex(noSpaces, "must not contain spaces; copy it from the Developer Portal (your app > Bot > Reset Token) without a 'Bot ' prefix")
    .optional(),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: apiUrl,
  HERALD_WEB_TOKEN: z
    .string()
    .min(16, 'is shorter than 16 characters, too easy to guess; make one with: openssl rand -hex 32')
    .regex(noSpaces, 'must not contain spaces; make one with: openssl rand -hex 32')
    .optional(),
});

type EnvName = keyof typeof envSchema.shape;

interface EnvProblem {
  variable: string;
  message: string;
}

/** How Slack's /news commands reach Herald, or null in post-only mode (a bot token alone, or none). */
export function slackCommandTransport(slack: HeraldEnv['slack']): 'socket' | 'http' | null {
  if (slack.botToken === null) return null;
  if (slack.appToken !== null) return 'socket';
  return slack.signingSecret === null ? null : 'http';
}

/** The one line `herald run` logs in Slack post-only mode: what is off and which token turns it on. */
export const SLACK_POST_ONLY =
  'Slack post-only mode: alerts are posted with SLACK_BOT_TOKEN; /news commands are off until you set SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP events)';

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): HeraldEnv {
  const problems: EnvProblem[] = [];
  const sources = new Map<string, string>();
  const values: Partial<Record<EnvName, string>> = {};
  for (const name of Object.keys(envSchema.shape) as EnvName[]) {
    const value = SECRETS.has(name) ? readSecret(env, name, sources, problems) : nonEmpty(env[name]);
    if (value !== undefined) values[name] = value;
  }

  const parsed = envSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0]);
      const from = sources.get(variable);
      problems.push({ variable, message: `${from ? `(read from ${from}) ` : ''}${issue.message}` });
    }
  }
  problems.push(...missingCompanions(values));
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map((problem) => `  ${problem.variable}: ${problem.message}`);
    throw new HeraldError('config_invalid', `the environment has ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n${lines.join('\n')}`, {
      problems,
    });
  }

  const data = parsed.data;
  return {
    configPath: data.HERALD_CONFIG,
    databaseUrl: data.DATABASE_URL ?? null,
    logLevel: data.LOG_LEVEL,
    logFormat: data.LOG_FORMAT,
    httpPort: data.HERALD_HTTP_PORT ?? null,
    slack: {
      botToken: data.SLACK_BOT_TOKEN ?? null,
      appToken: data.SLACK_APP_TOKEN ?? null,
      signingSecret: data.SLACK_SIGNING_SECRET ?? null,
      apiUrl: data.SLACK_API_URL ?? null,
    },
    discord: {
      token: data.DISCORD_TOKEN ?? null,
      applicationId: data.DISCORD_APPLICATION_ID ?? null,
      guildId: data.DISCORD_GUILD_ID ?? null,
      apiUrl: data.DISCORD_API_URL ?? null,
    },
    webToken: data.HERALD_WEB_TOKEN ?? null,
  };
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

/**
 * Settings that only work together. SLACK_BOT_TOKEN alone is complete: it posts alerts (post-only
 * mode); receiving /news also needs SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, and those need it.
 */
function missingCompanions(values: Partial<Record<EnvName, string>>): EnvProblem[] {
  const problems: EnvProblem[] = [];
  const slackOthers = (['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const).filter((name) => values[name] !== undefined);
  if (values.SLACK_BOT_TOKEN === undefined && slackOthers.length > 0) {
    problems.push({
      variable: 'SLACK_BOT_TOKEN',
      message: `not set, but ${slackOthers.join(' and ')} is; Slack also needs the Bot User OAuth Token (xoxb-...) from OAuth & Permissions`,
    });
  }
  const discordOthers = (['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const).filter((name) => values[name] !== undefined);
  if (values.DISCORD_TOKEN === undefined && discordOthers.length > 0) {
    problems.push({
      variable: 'DISCORD_TOKEN',
      message: `not set, but ${discordOthers.join(' and ')} is; Discord also needs the bot token from the Developer Portal (your app > Bot)`,
    });
  }
  return problems;
}
