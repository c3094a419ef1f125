// The composition root: the only module that names concrete stores, and the one that builds the
// platforms of platforms/modules.ts. Everything else receives what it needs through the
// interfaces in store/store.ts and platforms/platform.ts. Stores and platform SDKs are imported
// when chosen: the Slack and Discord SDKs and pg take longer to load than a `poll --once` of a
// few feeds takes to run.
import { configTemplates, subscriptionsFromConfig } from './config/channels.ts';
import type { HeraldEnv } from './config/env.ts';
import type { HeraldConfig } from './config/schema.ts';
import { StoryIndex } from './dedup/story-index.ts';
import { alertRecord } from './deliver/alert-record.ts';
import { channelPolicies, type ChannelPolicies } from './deliver/channel-policy.ts';
import { DigestJob, type DigestReport } from './deliver/digest-job.ts';
import { NoticeWorker, type NoticeReport } from './deliver/notice-worker.ts';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker, type DeliveryPolicy, type DrainOptions, type DrainReport } from './deliver/outbox-worker.ts';
import { describeError } from './domain/errors.ts';
import type { PlatformName, Subscription } from './domain/types.ts';
import { fetchLimitsFromConfig, type FetchLimits } from './feeds/fetch-limits.ts';
import type { ReadinessCheck } from './observability/http-server.ts';
import type { Logger } from './observability/logger.ts';
import type { HeraldMetrics } from './observability/metrics.ts';
import { storeReachable } from './observability/store-readiness.ts';
import { BrokenQueries } from './pipeline/broken-queries.ts';
import type { BatchDependencies, BatchEntry, CommittedFeed } from './pipeline/commit-batch.ts';
import { GroupCommit } from './pipeline/group-commit.ts';
import { pollDueFeeds } from './pipeline/poll-cycle.ts';
import type { PollDependencies, PollReport } from './pipeline/poll-feed.ts';
import { recordedStories } from './pipeline/recorded-stories.ts';
import { SubscriptionRouter } from './pipeline/subscription-router.ts';
import { notModifiedBytes, polledFeedBytes, WRITE_BATCH_BYTES } from './pipeline/write-bytes.ts';
import type { ConsoleWrite } from './platforms/console/console-platform.ts';
import { PLATFORM_MODULES } from './platforms/modules.ts';
import { setupFor, type PlatformModule, type SharedSetup } from './platforms/platform-module.ts';
import type { Platform } from './platforms/platform.ts';
import type { NotModifiedPoll, Store } from './store/store.ts';

export interface AppOptions {
  config: HeraldConfig;
  env: HeraldEnv;
  log: Logger;
  /** Where the console platform prints alerts (stdout in the CLI); a promise says when the text was flushed. */
  write: ConsoleWrite;
  /** The console platform prints each alert as one JSON line (`poll --once --json`). */
  json?: boolean;
  now?: () => number;
  /** The platforms to deliver to; platforms/modules.ts's list unless a test adds its own. */
  platforms?: readonly PlatformModule[];
}

/** One delivery run: the outbox, then the digests that came due, then queued notices. */
export interface DeliveryReport extends DrainReport {
  digests: DigestReport;
  notices: NoticeReport;
}

export async function openStore(config: HeraldConfig, env: HeraldEnv): Promise<Store> {
  const store = env.databaseUrl
    ? await (await import('./store/postgres/postgres-store.ts')).PostgresStore.connect(env.databaseUrl)
    : (await import('./store/sqlite/sqlite-store.ts')).SqliteStore.open(config.storage.path);
  await store.migrate();
  return store;
}

/** Makes the store's config feeds and config subscriptions those of `config`; returns the subscriptions, in rule order. */
export async function syncConfig(store: Store, config: HeraldConfig, now: number): Promise<Subscription[]> {
  await store.syncConfigFeeds(
    config.feeds.map((feed) => ({
      id: feed.id,
      url: feed.url,
      name: feed.name ?? null,
      intervalMs: feed.interval ?? config.defaults.interval,
    })),
    now,
  );
  const subscriptions = subscriptionsFromConfig(config, now);
  await store.syncConfigSubscriptions(subscriptions);
  return subscriptions;
}

