import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.ts';
import { registerAuth, type PanelEnv } from '../../src/web/panel-auth.ts';
import { SignInLimit } from '../../src/web/sign-in-limit.ts';
import { csrfMatches, Sessions, SESSION_TTL_MS, tokenMatches } from '../../src/web/sessions.ts';

const MINUTE = 60_000;

describe('SignInLimit', () => {
  const options = { maxFailures: 3, windowMs: 15 * MINUTE, maxAddresses: 2 };

  it('lets an address fail a few times, then makes it wait until its oldest failure leaves the window', () => {
    const limit = new SignInLimit(options);
    for (const at of [0, MINUTE, 2 * MINUTE]) {
      expect(limit.retryAfter('10.0.0.1', at)).toBe(0);
      limit.recordFailure('10.0.0.1', at);
    }
    expect(limit.retryAfter('10.0.0.1', 3 * MINUTE)).toBe(12 * MINUTE);
    expect(limit.retryAfter('10.0.0.2', 3 * MINUTE)).toBe(0);
    expect(limit.retryAfter('10.0.0.1', 15 * MINUTE + 1)).toBe(0);
  });

  it('forgets the least recent address past its size', () => {
    const limit = new SignInLimit(options);
    for (const address of ['a', 'a', 'a', 'b', 'c']) limit.recordFailure(address, 0);
    expect(limit.retryAfter('a', 1)).toBe(0);
  });
});

describe('sessions', () => {
  it('live until they expire or end, each with its own CSRF token', () => {
    let now = 0;
    const sessions = new Sessions(() => now);
    const first = sessions.create();
    const second = sessions.create();
    expect(first.csrf).not.toBe(second.csrf);
    expect(csrfMatches(first, first.csrf)).toBe(true);
    expect(csrfMatches(first, second.csrf)).toBe(false);
    expect(csrfMatches(first, undefined)).toBe(false);
    sessions.end(second.id);
    expect(sessions.get(second.id)).toBeUndefined();
    now = SESSION_TTL_MS - 1;
    expect(sessions.get(first.id)).toBe(first);
    now = SESSION_TTL_MS;
    expect(sessions.get(first.id)).toBeUndefined();
  });

  it('compares tokens whatever their lengths', () => {
    expect(tokenMatches('panel-token-0123456789', 'panel-token-0123456789')).toBe(true);
    expect(tokenMatches('panel-token', 'panel-token-0123456789')).toBe(false);
    expect(tokenMatches('', 'panel-token-0123456789')).toBe(false);
  });
});

describe('the sign-in page of a refused address', () => {
  // The node server's bindings, as getConnInfo reads them, for one client address.
  const client = { incoming: { socket: { remoteAddress: '10.0.0.9', remotePort: 50_000, remoteFamily: 'IPv4' } } };

  it('says how long to wait, in minutes written in English', async () => {
    let now = 0;
    const limit = new SignInLimit({ maxFailures: 1, windowMs: 15 * MINUTE, maxAddresses: 10 });
    limit.recordFailure('10.0.0.9', 0);
    const app = new Hono<PanelEnv>();
    registerAuth(app, { token: 'right-token', sessions: new Sessions(() => now), secret: 'test-secret', limit, log: silentLogger(), now: () => now });
    const refusal = async () => {
      const response = await app.request('/sign-in', { method: 'POST' }, client);
      expect(response.status).toBe(429);
      return response.text();
    };
    now = MINUTE;
    expect(await refusal()).toContain('try again in 14 minutes.');
    now = 14 * MINUTE + 1;
    expect(await refusal()).toContain('try again in 1 minute.');
  });
});
