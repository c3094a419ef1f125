// Stdout as a delivery target (`herald poll --once --json | consumer`). An alert printed there
// counts as delivered only once its line was handed to the reader, so each write resolves in the
// stream's write callback (after the pipe took it, however slowly the reader reads), and a
// reader that went away (EPIPE, `| head -1`) fails the write and every later one: those alerts
// stay queued instead of being marked sent.

export class StdoutOutput {
  private failure: Error | null = null;
  private readonly closed = new AbortController();

  constructor(private readonly stream: NodeJS.WritableStream) {
    // Without a listener an EPIPE would crash the process before the outbox could be settled.
    stream.on('error', (error: Error) => this.fail(error));
  }

  /** Aborts once the reader is gone; the delivery loop stops on it. */
  get gone(): AbortSignal {
    return this.closed.signal;
  }

  /** Why the reader is gone (e.g. `write EPIPE`), or null while it reads. */
  get error(): Error | null {
    return this.failure;
  }

  write(text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.stream.write(text, (error?: Error | null) => {
        if (!error) return resolve();
        this.fail(error);
        reject(error);
      });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.closed.abort(error);
  }
}
