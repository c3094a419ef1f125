// Runs submitted work in batches, one batch at a time: whatever is submitted while a batch runs
// forms the next one. Under load one store write then carries many feeds (one transaction or one
// round trip for all of them); when idle, a submission waits only for the current event-loop turn.
// Batches are at most as large as the number of submitters waiting, so no size cap is needed.
interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  #waiting: Waiting<In, Out>[] = [];
  #running = false;

  /** `run` answers every input of a batch, in order; if it throws, every submission of that batch fails with it. */
  constructor(private readonly run: (inputs: In[]) => Promise<Out[]>) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      // One turn of the event loop, so feeds whose responses arrived together share the batch.
      setImmediate(() => void this.#drain());
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
  }
}
