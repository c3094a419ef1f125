// node-cron drives the long-running bot. The cron ticks are only "look for due work": each
// feed's own interval lives in the store (nextPollAt), so feeds with different intervals share
// one tick, and a restart resumes where the last process left off. noOverlap keeps a slow
// cycle from running twice at once; stop() waits for the cycle in flight.
import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '../domain/errors.ts';
import type { Logger } from '../observability/logger.ts';

export interface Job {
  name: string;
  /** A six-field node-cron expression (with seconds). */
  schedule: string;
  run: () => Promise<unknown>;
}

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly jobs: Job[],
    private readonly log: Logger,
  ) {}

  start(): void {
    this.tasks = this.jobs.map((job) =>
      cron.schedule(job.schedule, () => this.runOnce(job), { name: job.name, noOverlap: true }),
    );
  }

  /** Runs a job now (used at start-up, so the first poll does not wait for the first tick). */
  runOnce(job: Job): Promise<void> {
    const running = job.run().then(
      () => undefined,
      (error: unknown) => this.log.error({ job: job.name, err: describeError(error) }, 'scheduled job failed'),
    );
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return running;
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks = [];
    await Promise.all([...this.inFlight]);
  }
}
