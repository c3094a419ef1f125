// The options of `herald poll --once`, apart from the command itself so that parsing them
// (every start of the CLI) does not load the app.
import { InvalidArgumentError } from 'commander';

export interface PollOnceOptions {
  config?: string;
  json?: boolean;
  /** Poll every feed now, even one not due or leased by another process. */
  all?: boolean;
  /** Seconds to wait for retries that come due before giving up on them for this run. */
  wait: number;
}

export const DEFAULT_WAIT_SECONDS = 60;

/** Parses `--wait <seconds>`: a whole number of seconds, 0 for "do not wait". */
export function parseWaitSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new InvalidArgumentError('give a whole number of seconds (0 or more), like --wait 60.');
  }
  return seconds;
}

