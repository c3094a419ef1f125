import { describe, expect, it } from 'vitest';
import { feedDateToIso } from '../../src/feeds/feed-date.ts';

const NOW = Date.UTC(2024, 5, 20, 12);

describe('feedDateToIso', () => {
  it.each([
    ['Wed, 12 Jun 2024 10:00:00 GMT', '2024-06-12T10:00:00.000Z'],
    ['Wed, 12 Jun 2024 10:00:00 +0200', '2024-06-12T08:00:00.000Z'],
    ['Wed, 12 Jun 2024 10:00 -0500', '2024-06-12T15:00:00.000Z'],
    ['Wed, 12 Jun 2024 10:00:00 EDT', '2024-06-12T14:00:00.000Z'],
    ['12 Jun 2024 10:00:00 UT', '2024-06-12T10:00:00.000Z'],
    ['Wednesday, 12 June 2024 10:00:00 GMT', '2024-06-12T10:00:00.000Z'],
    ['  Wed,  12 Jun 2024\n10:00:00 GMT ', '2024-06-12T10:00:00.000Z'],
    ['2024-06-12T10:00:00Z', '2024-06-12T10:00:00.000Z'],
    ['2024-06-12T10:00:00.123456+09:00', '2024-06-12T01:00:00.123Z'],
    ['2024-06-12T10:00:00+0900', '2024-06-12T01:00:00.000Z'],
    ['2024-06-12T10:00:00+09', '2024-06-12T01:00:00.000Z'],
    ['2024-06-12 10:00:00Z', '2024-06-12T10:00:00.000Z'],
    ['2024-06-12', '2024-06-12T00:00:00.000Z'],
  ])('reads %j', (raw, iso) => {
    expect(feedDateToIso(raw, NOW)).toBe(iso);
  });

  it('reads a date without a zone as UTC, whatever the server time zone', () => {
    expect(feedDateToIso('2024-06-12T10:00:00', NOW)).toBe('2024-06-12T10:00:00.000Z');
    expect(feedDateToIso('Wed, 12 Jun 2024 10:00:00', NOW)).toBe('2024-06-12T10:00:00.000Z');
  });

  it.each(['yesterday', 'Item 5', 'June', '12/06/2024', 'Wed, 12 Jun 2024 10:00:00 BST', '2024-13-45T99:99:99Z', '', 'x'.repeat(200)])(
    'leaves %j empty instead of guessing',
    (raw) => {
      expect(feedDateToIso(raw, NOW)).toBeNull();
    },
  );

  it('leaves placeholder dates before 1990 and dates more than two days ahead empty', () => {
    expect(feedDateToIso('Thu, 01 Jan 1970 00:00:00 GMT', NOW)).toBeNull();
    expect(feedDateToIso('1989-12-31T23:59:59Z', NOW)).toBeNull();
    expect(feedDateToIso('1990-01-01T00:00:00Z', NOW)).toBe('1990-01-01T00:00:00.000Z');
    expect(feedDateToIso('2024-06-22T11:00:00Z', NOW)).toBe('2024-06-22T11:00:00.000Z');
    expect(feedDateToIso('2024-06-22T13:00:00Z', NOW)).toBeNull();
    expect(feedDateToIso('Fri, 01 Jan 2999 00:00:00 GMT', NOW)).toBeNull();
  });

  it('accepts null', () => {
    expect(feedDateToIso(null, NOW)).toBeNull();
  });
});
