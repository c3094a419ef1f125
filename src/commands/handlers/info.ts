// Commands that only read the command table or the config: help and topics.
import { plural } from '../../text/plural.ts';
import type { CommandContext } from '../context.ts';
import type { PlatformName } from '../../domain/types.ts';
import { formOf, optionOrder, usageIn, type CommandForm } from '../forms.ts';
import { COMMAND_PREFIX, COMMANDS, commandSpec, textOrder, type CommandSpec } from '../grammar.ts';
import { exampleOptions } from '../parse.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { commandLine } from '../forms.ts';

/** The example with each value in its own option, so no query ends up in the feed box. */
function optionExample(spec: CommandSpec): string {
  const values = exampleOptions(spec);
  const args = optionOrder(spec).flatMap((arg) => (values.has(arg.name) ? [`${arg.name}:${values.get(arg.name)!}`] : []));
  return [COMMAND_PREFIX, ...spec.words, ...args].join(' ');
}

function title(spec: CommandSpec, form: CommandForm): string {
  return `${usageIn(spec, form)}${spec.adminOnly ? ' (admins)' : ''}`;
}

function example(spec: CommandSpec, form: CommandForm): string {
  return `Example: ${form === 'options' ? optionExample(spec) : spec.example}`;
}

export function help(command: Extract<ParsedCommand, { name: 'help' }>, platform: PlatformName): CommandReply {
  const form = formOf(platform);
  if (command.command !== null) {
    const spec = commandSpec(command.command);
    const args = (form === 'options' ? optionOrder(spec) : textOrder(spec)).map((arg) => `${form === 'options' ? arg.name : arg.label}: ${arg.description}${arg.required ? '' : ' (optional)'}`);
    return okReply(`${spec.description}.`, [{ title: title(spec, form), lines: [...args, example(spec, form)] }]);
  }
  const sections: ReplySection[] = COMMANDS.map((spec) => ({ title: title(spec, form), lines: [spec.description, example(spec, form)] }));
  const how = form === 'options' ? ' Pick a subcommand, then fill each option in its own box.' : '';
  return okReply(`Herald posts news alerts to this channel for the feeds and queries it subscribes to.${how} ${COMMAND_PREFIX} help <command> explains one command.`, sections);
}

export function topics(context: CommandContext): CommandReply {
  const entries = Object.entries(context.config.topics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return okReply('No topics are configured. Admins add them under topics: in the config file; meanwhile, subscribe to a feed with a query.');
  const lines = entries.map(([name, query]) => `topic:${name}: ${query}`);
  return okReply(
    `${plural(entries.length, 'topic')}. Subscribe with ${commandLine(context.actor.platform, 'subscribe', { feed: 'topic:<name>', query: '[query]' })}, or use topic:<name> inside any query.`,
    [{ title: 'Topics', lines }],
  );
}
