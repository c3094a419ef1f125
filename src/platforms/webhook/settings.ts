// What the webhook platform needs from the config file (`webhooks:`, named targets) and the
// environment (a signing secret per target, HERALD_WEBHOOK_SECRET_<NAME> or its _FILE).
// Composed by config/ from platforms/modules.ts; no I/O here. Targets pass the same SSRF guard
// as feed URLs (feeds/address-guard.ts) under the config's fetch: rules, at load and on every send.
import { z } from 'zod';
import { envPart, noSpaces } from '../../config/platform-parts.ts';
import type { PathProblem } from '../../config/problems.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import { urlRefusal, type TargetPolicy } from '../../feeds/address-guard.ts';

const SECRET_PREFIX = 'HERALD_WEBHOOK_SECRET_';

/** The variable holding a target's signing secret: its name upper-cased, - as _. */
export function secretVariable(target: string): string {
  return `${SECRET_PREFIX}${target.toUpperCase().replace(/-/g, '_')}`;
}

export interface WebhookSettings {
  /** Signing secrets by the part of their variable after the prefix (TEAM_MM for team-mm). */
  secrets: Readonly<Record<string, string>>;
}

/** A target's signing secret, or undefined when its variable is not set. */
export function secretFor(settings: WebhookSettings, target: string): string | undefined {
  return settings.secrets[secretVariable(target).slice(SECRET_PREFIX.length)];
}

export const webhookEnv = envPart({
  variables: {},
  family: {
    prefix: SECRET_PREFIX,
    schema: z
      .string()
      .min(16, 'is shorter than 16 characters, too easy to guess; make one with: openssl rand -hex 32')
      .regex(noSpaces, 'must not contain spaces; make one with: openssl rand -hex 32'),
  },
  settings: (_values, family): WebhookSettings => ({ secrets: family }),
});

const targetSchema = z.strictObject({
  url: z.string().refine(
    (value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
    'is not an http(s) URL; write it like https://hooks.example.org/herald',
  ),
  /** herald: Herald's own JSON (docs/webhook-payload.schema.json); slack: { text }, as Slack and Mattermost incoming webhooks take. */
  format: z.enum(['herald', 'slack']).default('herald'),
});

/** `webhooks:` in the config: target name -> { url, format }. A rule names a target as its channel. */
export const webhookSection = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'name a webhook target with 1-64 lower-case letters, digits, - or _'), targetSchema)
  .default({});
export type WebhookSection = z.output<typeof webhookSection>;
export type WebhookTarget = WebhookSection[string];

/** The guard's rules for webhook targets: the feed fetch's (fetch.allowPrivateAddresses, allowedPorts, trustedHosts). */
// One policy object per fetch section (a config reload makes a new section), so every post under
// one config shares one keep-alive agent instead of opening a connection each.
const policies = new WeakMap<HeraldConfig['fetch'], TargetPolicy>();

export function targetPolicy(fetch: HeraldConfig['fetch']): TargetPolicy {
  let policy = policies.get(fetch);
  if (policy === undefined) {
    policy = { allowPrivateAddresses: fetch.allowPrivateAddresses, allowedPorts: fetch.allowedPorts, trustedHosts: fetch.trustedHosts.map((host) => host.toLowerCase()) };
    policies.set(fetch, policy);
  }
  return policy;
}

/** What a message may show of a target's URL: its origin. The path of a hook URL is often its secret. */
export function shownUrl(url: string): string {
  return new URL(url).origin;
}

/** Hostile or unreachable targets, rules naming a target that does not exist, names whose secrets would clash. */
export function checkWebhooks(config: HeraldConfig): PathProblem[] {
  // config/schema.ts put this module's section, parsed by webhookSection, under webhooks.
  const targets = (config as unknown as { webhooks: WebhookSection }).webhooks;
  const policy = targetPolicy(config.fetch);
  const problems: PathProblem[] = [];
  const secretOwners = new Map<string, string>();
  for (const [name, target] of Object.entries(targets)) {
    const refusal = urlRefusal(new URL(target.url), policy);
    if (refusal !== null) {
      problems.push({ path: ['webhooks', name, 'url'], message: `Herald will not post to ${shownUrl(target.url)}: ${refusal.reason}; ${refusal.fix}` });
    }
    const variable = secretVariable(name);
    const other = secretOwners.get(variable);
    if (other === undefined) secretOwners.set(variable, name);
    else problems.push({ path: ['webhooks', name], message: `'${name}' and '${other}' would share the secret ${variable}; rename one` });
  }
  const names = Object.keys(targets);
  config.channels.forEach((rule, index) => {
    if (rule.platform !== 'webhook' || names.includes(rule.channel)) return;
    problems.push({
      path: ['channels', index, 'channel'],
      message: `no webhook target is named '${rule.channel}'; ${names.length === 0 ? 'add it under webhooks: with its url' : `the targets are: ${names.join(', ')}`}`,
    });
  });
  return problems;
}