// How long a poll's store write waits for others to share its batch: nobody notices 20 ms more on
// an alert, and a cycle of 1,000 feeds then needs tens of commits instead of hundreds.
const WRITE_LINGER_MS = 20;

export class Herald {
  readonly worker: OutboxWorker;
  readonly digests: DigestJob;
  readonly notices: NoticeWorker;
  private channels: ChannelPolicies;
  /** This process's metrics once enableMetrics() ran; counters are fed from poll and drain reports. */
  private metrics: HeraldMetrics | null = null;
  /** What early drains (deliverEarly) sent since the last deliver(); that run reports it. */
  private earlyReport: DrainReport = EMPTY_DRAIN;
  private readonly closing = new AbortController();
  private config: HeraldConfig;
  private readonly router: SubscriptionRouter;
  private readonly stories: StoryIndex;
  /** The config rules' templates; a channel's template from chat is read by the worker when it sends. */
  private templates = new Map<string, string>();
  // One limits object per config: the fetch keeps its keep-alive connection pool per limits
  // object, so rebuilding them each cycle would throw the pool away every cycle.
  private limits: FetchLimits;
  // Long-lived, not per cycle: one batch at a time across everything this process polls.
  // commit-batch (and the HTML-to-text converter it brings) loads with the first fetched feed.
  private readonly commits = new GroupCommit<BatchEntry, CommittedFeed | null>(async (batch) => {
    await this.loadStories();
    return (await import('./pipeline/commit-batch.ts')).commitBatch(batch, this.batchDependencies());
  }, WRITE_LINGER_MS, { bytes: WRITE_BATCH_BYTES, sizeOf: polledFeedBytes });
  /** The recent stories read into the index, started by the first commit (see loadStories). */
  private storiesLoaded: Promise<void> | null = null;
  private readonly notModified = new GroupCommit<NotModifiedPoll, void>(async (polls) => {
    await this.store.recordNotModified(polls);
    return polls.map(() => undefined);
  }, WRITE_LINGER_MS, { bytes: WRITE_BATCH_BYTES, sizeOf: notModifiedBytes });
  private readonly brokenQueries: BrokenQueries;
  /**
   * Gives entries a first poll recorded without a story theirs, in this process's commit batches
   * and story index (pipeline/recorded-stories.ts): its commands' context.recordedStories.
   */
  readonly recordedStories: ReturnType<typeof recordedStories>;
  /** Outbox drains run one after another in this process (channel order); this is the last one queued. */
  private outboxQueue: Promise<unknown> = Promise.resolve();
  /** A drain asked for by a commit is queued and has not started: more commits need no other. */
  private earlyDrainQueued = false;

  private constructor(
    readonly store: Store,
    readonly platforms: ReadonlyMap<PlatformName, Platform>,
    private readonly options: AppOptions,
  ) {
    this.config = options.config;
    this.limits = fetchLimitsFromConfig(options.config.fetch);
    this.router = new SubscriptionRouter(options.config.topics);
    this.stories = new StoryIndex(storyIndexOptions(options.config));
    this.channels = channelPolicies(options.config);
    this.brokenQueries = new BrokenQueries(store, options.log, this.now);
    this.recordedStories = recordedStories({ store, commit: (entries) => this.commits.submit(entries) });
    const delivery: DeliveryPolicy = {
      ...DEFAULT_DELIVERY_POLICY,
      maxAgeMs: options.config.delivery.maxAge,
      leaseMs: options.config.delivery.lease,
      channelConcurrency: options.config.delivery.concurrency,
    };
    this.worker = new OutboxWorker(store, platforms, options.log, delivery, this.now, () => this.channels);
    this.digests = new DigestJob(store, platforms, options.log, delivery, this.now);
    this.notices = new NoticeWorker(store, platforms, options.log, delivery, this.now);
  }

