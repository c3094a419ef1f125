// What Slack's HTTP receiver checks before any byte of a body is read. Bolt verifies the HMAC
// only after buffering the whole body, so an unsigned client could make it hold megabytes per
// connection; here a request without a well-formed signature, with a stale or future timestamp,
// or with a body larger than Slack ever sends, is answered and closed from its headers alone.
// Slack signs the timestamp with the body, and a captured request replays with a valid
// signature: Bolt refuses timestamps over five minutes old, and a future one is refused here.
import type { IncomingMessage } from 'node:http';

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Slash commands are a few hundred bytes; Slack's largest payloads stay well under 100 KB. */
export const MAX_BODY_BYTES = 100 * 1024;

export interface RequestRefusal {
  status: 400 | 401 | 405 | 411 | 413;
  reason: string;
}

const SIGNATURE = /^v0=[0-9a-f]{64}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function timestampRefusal(value: string | undefined, now: number): RequestRefusal | null {
  if (value === undefined) return { status: 401, reason: 'x-slack-request-timestamp is missing' };
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds)) return { status: 401, reason: 'x-slack-request-timestamp is not a number' };
  const skew = seconds * 1000 - now;
  if (skew > MAX_CLOCK_SKEW_MS) return { status: 401, reason: 'x-slack-request-timestamp is more than five minutes in the future' };
  if (skew < -MAX_CLOCK_SKEW_MS) return { status: 401, reason: 'x-slack-request-timestamp is more than five minutes old' };
  return null;
}

/** Why a request must be refused before its body is read, or null to hand it to Bolt. */
export function requestRefusal(req: IncomingMessage, now: number): RequestRefusal | null {
  if (req.method !== 'POST') return { status: 405, reason: `${req.method ?? 'a request without a method'} is not how Slack calls; it POSTs` };
  const signature = header(req, 'x-slack-signature');
  if (signature === undefined || !SIGNATURE.test(signature)) return { status: 401, reason: 'x-slack-signature is missing or not a v0 signature' };
  const stale = timestampRefusal(header(req, 'x-slack-request-timestamp'), now);
  if (stale !== null) return stale;
  // Slack always sends Content-Length; without it the body's size is unknown until read.
  const length = header(req, 'content-length');
  if (length === undefined) return { status: 411, reason: 'Content-Length is missing' };
  const bytes = Number(length);
  if (!/^\d+$/.test(length) || !Number.isSafeInteger(bytes)) return { status: 400, reason: 'Content-Length is not a number' };
  if (bytes > MAX_BODY_BYTES) return { status: 413, reason: `the body (${bytes} bytes) is larger than Slack sends (${MAX_BODY_BYTES} bytes at most)` };
  return null;
}
