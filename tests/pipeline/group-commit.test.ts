// GroupCommit: a batch starts a linger after the first submission, one batch runs at a time,
// what arrives meanwhile forms the next batch, a batch stays within its byte budget (what is
// left goes right after, once the event loop had a turn), and a failed batch fails only its own
// submissions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit, type BatchBudget } from '../../src/pipeline/group-commit.ts';

const LINGER = 20;
/** No input weighs anything: batches as if there were no budget. */
const UNBOUNDED: BatchBudget<unknown> = { bytes: 0, sizeOf: () => 0 };
/** Inputs are their own size. */
const byLength = (bytes: number): BatchBudget<string> => ({ bytes, sizeOf: (input) => input.length });

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
    }, LINGER, UNBOUNDED);

    const first = [group.submit(1)];
    await vi.advanceTimersByTimeAsync(LINGER - 1);
    first.push(group.submit(2));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);

    const later = [group.submit(3), group.submit(4), group.submit(5)];
    gate.release();
    await vi.advanceTimersByTimeAsync(0);
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
    }, LINGER, UNBOUNDED);
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
    }, LINGER, UNBOUNDED);
    const failed = group.submit('a');
    failed.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(LINGER);
    const next = group.submit('b');
    gate.release();
    await vi.advanceTimersByTimeAsync(0);

    await expect(failed).rejects.toThrow('store unreachable');
    expect(await next).toBe('b');
  });

  it('idle() waits for submissions nobody awaited, and is at once settled when nothing is pending', async () => {
    const written: string[] = [];
    const group = new GroupCommit<string, void>(async (inputs) => {
      written.push(...inputs);
      return inputs.map(() => undefined);
    }, LINGER, UNBOUNDED);
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

  it('closes a batch before the input that would take it past the budget; the rest runs right after, without a linger', async () => {
    const batches: { inputs: string[]; at: number }[] = [];
    const group = new GroupCommit<string, string>(async (inputs) => {
      batches.push({ inputs, at: Date.now() });
      return inputs;
    }, LINGER, byLength(7));
    const started = Date.now();
    const submissions = ['aaa', 'bbb', 'ccc', 'dd', 'e'].map((input) => group.submit(input));

    await vi.runAllTimersAsync();
    expect(batches).toEqual([
      { inputs: ['aaa', 'bbb'], at: started + LINGER },
      { inputs: ['ccc', 'dd', 'e'], at: started + LINGER },
    ]);
    expect(await Promise.all(submissions)).toEqual(['aaa', 'bbb', 'ccc', 'dd', 'e']);
  });

  it('sends an input larger than the budget alone, in its turn', async () => {
    const batches: string[][] = [];
    const group = new GroupCommit<string, string>(async (inputs) => {
      batches.push(inputs);
      return inputs;
    }, LINGER, byLength(4));
    const submissions = ['a', 'bb', 'large input', 'c', 'd'].map((input) => group.submit(input));

    await vi.runAllTimersAsync();
    expect(batches).toEqual([['a', 'bb'], ['large input'], ['c', 'd']]);
    expect(await Promise.all(submissions)).toEqual(['a', 'bb', 'large input', 'c', 'd']);
  });

  it('gives the event loop a turn between the batches of a backlog, even when a batch settles at once', async () => {
    const events: string[] = [];
    const group = new GroupCommit<string, void>(async (inputs) => {
      events.push(`batch ${inputs.join(' ')}`);
      // A request that came in while the batch ran (after a microtask: fake timers delay an
      // immediate set inside a timer's callback by a millisecond, which Node does not).
      await Promise.resolve();
      if (events.length === 1) setImmediate(() => events.push('health check'));
      // A synchronous store (SQLite): the batch settles at once.
      return inputs.map(() => undefined);
    }, LINGER, byLength(2));
    for (const input of ['a', 'b', 'c', 'd']) void group.submit(input);

    await vi.runAllTimersAsync();
    expect(events).toEqual(['batch a b', 'health check', 'batch c d']);
  });

  it('puts what is left of a backlog before what arrived while its batch ran', async () => {
    const batches: string[][] = [];
    const gate = deferred();
    const group = new GroupCommit<string, string>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await gate.promise;
      return inputs;
    }, LINGER, byLength(2));
    const submissions = ['a', 'b', 'c'].map((input) => group.submit(input));
    await vi.advanceTimersByTimeAsync(LINGER);
    submissions.push(group.submit('d'), group.submit('e'));
    gate.release();
    await vi.runAllTimersAsync();

    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(await Promise.all(submissions)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
