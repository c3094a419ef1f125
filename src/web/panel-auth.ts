// Sign-in, sign-out and the gate in front of every other page. The admin token (compared in
// constant time, failures rate-limited per address) buys a session: its id in an HMAC-signed,
// HttpOnly, SameSite=Strict cookie that expires with it. Every POST needs the session's CSRF
// token in its form, on top of hono's Origin / Sec-Fetch-Site check that runs before this.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Logger } from '../observability/logger.ts';
import { plural } from '../text/plural.ts';
import { signInPage } from './layout.ts';
import { csrfMatches, randomToken, SESSION_TTL_MS, tokenMatches, type Session, type Sessions } from './sessions.ts';
import type { SignInLimit } from './sign-in-limit.ts';

export type PanelEnv = { Variables: { session: Session } };

export interface AuthOptions {
  token: string;
  sessions: Sessions;
  /** Signs the cookies; new each process, as the sessions are. */
  secret: string;
  limit: SignInLimit;
  log: Logger;
  now: () => number;
}

const SESSION_COOKIE = 'herald_session';
// Before sign-in there is no session to hold a CSRF token: the sign-in form's token is also in
// this signed cookie, and the two must agree (a page of another site can read neither).
const SIGN_IN_COOKIE = 'herald_sign_in';
const SIGN_IN_TTL_S = 30 * 60;

function cookieOptions(c: Context, maxAgeSeconds: number) {
  // Secure when the browser reached us over TLS (a proxy in front says so); plain http on loopback otherwise.
  const secure = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  return { httpOnly: true, sameSite: 'Strict' as const, path: '/', secure, maxAge: maxAgeSeconds };
}

function clientAddress(c: Context): string {
  return getConnInfo(c).remote.address ?? 'unknown';
}

/** Who made a change, as logs name them: the admin token's session, by a prefix of its id. */
export function changedBy(session: Session): { by: string; session: string } {
  return { by: 'admin token', session: session.id.slice(0, 8) };
}

async function showSignIn(c: Context, options: AuthOptions, problem: string | null, status: 200 | 400 | 401 | 403 | 429) {
  const nonce = randomToken();
  await setSignedCookie(c, SIGN_IN_COOKIE, nonce, options.secret, cookieOptions(c, SIGN_IN_TTL_S));
  return c.html(signInPage(nonce, problem), status);
}

export function registerAuth(app: Hono<PanelEnv>, options: AuthOptions): void {
  app.get('/sign-in', (c) => showSignIn(c, options, null, 200));

  app.post('/sign-in', async (c) => {
    const address = clientAddress(c);
    const now = options.now();
    const wait = options.limit.retryAfter(address, now);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      options.log.warn({ address }, 'web panel sign-in refused: too many failed attempts from this address');
      return showSignIn(c, options, `Too many failed sign-ins from this address; try again in ${plural(Math.ceil(wait / 60_000), 'minute')}.`, 429);
    }
    const form = await c.req.parseBody();
    const nonce = await getSignedCookie(c, options.secret, SIGN_IN_COOKIE);
    if (typeof nonce !== 'string' || typeof form._csrf !== 'string' || !tokenMatches(form._csrf, nonce)) {
      return showSignIn(c, options, 'The sign-in form expired or came from another site; sign in again here.', 403);
    }
    if (typeof form.token !== 'string' || !tokenMatches(form.token, options.token)) {
      options.limit.recordFailure(address, now);
      options.log.warn({ address }, 'web panel sign-in failed: wrong admin token');
      return showSignIn(c, options, 'That is not the admin token (HERALD_WEB_TOKEN). Check it and try again.', 401);
    }
    const session = options.sessions.create();
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/' });
    await setSignedCookie(c, SESSION_COOKIE, session.id, options.secret, cookieOptions(c, SESSION_TTL_MS / 1000));
    options.log.info({ address, ...changedBy(session) }, 'web panel: signed in');
    return c.redirect('/', 303);
  });

  // Everything below needs a live session; a POST also needs its CSRF token.
  app.use('*', async (c, next) => {
    const id = await getSignedCookie(c, options.secret, SESSION_COOKIE);
    const session = typeof id === 'string' ? options.sessions.get(id) : undefined;
    if (session === undefined) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/sign-in', 303);
      return c.text('Sign in first: your session ended or was never started.\n', 401);
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfMatches(session, form._csrf)) {
        options.log.warn({ path: c.req.path, ...changedBy(session) }, 'web panel: form refused, its CSRF token is missing or wrong');
        return c.text('This form is stale or came from another site, so nothing changed; reload the page and try again.\n', 403);
      }
    }
    c.set('session', session);
    await next();
  });

  app.post('/sign-out', (c) => {
    const session = c.get('session');
    options.sessions.end(session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    options.log.info(changedBy(session), 'web panel: signed out');
    return c.redirect('/sign-in', 303);
  });
}
