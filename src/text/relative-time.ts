// "3 hours ago" for an alert's context line, in the largest unit that is at least one.
// Numeric always: 'auto' says "last year" for anything 12 to 23 months old. Made on first use:
// building it loads ICU data, tens of milliseconds that a command printing no time need not pay.
let format: Intl.RelativeTimeFormat | null = null;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3_600_000],
  ['month', 30 * 24 * 3_600_000],
  ['week', 7 * 24 * 3_600_000],
  ['day', 24 * 3_600_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * How long before `now` the ISO time `iso` was, like "3 hours ago" or "yesterday"; times in
 * the future (clock skew between feed and us) read as "just now". '' when `iso` is not a date.
 */
export function relativeTime(iso: string | null, now: number): string {
  if (iso === null) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  return relativeSpan(Math.min(then, now), now);
}

/** Either way from `now` (epoch ms): "3 hours ago", "in 4 minutes"; "just now" within a minute. */
export function relativeSpan(then: number, now: number): string {
  const elapsed = now - then;
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size) {
      format ??= new Intl.RelativeTimeFormat('en', { numeric: 'always' });
      return format.format(-Math.trunc(elapsed / size), unit);
    }
  }
  return 'just now';
}
