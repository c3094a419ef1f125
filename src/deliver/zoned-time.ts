// Wall-clock time in a named time zone, from Intl alone: quiet hours and daily digests are
// written as local times ("22:00", "daily 08:30") and must follow the zone's DST changes.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localTime(at: number, zone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function offsetAt(at: number, zone: string): number {
  const local = localTime(at, zone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time happens in the zone; a time skipped by DST lands just after the gap. */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - offsetAt(wall, zone);
  return wall - offsetAt(guess, zone);
}

/** Minutes after local midnight of an 'HH:MM' time. */
export function minuteOfDay(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The first instant after `at` when the zone's clocks show `hhmm`. */
export function nextLocalTime(at: number, zone: string, hhmm: string): number {
  const local = localTime(at, zone);
  const target = minuteOfDay(hhmm);
  const hour = Math.floor(target / 60);
  const minute = target % 60;
  const today = instantOf(local.year, local.month, local.day, hour, minute, zone);
  return today > at ? today : instantOf(local.year, local.month, local.day + 1, hour, minute, zone);
}

/** The next full hour of the zone's clocks after `at`. */
export function nextLocalHour(at: number, zone: string): number {
  const local = localTime(at, zone);
  return instantOf(local.year, local.month, local.day, local.hour + 1, 0, zone);
}
