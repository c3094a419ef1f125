// The /news application command, built from the command table: each command becomes a
// subcommand (two words, like "feed add", a subcommand in a group), each argument a typed
// option: a count an integer with its range, the others strings with their limits, choices or
// autocomplete. Registered by a bulk overwrite, so a
// restart after an upgrade replaces the old shape instead of adding to it.
//
// Admin commands stay inside /news: Discord's default_member_permissions applies to a whole
// command, never to one subcommand, and a separate admin command would hide itself from the
// config's admins.discord until a server admin overrode it, and would disagree with the usage
// help prints. The core refuses non-admins, so `/news feed add` is visible but not usable.
import type { REST } from '@discordjs/rest';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Routes,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMAND_PREFIX, COMMANDS, type ArgSpec, type CommandSpec } from '../../commands/index.ts';

export const COMMAND_NAME = COMMAND_PREFIX.slice(1);
const COMMAND_DESCRIPTION = 'News alerts from RSS, Atom and JSON feeds in this channel';
/** Discord's cap on a string option's max_length. */
const MAX_OPTION_LENGTH = 6000;

function option(arg: ArgSpec): APIApplicationCommandBasicOption {
  // A count is a whole number within its range: Discord's client refuses anything else before it is sent.
  if (arg.kind === 'count' && arg.range !== undefined) {
    return { type: ApplicationCommandOptionType.Integer, name: arg.name, description: arg.description, required: arg.required, min_value: arg.range.min, max_value: arg.range.max };
  }
  const base = {
    type: ApplicationCommandOptionType.String as const,
    name: arg.name,
    description: arg.description,
    required: arg.required,
    max_length: Math.min(arg.maxLength, MAX_OPTION_LENGTH),
  };
  if (arg.choices !== undefined) return { ...base, choices: arg.choices.map((choice) => ({ name: choice, value: choice })) };
  if (arg.suggest !== undefined) return { ...base, autocomplete: true };
  return base;
}

function subcommand(spec: CommandSpec): APIApplicationCommandSubcommandOption {
  // Discord wants required options before optional ones; the sort is stable, so the table's order holds otherwise.
  const args = [...spec.args].sort((a, b) => Number(b.required) - Number(a.required));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: spec.words[spec.words.length - 1]!,
    description: spec.description,
    options: args.map(option),
  };
}

/** The registration body for /news, derived from COMMANDS. */
export function newsCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const options: (APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption)[] = [];
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  for (const spec of COMMANDS) {
    if (spec.words.length === 1) {
      options.push(subcommand(spec));
      continue;
    }
    const name = spec.words[0]!;
    let group = groups.get(name);
    if (group === undefined) {
      const members = COMMANDS.filter((candidate) => candidate.words[0] === name);
      const admins = members.every((member) => member.adminOnly) ? ' (admins)' : '';
      group = { type: ApplicationCommandOptionType.SubcommandGroup, name, description: `${name} ${members.map((member) => member.words[1]).join(' | ')}${admins}`, options: [] };
      groups.set(name, group);
      options.push(group);
    }
    group.options!.push(subcommand(spec));
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: COMMAND_DESCRIPTION,
    options,
    // Everyone may use it; admin subcommands are refused by the handler (see the top of this file).
    default_member_permissions: null,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
}

/**
 * Replaces the application's commands with /news: in one server when `guildId` is set (shows at
 * once, for setting up), else globally for every server the bot is in.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId: string | null): Promise<void> {
  const route = guildId === null ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, guildId);
  await rest.put(route, { body: [newsCommand()] });
}
