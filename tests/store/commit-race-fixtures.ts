// What the two racing processes of tests/store/two-process-commit.test.ts poll: the three wire
// outlets and the North Korea topic feed, and the topic their subscriptions name.
export const RACE_FEEDS: Record<string, string> = {
  a: 'wire-outlet-a.xml',
  b: 'wire-outlet-b.xml',
  c: 'wire-outlet-c.xml',
  ledger: 'topic-feed.xml',
};

export const RACE_TOPICS: Record<string, string> = { 'north-korea': '"north korea" OR pyongyang OR "kim jong un" OR dprk' };
