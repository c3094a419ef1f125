// node-cron drives the long-running bot. The cron ticks are only "look for due work": each
// feed's own interval lives in the store (nextPollAt), so feeds with different intervals share
// one tick, and a restart resumes where the last process left off. noOverlap keeps a tick from
// starting a job still running from the last tick. A job marked `oneAtATime` (the poll cycle)
// also never runs twice at once when start-up or a chat command asks for a run: two poll cycles
// at once would double the requests in flight and split one cycle's feeds between them. Such a
// request during a run gets one run after it, so a feed added from chat is polled without
// waiting for the next tick. Delivery stays free to overlap: a run waiting out one channel's
// Retry-After must not hold back alerts for the others. stop() waits for the runs in flight.
import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '../domain/errors.ts';
import type { Logger } from '../observability/logger.ts';

export interface Job {
  name: string;
  /** A six-field node-cron expression (with seconds). */
  schedule: string;
  run: () => Promise<unknown>;
  /** Never runs twice at once, whoever starts it (see above). */
  oneAtATime?: boolean;
}

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The run in flight of each oneAtATime job, and the one queued after it, by job name. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly jobs: Job[],
    private readonly log: Logger,
  ) {}

  start(): void {
    this.tasks = this.jobs.map((job) =>
      cron.schedule(job.schedule, () => (this.running.has(job.name) ? undefined : this.runOnce(job)), { name: job.name, noOverlap: true }),
    );
  }

  /**
   * Runs a job now (at start-up, so the first poll does not wait for the first tick). A
   * oneAtATime job that is running runs once more right after; several such requests share it.
   */
  runOnce(job: Job): Promise<void> {
    const current = this.running.get(job.name);
    if (current !== undefined) {
      const next =
        this.queued.get(job.name) ??
        current.then(() => {
          this.queued.delete(job.name);
          return this.stopping ? undefined : this.runOnce(job);
        });
      this.queued.set(job.name, next);
      return next;
    }
    const running = job.run().then(
      () => undefined,
      (error: unknown) => this.log.error({ job: job.name, err: describeError(error) }, 'scheduled job failed'),
    );
    this.inFlight.add(running);
    if (job.oneAtATime) this.running.set(job.name, running);
    void running.finally(() => {
      this.inFlight.delete(running);
      if (this.running.get(job.name) === running) this.running.delete(job.name);
    });
    return running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks = [];
    await Promise.all([...this.inFlight, ...this.queued.values()]);
  }
}
