// Operator commands that inspect or repair state without running the bot: config check,
// query test, feeds status, feeds import/export (OPML), outbox list/retry, migrate.
// Each action imports what it uses, so registering them costs `herald --help` nothing.
import type { Command } from 'commander';
import type { HeraldConfig } from '../config/schema.ts';
import { HeraldError } from '../domain/errors.ts';
import { feedHealth } from '../domain/feed-health.ts';
import { redactText } from '../domain/redact.ts';
import type { FeedRecord, OutboxStatus } from '../domain/types.ts';
import type { Store } from '../store/store.ts';
import { plural } from '../text/plural.ts';
import type { CliContext } from './context.ts';
import { localTime } from './local-time.ts';

type ConfigOption = (command: Command) => Command;

export function registerInspectCommands(
  program: Command,
  context: () => Promise<CliContext>,
  configOption: ConfigOption,
  setExitCode: (code: number) => void,
): void {
  const config = program.command('config').description('work with the config file');
  configOption(config.command('check'))
    .description('validate the config file and every query in it; exit 1 listing every problem')
    .action(async (options: { config?: string }) => {
      const ctx = await context();
      const path = options.config ?? ctx.env.configPath;
      const { checkConfig } = await import('../config/load.ts');
      // checkConfig reports every problem at once, query errors included, and throws.
      const { config: loaded, warnings } = await checkConfig(path, ctx.io.env);
      const noted = warnings.length === 0 ? '' : ` with ${plural(warnings.length, 'warning')}`;
      ctx.write(
        `config '${path}' is valid${noted}: ${plural(loaded.feeds.length, 'feed')}, ${plural(Object.keys(loaded.topics).length, 'topic')}, ${plural(loaded.channels.length, 'channel rule')}\n`,
      );
      for (const warning of warnings) {
        ctx.write(`  warning: ${warning.path}: ${warning.message}${warning.line === undefined ? '' : ` (line ${warning.line}:${warning.column})`}\n`);
      }
    });

  program
    .command('query')
    .description('try a query')
    .command('test')
    .argument('<query>', 'the query, in quotes')
    .requiredOption('--feed <file-or-url>', 'a feed file or URL to test against')
    .option('-c, --config <file>', 'config file for topics and fetch limits')
    .description('print every item of a feed with whether the query matches it, and why')
    .action(async (query: string, options: { feed: string; config?: string }) => {
      const ctx = await context();
      const [{ loadConfig }, { queryTest }] = await Promise.all([import('../config/load.ts'), import('./query-test.ts')]);
      const loaded = await loadConfig(options.config ?? ctx.env.configPath, ctx.io.env);
      ctx.write(await queryTest(query, options.feed, loaded));
    });

  const feeds = program.command('feeds').description('feed health; OPML import and export');
  configOption(feeds.command('import'))
    .argument('<file>', 'an OPML file exported from another feed reader')
    .description("print the file's feeds as a feeds: block for the config (categories become tags), leaving out URLs the config has")
    .action(async (file: string, options: { config?: string }) => {
      const ctx = await context();
      const [{ existsSync }, { loadConfig }, opml] = await Promise.all([import('node:fs'), import('../config/load.ts'), import('./feeds-opml.ts')]);
      const path = options.config ?? ctx.env.configPath;
      const existing = existsSync(path) ? (await loadConfig(path, ctx.io.env)).feeds : [];
      const { feeds: imported, skipped } = opml.configFeedsFromOpml(await opml.readOpmlFile(file), existing);
      if (imported.length > 0) ctx.write(opml.feedsYaml(imported, file));
      ctx.io.stderr.write(`imported ${plural(imported.length, 'feed')}, skipped ${skipped.length}\n`);
      for (const skip of skipped) ctx.io.stderr.write(redactText(`  skipped ${skip.outline}: ${skip.reason}\n`));
      if (imported.length === 0) setExitCode(1);
    });
  configOption(feeds.command('export'))
    .description("print the config's feeds (tags as categories) and the feeds added from chat as OPML")
    .action(async (options: { config?: string }) => {
      const { feedsAsOpml } = await import('./feeds-opml.ts');
      await withStore(await context(), options.config, async (store, ctx, config) => {
        ctx.write(feedsAsOpml(config, await store.listFeeds()));
      });
    });
  configOption(feeds.command('status'))
    .description("print every feed's health: last success, failures, last error, next poll")
    .action(async (options: { config?: string }) =>
      withStore(await context(), options.config, async (store, ctx) => {
        const { feedOrigin } = await import('../commands/handlers/admin-feeds.ts');
        const feeds = await store.listFeeds();
        if (feeds.length === 0) {
          ctx.write(`no feeds yet: list some under feeds: in the config, or add one with /news feed add <url> (herald chat)\n`);
          return;
        }
        const now = Date.now();
        const at = (time: number | null) => localTime(time, now);
        for (const feed of feeds) {
          ctx.write(
            redactText(
              `${feed.id} [${feedOrigin(feed)}]  ${feedHealthLine(feed, at)}\n  url: ${feed.url}\n  last success: ${at(feed.lastSuccessAt)}\n  last poll: ${at(feed.lastPolledAt)}\n  next poll: ${at(feed.nextPollAt)}\n`,
            ),
          );
        }
      }),
    );

  const outbox = program.command('outbox').description('the delivery queue');
  configOption(outbox.command('list'))
    .description('list queued, held, sent or dead-lettered alerts, and dead-lettered notices')
    .option('--status <status>', 'pending, held, sent or dead', 'dead')
    .action(async (options: { config?: string; status: string }) =>
      withStore(await context(), options.config, async (store, ctx) => {
        if (!OUTBOX_STATUSES.includes(options.status as OutboxStatus)) {
          throw new HeraldError('command_invalid', `unknown status '${options.status}': use ${OUTBOX_STATUSES.join(', ')}`);
        }
        const entries = await store.listOutbox(options.status as OutboxStatus, 200);
        const notices = options.status === 'dead' ? await store.listNotices('dead', 200) : [];
        if (entries.length === 0 && notices.length === 0) {
          const others = OUTBOX_STATUSES.filter((status) => status !== options.status).join(', ');
          ctx.write(`no ${options.status} alerts${options.status === 'dead' ? ' or notices' : ''} in the outbox; other lists: --status ${others}\n`);
          return;
        }
        const now = Date.now();
        for (const entry of entries) {
          const held = entry.status === 'held' ? ` held (${entry.holdReason}) until ${localTime(entry.nextAttemptAt, now)}` : '';
          ctx.write(
            `#${entry.id} ${entry.status} ${entry.alert.platform}:${entry.alert.channel} "${entry.alert.item.title}"${held} attempts=${entry.attempts}${entry.lastError ? ` error: ${entry.lastError}` : ''}\n`,
          );
        }
        for (const notice of notices) {
          ctx.write(`notice #${notice.id} dead ${notice.platform}:${notice.channel ?? 'admins'} "${notice.text}" error: ${notice.lastError}\n`);
        }
      }),
    );
  configOption(outbox.command('retry'))
    .description('put a dead-lettered alert back in the queue')
    .argument('<id>', 'outbox entry id (from `herald outbox list`)')
    .action(async (id: string, options: { config?: string }) =>
      withStore(await context(), options.config, async (store, ctx) => {
        const ok = await store.retryOutbox(Number.parseInt(id, 10), Date.now());
        if (!ok) {
          setExitCode(1);
          ctx.write(`no dead-lettered outbox entry #${id}; see \`herald outbox list --status dead\`\n`);
          return;
        }
        ctx.write(`outbox entry #${id} queued again; it is sent on the next delivery run\n`);
      }),
    );

  configOption(program.command('migrate'))
    .description('apply database migrations (the bot also does this on start)')
    .action(async (options: { config?: string }) =>
      withStore(await context(), options.config, async (store, ctx) => {
        ctx.write(`${store.kind} store is up to date\n`);
      }),
    );
}

async function withStore(ctx: CliContext, configPath: string | undefined, work: (store: Store, ctx: CliContext, config: HeraldConfig) => Promise<void>): Promise<void> {
  const [{ loadConfig }, { openStore }] = await Promise.all([import('../config/load.ts'), import('../app.ts')]);
  const config = await loadConfig(configPath ?? ctx.env.configPath, ctx.io.env);
  const store = await openStore(config, ctx.env);
  try {
    await work(store, ctx, config);
  } finally {
    await store.close();
  }
}

const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'held', 'sent', 'dead'];

function feedHealthLine(feed: FeedRecord, at: (time: number | null) => string): string {
  switch (feedHealth(feed)) {
    case 'failing':
      return `FAILING since ${at(feed.failingSince ?? null)} (${plural(feed.failureCount, 'failure')} in a row): ${feed.lastError}`;
    case 'retrying':
      return `retrying (${plural(feed.failureCount, 'failure')} in a row): ${feed.lastError}`;
    case 'new':
      return 'not polled yet';
    case 'ok':
      return 'ok';
  }
}
