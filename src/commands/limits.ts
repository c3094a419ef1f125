// Input limits on everything a person can type into a command (issue 9). Chat platforms cap a
// whole message but not its parts; these caps keep a single argument from costing more than a
// sensible command could need, and they are the max_length the platforms register for options.

export const INPUT_LIMITS = {
  /** The whole text after `/news` (Slack allows a few thousand characters). */
  text: 4_000,
  url: 2_048,
  query: 500,
  /** Subscription and feed ids, and topic names. */
  id: 64,
  /** "daily HH:MM" and friends. */
  digest: 16,
  choice: 32,
  /** "22:00 07:00". */
  quiet: 16,
  /** The longest IANA zone names are about 30 characters. */
  timezone: 64,
  /** As long as a config rule's template. */
  template: 2_000,
  mention: 500,
} as const;

/** Commands that fetch, per person and per channel: a small burst, then one every so often. */
export const FETCH_RATE_LIMITS = {
  perUser: { capacity: 5, refillEveryMs: 12_000 },
  perChannel: { capacity: 10, refillEveryMs: 6_000 },
} as const;

/** At most this many feeds are fetched for one command (a topic preview, a channel-wide test). */
export const MAX_FEEDS_PER_COMMAND = 3;

/** A channel cannot pile up subscriptions without bound from chat. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 50;
