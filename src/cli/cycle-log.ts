// What a person watching the log learns from one poll cycle: one info line with the counts
// (feeds polled, new items, alerts sent, held, failed, next poll); after a feed's first poll,
// that its items were only remembered; and, when every feed failed because no host name
// resolves, that the machine looks offline and `herald demo` works without a network.
import type { DeliveryReport } from '../app.ts';
import type { Logger } from '../observability/logger.ts';
import type { PollReport } from '../pipeline/poll-feed.ts';
import { plural } from '../text/plural.ts';

export interface CycleLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  msg: string;
}

export interface CycleContext {
  /** defaults.backfill: how many of a new feed's newest items alert on its first poll. */
  backfill: number;
  /** When the next feed is due; null when unknown or not asked (`poll --once`). */
  nextPollAt: number | null;
  now: number;
}

// The fetch error a failed name lookup gives (feeds/fetch.ts); the offline hint keys on it.
export const NAME_NOT_RESOLVED = 'does not resolve';

export function cycleLines(reports: readonly PollReport[], delivery: DeliveryReport, context: CycleContext): CycleLine[] {
  const failed = reports.filter((report) => report.outcome === 'failed');
  const newItems = sum(reports, (report) => report.newItems);
  const sent = delivery.sent + delivery.digests.alerts;
  const next = context.nextPollAt === null ? '' : `; next poll ${relative(context.nextPollAt - context.now)}`;
  const lines: CycleLine[] = [
    {
      level: 'info',
      fields: {
        feeds: reports.length,
        newItems,
        sent,
        held: delivery.held,
        failed: failed.length,
        ...(delivery.dead > 0 ? { dead: delivery.dead } : {}),
        ...(context.nextPollAt === null ? {} : { nextPollAt: new Date(context.nextPollAt).toISOString() }),
      },
      msg: `polled ${plural(reports.length, 'feed')}: ${plural(newItems, 'new item')}, ${plural(sent, 'alert')} sent, ${delivery.held} held, ${failed.length} failed${next}`,
    },
  ];

  const seeded = reports.filter((report) => report.outcome === 'seeded');
  if (seeded.length > 0) {
    const remembered = sum(seeded, (report) => report.newItems);
    const start =
      context.backfill === 0
        ? 'alerts start with the stories published from now on (set defaults.backfill to also post the newest few of a new feed)'
        : `up to ${context.backfill} of each new feed's newest items were alerted (defaults.backfill); the rest start with new stories`;
    lines.push({
      level: 'info',
      fields: { feeds: seeded.map((report) => report.feedId), remembered, backfill: context.backfill },
      msg: `first poll of ${plural(seeded.length, 'feed')} remembered ${plural(remembered, 'item')} already published; ${start}`,
    });
  }

  if (reports.length > 0 && failed.length === reports.length && failed.every((report) => report.error?.includes(NAME_NOT_RESOLVED))) {
    lines.push({
      level: 'warn',
      fields: { feeds: reports.length },
      msg: 'no feed host name resolves: this machine seems to be offline (or its DNS is down). Check the network; `herald demo` shows Herald working without one',
    });
  }
  return lines;
}

export function logCycle(log: Logger, reports: readonly PollReport[], delivery: DeliveryReport, context: CycleContext): void {
  for (const line of cycleLines(reports, delivery, context)) log[line.level](line.fields, line.msg);
}

function sum(reports: readonly PollReport[], value: (report: PollReport) => number): number {
  return reports.reduce((total, report) => total + value(report), 0);
}

/** "in 4m", "in 45s", "now". */
function relative(ms: number): string {
  if (ms <= 1_000) return 'now';
  const seconds = Math.round(ms / 1_000);
  if (seconds < 90) return `in ${seconds}s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `in ${minutes}m` : `in ${Math.round(minutes / 60)}h`;
}
