// Store contract: a channel's own state from chat (issue 21): its settings, the alerts it got,
// alerts queued outside a poll, and a subscription's mention.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { T0, queued, subscription } from './records.ts';

const NEWS = { platform: 'slack' as const, channel: 'C-NEWS' };

export function channelStateContract(subject: () => Store): void {
  describe('channel state', () => {
    it('keeps each setting until it is changed, and clears one with null', async () => {
      const store = subject();
      expect(await store.channelSettings(NEWS)).toBeNull();
      await store.updateChannelSettings(NEWS, { quietHours: { from: '22:00', to: '07:00' } }, T0);
      await store.updateChannelSettings(NEWS, { timezone: 'Europe/Paris', template: '{title}' }, T0 + 1);
      expect(await store.channelSettings(NEWS)).toEqual({ ...NEWS, timezone: 'Europe/Paris', quietHours: { from: '22:00', to: '07:00' }, template: '{title}' });
      const cleared = await store.updateChannelSettings(NEWS, { quietHours: null }, T0 + 2);
      expect(cleared).toEqual({ ...NEWS, timezone: 'Europe/Paris', quietHours: null, template: '{title}' });
      await store.updateChannelSettings({ platform: 'discord', channel: 'C-NEWS' }, { timezone: 'UTC' }, T0);
      // Each channel has its own: the same channel id on another platform is another channel.
      expect((await store.channelSettings({ platform: 'discord', channel: 'C-NEWS' }))?.timezone).toBe('UTC');
      expect((await store.channelSettings(NEWS))?.timezone).toBe('Europe/Paris');
    });

    it("queues alerts in order, skips a key already queued, and lists a channel's sent first messages newest first", async () => {
      const store = subject();
      const first = queued({ storyId: 'story-a' }, 'k-a');
      const second = queued({ storyId: 'story-b' }, 'k-b');
      const elsewhere = queued({ storyId: 'story-c', channel: 'C-SPORT' }, 'k-c');
      expect(await store.queueAlerts([first, second, elsewhere], T0)).toBe(3);
      expect(await store.queueAlerts([first], T0)).toBe(0);
      expect(await store.queueAlerts([], T0)).toBe(0);
      const pending = await store.listOutbox('pending');
      expect(pending.map((entry) => entry.idempotencyKey)).toEqual(['k-a', 'k-b', 'k-c']);
      expect(pending[0]).toMatchObject({ subscriptionId: 'sub-news', alert: first.alert, status: 'pending', nextAttemptAt: T0 });

      for (const [index, entry] of pending.entries()) await store.markSent(entry.id, { platform: 'slack', channel: entry.alert.channel, id: `m${index}` }, T0 + index * 1000);
      const recent = await store.recentAlerts(NEWS, T0, 10);
      expect(recent.map((entry) => entry.idempotencyKey)).toEqual(['k-b', 'k-a']);
      expect((await store.recentAlerts(NEWS, T0 + 1, 10)).map((entry) => entry.idempotencyKey)).toEqual(['k-b']);
      expect((await store.recentAlerts(NEWS, T0, 1)).map((entry) => entry.idempotencyKey)).toEqual(['k-b']);
    });

    it("round-trips a subscription's mention, and config sync rewrites a config subscription's", async () => {
      const store = subject();
      const mention = { here: true, users: ['U0DESK'], roles: ['S0NEWS'] };
      await store.addSubscription(subscription({ id: 's-ping', mention }));
      expect((await store.getSubscription('s-ping'))?.mention).toEqual(mention);
      await store.syncConfigSubscriptions([subscription({ id: 'cfg-ping', managedByConfig: true, mention })]);
      await store.syncConfigSubscriptions([subscription({ id: 'cfg-ping', managedByConfig: true })]);
      expect(await store.getSubscription('cfg-ping')).not.toHaveProperty('mention');
    });
  });
}
