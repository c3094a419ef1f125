// The signature a webhook receiver checks (README, "Webhooks"): hex HMAC-SHA256, keyed by the
// target's secret, of "<timestamp>.<raw body>", where the timestamp is the X-Herald-Timestamp
// header (Unix seconds). Signing the timestamp lets a receiver refuse old replays.
import { createHmac } from 'node:crypto';

export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-herald-timestamp': timestamp, 'x-herald-signature': `sha256=${hex}` };
}
