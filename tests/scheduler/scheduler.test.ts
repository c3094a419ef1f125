// Scheduler.runOnce: one run of a job at a time, whoever asks (start-up, a tick, "poll soon").
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.ts';
import { Scheduler, type Job } from '../../src/scheduler/scheduler.ts';

/** A job whose runs each wait until the test releases them, counting starts and overlaps. */
function gatedJob(): { job: Job; starts: () => number; maxAtOnce: () => number; release: () => void } {
  let starts = 0;
  let atOnce = 0;
  let maxAtOnce = 0;
  const gates: (() => void)[] = [];
  const job: Job = {
    name: 'poll',
    schedule: '*/15 * * * * *',
    oneAtATime: true,
    run: async () => {
      starts += 1;
      atOnce += 1;
      maxAtOnce = Math.max(maxAtOnce, atOnce);
      await new Promise<void>((resolve) => gates.push(resolve));
      atOnce -= 1;
    },
  };
  return { job, starts: () => starts, maxAtOnce: () => maxAtOnce, release: () => gates.shift()?.() };
}

describe('Scheduler.runOnce', () => {
  it('never runs a job twice at once: requests during a run share one run after it', async () => {
    const { job, starts, maxAtOnce, release } = gatedJob();
    const scheduler = new Scheduler([job], silentLogger());
    const first = scheduler.runOnce(job);
    const again = [scheduler.runOnce(job), scheduler.runOnce(job), scheduler.runOnce(job)];
    expect(starts()).toBe(1);
    release();
    await first;
    await Promise.resolve();
    expect(starts()).toBe(2);
    release();
    await Promise.all(again);
    expect(starts()).toBe(2);
    expect(maxAtOnce()).toBe(1);
  });

  it('lets a job not marked oneAtATime overlap (delivery: one waiting run must not hold back the next)', async () => {
    const { job, starts, maxAtOnce, release } = gatedJob();
    const scheduler = new Scheduler([job], silentLogger());
    const runs = [scheduler.runOnce({ ...job, oneAtATime: false }), scheduler.runOnce({ ...job, oneAtATime: false })];
    expect(starts()).toBe(2);
    release();
    release();
    await Promise.all(runs);
    expect(maxAtOnce()).toBe(2);
  });

  it('stop waits for the run in flight and drops the one queued after it', async () => {
    const { job, starts, release } = gatedJob();
    const scheduler = new Scheduler([job], silentLogger());
    void scheduler.runOnce(job);
    const queued = scheduler.runOnce(job);
    const stopped = scheduler.stop();
    release();
    await stopped;
    await queued;
    expect(starts()).toBe(1);
  });
});
