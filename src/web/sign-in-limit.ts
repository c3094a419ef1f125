// Failed sign-ins allowed per client address in a sliding window: a guesser gets a few tries,
// then waits. Successful sign-ins never count. Time is passed in, so tests use plain numbers.

export interface SignInLimitOptions {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most; the oldest are forgotten first. */
  maxAddresses: number;
}

export const SIGN_IN_LIMIT: SignInLimitOptions = { maxFailures: 5, windowMs: 15 * 60_000, maxAddresses: 10_000 };

export class SignInLimit {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: SignInLimitOptions = SIGN_IN_LIMIT) {}

  /** 0 when this address may try now, else the milliseconds until it may. */
  retryAfter(address: string, now: number): number {
    const recent = this.recent(address, now);
    if (recent.length < this.options.maxFailures) return 0;
    return recent[recent.length - this.options.maxFailures]! + this.options.windowMs - now;
  }

  recordFailure(address: string, now: number): void {
    const recent = [...this.recent(address, now), now];
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > this.options.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((time) => time > now - this.options.windowMs);
  }
}
