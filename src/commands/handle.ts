// The one entry point adapters call: checks who may run a command, runs its handler, and turns
// every HeraldError (a malformed command, a refused URL, a feed that will not load, a store
// failure) into an error reply. Anything else is a bug and propagates to the adapter's logger.
import type { HeraldConfig } from '../config/schema.ts';
import { isHeraldError } from '../domain/errors.ts';
import type { PlatformName } from '../domain/types.ts';
import type { CommandContext } from './context.ts';
import { forbidden } from './errors.ts';
import { COMMAND_PREFIX, commandSpec } from './grammar.ts';
import { feedAdd, feedList, feedRemove } from './handlers/admin-feeds.ts';
import { feedImport } from './handlers/feed-import.ts';
import { digest, list, pause, resume, status, unsubscribe } from './handlers/channel.ts';
import { help, topics } from './handlers/info.ts';
import { recent } from './handlers/recent.ts';
import { quiet, template, timezone } from './handlers/settings.ts';
import { subscribe } from './handlers/subscribe.ts';
import { test } from './handlers/test.ts';
import { parseCommandText } from './parse.ts';
import type { ParsedCommand } from './parsed.ts';
import { errorReply, type CommandReply } from './reply.ts';

/** Whether the config lists this user as an admin on this platform (adapters add the platform's own admins). */
export function isConfigAdmin(config: HeraldConfig, platform: PlatformName, userId: string): boolean {
  const admins: Partial<Record<PlatformName, readonly string[]>> = config.admins;
  return admins[platform]?.includes(userId) ?? false;
}

function run(command: ParsedCommand, context: CommandContext): CommandReply | Promise<CommandReply> {
  switch (command.name) {
    case 'subscribe':
      return subscribe(command, context);
    case 'unsubscribe':
      return unsubscribe(command, context);
    case 'list':
      return list(context);
    case 'topics':
      return topics(context);
    case 'test':
      return test(command, context);
    case 'recent':
      return recent(command, context);
    case 'pause':
      return pause(command, context);
    case 'resume':
      return resume(command, context);
    case 'digest':
      return digest(command, context);
    case 'quiet':
      return quiet(command, context);
    case 'timezone':
      return timezone(command, context);
    case 'template':
      return template(command, context);
    case 'status':
      return status(context);
    case 'help':
      return help(command, context.actor.platform);
    case 'feed add':
      return feedAdd(command, context);
    case 'feed import':
      return feedImport(command, context);
    case 'feed remove':
      return feedRemove(command, context);
    case 'feed list':
      return feedList(context);
  }
}

/** Runs a parsed command for `context.actor`; never throws a HeraldError, it becomes the reply. */
export async function handleCommand(command: ParsedCommand, context: CommandContext): Promise<CommandReply> {
  try {
    if (commandSpec(command.name).adminOnly && !context.actor.isAdmin) {
      throw forbidden(
        `${COMMAND_PREFIX} ${command.name} is for Herald admins (the config's admins: list and this workspace's or server's admins); ask one of them`,
      );
    }
    return await run(command, context);
  } catch (error) {
    if (isHeraldError(error)) return errorReply(error.message);
    throw error;
  }
}

/** parseCommandText then handleCommand: the whole path for platforms that send a line of text. */
export async function handleCommandText(text: string, context: CommandContext): Promise<CommandReply> {
  let command: ParsedCommand;
  try {
    command = parseCommandText(text);
  } catch (error) {
    if (isHeraldError(error)) return errorReply(error.message);
    throw error;
  }
  return handleCommand(command, context);
}
