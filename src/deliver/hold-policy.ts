// Whether a 'new' alert goes out now or waits for a digest, and until when. Pure: the worker
// looks up the subscription, the channel's settings and its sent count, and does the holding.
import type { DigestSchedule, HoldReason } from '../domain/types.ts';
import { localTime, minuteOfDay, nextLocalHour, nextLocalTime } from './zoned-time.ts';

export interface QuietHours {
  from: string;
  to: string;
}

/** A channel's delivery settings: its config rule's, else the config defaults. */
export interface ChannelPolicy {
  timezone: string;
  quietHours: QuietHours | null;
  maxAlertsPerHour: number;
}

export interface Hold {
  reason: HoldReason;
  releaseAt: number;
}

const HOUR = 3_600_000;

/** When the quiet period containing `at` ends, or null outside quiet hours. Equal ends mean no quiet hours. */
export function quietHoursEnd(at: number, zone: string, quiet: QuietHours): number | null {
  const from = minuteOfDay(quiet.from);
  const to = minuteOfDay(quiet.to);
  const local = localTime(at, zone);
  const minute = local.hour * 60 + local.minute;
  const quietNow = from < to ? minute >= from && minute < to : from > to && (minute >= from || minute < to);
  return quietNow ? nextLocalTime(at, zone, quiet.to) : null;
}

/** When a subscription's next scheduled digest goes out. */
export function nextDigestAt(at: number, zone: string, schedule: DigestSchedule): number {
  return schedule.kind === 'hourly' ? nextLocalHour(at, zone) : nextLocalTime(at, zone, schedule.at);
}

/**
 * The cap counts per clock hour (UTC): all alerts held over the cap in one hour share one
 * release time, the hour's end, so they leave as one digest.
 */
export function capWindow(at: number): { start: number; end: number } {
  const start = Math.floor(at / HOUR) * HOUR;
  return { start, end: start + HOUR };
}

/** A hold decided without the channel's sent count: digest mode first, then quiet hours. */
export function scheduledHold(at: number, digest: DigestSchedule | null, channel: ChannelPolicy): Hold | null {
  if (digest) return { reason: 'schedule', releaseAt: nextDigestAt(at, channel.timezone, digest) };
  const quietEnd = channel.quietHours ? quietHoursEnd(at, channel.timezone, channel.quietHours) : null;
  return quietEnd === null ? null : { reason: 'quiet-hours', releaseAt: quietEnd };
}

/** A hold for a channel that already got its hourly cap of messages in this window. */
export function capHold(at: number, sentThisWindow: number, channel: ChannelPolicy): Hold | null {
  return sentThisWindow >= channel.maxAlertsPerHour ? { reason: 'cap', releaseAt: capWindow(at).end } : null;
}
