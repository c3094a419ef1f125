// GroupCommit: a batch starts a linger after the first submission, one batch runs at a time,
// what arrives meanwhile forms the next batch, and a failed batch fails only its own submissions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/pipeline/group-commit.ts';

const LINGER = 20;

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('GroupCommit', () => {
  it('waits the linger for company, then batches what arrives during a batch into the next', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const group = new GroupCommit<number, string>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await gate.promise;
      return inputs.map((input) => `done ${input}`);
    }, LINGER);

    const first = [group.submit(1)];
    await vi.advanceTimersByTimeAsync(LINGER - 1);
    first.push(group.submit(2));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);

    const later = [group.submit(3), group.submit(4), group.submit(5)];
    gate.release();
    expect(await Promise.all([...first, ...later])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('never runs two batches at once', async () => {
    let running = 0;
    let most = 0;
    const group = new GroupCommit<number, number>(async (inputs) => {
      running += 1;
      most = Math.max(most, running);
      await Promise.resolve();
      running -= 1;
      return inputs;
    }, LINGER);
    const submissions: Promise<number>[] = [];
    for (let round = 0; round < 5; round += 1) {
      submissions.push(group.submit(round));
      await vi.advanceTimersByTimeAsync(LINGER / 2);
    }
    await vi.advanceTimersByTimeAsync(LINGER);
    expect(await Promise.all(submissions)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(1);
  });

  it('rejects the submissions of a failed batch only, and goes on with the next', async () => {
    const gate = deferred();
    let calls = 0;
    const group = new GroupCommit<string, string>(async (inputs) => {
      calls += 1;
      if (calls === 1) {
        await gate.promise;
        throw new Error('store unreachable');
      }
      return inputs;
    }, LINGER);
    const failed = group.submit('a');
    failed.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(LINGER);
    const next = group.submit('b');
    gate.release();

    await expect(failed).rejects.toThrow('store unreachable');
    expect(await next).toBe('b');
  });

  it('idle() waits for submissions nobody awaited, and is at once settled when nothing is pending', async () => {
    const written: string[] = [];
    const group = new GroupCommit<string, void>(async (inputs) => {
      written.push(...inputs);
      return inputs.map(() => undefined);
    }, LINGER);
    await group.idle();

    void group.submit('behind-1');
    void group.submit('behind-2');
    let settled = false;
    const idle = group.idle().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(LINGER - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await idle;
    expect(written).toEqual(['behind-1', 'behind-2']);
  });
});
