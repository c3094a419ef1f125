// `herald chat`: a prompt that takes /news commands for a console channel, so an admin can
// rehearse commands, and a team on the console platform can manage its subscriptions, without
// Slack or Discord. Each line goes through the same parser and handlers as a Slack command;
// `herald run` then delivers what the channel subscribed to. On a terminal, arrow keys recall
// earlier commands, kept between sessions next to the SQLite file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { HeraldConfig } from '../config/schema.ts';
import { describeError, HeraldError } from '../domain/errors.ts';
import { renderConsoleAlert } from '../platforms/console/render.ts';
import type { CliContext } from './context.ts';

export interface ChatOptions {
  /** The console channel commands act on; default: the config's first console channel, else 'console'. */
  channel?: string;
}

const HISTORY_SIZE = 500;
const EXIT_WORDS = new Set(['exit', 'quit', '.exit']);

export async function runChat(ctx: CliContext, configPath: string, options: ChatOptions): Promise<void> {
  const input = ctx.io.stdin;
  if (input === undefined) throw new HeraldError('command_invalid', 'herald chat reads commands from standard input, and this process has none');
  const [{ loadConfig }, { Herald }, commands] = await Promise.all([import('../config/load.ts'), import('../app.ts'), import('../commands/index.ts')]);
  const config = await loadConfig(configPath, ctx.io.env);
  // The channel sees what the bot would: the config's feeds (to subscribe to by id) and rules,
  // and a backfill gives stories as the bot does. No platform: `herald run` delivers.
  const herald = await Herald.start({ config, env: ctx.env, log: ctx.log, write: ctx.write, platforms: [] });
  const store = herald.store;
  const channel = options.channel ?? defaultChannel(config);
  const contextFor = commands.commandContexts({
    store,
    config: () => config,
    rateLimiter: new commands.CommandRateLimiter(),
    loadFeed: commands.feedLoader,
    recordedStories: herald.recordedStories,
    now: Date.now,
    newId: commands.randomId,
  });
  // Whoever can run herald on this machine can already edit its config and its database.
  const actor = { platform: 'console' as const, workspace: null, channel, userId: localUser(), isAdmin: true };

  const terminal = isTerminal(input) && isTerminal(ctx.io.stdout);
  const historyFile = join(dirname(config.storage.path), 'chat-history');
  const lines = createInterface({
    input,
    output: terminal ? ctx.io.stdout : undefined,
    terminal,
    prompt: `${channel}> `,
    history: terminal ? readHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  if (terminal) {
    lines.on('history', (history: string[]) => saveHistory(ctx, historyFile, history));
    // Ctrl-C at the prompt leaves, as it does everywhere else in Herald.
    lines.on('SIGINT', () => lines.close());
    ctx.write(
      `Herald chat for console channel '${channel}' (${store.kind} store). Type ${commands.COMMAND_PREFIX} commands, with or without ${commands.COMMAND_PREFIX}: ` +
        `help, subscribe <feed-url> [query], list, test <query> feed:<feed>, unsubscribe <id>. ` +
        `\`herald run\` delivers this channel's alerts. exit or Ctrl-D leaves.\n`,
    );
  }
  void ctx.io.stopSignal.then(() => lines.close());
  try {
    lines.prompt();
    for await (const line of lines) {
      const text = withoutPrefix(line.trim(), commands.COMMAND_PREFIX);
      if (EXIT_WORDS.has(text.toLowerCase())) break;
      if (text !== '') {
        const reply = await commands.handleCommandText(text, contextFor(actor));
        const preview = reply.preview === undefined ? '' : `\n\n${renderConsoleAlert(reply.preview, { now: Date.now() })}`;
        ctx.write(`${reply.text}${preview}\n\n`);
      }
      lines.prompt();
    }
  } finally {
    lines.close();
    await herald.close();
  }
}

function defaultChannel(config: HeraldConfig): string {
  return config.channels.find((rule) => rule.platform === 'console')?.channel ?? 'console';
}

function withoutPrefix(text: string, prefix: string): string {
  return text === prefix || text.startsWith(`${prefix} `) ? text.slice(prefix.length).trim() : text;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user with no passwd entry has no name.
    return 'console';
  }
}

function isTerminal(stream: NodeJS.ReadableStream | NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function readHistory(file: string): string[] {
  try {
    // Newest first, as readline keeps it.
    return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

let historyWarned = false;

function saveHistory(ctx: CliContext, file: string, history: string[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${history.join('\n')}\n`);
  } catch (error) {
    if (historyWarned) return;
    historyWarned = true;
    ctx.log.warn({ file, err: describeError(error) }, 'cannot keep the chat history; commands still work, only arrow-key recall is for this session only');
  }
}
