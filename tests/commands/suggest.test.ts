import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suggestions } from '../../src/commands/suggest.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

describe('suggestions', () => {
  it("completes this channel's removable subscription ids", async () => {
    await h.run('subscribe gazette ferry');
    await h.run('subscribe gazette marathon', { channel: 'C-SPORT' });
    expect(await suggestions('channel-subscriptions', '', h.context())).toEqual(['sub_id1']);
    expect(await suggestions('channel-subscriptions', 'zzz', h.context())).toEqual([]);
  });

  it('completes feed ids and topics, prefix matches first', async () => {
    await h.store.addFeed({ id: 'sea-shanties', url: 'https://shanty.example.test/rss', name: null, intervalMs: 600_000 }, 0);
    await h.store.addFeedWorkspace('sea-shanties', { platform: 'slack', workspace: 'T-HARBOUR' });
    expect(await suggestions('feeds', 'SEA', h.context())).toEqual(['sea-shanties']);
    expect(await suggestions('feeds-and-topics', '', h.context())).toEqual(['gazette', 'sea-shanties', 'topic:orbit', 'topic:sea-news']);
    expect(await suggestions('feeds-and-topics', 'sea', h.context())).toEqual(['sea-shanties', 'topic:sea-news']);
  });
});
