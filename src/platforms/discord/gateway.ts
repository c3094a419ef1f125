// The discord.js gateway client, only for `herald run`: it receives /news interactions and, once
// connected, registers the command. Alerts never need it (they go over REST), so a one-shot
// `herald poll --once` never opens a gateway connection.
import { Client, Events, GatewayCloseCodes, GatewayIntentBits } from 'discord.js';
import { PlatformError, describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { registerCommands } from './command-registration.ts';
import type { DiscordCommands } from './discord-commands.ts';

const TOKEN_FIX = 'check DISCORD_TOKEN (Developer Portal > your app > Bot > Reset Token)';

/** What a close code discord.js will not reconnect after means: /news stays off until a restart. */
function disconnectMessage(code: number): string {
  const closed = `Discord ended the gateway session for good (${code} ${GatewayCloseCodes[code] ?? 'unknown close code'}): /news is off until Herald restarts`;
  return code === GatewayCloseCodes.AuthenticationFailed ? `${closed}; ${TOKEN_FIX}, then restart Herald` : closed;
}

export interface DiscordGatewayOptions {
  token: string;
  apiUrl: string | null;
  /** DISCORD_APPLICATION_ID; when unset, the id Discord reports for the token on connect. */
  applicationId: string | null;
  /** DISCORD_GUILD_ID: register /news in this one server (instant) instead of globally. */
  guildId: string | null;
  commands: DiscordCommands;
  log: Logger;
}

export interface DiscordGateway {
  close(): Promise<void>;
}

/** Connects to the gateway with the Guilds intent only; throws PlatformError when the login fails. */
export async function startDiscordGateway(options: DiscordGatewayOptions): Promise<DiscordGateway> {
  const { commands, log } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Messages the client sends (interaction replies) ping no one unless told otherwise.
    allowedMentions: { parse: [] },
    ...(options.apiUrl === null ? {} : { rest: { api: options.apiUrl.replace(/\/+$/u, '') } }),
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void commands.command(interaction);
    else if (interaction.isAutocomplete()) void commands.autocomplete(interaction);
  });
  // discord.js emits 'error' only under a sharding manager, but an unheard 'error' would end the process.
  client.on(Events.Error, (error) => log.error({ err: describeError(error) }, 'Discord gateway error'));
  client.once(Events.ClientReady, (ready) => {
    const applicationId = options.applicationId ?? ready.application.id;
    registerCommands(client.rest, applicationId, options.guildId).then(
      () => log.info({ applicationId, guild: options.guildId ?? 'global', user: ready.user.tag }, 'Discord connected; /news registered'),
      (error: unknown) =>
        log.error(
          { applicationId, guild: options.guildId, err: describeError(error) },
          'could not register /news: check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID, and that the bot was invited with the applications.commands scope',
        ),
    );
  });
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw new PlatformError(
      'platform_permanent',
      `could not connect to Discord (${describeError(error)}); ${TOKEN_FIX}`,
      {},
      { cause: error },
    );
  }
  // Heard only once connected, so a failed login is the one error thrown above. discord.js
  // reconnects after a connection error or most closes by itself, so those are warnings; after a
  // close it cannot come back from (4004, intents, sharding) it stops, and nothing else would say so.
  client.on(Events.ShardError, (error) => log.warn({ err: describeError(error) }, 'Discord gateway connection error'));
  client.on(Events.ShardDisconnect, ({ code }) => log.error({ code }, disconnectMessage(code)));
  return { close: () => client.destroy() };
}
