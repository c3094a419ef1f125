// Times in operator output: the machine's own clock and zone, with how long ago (or how soon)
// it is, so nobody converts UTC timestamps in their head.
import { relativeSpan } from '../text/relative-time.ts';

/** "2026-12-03 09:12:03 CET (3 minutes ago)"; 'never' for null. `timeZone` defaults to the machine's. */
export function localTime(time: number | null, now: number, timeZone?: string): string {
  if (time === null) return 'never';
  // sv-SE writes dates the ISO way (2026-12-03 09:12:03) in any zone.
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(time);
  return `${parts} (${relativeSpan(time, now)})`;
}
