// Panel pages count in English: "1 failed poll", "2 failed polls", "1 alert an hour".
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import type { FeedRecord } from '../../src/domain/types.ts';
import { channelsBody } from '../../src/web/pages/channels.ts';
import { feedsBody } from '../../src/web/pages/feeds.ts';
import { subscription } from '../store/records.ts';

const NOW = Date.parse('2026-12-03T08:00:00Z');

function failingFeed(id: string, failureCount: number): FeedRecord {
  return {
    id,
    url: `https://${id}.example.test/rss`,
    name: null,
    intervalMs: 300_000,
    origin: 'config',
    followsSubscriptions: false,
    etag: null,
    lastModified: null,
    title: null,
    nextPollAt: NOW + 60_000,
    lastPolledAt: NOW - 60_000,
    lastSuccessAt: null,
    seeded: false,
    failureCount,
    lastError: `feed 'https://${id}.example.test/rss' answered HTTP 503 Service Unavailable`,
  };
}

describe('feeds page', () => {
  it('writes the failed polls in a row in the singular and the plural', () => {
    const rows = [failingFeed('once', 1), failingFeed('twice', 2)].map((feed) => ({ feed, activity: { itemsSeen: 0, alertsCaused: 0 }, owners: [] }));
    const page = String(feedsBody({ rows, workspaces: [] }, 'csrf-token', NOW));
    const cell = (id: string) => page.match(new RegExp(`id="feed-${id}"[\\s\\S]*?<td>([\\s\\S]*?)</td>`))?.[1];
    expect(cell('once')).toContain('<br>1 failed poll in a row');
    expect(cell('twice')).toContain('<br>2 failed polls in a row');
  });
});

describe('channels page', () => {
  it("writes a rule's hourly cap in the singular and the plural", () => {
    const { channels } = configSchema.parse({
      channels: [
        { platform: 'console', channel: 'slow', maxAlertsPerHour: 1 },
        { platform: 'console', channel: 'busy', maxAlertsPerHour: 5 },
      ],
    });
    const views = channels.map((rule) => ({ platform: 'console' as const, workspace: null, channel: rule.channel, subscriptions: [{ subscription: subscription({ platform: 'console', channel: rule.channel }), rule }] }));
    const page = String(channelsBody([{ platform: 'console', workspace: null, channels: views }], 'csrf-token'));
    expect(page).toContain('<dt>at most</dt><dd>1 alert an hour</dd>');
    expect(page).toContain('<dt>at most</dt><dd>5 alerts an hour</dd>');
  });
});
