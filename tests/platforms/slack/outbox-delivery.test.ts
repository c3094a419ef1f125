// End to end through the delivery path: the outbox worker over a real SQLite store, the
// SlackPlatform over the real WebClient, and the fake Slack API on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../../src/deliver/outbox-worker.ts';
import type { Alert, PlatformName, Subscription } from '../../../src/domain/types.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import type { Platform } from '../../../src/platforms/platform.ts';
import { renderSlackAlert } from '../../../src/platforms/slack/render.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { commitPoll } from '../../store/records.ts';
import { NOW, TOKEN, alert, slackPlatform } from './fixtures.ts';

const SUBSCRIPTION: Subscription = {
  id: 'sub-heritage',
  platform: 'slack',
  workspace: 'T0FAKE',
  channel: 'C0HERITAGE',
  feeds: null,
  query: 'logbook',
  topic: null,
  digest: null,
  storyPolicy: 'update',
  createdBy: 'U0EDITOR',
  paused: false,
  pausedReason: null,
  managedByConfig: false,
  createdAt: NOW,
};

let api: FakeSlackApi;
let store: SqliteStore;
let worker: OutboxWorker;

beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([{ id: 'lighthouse', url: 'https://lighthouse.example.test/rss.xml', name: null, intervalMs: 600_000 }], NOW);
  await store.addSubscription(SUBSCRIPTION);
  const platforms = new Map<PlatformName, Platform>([['slack', slackPlatform(api)]]);
  worker = new OutboxWorker(store, platforms, createLogger({ level: 'silent' }), DEFAULT_DELIVERY_POLICY, () => NOW);
});
afterEach(async () => {
  await store.close();
  await api.close();
});

async function queue(queued: Alert): Promise<void> {
  await commitPoll(store, {
    feedId: 'lighthouse',
    now: NOW,
    etag: null,
    lastModified: null,
    title: null,
    servedKeys: [],
    nextPollAt: NOW + 600_000,
    items: [],
    stories: [],
    alerts: [{ idempotencyKey: `${queued.subscriptionId}:${queued.storyId}:${queued.kind}:${queued.sources.length}`, alert: queued }],
  });
}

describe('outbox to Slack', () => {
  it('delivers an alert, then edits that same message when the story gains a source', async () => {
    await queue(alert());
    expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    const [posted] = api.calls('chat.postMessage');
    const ts = [...api.messages.get('C0HERITAGE')!.keys()][0]!;
    expect(posted!.body.blocks).toEqual(renderSlackAlert(alert()).blocks);
    expect((await store.originalEntry(alert(), 'story-logbook'))?.messageRef).toEqual({ platform: 'slack', channel: 'C0HERITAGE', id: ts });

    const update = alert({
      kind: 'update',
      sources: [...alert().sources, { name: 'Harbour Gazette', url: 'https://gazette.example.test/logbook' }],
    });
    await queue(update);
    expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });

    expect(api.calls('chat.postMessage')).toHaveLength(1);
    const [edit] = api.calls('chat.update');
    expect(edit!.body).toMatchObject({ channel: 'C0HERITAGE', ts });
    expect(api.messages.get('C0HERITAGE')!.get(ts)!.blocks).toEqual(renderSlackAlert(update).blocks);
    expect(JSON.stringify(edit!.body.blocks)).toContain('Harbour Gazette');
  });

  it('waits out a 429 for exactly its Retry-After, without pausing anything', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await queue(alert());
    expect(await worker.drain()).toMatchObject({ sent: 0, retried: 1, dead: 0 });
    expect((await store.listOutbox())[0]).toMatchObject({ status: 'pending', nextAttemptAt: NOW + 30_000, lastError: expect.stringContaining('rate-limited') });
    expect((await store.getSubscription('sub-heritage'))!.paused).toBe(false);
  });

  it('dead-letters an alert to a channel that is gone and pauses its subscription, after one call', async () => {
    api.failNext('chat.postMessage', { error: 'channel_not_found' });
    await queue(alert());
    expect(await worker.drain()).toMatchObject({ sent: 0, retried: 0, dead: 1 });
    expect(api.calls('chat.postMessage')).toHaveLength(1);
    expect((await store.listOutbox())[0]).toMatchObject({ status: 'dead', lastError: expect.stringContaining('channel_not_found') });
    expect(await store.getSubscription('sub-heritage')).toMatchObject({ paused: true, pausedReason: expect.stringContaining('C0HERITAGE') });
  });
});
