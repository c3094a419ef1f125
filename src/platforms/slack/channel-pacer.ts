// Herald's own queue per Slack channel: Slack allows about one message per second per channel,
// so each write to a channel takes the next free one-second slot and waits for it. Channels
// do not wait for each other, and a 429 on one channel never holds another back.

export interface PacerClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: PacerClock = {
  // Read at each call (not Date.now captured at load), so tests' fake timers move this clock too.
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// Past this many remembered channels, slots already in the past are forgotten.
const PRUNE_AT = 1_000;

export class ChannelPacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Resolves when `channel` may take its next message; call right before the write. */
  async turn(channel: string): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(channel) ?? now);
    // The slot is taken before waiting, so callers queue in call order.
    this.nextSlot.set(channel, slot + this.intervalMs);
    if (this.nextSlot.size > PRUNE_AT) this.prune(now);
    if (slot > now) await this.clock.sleep(slot - now);
  }

  private prune(now: number): void {
    for (const [channel, slot] of this.nextSlot) {
      if (slot <= now) this.nextSlot.delete(channel);
    }
  }
}
