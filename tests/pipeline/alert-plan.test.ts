import { describe, expect, it } from 'vitest';
import type { StoryPolicy } from '../../src/domain/types.ts';
import { planAlerts, type ItemOutcome } from '../../src/pipeline/alert-plan.ts';
import { item as record, story as storyRecord, storySource, subscription as subscriptionRecord } from '../store/records.ts';

const item = (key: string, hash = 'h1') => record({ feedId: 'wire', key, contentHash: hash });

const story = storyRecord({
  id: 'story-1',
  sources: [
    storySource({ feedId: 'a', itemKey: 'k1', sourceName: 'Harbor Herald' }),
    storySource({ feedId: 'b', itemKey: 'k2', sourceName: 'Valley Courier' }),
  ],
});

const subscription = (id: string, storyPolicy: StoryPolicy = 'update') => subscriptionRecord({ id, channel: `#${id}`, query: '', storyPolicy });

function plan(kind: ItemOutcome['kind'], alerted: boolean, policy: StoryPolicy = 'update') {
  return planAlerts({
    outcome: { kind, item: item('k2'), story },
    subscriptions: [subscription('s1', policy)],
    alerted: () => alerted,
    templateFor: () => null,
  });
}

describe('planAlerts', () => {
  it.each([
    // kind, already alerted, policy, expected alert kind (null: no alert)
    ['new-story', false, 'update', 'new'],
    ['new-story', true, 'update', null],
    ['joined-story', false, 'update', 'new'],
    ['joined-story', true, 'update', 'update'],
    ['joined-story', true, 'ignore', null],
    ['joined-story', true, 'repost', 'new'],
    ['edited', true, 'update', 'update'],
    ['edited', false, 'update', null],
    ['edited', true, 'ignore', null],
  ] as const)('%s, alerted=%s, policy=%s -> %s', (kind, alerted, policy, expected) => {
    const alerts = plan(kind, alerted, policy);
    expect(alerts.map((a) => a.alert.kind)).toEqual(expected === null ? [] : [expected]);
  });

  it('keys the first post by subscription and story alone, so a replayed poll cannot queue it twice', () => {
    const [first] = plan('new-story', false);
    const [again] = plan('joined-story', false);
    expect(first!.idempotencyKey).toBe('s1:story-1');
    expect(again!.idempotencyKey).toBe('s1:story-1');
  });

  it('keys each later revision by the item revision that caused it', () => {
    const [update] = plan('joined-story', true);
    const [edit] = planAlerts({
      outcome: { kind: 'edited', item: item('k2', 'h2'), story },
      subscriptions: [subscription('s1')],
      alerted: () => true,
      templateFor: () => null,
    });
    expect(update!.idempotencyKey).not.toBe(edit!.idempotencyKey);
    expect(update!.idempotencyKey.startsWith('s1:story-1:update:')).toBe(true);
  });

  it('lists every source of the story and carries the channel template', () => {
    const [planned] = planAlerts({
      outcome: { kind: 'joined-story', item: item('k2'), story },
      subscriptions: [subscription('s1')],
      alerted: () => true,
      templateFor: () => '{title} ({sources})',
    });
    expect(planned!.alert.sources.map((s) => s.name)).toEqual(['Harbor Herald', 'Valley Courier']);
    expect(planned!.alert.template).toBe('{title} ({sources})');
    expect(planned!.alert.channel).toBe('#s1');
  });
});
