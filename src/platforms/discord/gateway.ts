// The discord.js gateway client, only for `herald run`: it receives /news interactions and, once
// connected, registers the command. Alerts never need it (they go over REST), so a one-shot
// `herald poll --once` never opens a gateway connection.
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { PlatformError, describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { registerCommands } from './command-registration.ts';
import type { DiscordCommands } from './discord-commands.ts';

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
      `could not connect to Discord (${describeError(error)}); check DISCORD_TOKEN (Developer Portal > your app > Bot > Reset Token)`,
      {},
      { cause: error },
    );
  }
  return { close: () => client.destroy() };
}