  static async start(options: AppOptions): Promise<Herald> {
    const store = await openStore(options.config, options.env);
    const platforms = new Map<PlatformName, Platform>();
    const setup: SharedSetup = {
      env: options.env,
      // Read at each use (admins, Discord threads), so a config reload applies; while the
      // platforms are set up, Herald is not made yet and the config is the one it starts with.
      config: () => started?.config ?? options.config,
      log: options.log,
      now: () => (options.now ?? Date.now)(),
      output: { write: options.write, json: options.json ? alertRecord : null },
    };
    let started: Herald | undefined = undefined;
    for (const module of options.platforms ?? PLATFORM_MODULES) {
      const platform = await module.delivery(setupFor(module, setup));
      if (platform !== null) platforms.set(module.name, platform);
    }
    const herald = new Herald(store, platforms, options);
    started = herald;
    await herald.applyConfig(options.config).catch(async (error: unknown) => {
      await herald.close();
      throw error;
    });
    return herald;
  }

  /**
   * Reads the recent stories into the index once, when the first changed feed needs it: a cycle
   * of 304s and unchanged bodies (most `poll --once` runs) never reads them. A failed read is
   * tried again by the next commit.
   */
  private loadStories(): Promise<void> {
    this.storiesLoaded ??= (async () => {
      for (const story of await this.store.recentStories(this.now() - this.config.dedup.window, this.config.dedup.maxStories)) {
        this.stories.add({ id: story.id, fingerprint: story.fingerprint, updatedAt: story.updatedAt, sourceFeeds: story.sources.map((source) => source.feedId) });
      }
    })().catch((error: unknown) => {
      this.storiesLoaded = null;
      throw error;
    });
    return this.storiesLoaded;
  }

  private readonly now = (): number => (this.options.now ?? Date.now)();

  /**
   * Starts counting Prometheus metrics and returns them. Only a process that serves /metrics
   * (`herald run`) asks, so `poll --once` and the other commands never load prom-client.
   */
  async enableMetrics(): Promise<HeraldMetrics> {
    const { HeraldMetrics } = await import('./observability/metrics.ts');
    this.metrics ??= new HeraldMetrics(this.store, this.now);
    return this.metrics;
  }

  /** Makes the store and the router match a (new) config; used at start and on live reload. */
  async applyConfig(config: HeraldConfig): Promise<void> {
    await syncConfig(this.store, config, this.now());
    this.templates = configTemplates(config);
    this.channels = channelPolicies(config);
    this.limits = fetchLimitsFromConfig(config.fetch);
    this.config = config;
    await this.reloadSubscriptions();
  }

  /** Re-reads subscriptions from the store (chat commands, other processes) into the router. */
  async reloadSubscriptions(): Promise<void> {
    const [subscriptions, chatFeeds] = await Promise.all([this.store.listSubscriptions(), this.store.chatFeedWorkspaces()]);
    await this.brokenQueries.handle(this.router.load(subscriptions, this.config.topics, chatFeeds));
  }

  /** One polling cycle: the due feeds (and those due within `dueWithinMs`), or every feed with `all`. */
  async poll({ all = false, dueWithinMs = 0 }: { all?: boolean; dueWithinMs?: number } = {}): Promise<PollReport[]> {
    await this.reloadSubscriptions();
    this.stories.prune(this.now());
    const reports = await pollDueFeeds(this.pollDependencies(), {
      concurrency: this.config.fetch.concurrency,
      perHostConcurrency: this.config.fetch.perHostConcurrency,
      all,
      dueWithinMs,
    });
    await this.notModified.idle();
    this.metrics?.observePolls(reports);
    return reports;
  }

