// What a merge of stored stories does to each channel's messages (pipeline/merge-plan.ts): the
// first message queued stays and takes every source; a second one is dropped while it has not
// gone out, kept once it has; a channel with one message keeps it without an edit of its own.
import { describe, expect, it } from 'vitest';
import type { Alert, OutboxEntry } from '../../src/domain/types.ts';
import { planMergedMessages } from '../../src/pipeline/merge-plan.ts';
import { alert, MINUTE, story, storySource, T0 } from '../store/records.ts';

const AT = T0 + 10 * MINUTE;
const CAUSE = { feedId: 'wire', key: 'wire-1' };
const merged = story({
  id: 'story-a',
  sources: ['harbour', 'valley', 'wire'].map((feedId) => storySource({ feedId, itemKey: `${feedId}-1`, sourceName: `Outlet ${feedId}`, url: `https://${feedId}.example.test/a` })),
});

let nextId = 1;
function entry(overrides: Partial<Alert>, state: Partial<OutboxEntry> = {}): OutboxEntry {
  const id = nextId++;
  return {
    id,
    idempotencyKey: `key-${id}`,
    subscriptionId: 'sub-news',
    alert: alert(overrides),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T0,
    lastError: null,
    messageRef: null,
    createdAt: T0,
    sentAt: null,
    ...state,
  };
}
const sent = { status: 'sent' as const, sentAt: T0, messageRef: { platform: 'slack', channel: 'C-NEWS', id: 'm1' } };

describe('planMergedMessages', () => {
  it('both unsent: the second is dropped, the first takes every source in place', () => {
    const first = entry({ storyId: 'story-a' });
    const second = entry({ storyId: 'story-b' });
    const plan = planMergedMessages(merged, [second, first], CAUSE, AT);
    expect(plan.retire).toEqual([second.id]);
    expect(plan.messages.get('slack\u0000C-NEWS')).toBe(first);
    expect(plan.alerts).toHaveLength(1);
    expect(plan.alerts[0]!.fold?.entryId).toBe(first.id);
    expect(plan.alerts[0]!.fold?.alert.kind).toBe('new');
    expect(plan.alerts[0]!.alert.sources.map((source) => source.name)).toEqual(['Outlet harbour', 'Outlet valley', 'Outlet wire']);
  });

  it('the first sent, the second unsent: the second is dropped, the first is edited', () => {
    const first = entry({ storyId: 'story-a' }, sent);
    const second = entry({ storyId: 'story-b' }, { status: 'held', nextAttemptAt: AT + MINUTE });
    const plan = planMergedMessages(merged, [first, second], CAUSE, AT);
    expect(plan.retire).toEqual([second.id]);
    expect(plan.alerts.map((queued) => [queued.alert.kind, queued.fold, queued.cause])).toEqual([['update', undefined, CAUSE]]);
  });

  it('both sent: nothing is dropped; the first, whichever story it was about, is the one edited', () => {
    const first = entry({ storyId: 'story-b' }, sent);
    const second = entry({ storyId: 'story-a' }, { ...sent, sentAt: T0 + MINUTE });
    const plan = planMergedMessages(merged, [first, second], CAUSE, AT);
    expect(plan.retire).toEqual([]);
    expect(plan.messages.get('slack\u0000C-NEWS')).toBe(first);
    expect(plan.alerts[0]!.alert).toMatchObject({ kind: 'update', storyId: 'story-a', item: first.alert.item });
  });

  it('a second message a worker is sending (pending, due later) stays; its waiting edit is dropped', () => {
    const first = entry({ storyId: 'story-a' }, sent);
    const claimed = entry({ storyId: 'story-b' }, { nextAttemptAt: AT + 2 * MINUTE });
    const edit = entry({ storyId: 'story-b', kind: 'update' }, { nextAttemptAt: AT + 5 * MINUTE });
    expect(planMergedMessages(merged, [first, claimed, edit], CAUSE, AT).retire).toEqual([edit.id]);
  });

  it('a message sealed into a digest is edited, never folded into', () => {
    const first = entry({ storyId: 'story-a' }, { status: 'held', digestKey: 'digest-1' });
    const second = entry({ storyId: 'story-b' });
    const plan = planMergedMessages(merged, [first, second], CAUSE, AT);
    expect(plan.retire).toEqual([second.id]);
    expect(plan.alerts[0]!.fold).toBeUndefined();
  });

  it('a channel with a message about one story only keeps it, with no edit of the merge', () => {
    const only = entry({ storyId: 'story-b', channel: 'C-COAST' }, sent);
    const plan = planMergedMessages(merged, [only], CAUSE, AT);
    expect(plan.messages.get('slack\u0000C-COAST')).toBe(only);
    expect(plan.retire).toEqual([]);
    expect(plan.alerts).toEqual([]);
  });
});
