// What Slack needs from the environment and the config file (composed by config/env.ts and
// config/schema.ts from platforms/modules.ts). No SDK here: config reads this file.
import { z } from 'zod';
import { envPart, noSpaces, testApiUrl, type EnvProblem } from '../../config/platform-parts.ts';

export interface SlackSettings {
  botToken: string | null;
  appToken: string | null;
  signingSecret: string | null;
  apiUrl: string | null;
}

export const slackEnv = envPart({
  variables: {
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-\S+$/, "is not a Slack bot token (those start with xoxb-); copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page")
      .optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-\S+$/, 'is not a Slack app-level token (those start with xapp-); create one with the connections:write scope under Basic Information > App-Level Tokens')
      .optional(),
    SLACK_SIGNING_SECRET: z.string().regex(noSpaces, 'must not contain spaces; copy it from Basic Information > App Credentials > Signing Secret').optional(),
    SLACK_API_URL: testApiUrl,
  },
  secrets: ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'],
  /**
   * SLACK_BOT_TOKEN alone is complete: it posts alerts (post-only mode); receiving /news also
   * needs SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, and those need it.
   */
  companions(isSet): EnvProblem[] {
    const others = ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'].filter(isSet);
    if (isSet('SLACK_BOT_TOKEN') || others.length === 0) return [];
    return [
      {
        variable: 'SLACK_BOT_TOKEN',
        message: `not set, but ${others.join(' and ')} is; Slack also needs the Bot User OAuth Token (xoxb-...) from OAuth & Permissions`,
      },
    ];
  },
  settings: (values): SlackSettings => ({
    botToken: values.SLACK_BOT_TOKEN ?? null,
    appToken: values.SLACK_APP_TOKEN ?? null,
    signingSecret: values.SLACK_SIGNING_SECRET ?? null,
    apiUrl: values.SLACK_API_URL ?? null,
  }),
});

/** `slack:` in the config: the port of HTTP events mode. */
export const slackSection = z.strictObject({ port: z.number().int().min(1).max(65535).default(3000) }).prefault({});
export type SlackSection = z.output<typeof slackSection>;

/** How Slack's /news commands reach Herald, or null in post-only mode (a bot token alone, or none). */
export function slackCommandTransport(slack: SlackSettings): 'socket' | 'http' | null {
  if (slack.botToken === null) return null;
  if (slack.appToken !== null) return 'socket';
  return slack.signingSecret === null ? null : 'http';
}

/** The one line `herald run` logs in Slack post-only mode: what is off and which token turns it on. */
export const SLACK_POST_ONLY =
  'Slack post-only mode: alerts are posted with SLACK_BOT_TOKEN; /news commands are off until you set SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP events)';
