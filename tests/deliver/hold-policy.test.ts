import { describe, expect, it } from 'vitest';
import { capHold, capWindow, nextDigestAt, quietHoursEnd, scheduledHold, type ChannelPolicy } from '../../src/deliver/hold-policy.ts';
import { channelPolicies } from '../../src/deliver/channel-policy.ts';

const at = (iso: string): number => Date.parse(iso);

describe('quietHoursEnd', () => {
  it.each([
    // [instant, zone, from, to, end of the quiet period or null]
    ['2024-03-05T21:59:00Z', 'UTC', '22:00', '07:00', null],
    ['2024-03-05T22:00:00Z', 'UTC', '22:00', '07:00', '2024-03-06T07:00:00.000Z'],
    ['2024-03-06T03:30:00Z', 'UTC', '22:00', '07:00', '2024-03-06T07:00:00.000Z'],
    ['2024-03-06T07:00:00Z', 'UTC', '22:00', '07:00', null],
    ['2024-03-06T12:30:00Z', 'UTC', '12:00', '13:00', '2024-03-06T13:00:00.000Z'],
    ['2024-03-06T13:00:00Z', 'UTC', '12:00', '13:00', null],
    ['2024-03-06T12:30:00Z', 'UTC', '12:00', '12:00', null],
    // 22:00 in Seoul (UTC+9) is 13:00 UTC; quiet until 07:00 Seoul = 22:00 UTC.
    ['2024-03-06T13:30:00Z', 'Asia/Seoul', '22:00', '07:00', '2024-03-06T22:00:00.000Z'],
    ['2024-03-06T12:59:00Z', 'Asia/Seoul', '22:00', '07:00', null],
    // New York springs forward on 2024-03-10: 07:00 local is 11:00 UTC that morning (EDT).
    ['2024-03-10T04:00:00Z', 'America/New_York', '22:00', '07:00', '2024-03-10T11:00:00.000Z'],
    // ... and falls back on 2024-11-03: 07:00 local is 12:00 UTC (EST).
    ['2024-11-03T05:00:00Z', 'America/New_York', '22:00', '07:00', '2024-11-03T12:00:00.000Z'],
  ])('at %s in %s, quiet %s-%s, ends at %s', (instant, zone, from, to, end) => {
    const result = quietHoursEnd(at(instant), zone, { from, to });
    expect(result === null ? null : new Date(result).toISOString()).toBe(end);
  });
});

describe('nextDigestAt', () => {
  it.each([
    ['2024-03-05T10:15:00Z', 'UTC', { kind: 'hourly' } as const, '2024-03-05T11:00:00.000Z'],
    ['2024-03-05T23:59:00Z', 'UTC', { kind: 'hourly' } as const, '2024-03-06T00:00:00.000Z'],
    // India is UTC+5:30: its full hours fall on the half hour in UTC.
    ['2024-03-05T10:15:00Z', 'Asia/Kolkata', { kind: 'hourly' } as const, '2024-03-05T10:30:00.000Z'],
    ['2024-03-05T07:00:00Z', 'UTC', { kind: 'daily', at: '08:30' } as const, '2024-03-05T08:30:00.000Z'],
    ['2024-03-05T08:30:00Z', 'UTC', { kind: 'daily', at: '08:30' } as const, '2024-03-06T08:30:00.000Z'],
    ['2024-03-05T09:00:00Z', 'Europe/Berlin', { kind: 'daily', at: '08:30' } as const, '2024-03-06T07:30:00.000Z'],
    // Berlin moves to summer time on 2024-03-31: the next 08:30 is 06:30 UTC.
    ['2024-03-30T09:00:00Z', 'Europe/Berlin', { kind: 'daily', at: '08:30' } as const, '2024-03-31T06:30:00.000Z'],
  ])('after %s in %s, %j goes out at %s', (instant, zone, schedule, expected) => {
    expect(new Date(nextDigestAt(at(instant), zone, schedule)).toISOString()).toBe(expected);
  });
});

describe('holds', () => {
  const channel: ChannelPolicy = { timezone: 'UTC', quietHours: { from: '22:00', to: '07:00' }, maxAlertsPerHour: 20 };

  it('digest mode wins over quiet hours, quiet hours hold without counting, and the cap holds until the hour ends', () => {
    expect(scheduledHold(at('2024-03-05T23:00:00Z'), { kind: 'hourly' }, channel)).toEqual({ reason: 'schedule', releaseAt: at('2024-03-06T00:00:00Z') });
    expect(scheduledHold(at('2024-03-05T23:00:00Z'), null, channel)).toEqual({ reason: 'quiet-hours', releaseAt: at('2024-03-06T07:00:00Z') });
    expect(scheduledHold(at('2024-03-05T12:00:00Z'), null, channel)).toBeNull();
    expect(capHold(at('2024-03-05T12:10:00Z'), 19, channel)).toBeNull();
    expect(capHold(at('2024-03-05T12:10:00Z'), 20, channel)).toEqual({ reason: 'cap', releaseAt: at('2024-03-05T13:00:00Z') });
    expect(capWindow(at('2024-03-05T12:10:00Z'))).toEqual({ start: at('2024-03-05T12:00:00Z'), end: at('2024-03-05T13:00:00Z') });
  });

  it("channel policies: the first rule's zone and quiet hours, the strictest cap, defaults for unknown channels", () => {
    const policies = channelPolicies({
      defaults: { timezone: 'Europe/London', maxAlertsPerHour: 20 } as never,
      channels: [
        { platform: 'slack', channel: 'C1', maxAlertsPerHour: 10 },
        { platform: 'slack', channel: 'C1', timezone: 'Asia/Seoul', quietHours: { from: '22:00', to: '07:00' }, maxAlertsPerHour: 5 },
        { platform: 'slack', channel: 'C1', timezone: 'UTC', maxAlertsPerHour: 8 },
      ],
    });
    expect(policies({ platform: 'slack', channel: 'C1' })).toEqual({ timezone: 'Asia/Seoul', quietHours: { from: '22:00', to: '07:00' }, maxAlertsPerHour: 5 });
    expect(policies({ platform: 'discord', channel: 'C1' })).toEqual({ timezone: 'Europe/London', quietHours: null, maxAlertsPerHour: 20 });
  });
});
