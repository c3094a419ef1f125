// `herald run`: the long-running bot. Polls on node-cron ticks, drains the outbox, reloads the
// config file live, and on SIGINT/SIGTERM finishes in-flight work and closes the store.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Herald, type DeliveryReport } from '../app.ts';
import { CommandRateLimiter, commandContexts, feedLoader, randomId, type Actor, type CommandContext } from '../commands/index.ts';
import { SLACK_POST_ONLY, slackCommandTransport } from '../config/env.ts';
import { checkConfig } from '../config/load.ts';
import type { HeraldConfig } from '../config/schema.ts';
import { watchConfig } from '../config/watch.ts';
import { describeError } from '../domain/errors.ts';
import type { DiscordGateway } from '../platforms/discord/gateway.ts';
import type { SlackCommandReceiver } from '../platforms/slack/slack-commands.ts';
import { pruneCutoffs, pruneStore } from '../scheduler/retention.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import type { CliContext } from './context.ts';
import { GATEWAY_LEASE_TTL_MS, holdLease, leaseName, type LeaseHolder } from './gateway-lease.ts';
import { logCycle } from './cycle-log.ts';
import { operatorPort, startOperatorEndpoints } from './operator-endpoints.ts';
import { startPanel } from './web-panel.ts';

// Cron ticks only look for due work; each feed's interval is kept in the store.
const POLL_TICK = '*/15 * * * * *';
const DELIVER_TICK = '*/5 * * * * *';
// Retention once a day, off the hour, and once at start so a bot restarted daily still prunes.
const PRUNE_TICK = '0 17 3 * * *';

export interface RunOptions {
  /** --http-port: wins over HERALD_HTTP_PORT and http.port. */
  httpPort?: number;
}

export async function runBot(ctx: CliContext, configPath: string, options: RunOptions = {}): Promise<void> {
  const { config, warnings } = await checkConfig(configPath, ctx.io.env);
  for (const warning of warnings) ctx.log.warn({ config: configPath, path: warning.path, line: warning.line }, warning.message);
  const herald = await Herald.start({ config, env: ctx.env, log: ctx.log, write: ctx.write });
  const operator = await startOperatorEndpoints(ctx, herald, operatorPort(options.httpPort, ctx, config.http.port), config.http.host);
  // A stop ends the delivery in flight after its current sends: a backlog behind a rate limit
  // would otherwise hold the process for as long as it takes to send.
  const stopping = new AbortController();
  const delivery = () => herald.deliver({ signal: stopping.signal });
  const poll = { name: 'poll', schedule: POLL_TICK, run: () => pollCycle(ctx, herald, () => current, delivery) };
  const deliver = { name: 'deliver', schedule: DELIVER_TICK, run: delivery };
  let current = config;
  const prune = { name: 'prune', schedule: PRUNE_TICK, run: () => pruneStore(herald.store, pruneCutoffs(current, Date.now()), ctx.log) };
  const scheduler = new Scheduler([poll, deliver, prune], ctx.log);
  // One factory for every platform: one rate limiter per process, the live config.
  const contexts = commandContexts({
    store: herald.store,
    config: () => current,
    rateLimiter: new CommandRateLimiter(),
    loadFeed: feedLoader,
    now: Date.now,
    newId: randomId,
  });
  const panel = await startPanel(ctx, config.web, {
    store: herald.store,
    config: () => current,
    contexts,
    pollSoon: () => void scheduler.runOnce(poll),
    deliverSoon: () => void scheduler.runOnce(deliver),
  });
  // Every process delivers; of those sharing a store, one at a time holds each app's connection.
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { discord: discordEnv, slack: slackEnv } = ctx.env;
  const discord = discordEnv.token
    ? leased(ctx, herald, owner, leaseName('discord-gateway', discordEnv.applicationId ?? discordEnv.token), () => startDiscord(ctx, () => current, contexts), (gateway) => gateway.close())
    : null;
  // SLACK_BOT_TOKEN alone posts alerts (the platform is built in app.ts); /news needs a way in too.
  const slackBot = slackEnv.botToken;
  if (slackBot !== null && slackCommandTransport(slackEnv) === null) ctx.log.info(SLACK_POST_ONLY);
  const slack =
    slackBot !== null && slackCommandTransport(slackEnv) !== null
      ? leased(ctx, herald, owner, leaseName('slack-receiver', slackEnv.appToken ?? slackBot), () => startSlack(ctx, () => current, contexts), (receiver) => receiver.stop())
      : null;
  const watcher = watchConfig(
    configPath,
    {
      onChange: (next) => {
        herald.applyConfig(next).then(
          () => {
            current = next;
            ctx.log.info({ config: configPath, feeds: next.feeds.length, channels: next.channels.length }, 'config reloaded');
          },
          (error: unknown) => ctx.log.error({ config: configPath, err: String(error) }, 'config reload failed; keeping the previous config'),
        );
      },
      onError: (error) => ctx.log.error({ config: configPath, err: error.message }, 'config edit rejected; keeping the last good config'),
    },
    { env: ctx.io.env },
  );
  ctx.log.info(
    { config: configPath, store: herald.store.kind, feeds: config.feeds.length, channels: config.channels.length, platforms: [...herald.platforms.keys()] },
    'herald is running; press Ctrl-C to stop',
  );
  scheduler.start();
  void scheduler.runOnce(poll);
  void scheduler.runOnce(prune);

  await ctx.io.stopSignal;
  ctx.log.info('stopping: finishing in-flight work');
  stopping.abort();
  watcher.close();
  await scheduler.stop();
  await discord?.close();
  await slack?.close();
  await operator?.close();
  await panel?.close();
  await herald.close();
  ctx.log.info('stopped');
}

