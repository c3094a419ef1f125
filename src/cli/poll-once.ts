// `herald poll --once`: one polling pass and one delivery run, for cron jobs and scripts. It
// claims due feeds through the same leases as `herald run`, so several of them on one
// PostgreSQL split the feeds (`--all` polls every feed regardless); it waits out retries that
// come due within `--wait` (a 429's Retry-After) instead of leaving them to the next run; and
// stdout is a delivery like any other: an alert printed there is marked sent only once its
// line was flushed, and a reader that goes away leaves the rest queued and the exit code 1.
import { Herald } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import type { OutboxStore } from '../store/store.ts';
import { plural } from '../text/plural.ts';
import type { CliContext } from './context.ts';
import { logCycle } from './cycle-log.ts';
import type { PollOnceOptions } from './poll-once-options.ts';
import { StdoutOutput } from './stdout-output.ts';

// A feed's next poll is set from the end of its last one, so a cron job whose period equals the
// feed's interval finds it due a few seconds after the job started and would skip a whole
// period; a feed due within this margin is polled now.
const DUE_WITHIN_MS = 60_000;

/** Runs the command; returns the exit code. */
export async function pollOnce(ctx: CliContext, options: PollOnceOptions): Promise<number> {
  const config = await loadConfig(options.config ?? ctx.env.configPath, ctx.io.env);
  const output = new StdoutOutput(ctx.io.stdout);
  // Ctrl-C or a closed stdout ends the delivery after the sends in flight; the rest stays queued.
  const stop = new AbortController();
  void ctx.io.stopSignal.then(() => stop.abort());
  output.gone.addEventListener('abort', () => stop.abort(), { once: true });
  const herald = await Herald.start({ config, env: ctx.env, log: ctx.log, write: (text) => output.write(text), json: options.json });
  try {
    const reports = await herald.poll({ all: options.all ?? false, dueWithinMs: DUE_WITHIN_MS });
    const delivery = await herald.deliver({ waitMs: options.wait * 1000, signal: stop.signal });
    const queue = await queued(herald.store);
    logCycle(ctx.log, reports, delivery, { backfill: config.defaults.backfill, nextPollAt: null, now: Date.now() });
    if (output.error) {
      ctx.io.stderr.write(
        `herald: stdout was closed by its reader (${output.error.message}) after ${plural(delivery.sent, 'alert')} ${delivery.sent === 1 ? 'was' : 'were'} delivered; ${plural(queue.pending, 'alert')} ${queue.pending === 1 ? 'is' : 'are'} still queued and go${queue.pending === 1 ? 'es' : ''} out on the next run\n`,
      );
      return 1;
    }
    if (queue.pending > 0) {
      ctx.log.warn(
        { pending: queue.pending, nextDueAt: iso(queue.nextDueAt), waitSeconds: options.wait },
        `${plural(queue.pending, 'alert')} ${queue.pending === 1 ? 'is' : 'are'} still queued (the next is due at ${iso(queue.nextDueAt) ?? 'now'}; --wait was ${options.wait}s); the next run delivers them`,
      );
    }
    return 0;
  } finally {
    await herald.close();
  }
}

interface Queue {
  pending: number;
  held: number;
  /** When sending can go on (now, if something is due already), or null when nothing is pending. */
  nextDueAt: number | null;
}

async function queued(store: OutboxStore): Promise<Queue> {
  const pending = await store.listOutbox('pending');
  const held = await store.listOutbox('held');
  // Entries already due wait behind an older one of their channel that is not: the first of
  // those later times is when sending can go on. A loop, not Math.min(...), for big backlogs.
  const now = Date.now();
  const later = pending.reduce<number | null>((next, { nextAttemptAt: at }) => (at > now && (next === null || at < next) ? at : next), null);
  return { pending: pending.length, held: held.length, nextDueAt: later ?? (pending.length > 0 ? now : null) };
}

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
