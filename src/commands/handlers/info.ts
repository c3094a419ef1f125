// Commands that only read the command table or the config: help and topics.
import { plural } from '../../text/plural.ts';
import type { CommandContext } from '../context.ts';
import { COMMAND_PREFIX, COMMANDS, commandSpec, usage, type CommandSpec } from '../grammar.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';

function title(spec: CommandSpec): string {
  return `${usage(spec)}${spec.adminOnly ? ' (admins)' : ''}`;
}

export function help(command: Extract<ParsedCommand, { name: 'help' }>): CommandReply {
  if (command.command !== null) {
    const spec = commandSpec(command.command);
    const args = spec.args.map((arg) => `${arg.label}: ${arg.description}${arg.required ? '' : ' (optional)'}`);
    return okReply(`${spec.description}.`, [{ title: title(spec), lines: [...args, `Example: ${spec.example}`] }]);
  }
  const sections: ReplySection[] = COMMANDS.map((spec) => ({ title: title(spec), lines: [spec.description, `Example: ${spec.example}`] }));
  return okReply(`Herald posts news alerts to this channel for the feeds and queries it subscribes to. ${COMMAND_PREFIX} help <command> explains one command.`, sections);
}

export function topics(context: CommandContext): CommandReply {
  const entries = Object.entries(context.config.topics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return okReply('No topics are configured. Admins add them under topics: in the config file; meanwhile, subscribe to a feed with a query.');
  const lines = entries.map(([name, query]) => `topic:${name}: ${query}`);
  return okReply(
    `${plural(entries.length, 'topic')}. Subscribe with ${COMMAND_PREFIX} subscribe topic:<name> [query], or use topic:<name> inside any query.`,
    [{ title: 'Topics', lines }],
  );
}
