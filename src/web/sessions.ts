// Who is signed in to the web panel. The admin token is exchanged for a session: a random id in
// a signed cookie (see panel-auth.ts), kept here with its expiry and its CSRF token. Sessions live
// in this process only: signing out ends one at once, and a restart signs everyone out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  id: string;
  /** Every form of this session carries it; a POST without it is refused. */
  csrf: string;
  expiresAt: number;
  /** One message for the next page shown, after a change (post, redirect, get). */
  flash: Flash | null;
}

export interface Flash {
  status: 'ok' | 'error';
  headline: string;
  lines: string[];
}

export const SESSION_TTL_MS = 12 * 3_600_000;

/** A random token in URL- and cookie-safe characters. */
export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Whether `given` is the admin token, in time that does not depend on where they differ: both
 * are hashed first, so even their lengths leak nothing.
 */
export function tokenMatches(given: string, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  create(): Session {
    this.prune();
    const session: Session = { id: randomToken(), csrf: randomToken(), expiresAt: this.now() + SESSION_TTL_MS, flash: null };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of this id; undefined when unknown, signed out or expired. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session === undefined || session.expiresAt > this.now()) return session;
    this.sessions.delete(id);
    return undefined;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

/** Whether a form's CSRF field is this session's token (compared in constant time). */
export function csrfMatches(session: Session, given: unknown): boolean {
  return typeof given === 'string' && tokenMatches(given, session.csrf);
}
