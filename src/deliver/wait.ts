// The delivery loop's two ways of letting time pass. Both go through the global timers, so tests
// drive them with fake timers, and neither ever blocks: a store call that resolves at once
// (SQLite) must not keep signals, timers and sockets waiting behind a long loop.

/** Lets everything already queued on the event loop (I/O, timers, signals) run first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
