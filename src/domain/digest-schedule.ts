// A digest schedule as people write it: off, hourly, or daily and a time on a 24-hour clock
// (08:30 or 8:30). Chat (`/news digest daily 8:30`) and the config file (`digest: daily 8:30`)
// both read it here, so whatever one accepts the other accepts too.
import type { DigestSchedule } from './types.ts';

export type DigestScheduleParse = { ok: true; schedule: DigestSchedule | null } | { ok: false; problem: string };

/** `quote` shows the input inside a message the way the caller quotes user input. */
export function parseDigestSchedule(raw: string, quote: (raw: string) => string = (text) => `'${text}'`): DigestScheduleParse {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === 'off') return { ok: true, schedule: null };
  if (text === 'hourly') return { ok: true, schedule: { kind: 'hourly' } };
  const daily = /^daily(?: (\d{1,2}):(\d{2}))?$/.exec(text);
  if (daily === null) return { ok: false, problem: `${quote(raw)} is not a digest schedule: write off, hourly or daily HH:MM` };
  if (daily[1] === undefined) return { ok: false, problem: 'daily needs a time of day, like daily 08:30' };
  const hour = Number(daily[1]);
  const minute = Number(daily[2]);
  if (hour > 23 || minute > 59) return { ok: false, problem: `${quote(raw)} is not a time of day: use a 24-hour clock from 00:00 to 23:59` };
  return { ok: true, schedule: { kind: 'daily', at: `${String(hour).padStart(2, '0')}:${daily[2]}` } };
}

/** The written form: 'off', 'hourly' or 'daily HH:MM'. */
export function formatDigestSchedule(schedule: DigestSchedule | null): string {
  if (schedule === null) return 'off';
  return schedule.kind === 'hourly' ? 'hourly' : `daily ${schedule.at}`;
}
