// Fetch slots (issue 15): a stalled host holds at most its per-host share of the request slots.
import { describe, expect, it } from 'vitest';
import { fetchSlots } from '../../src/pipeline/fetch-slots.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('fetchSlots', () => {
  it('lets a stalled host hold only its per-host slots, so other hosts still get fetched', async () => {
    const slots = fetchSlots(4, 2);
    const started: string[] = [];
    const stall = deferred();
    const stalled = ['1', '2', '3', '4', '5'].map((n) =>
      slots.forUrl(`https://stalled.test/feed-${n}`)(async () => {
        started.push(`stalled-${n}`);
        await stall.promise;
      }),
    );
    const healthy = ['a', 'b'].map((n) => slots.forUrl(`https://fine-${n}.test/feed`)(async () => started.push(`fine-${n}`)));
    await Promise.all(healthy);
    await tick();
    expect(started).toEqual(['stalled-1', 'stalled-2', 'fine-a', 'fine-b']);
    stall.resolve();
    await Promise.all(stalled);
    expect(started).toHaveLength(7);
  });

  it('still bounds all requests together, across hosts', async () => {
    const slots = fetchSlots(2, 2);
    const release = deferred();
    let running = 0;
    let most = 0;
    const fetches = ['a', 'b', 'c', 'd'].map((host) =>
      slots.forUrl(`https://${host}.test/`)(async () => {
        running += 1;
        most = Math.max(most, running);
        await release.promise;
        running -= 1;
      }),
    );
    await tick();
    expect(running).toBe(2);
    release.resolve();
    await Promise.all(fetches);
    expect(most).toBe(2);
  });

  it('groups URLs by host name, case folded, whatever their path or port scheme', async () => {
    const slots = fetchSlots(8, 1);
    const release = deferred();
    const order: string[] = [];
    const first = slots.forUrl('https://Same.test/a')(async () => {
      order.push('a');
      await release.promise;
    });
    const second = slots.forUrl('http://same.test/b')(async () => order.push('b'));
    await tick();
    expect(order).toEqual(['a']);
    release.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a', 'b']);
  });
});
