// The panel's security, over plain HTTP: nothing but the sign-in page without a session, forms
// refused without their CSRF token or from another site, sign-in rate-limited, and no secret of a
// feed URL on any page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_SECRET, postForm, postSignIn, signIn, startPanelBot, WEB_TOKEN, type PanelBot } from './panel-harness.ts';

let bot: PanelBot;

beforeAll(async () => {
  bot = await startPanelBot();
  // The config feed's first poll and its alerts: pages then have rows to show.
  await bot.waitForLog((line) => /^polled /.test(line.msg));
});
afterAll(async () => {
  await bot?.stop();
});

const PAGES = ['/', '/feeds', '/channels', '/query', '/outbox', '/topics'];

function post(path: string, fields: Record<string, string>, cookie: string, origin = bot.origin): Promise<Response> {
  return postForm(bot, path, fields, cookie, origin);
}

describe('without a session', () => {
  it('serves only the sign-in page: every other page and asset redirects there', async () => {
    expect((await fetch(`${bot.origin}/sign-in`)).status).toBe(200);
    for (const path of [...PAGES, '/assets/panel.js', '/no-such-page', '/feeds/harbour/poll']) {
      const response = await fetch(`${bot.origin}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status, location: response.headers.get('location') }).toEqual({ path, status: 303, location: '/sign-in' });
    }
  });

  it('refuses every change', async () => {
    for (const path of ['/feeds/add', '/feeds/harbour/poll', '/channels/pause', '/outbox/1/retry', '/sign-out']) {
      expect((await post(path, {}, '')).status).toBe(401);
    }
  });
});

describe('sign-in', () => {
  it('gives a signed, HttpOnly, SameSite=Strict session cookie that expires', async () => {
    const response = await postSignIn(bot, WEB_TOKEN);
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('herald_session='))!;
    expect(session).toMatch(/^herald_session=[^.;]+\.[^;]+;/);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Strict');
    expect(session).toMatch(/Max-Age=43200/);
  });

  it('refuses a session cookie whose signature was changed', async () => {
    const { cookie } = await signIn(bot);
    const forged = cookie.replace(/herald_session=([^;]+)/, (_, value: string) => `herald_session=${value.slice(0, -4)}AAAA`);
    expect((await fetch(`${bot.origin}/`, { headers: { cookie: forged }, redirect: 'manual' })).status).toBe(303);
  });
});

describe('forms', () => {
  it('refuses a form posted from another site, even with the right CSRF token', async () => {
    const { cookie, csrf } = await signIn(bot);
    const response = await post('/channels/pause', { _csrf: csrf, platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWS' }, cookie, 'http://attacker.test');
    expect(response.status).toBe(403);
    const channels = await (await fetch(`${bot.origin}/channels`, { headers: { cookie } })).text();
    expect(channels).not.toContain('paused');
  });

  it('refuses a form without the session CSRF token', async () => {
    const { cookie } = await signIn(bot);
    const response = await post('/channels/pause', { _csrf: 'not-the-token', platform: 'slack', workspace: 'T-HARBOUR', channel: 'C-NEWS' }, cookie);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('nothing changed');
  });
});

describe('feed URL secrets', () => {
  it('no page shows the credential of a feed URL, the query tester included', async () => {
    const { cookie, csrf } = await signIn(bot);
    const bodies = await Promise.all(PAGES.map(async (path) => (await fetch(`${bot.origin}${path}`, { headers: { cookie } })).text()));
    const tested = await post('/query', { _csrf: csrf, query: 'ferry', source: 'feed:harbour' }, cookie);
    bodies.push(await tested.text());
    expect(bodies.join('\n')).toContain('api_key=***');
    for (const body of bodies) expect(body).not.toContain(FEED_SECRET);
  });
});

// Last in the file: it leaves this address locked out of sign-in for the window.
describe('sign-in rate limit', () => {
  it('refuses an address after 5 wrong tokens, even when the next one is right', async () => {
    const attempt = (token: string) => postSignIn(bot, token);
    for (let failure = 0; failure < 5; failure += 1) expect((await attempt('wrong-token-guess')).status).toBe(401);
    const refused = await attempt(WEB_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many failed sign-ins');
  });
});
