// A digest is one channel's message: it lists each story once, however many of the channel's
// subscriptions queued an entry about it, with the story's latest sources.
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/domain/types.ts';
import { buildDigest } from '../../src/deliver/digest-job.ts';
import type { DigestClaim } from '../../src/store/store.ts';
import { alert, T0 } from '../store/records.ts';

let nextId = 0;
function entry(overrides: Parameters<typeof alert>[0]): OutboxEntry {
  const queued = alert(overrides);
  nextId += 1;
  return {
    id: nextId,
    idempotencyKey: `key-${nextId}`,
    subscriptionId: queued.subscriptionId,
    alert: queued,
    status: 'held',
    attempts: 0,
    nextAttemptAt: T0,
    lastError: null,
    messageRef: null,
    createdAt: T0 + nextId,
    sentAt: null,
    holdReason: 'schedule',
    digestKey: 'digest:1',
  };
}

describe('buildDigest', () => {
  it('lists a story once across subscriptions, first queued first, in its latest state', () => {
    const two = [
      { name: 'Harbour Gazette', url: 'https://gazette.example.test/ferry' },
      { name: 'Valley Courier', url: 'https://courier.example.test/ferry' },
    ];
    const claim: DigestClaim = {
      key: 'digest:1',
      platform: 'slack',
      workspace: 'T-HARBOUR',
      channel: 'C-NEWS',
      reason: 'schedule',
      entries: [
        entry({ storyId: 'ferry', subscriptionId: 'sub-topic' }),
        entry({ storyId: 'bridge', subscriptionId: 'sub-topic' }),
        entry({ storyId: 'ferry', subscriptionId: 'sub-keyword' }),
        entry({ storyId: 'ferry', subscriptionId: 'sub-keyword', kind: 'update', sources: two }),
      ],
    };

    const digest = buildDigest(claim, T0 + 100);

    expect(digest.alerts.map((story) => [story.storyId, story.kind, story.sources.length])).toEqual([
      ['ferry', 'new', 2],
      ['bridge', 'new', 1],
    ]);
  });
});
