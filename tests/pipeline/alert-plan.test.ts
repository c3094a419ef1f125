import { describe, expect, it } from 'vitest';
import type { Alert, ChannelRef, StoryPolicy, Subscription } from '../../src/domain/types.ts';
import { planAlerts, type ItemOutcome } from '../../src/pipeline/alert-plan.ts';
import { alert as alertRecord, item as record, story as storyRecord, storySource, subscription as subscriptionRecord } from '../store/records.ts';

const item = (key: string, hash = 'h1') => record({ feedId: 'wire', key, contentHash: hash });

const story = storyRecord({
  id: 'story-1',
  sources: [
    storySource({ feedId: 'a', itemKey: 'k1', sourceName: 'Harbor Herald', url: 'https://harbor.example.test/1' }),
    storySource({ feedId: 'b', itemKey: 'k2', sourceName: 'Valley Courier', url: 'https://valley.example.test/2' }),
  ],
});

const subscription = (id: string, storyPolicy: StoryPolicy = 'update', overrides: Partial<Subscription> = {}) =>
  subscriptionRecord({ id, channel: `#${id}`, query: '', storyPolicy, ...overrides });

/** The message the channel got when the story's first item arrived. */
const firstMessage: Alert = alertRecord({ subscriptionId: 's1', channel: '#s1', storyId: 'story-1', item: record({ feedId: 'a', key: 'k1' }) });

function plan(kind: ItemOutcome['kind'], alerted: boolean, policy: StoryPolicy = 'update') {
  return planAlerts({
    outcome: { kind, item: item('k2'), story },
    subscriptions: [subscription('s1', policy)],
    messageIn: () => (alerted ? firstMessage : null),
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

  it('keys the first post by channel and story alone, so a replayed poll or a second process cannot queue it twice', () => {
    const [first] = plan('new-story', false);
    const [again] = plan('joined-story', false);
    expect(first!.idempotencyKey).toBe('slack:#s1:story-1');
    expect(again!.idempotencyKey).toBe('slack:#s1:story-1');
  });

  it('keys each later revision by the item revision that caused it, and names that item as the cause', () => {
    const [update] = plan('joined-story', true);
    const [edit] = planAlerts({
      outcome: { kind: 'edited', item: item('k2', 'h2'), story },
      subscriptions: [subscription('s1')],
      messageIn: () => firstMessage,
      templateFor: () => null,
    });
    expect(update!.idempotencyKey).not.toBe(edit!.idempotencyKey);
    expect(update!.idempotencyKey.startsWith('slack:#s1:story-1:update:')).toBe(true);
    expect(update!.cause).toEqual({ feedId: 'wire', key: 'k2' });
  });

  it('lists every source of the story in arrival order and carries the channel template', () => {
    const [planned] = plan('joined-story', false);
    expect(planned!.alert.sources.map((s) => s.name)).toEqual(['Harbor Herald', 'Valley Courier']);
    const [templated] = planAlerts({
      outcome: { kind: 'new-story', item: item('k2'), story },
      subscriptions: [subscription('s1')],
      messageIn: () => null,
      templateFor: () => '{title} ({sources})',
    });
    expect(templated!.alert.template).toBe('{title} ({sources})');
    expect(templated!.alert.channel).toBe('#s1');
  });

  describe('several subscriptions of one channel', () => {
    const channel = { channel: 'C-NEWS' };
    const korea = subscription('sub-topic', 'ignore', { ...channel, topic: 'north-korea', digest: { kind: 'hourly' } });
    const keyword = subscription('sub-keyword', 'update', channel);
    // A config rule written without its workspace: the same channel all the same.
    const config = subscription('cfg-rule', 'ignore', { ...channel, managedByConfig: true, workspace: null });
    const elsewhere = subscription('sub-elsewhere', 'update', { channel: 'C-OTHER' });
    const all = [config, korea, keyword, elsewhere];

    it('make one message per channel, listing every subscription that matched, led by one that alerts right away', () => {
      const alerts = planAlerts({ outcome: { kind: 'new-story', item: item('k1'), story }, subscriptions: all, messageIn: () => null, templateFor: () => null });
      expect(alerts.map(({ alert }) => [alert.channel, alert.workspace, alert.subscriptionId, alert.subscriptionIds])).toEqual([
        ['C-NEWS', 'T-HARBOUR', 'cfg-rule', ['cfg-rule', 'sub-topic', 'sub-keyword']],
        ['C-OTHER', 'T-HARBOUR', 'sub-elsewhere', ['sub-elsewhere']],
      ]);
      expect(alerts[0]!.alert.topic).toBeNull();
      // The digest subscription does not lead even when it matched first.
      const digestFirst = planAlerts({ outcome: { kind: 'new-story', item: item('k1'), story }, subscriptions: [korea, keyword], messageIn: () => null, templateFor: () => null });
      expect(digestFirst[0]!.alert.subscriptionIds).toEqual(['sub-keyword', 'sub-topic']);
    });

    it('update the message another subscription queued: the headline stays on the first source, subscriptions add up', () => {
      const messages = new Map<string, Alert>([['C-NEWS', { ...firstMessage, channel: 'C-NEWS', subscriptionId: 'cfg-rule', subscriptionIds: ['cfg-rule'] }]]);
      const alerts = planAlerts({
        outcome: { kind: 'joined-story', item: item('k2'), story },
        subscriptions: [korea, keyword],
        messageIn: (at: ChannelRef) => messages.get(at.channel) ?? null,
        templateFor: () => null,
      });
      expect(alerts).toHaveLength(1);
      const { alert } = alerts[0]!;
      expect(alert.kind).toBe('update');
      expect(alert.item).toEqual(firstMessage.item);
      expect(alert.subscriptionId).toBe('cfg-rule');
      expect(alert.subscriptionIds).toEqual(['cfg-rule', 'sub-topic', 'sub-keyword']);
      expect(alert.sources.map((source) => source.url)).toEqual(['https://harbor.example.test/1', 'https://valley.example.test/2']);
    });

    it('an edit of the first item changes the message item; an edit of a later one keeps it', () => {
      const editOf = (key: string) =>
        planAlerts({
          outcome: { kind: 'edited', item: record({ feedId: 'a', key, title: 'Edited headline', contentHash: 'h9' }), story },
          subscriptions: [keyword],
          messageIn: () => ({ ...firstMessage, channel: 'C-NEWS' }),
          templateFor: () => null,
        })[0]!.alert.item.title;
      expect(editOf('k1')).toBe('Edited headline');
      expect(editOf('k7')).toBe(firstMessage.item.title);
    });

    it('follow the most engaged story policy: an update wanted by one subscription is made', () => {
      const alerts = planAlerts({
        outcome: { kind: 'joined-story', item: item('k2'), story },
        subscriptions: [korea, config],
        messageIn: () => firstMessage,
        templateFor: () => null,
      });
      expect(alerts).toEqual([]);
      const withKeyword = planAlerts({
        outcome: { kind: 'joined-story', item: item('k2'), story },
        subscriptions: [korea, config, keyword],
        messageIn: () => firstMessage,
        templateFor: () => null,
      });
      expect(withKeyword.map(({ alert }) => alert.kind)).toEqual(['update']);
    });
  });
});
