// `herald run`: the long-running bot. Polls on node-cron ticks, drains the outbox, reloads the
// config file live, and on SIGINT/SIGTERM finishes in-flight work and closes the store.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Herald, type DeliveryReport } from '../app.ts';
import { CommandRateLimiter, commandContexts, feedLoader, randomId } from '../commands/index.ts';
import { checkConfig } from '../config/load.ts';
import type { HeraldConfig } from '../config/schema.ts';
import { watchConfig } from '../config/watch.ts';
import { describeError } from '../domain/errors.ts';
import { PLATFORM_MODULES } from '../platforms/modules.ts';
import { setupFor } from '../platforms/platform-module.ts';
import type { Receiver, ReceiverPlan } from '../platforms/platform-module.ts';
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
  const poll = { name: 'poll', schedule: POLL_TICK, run: () => pollCycle(ctx, herald, () => current, delivery), oneAtATime: true };
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
    recordedStories: herald.recordedStories,
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
  const setup = { env: ctx.env, config: () => current, log: ctx.log, now: Date.now, output: { write: ctx.write, json: null }, context: contexts };
  const receivers = PLATFORM_MODULES.flatMap((module) => {
    const plan = module.receiver?.(setupFor(module, setup)) ?? null;
    return plan === null ? [] : [leasedReceiver(ctx, herald, owner, module.name, plan)];
  });
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
  for (const receiver of receivers) await receiver.close();
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
    (soonest, feed) => (soonest !== null && soonest <= feed.nextPollAt ? soonest : feed.nextPollAt),
    null,
  );
  logCycle(ctx.log, reports, delivery, { backfill: config().defaults.backfill, nextPollAt, now: Date.now() });
}

/**
 * Runs a platform's /news receiver only while this process holds its lease in the store. Alerts
 * go out over the platform's API either way, so a receiver that fails to start only turns commands off.
 */
function leasedReceiver(ctx: CliContext, herald: Herald, owner: string, platform: string, plan: ReceiverPlan): LeaseHolder {
  let running: Receiver | null = null;
  return holdLease({
    store: herald.store,
    name: leaseName(plan.lease.kind, plan.lease.key),
    owner,
    ttlMs: GATEWAY_LEASE_TTL_MS,
    log: ctx.log,
    start: async () => {
      const receiver = await plan.open();
      try {
        await receiver.start();
        running = receiver;
      } catch (error) {
        ctx.log.error({ platform, err: describeError(error) }, `${platformTitle(platform)} /news commands are off; alerts are still posted`);
      }
    },
    stop: async () => {
      const receiver = running;
      running = null;
      if (receiver) await receiver.stop();
    },
  });
}

function platformTitle(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
