// What every CLI command receives: its streams, the environment read once, and a logger.
import type { HeraldEnv } from '../config/env.ts';
import type { Logger } from '../observability/logger.ts';

export interface CliIo {
  /** Where `herald chat` reads commands; absent where there is no input (in-process tests). */
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); `run` and `demo` wait on it. */
  stopSignal: Promise<void>;
}

export interface CliContext {
  io: CliIo;
  env: HeraldEnv;
  log: Logger;
  /** Writes to stdout: alerts and command output, never logs. */
  write: (text: string) => void;
}