  /**
   * One delivery run. `waitMs`: retries coming due within it are waited for and sent (`poll
   * --once`). `signal`: stops after the sends in flight, leaving the rest queued (a stop signal,
   * a closed stdout); digests and notices then wait for the next run too.
   */
  async deliver(options: { waitMs?: number; signal?: AbortSignal } = {}): Promise<DeliveryReport> {
    const waitUntil = options.waitMs === undefined ? undefined : this.now() + options.waitMs;
    // Alerts sent early during the poll count in this run's report: its caller's "sent" is the cycle's.
    const report = sumDrains(await this.drainOutbox({ waitUntil, signal: options.signal }), this.earlyReport);
    this.earlyReport = EMPTY_DRAIN;
    if (options.signal?.aborted) return { ...report, digests: { digests: 0, alerts: 0, retried: 0, dead: 0 }, notices: { sent: 0, retried: 0, dead: 0 } };
    const digests = await this.digests.release();
    this.metrics?.observeDigests(digests);
    const notices = await this.notices.drain();
    return { ...report, digests, notices };
  }

  /** What /readyz asks: the store answers, and every platform that can tell is connected. */
  readiness(): ReadinessCheck[] {
    return [
      { name: `store (${this.store.kind})`, check: () => storeReachable(this.store) },
      ...[...this.platforms.values()].flatMap((platform) =>
        platform.ready ? [{ name: `platform ${platform.name}`, check: () => platform.ready!() }] : [],
      ),
    ];
  }

  /** One outbox drain, after the ones already queued in this process. */
  private drainOutbox(options: DrainOptions = {}): Promise<DrainReport> {
    const run = this.outboxQueue.then(async () => {
      this.earlyDrainQueued = false;
      // Closing ends every drain after its sends in flight, the early ones too (they have no caller to stop them).
      const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
      const report = await this.worker.drain({ ...options, signal });
      this.metrics?.observeDrain(report);
      return report;
    });
    this.outboxQueue = run.catch(() => undefined);
    return run;
  }

  // Alerts of a feed that finished go out now, while slow feeds of the same cycle are still being
  // fetched (issue 15), instead of after the whole cycle; a drain already queued takes them too.
  private deliverEarly(): void {
    if (this.earlyDrainQueued) return;
    this.earlyDrainQueued = true;
    this.drainOutbox().then((report) => {
      this.earlyReport = sumDrains(this.earlyReport, report);
    }, (error: unknown) => {
      this.options.log.error({ err: describeError(error) }, 'delivering the alerts of a finished feed failed; the next delivery retries them');
    });
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.outboxQueue;
    await Promise.all([...this.platforms.values()].map((platform) => platform.close()));
    await this.store.close();
  }

  private pollDependencies(): PollDependencies {
    return {
      store: this.store,
      limits: this.limits,
      summaryLength: this.config.defaults.summaryLength,
      maxItems: this.config.fetch.maxItemsPerFeed,
      seeding: { backfill: this.config.defaults.backfill, windowMs: this.config.dedup.window },
      failingAfter: this.config.feedHealth.failingAfter,
      commit: async (polled) => {
        const committed = await this.commits.submit(polled);
        if (committed !== null && committed.alertsQueued > 0) this.deliverEarly();
        return committed;
      },
      recordNotModified: (poll) => {
        this.notModified.submit(poll).catch((error: unknown) => {
          this.options.log.error({ feedId: poll.feedId, err: describeError(error) }, 'could not record a 304; the feed is polled again when its lease expires');
        });
      },
      log: this.options.log,
      now: this.now,
    };
  }

  private batchDependencies(): BatchDependencies {
    return {
      store: this.store,
      router: this.router,
      stories: this.stories,
      backfill: this.config.defaults.backfill,
      templateFor: (subscription) => this.templates.get(subscription.id) ?? null,
      log: this.options.log,
      now: this.now,
    };
  }
}

function storyIndexOptions(config: HeraldConfig) {
  return {
    windowMs: config.dedup.window,
    maxStories: config.dedup.maxStories,
    titleThreshold: config.dedup.titleThreshold,
    leadThreshold: config.dedup.leadThreshold,
  };
}

const EMPTY_DRAIN: DrainReport = { sent: 0, held: 0, retried: 0, dead: 0 };

function sumDrains(a: DrainReport, b: DrainReport): DrainReport {
  return { sent: a.sent + b.sent, held: a.held + b.held, retried: a.retried + b.retried, dead: a.dead + b.dead };
}
