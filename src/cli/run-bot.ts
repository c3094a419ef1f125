// `herald run`: the long-running bot. Polls on node-cron ticks, drains the outbox, reloads the
// config file live, and on SIGINT/SIGTERM finishes in-flight work and closes the store.
import { Herald } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import { watchConfig } from '../config/watch.ts';
import { startOperatorServer } from '../observability/http-server.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import type { CliContext } from './context.ts';

// Cron ticks only look for due work; each feed's interval is kept in the store.
const POLL_TICK = '*/15 * * * * *';
const DELIVER_TICK = '*/5 * * * * *';

export async function runBot(ctx: CliContext, configPath: string): Promise<void> {
  const config = await loadConfig(configPath, ctx.io.env);
  const herald = await Herald.start({ config, env: ctx.env, log: ctx.log, write: ctx.write });
  const operator = await startOperatorServer({ port: config.http.port, metrics: herald.metrics, readiness: herald.readiness(), log: ctx.log }).catch(
    async (error: unknown) => {
      await herald.close();
      throw error;
    },
  );
  const poll = { name: 'poll', schedule: POLL_TICK, run: () => herald.poll().then(() => herald.deliver()) };
  const deliver = { name: 'deliver', schedule: DELIVER_TICK, run: () => herald.deliver() };
  const scheduler = new Scheduler([poll, deliver], ctx.log);
  const watcher = watchConfig(
    configPath,
    {
      onChange: (next) => {
        herald.applyConfig(next).then(
          () => ctx.log.info({ config: configPath, feeds: next.feeds.length, channels: next.channels.length }, 'config reloaded'),
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

  await ctx.io.stopSignal;
  ctx.log.info('stopping: finishing in-flight work');
  watcher.close();
  await scheduler.stop();
  await operator.close();
  await herald.close();
  ctx.log.info('stopped');
}
