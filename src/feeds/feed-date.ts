// Feed dates to ISO 8601. Only the two shapes feeds are specified to use are read (RFC 822 in
// RSS, ISO 8601 / RFC 3339 in Atom, RSS 1.0 and JSON Feed): V8's Date.parse alone accepts
// nearly anything ("Item 5" becomes 1 May 2001), which would invent dates out of noise.

const RFC_822 =
  /^(?:[A-Za-z]{2,9},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Earlier dates are placeholders (a zero timestamp is 1970), not news. */
const EARLIEST = Date.UTC(1990, 0, 1);
/** Clock skew and time-zone slips stay within this; further ahead is a typo. */
const FUTURE_SLACK_MS = 2 * 24 * 3_600_000;

/** Milliseconds for a date in a feed's own form; NaN when it is neither RFC 822 nor ISO 8601. */
function parseFeedDate(raw: string): number {
  const value = raw.trim().replace(/\s+/g, ' ');
  const rfc = RFC_822.exec(value);
  // A missing zone would be read as the server's local time; feeds mean UTC far more often.
  if (rfc) return Date.parse(rfc[1] === undefined ? `${value} GMT` : value);
  const iso = ISO_8601.exec(value);
  if (!iso) return NaN;
  const hasTime = value.length > 10;
  if (!hasTime) return Date.parse(value);
  const zone = iso[1];
  if (zone === undefined) return Date.parse(`${value.replace(' ', 'T')}Z`);
  // "+09" is valid RFC 3339-ish shorthand that Date.parse refuses; "+09:00" it takes.
  return Date.parse(/[+-]\d{2}$/.test(value) ? `${value}:00` : value);
}

/**
 * The ISO 8601 form of a feed date, or null when it is unreadable ("yesterday"), before 1990,
 * or more than two days after `now`.
 */
export function feedDateToIso(raw: string | null, now: number): string | null {
  if (raw === null || raw.length > 100) return null;
  const ms = parseFeedDate(raw);
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > now + FUTURE_SLACK_MS) return null;
  return new Date(ms).toISOString();
}
