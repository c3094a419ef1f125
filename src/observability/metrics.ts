// Prometheus metrics for one Herald process. Each process owns its registry (never prom-client's
// global one), so two Herald instances in one process (tests, the bench) do not share counters.
// Counters are fed at the edges from what the pipeline and the outbox worker already report;
// gauges about shared state (outbox, feed health) are read from the store when scraped, so
// every process behind one PostgreSQL reports the same numbers for them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FeedStore, OutboxStore } from '../store/store.ts';

/** What one feed poll reports; the pipeline's PollReport has this shape. */
export interface PollObservation {
  outcome: string;
  items: number;
  newItems: number;
  storiesJoined: number;
  alertsQueued: number;
  /** Seconds-worthy stage timings in milliseconds; null when the stage did not run or did not finish. */
  fetchMs: number | null;
  prepareMs: number | null;
}

/** What one outbox drain reports; the outbox worker's DrainReport has this shape. */
export interface DrainObservation {
  sent: number;
  retried: number;
  dead: number;
}

/** What one digest release reports; the digest job's DigestReport has this shape. */
export interface DigestObservation {
  /** Digest messages sent, and the alerts they carried. */
  digests: number;
  alerts: number;
  retried: number;
  dead: number;
}

/** Read on every scrape: one aggregate query each. */
export type StoreStatsSource = Pick<OutboxStore, 'outboxStats'> & Pick<FeedStore, 'feedHealthCounts'>;

// Feed fetches run from a few ms (304 on a LAN) to the 30 s fetch timeout; parses are faster.
const FETCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PARSE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export class HeraldMetrics {
  readonly registry = new Registry();
  private readonly polls: Counter<'result'>;
  private readonly notModifiedRatio: Gauge;
  private readonly fetchSeconds: Histogram;
  private readonly parseSeconds: Histogram;
  private readonly items: Counter<'state'>;
  private readonly matches: Counter;
  private readonly storyMerges: Counter;
  private readonly alertsSent: Counter;
  private readonly alertsFailed: Counter;
  private readonly alertsDead: Counter;
  private readonly digests: Counter<'result'>;

  constructor(stats: StoreStatsSource, now: () => number = Date.now) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'herald_' });
    this.polls = new Counter({ name: 'herald_polls_total', help: 'Feed polls by result (alerted, seeded, unchanged, unmatched, not_modified, failed).', labelNames: ['result'], registers });
    this.notModifiedRatio = new Gauge({
      name: 'herald_poll_not_modified_ratio',
      help: 'Share of the last poll cycle answered 304 Not Modified; over time use rate(herald_polls_total{result="not_modified"}) / rate(herald_polls_total).',
      registers,
    });
    this.fetchSeconds = new Histogram({ name: 'herald_feed_fetch_duration_seconds', help: 'Time to fetch one feed (request to last body byte).', buckets: FETCH_BUCKETS, registers });
    this.parseSeconds = new Histogram({ name: 'herald_feed_parse_duration_seconds', help: 'Time to parse and normalize one fetched feed body and clean its new and changed entries.', buckets: PARSE_BUCKETS, registers });
    this.items = new Counter({ name: 'herald_items_total', help: 'Items found in fetched feeds: new (first seen) or seen (already known).', labelNames: ['state'], registers });
    this.matches = new Counter({ name: 'herald_matches_total', help: 'Alerts queued: an item or story matched a subscription.', registers });
    this.storyMerges = new Counter({ name: 'herald_story_merges_total', help: 'New items joined to an existing story instead of starting one.', registers });
    this.alertsSent = new Counter({ name: 'herald_alerts_sent_total', help: 'Alerts the platform acknowledged.', registers });
    this.alertsFailed = new Counter({ name: 'herald_alerts_failed_total', help: 'Delivery attempts that failed and will be retried.', registers });
    this.alertsDead = new Counter({ name: 'herald_alerts_dead_lettered_total', help: 'Alerts given up on (permanent error or retry window over).', registers });
    this.digests = new Counter({ name: 'herald_digests_total', help: 'Digest messages by result (sent, failed and retried, dead_lettered).', labelNames: ['result'], registers });

    new Gauge({
      name: 'herald_outbox_depth',
      help: 'Outbox entries not yet delivered (pending or held for a digest), across all processes.',
      registers,
      async collect() {
        this.set((await stats.outboxStats()).depth);
      },
    });
    new Gauge({
      name: 'herald_outbox_oldest_age_seconds',
      help: 'Age of the oldest undelivered outbox entry; 0 when the outbox is empty.',
      registers,
      async collect() {
        const { oldestCreatedAt } = await stats.outboxStats();
        this.set(oldestCreatedAt === null ? 0 : Math.max(0, now() - oldestCreatedAt) / 1000);
      },
    });
    new Gauge({
      name: 'herald_feeds',
      help: 'Feeds by health: ok, failing (last poll failed).',
      labelNames: ['health'],
      registers,
      async collect() {
        const counts = await stats.feedHealthCounts();
        for (const health of ['ok', 'failing'] as const) this.set({ health }, counts[health]);
      },
    });
  }

  /** Counts one poll cycle's reports. */
  observePolls(reports: readonly PollObservation[]): void {
    let fetched = 0;
    let notModified = 0;
    for (const report of reports) {
      this.polls.inc({ result: report.outcome });
      if (report.fetchMs !== null) {
        fetched += 1;
        this.fetchSeconds.observe(report.fetchMs / 1000);
      }
      if (report.outcome === 'not_modified') notModified += 1;
      if (report.prepareMs !== null) this.parseSeconds.observe(report.prepareMs / 1000);
      this.items.inc({ state: 'new' }, report.newItems);
      this.items.inc({ state: 'seen' }, report.items - report.newItems);
      this.matches.inc(report.alertsQueued);
      this.storyMerges.inc(report.storiesJoined);
    }
    if (fetched > 0) this.notModifiedRatio.set(notModified / fetched);
  }

  /** Counts one outbox drain. */
  observeDrain(report: DrainObservation): void {
    this.alertsSent.inc(report.sent);
    this.alertsFailed.inc(report.retried);
    this.alertsDead.inc(report.dead);
  }

  /** Counts one digest release; the alerts a sent digest carried count as sent alerts. */
  observeDigests(report: DigestObservation): void {
    this.alertsSent.inc(report.alerts);
    this.digests.inc({ result: 'sent' }, report.digests);
    this.digests.inc({ result: 'failed' }, report.retried);
    this.digests.inc({ result: 'dead_lettered' }, report.dead);
  }

  /** The exposition text and its content type, for /metrics. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
