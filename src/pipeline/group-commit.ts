// Runs submitted work in batches, one batch at a time: a batch starts `lingerMs` after the first
// submission finds nothing running, and whatever is submitted while a batch runs forms the next
// one. One store write then carries many feeds (one transaction or one round trip for all of
// them): on SQLite a commit costs far more than the rows in it, and its synchronous writes leave
// no time for a batch to form by itself, hence the linger.
//
// A batch is also sized: it takes inputs, oldest first, while their estimated bytes fit the
// budget (a single larger input goes alone), and what is left forms the next batch right after.
// Many feeds finishing together (a burst of new entries, a high fetch.concurrency) would
// otherwise make one batch of thousands of entries: on SQLite one synchronous run that blocks
// the event loop (chat commands, health checks wait) and holds every entry at once. Between
// batches the event loop gets a turn, which a batch that settles at once would not give it.
interface Waiting<In, Out> {
  input: In;
  bytes: number;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/** How big a batch may grow: inputs join while the sum of their `sizeOf` stays within `bytes`. */
export interface BatchBudget<In> {
  bytes: number;
  /** An input's share of its batch's cost, cheap to compute (asked once, at submission). */
  sizeOf: (input: In) => number;
}

export class GroupCommit<In, Out> {
  #waiting: Waiting<In, Out>[] = [];
  #running = false;
  #idle: (() => void)[] = [];

  /** `run` answers every input of a batch, in order; if it throws, every submission of that batch fails with it. */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly lingerMs: number,
    private readonly budget: BatchBudget<In>,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, bytes: this.budget.sizeOf(input), resolve, reject });
      if (this.#running) return;
      this.#running = true;
      setTimeout(() => void this.#drain(), this.lingerMs);
    });
  }

  async #drain(): Promise<void> {
    for (let first = true; this.#waiting.length > 0; first = false) {
      if (!first) await new Promise((resolve) => setImmediate(resolve));
      const batch = this.#waiting.splice(0, this.#fitting());
      try {
        const outputs = await this.run(batch.map((waiting) => waiting.input));
        batch.forEach((waiting, index) => waiting.resolve(outputs[index]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** How many of the oldest waiting inputs fit the budget; at least one. */
  #fitting(): number {
    let bytes = this.#waiting[0]!.bytes;
    let count = 1;
    while (count < this.#waiting.length && bytes + this.#waiting[count]!.bytes <= this.budget.bytes) {
      bytes += this.#waiting[count]!.bytes;
      count += 1;
    }
    return count;
  }

  /** Resolves once everything submitted so far has been run (for callers that did not wait). */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
