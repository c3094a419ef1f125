import { describe, expect, it } from 'vitest';
import { ChannelPacer, type PacerClock } from '../../../src/platforms/slack/channel-pacer.ts';

function manualClock(start: number): PacerClock & { sleeps: number[]; advance: (ms: number) => void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => void sleeps.push(ms),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('ChannelPacer', () => {
  it('gives each channel one slot per interval, in call order, without holding other channels', async () => {
    const clock = manualClock(10_000);
    const pacer = new ChannelPacer(1_000, clock);
    await Promise.all([pacer.turn('A'), pacer.turn('A'), pacer.turn('B'), pacer.turn('A')]);
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it('waits only for what is left of the interval, and not at all once it has passed', async () => {
    const clock = manualClock(10_000);
    const pacer = new ChannelPacer(1_000, clock);
    await pacer.turn('A');
    clock.advance(400);
    await pacer.turn('A');
    expect(clock.sleeps).toEqual([600]);
    clock.advance(5_000);
    await pacer.turn('A');
    expect(clock.sleeps).toEqual([600]);
  });

  it('keeps a channel whose slot is still ahead when it forgets idle ones past its bound', async () => {
    const clock = manualClock(0);
    const pacer = new ChannelPacer(1_000, clock);
    for (let n = 0; n < 1_001; n += 1) {
      await pacer.turn(`idle-${n}`);
      clock.advance(2);
    }
    await pacer.turn('busy');
    // Every one of these passes the bound and forgets the channels whose slots have passed.
    for (let n = 1_001; n < 2_000; n += 1) await pacer.turn(`idle-${n}`);
    await pacer.turn('busy');
    expect(clock.sleeps).toEqual([1_000]);
  });
});
