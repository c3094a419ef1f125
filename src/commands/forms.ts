// How a platform takes a command's arguments: a line of text (Slack, the console) or typed
// options, one box each (Discord). Usage lines, in help and in argument errors, are written in
// the form the person typed, so Discord never shows Slack's syntax.
import type { PlatformName } from '../domain/types.ts';
import { COMMAND_PREFIX, commandSpec, textOrder, usage, type ArgSpec, type CommandSpec } from './grammar.ts';
import type { CommandName } from './parsed.ts';

export type CommandForm = 'text' | 'options';

export function formOf(platform: PlatformName): CommandForm {
  return platform === 'discord' ? 'options' : 'text';
}

/** The arguments as the option form lists them: required ones first, as Discord registers them. */
export function optionOrder(spec: CommandSpec): ArgSpec[] {
  return [...spec.args].sort((a, b) => Number(b.required) - Number(a.required));
}

/** "/news subscribe feed:<feed-url | feed-id | topic:name> [query:<query>]": what Discord's option boxes want. */
export function optionUsage(spec: CommandSpec): string {
  const args = optionOrder(spec).map((arg) => {
    const shown = arg.marker === undefined ? `${arg.name}:<${arg.label}>` : arg.label;
    return arg.required ? shown : `[${shown}]`;
  });
  return [COMMAND_PREFIX, ...spec.words, ...args].join(' ');
}

export function usageIn(spec: CommandSpec, form: CommandForm): string {
  return form === 'options' ? optionUsage(spec) : usage(spec);
}

/** A command's usage as the actor's platform takes it, for replies that say what to run next. */
export function usageFor(name: CommandName, platform: PlatformName): string {
  return usageIn(commandSpec(name), formOf(platform));
}

/**
 * A command to run, with these values (or <placeholders>), as the platform takes it:
 * "/news resume sub_1" in text, "/news resume id:sub_1" in Discord's option boxes.
 */
export function commandLine(platform: PlatformName, name: CommandName, values: Readonly<Record<string, string>> = {}): string {
  const spec = commandSpec(name);
  const options = formOf(platform) === 'options';
  const args = (options ? optionOrder(spec) : textOrder(spec)).flatMap((arg) => {
    const value = values[arg.name];
    if (value === undefined) return [];
    if (options) return [`${arg.name}:${value}`];
    return [arg.marker === undefined ? value : `${arg.marker}${value}`];
  });
  return [COMMAND_PREFIX, ...spec.words, ...args].join(' ');
}
