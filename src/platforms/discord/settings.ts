// What Discord needs from the environment (composed by config/env.ts from platforms/modules.ts).
// No SDK here: config reads this file.
import { z } from 'zod';
import { envPart, noSpaces, testApiUrl, type EnvProblem } from '../../config/platform-parts.ts';

export interface DiscordSettings {
  token: string | null;
  applicationId: string | null;
  guildId: string | null;
  apiUrl: string | null;
}

const snowflake = z
  .string()
  .regex(/^\d{1,20}$/, 'is not a Discord id (digits only); in Discord turn on Developer Mode, then right-click the server or app and Copy ID')
  .optional();

export const discordEnv = envPart({
  variables: {
    DISCORD_TOKEN: z
      .string()
      .regex(noSpaces, "must not contain spaces; copy it from the Developer Portal (your app > Bot > Reset Token) without a 'Bot ' prefix")
      .optional(),
    DISCORD_APPLICATION_ID: snowflake,
    DISCORD_GUILD_ID: snowflake,
    DISCORD_API_URL: testApiUrl,
  },
  secrets: ['DISCORD_TOKEN'],
  companions(isSet): EnvProblem[] {
    const others = ['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'].filter(isSet);
    if (isSet('DISCORD_TOKEN') || others.length === 0) return [];
    return [
      {
        variable: 'DISCORD_TOKEN',
        message: `not set, but ${others.join(' and ')} is; Discord also needs the bot token from the Developer Portal (your app > Bot)`,
      },
    ];
  },
  settings: (values): DiscordSettings => ({
    token: values.DISCORD_TOKEN ?? null,
    applicationId: values.DISCORD_APPLICATION_ID ?? null,
    guildId: values.DISCORD_GUILD_ID ?? null,
    apiUrl: values.DISCORD_API_URL ?? null,
  }),
});
