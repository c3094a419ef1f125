// /news interactions: slash commands and autocomplete. Typed options become the core's
// ParsedCommand through commandFromOptions, the core's handleCommand runs it, and the reply
// comes back as an ephemeral embed. The interaction shapes below are the parts of discord.js's
// ChatInputCommandInteraction and AutocompleteInteraction this module uses, so tests can build them.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import {
  COMMANDS,
  commandFromOptions,
  errorReply,
  handleCommand,
  isConfigAdmin,
  suggestions,
  type Actor,
  type ArgSpec,
  type CommandContext,
  type CommandReply,
  type CommandSpec,
} from '../../commands/index.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import { describeError, isHeraldError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { COMMAND_NAME } from './command-registration.ts';
import { renderCommandReply } from './command-reply.ts';
import { renderDiscordAlert } from './render.ts';

/** Discord's limit on an autocomplete choice's name and value. */
const CHOICE_MAX = 100;

interface OptionReader {
  getSubcommandGroup(): string | null;
  getSubcommand(): string;
}

export interface NewsInteraction {
  commandName: string;
  guildId: string | null;
  channelId: string | null;
  user: { id: string };
  /** A cached GuildMember (roles.cache) or the raw API member (a role id list). */
  member: { roles: readonly string[] | { cache: { keys(): Iterable<string> } } } | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
}

export interface NewsCommandInteraction extends NewsInteraction {
  options: OptionReader & { getString(name: string): string | null; getInteger(name: string): number | null };
  deferReply(options: { flags: MessageFlags.Ephemeral }): Promise<unknown>;
  editReply(options: { embeds: object[]; allowedMentions: { parse: [] } }): Promise<unknown>;
}

export interface NewsAutocompleteInteraction extends NewsInteraction {
  options: OptionReader & { getFocused(full: true): { name: string; value: string } };
  respond(choices: { name: string; value: string }[]): Promise<void>;
}

export interface DiscordCommandDeps {
  /** The current config (it reloads live). */
  config: () => HeraldConfig;
  /** A command context for this actor: the store, the process's rate limiter and feed loader, a clock. */
  context: (actor: Actor) => CommandContext;
  log: Logger;
}

const OUTSIDE_A_SERVER = errorReply(`/${COMMAND_NAME} works in a server's channels; run it there`);

function specFor(options: OptionReader): CommandSpec | undefined {
  const words = [options.getSubcommandGroup(), options.getSubcommand()].filter((word): word is string => word !== null);
  return COMMANDS.find((spec) => spec.words.join(' ') === words.join(' '));
}

/** An option's value as the core reads it: counts are integer options (command-registration.ts), the rest strings. */
function optionText(options: NewsCommandInteraction['options'], arg: ArgSpec): string | undefined {
  if (arg.kind === 'count') return options.getInteger(arg.name)?.toString();
  return options.getString(arg.name) ?? undefined;
}

function roleIds(member: NewsInteraction['member']): string[] {
  if (member === null) return [];
  return Array.isArray(member.roles) ? [...(member.roles as readonly string[])] : [...(member.roles as { cache: { keys(): Iterable<string> } }).cache.keys()];
}

/** Manage Server in this server, or a user or role id listed in the config's admins.discord. */
export function isDiscordAdmin(interaction: NewsInteraction, config: HeraldConfig): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  if (isConfigAdmin(config, 'discord', interaction.user.id)) return true;
  return roleIds(interaction.member).some((role) => (config.admins.discord ?? []).includes(role));
}

export class DiscordCommands {
  constructor(private readonly deps: DiscordCommandDeps) {}

  private actor(interaction: NewsInteraction, guildId: string, channelId: string): Actor {
    return {
      platform: 'discord',
      workspace: guildId,
      channel: channelId,
      userId: interaction.user.id,
      isAdmin: isDiscordAdmin(interaction, this.deps.config()),
    };
  }

  /** Answers one /news command; never throws (a failure is logged and answered). */
  async command(interaction: NewsCommandInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND_NAME) return;
    try {
      // Discord wants an answer within 3 seconds; subscribing may fetch a feed for longer.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const reply = await this.run(interaction);
      // A template preview is the alert as the channel would get it, through the alert renderer itself.
      const preview = reply.preview === undefined ? [] : renderDiscordAlert(reply.preview).embeds;
      await interaction.editReply({ embeds: [renderCommandReply(reply), ...preview], allowedMentions: { parse: [] } });
    } catch (error) {
      this.deps.log.error({ err: describeError(error), guild: interaction.guildId, channel: interaction.channelId }, 'a /news command failed');
      await interaction
        .editReply({ embeds: [renderCommandReply(errorReply('Herald could not finish that command; try again, and ask an admin to check its logs if it keeps failing'))], allowedMentions: { parse: [] } })
        .catch((replyError: unknown) => this.deps.log.warn({ err: describeError(replyError) }, 'could not answer a /news command'));
    }
  }

  private async run(interaction: NewsCommandInteraction): Promise<CommandReply> {
    const { guildId, channelId } = interaction;
    if (guildId === null || channelId === null) return OUTSIDE_A_SERVER;
    const spec = specFor(interaction.options);
    if (spec === undefined) return errorReply(`this /${COMMAND_NAME} command is unknown to this Herald version; run /${COMMAND_NAME} help`);
    const values = Object.fromEntries(spec.args.map((arg) => [arg.name, optionText(interaction.options, arg)]));
    let command;
    try {
      command = commandFromOptions(spec.name, values);
    } catch (error) {
      if (isHeraldError(error)) return errorReply(error.message);
      throw error;
    }
    return handleCommand(command, this.deps.context(this.actor(interaction, guildId, channelId)));
  }

  /** Suggests values for the option being typed, from the source the command table names. */
  async autocomplete(interaction: NewsAutocompleteInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND_NAME) return;
    try {
      await interaction.respond(await this.choices(interaction));
    } catch (error) {
      this.deps.log.warn({ err: describeError(error) }, 'could not answer /news autocomplete');
    }
  }

  private async choices(interaction: NewsAutocompleteInteraction): Promise<{ name: string; value: string }[]> {
    const { guildId, channelId } = interaction;
    const spec = specFor(interaction.options);
    if (guildId === null || channelId === null || spec === undefined) return [];
    const focused = interaction.options.getFocused(true);
    const source = spec.args.find((arg) => arg.name === focused.name)?.suggest;
    const actor = this.actor(interaction, guildId, channelId);
    if (source === undefined || (spec.adminOnly && !actor.isAdmin)) return [];
    const values = await suggestions(source, focused.value, this.deps.context(actor));
    return values.filter((value) => value.length <= CHOICE_MAX).map((value) => ({ name: value, value }));
  }
}
