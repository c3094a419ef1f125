// Slack signs the request timestamp along with the body, and a captured request replays with
// a valid signature. Bolt refuses timestamps more than five minutes old; a timestamp far in the
// future would stay "fresh" for longer than that, so it is refused too.
import type { IncomingMessage } from 'node:http';

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Why the request's x-slack-request-timestamp is unacceptable, or null when it is fine or absent (Bolt refuses a missing one). */
export function timestampProblem(req: IncomingMessage, now: number): string | null {
  const header = req.headers['x-slack-request-timestamp'];
  if (header === undefined) return null;
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(seconds)) return 'x-slack-request-timestamp is not a number';
  const skew = seconds * 1000 - now;
  if (skew > MAX_CLOCK_SKEW_MS) return 'x-slack-request-timestamp is more than five minutes in the future';
  if (skew < -MAX_CLOCK_SKEW_MS) return 'x-slack-request-timestamp is more than five minutes old';
  return null;
}
