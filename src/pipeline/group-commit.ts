// Runs submitted work in batches, one batch at a time: a batch starts `lingerMs` after the first
// submission finds nothing running, and whatever is submitted while a batch runs forms the next
// one. One store write then carries many feeds (one transaction or one round trip for all of
// them): on SQLite a commit costs far more than the rows in it, and its synchronous writes leave
// no time for a batch to form by itself, hence the linger. A batch holds what arrived during one
// linger or one batch run, at most one entry per feed of the cycle, so no size cap is needed.
interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  #waiting: Waiting<In, Out>[] = [];
  #running = false;
  #idle: (() => void)[] = [];

  /** `run` answers every input of a batch, in order; if it throws, every submission of that batch fails with it. */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly lingerMs: number,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      setTimeout(() => void this.#drain(), this.lingerMs);
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0);
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

  /** Resolves once everything submitted so far has been run (for callers that did not wait). */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