/** One poll tick: the due feeds, then delivery, then one log line when it did something. */
async function pollCycle(ctx: CliContext, herald: Herald, config: () => HeraldConfig, deliver: () => Promise<DeliveryReport>): Promise<void> {
  const reports = await herald.poll();
  const delivery = await deliver();
  // Most 15-second ticks find nothing due; a line for each would bury the ones that matter.
  if (reports.length === 0 && delivery.sent === 0) return;
  const nextPollAt = (await herald.store.listFeeds()).reduce<number | null>(
    (soonest, feed) => (feed.disabledReason !== null || (soonest !== null && soonest <= feed.nextPollAt) ? soonest : feed.nextPollAt),
    null,
  );
  logCycle(ctx.log, reports, delivery, { backfill: config().defaults.backfill, nextPollAt, now: Date.now() });
}

/** Runs a connection only while this process holds its lease in the store. */
function leased<T>(ctx: CliContext, herald: Herald, owner: string, name: string, open: () => Promise<T | null>, close: (connection: T) => Promise<unknown>): LeaseHolder {
  let connection: T | null = null;
  return holdLease({
    store: herald.store,
    name,
    owner,
    ttlMs: GATEWAY_LEASE_TTL_MS,
    log: ctx.log,
    start: async () => {
      connection = await open();
    },
    stop: async () => {
      const running = connection;
      connection = null;
      if (running) await close(running);
    },
  });
}

/** With DISCORD_TOKEN set, the gateway for /news; alerts go over REST either way, so a failed login only turns commands off. */
async function startDiscord(
  ctx: CliContext,
  config: () => HeraldConfig,
  context: (actor: Actor) => CommandContext,
): Promise<DiscordGateway | null> {
  const { token, apiUrl, applicationId, guildId } = ctx.env.discord;
  if (token === null) return null;
  // discord.js loads only for a bot that has a Discord token.
  const [{ DiscordCommands }, { startDiscordGateway }] = await Promise.all([
    import('../platforms/discord/discord-commands.ts'),
    import('../platforms/discord/gateway.ts'),
  ]);
  const commands = new DiscordCommands({ config, context, log: ctx.log });
  ctx.log.info({ platform: 'discord' }, 'connecting to the Discord gateway for /news commands');
  return startDiscordGateway({ token, apiUrl, applicationId, guildId, commands, log: ctx.log }).catch((error: unknown) => {
    ctx.log.error({ err: describeError(error) }, 'Discord /news commands are off; alerts are still posted');
    return null;
  });
}

/** With SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET set, /news over Socket Mode or HTTP; alerts go through the Web API either way, so a failed start only turns commands off. */
async function startSlack(
  ctx: CliContext,
  config: () => HeraldConfig,
  context: (actor: Actor) => CommandContext,
): Promise<SlackCommandReceiver | null> {
  if (ctx.env.slack.botToken === null) return null;
  const mode = ctx.env.slack.appToken ? 'Socket Mode' : `HTTP on port ${config().slack.port}`;
  ctx.log.info({ platform: 'slack' }, `connecting to Slack for /news commands (${mode})`);
  // Bolt loads only for a bot that has a Slack token.
  const { SlackCommandReceiver } = await import('../platforms/slack/slack-commands.ts');
  const receiver = new SlackCommandReceiver({ slack: ctx.env.slack, port: config().slack.port, config, context, log: ctx.log });
  return receiver.start().then(
    () => receiver,
    (error: unknown) => {
      ctx.log.error({ err: describeError(error) }, 'Slack /news commands are off; alerts are still posted');
      return null;
    },
  );
}
