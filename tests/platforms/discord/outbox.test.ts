// End to end through delivery: the outbox worker over a real SQLite store, DiscordPlatform and
// the real @discordjs/rest client, the fake Discord API on 127.0.0.1 answering.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../../src/deliver/outbox-worker.ts';
import type { Alert } from '../../../src/domain/types.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { DiscordPlatform } from '../../../src/platforms/discord/discord-platform.ts';
import { renderDiscordAlert } from '../../../src/platforms/discord/render.ts';
import { DiscordRest } from '../../../src/platforms/discord/rest-client.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';
import { commitPoll, feedDefinition, item, pollCommit, queued, subscription, T0 } from '../../store/records.ts';

const GUILD = '2200000000000000001';
const NEWSROOM = '3300000000000000001';
const LOCKED = '3300000000000000009';

let api: FakeDiscordApi;
let store: SqliteStore;
let worker: OutboxWorker;
let platform: DiscordPlatform;

function discordAlert(overrides: Partial<Alert>): Partial<Alert> {
  return { platform: 'discord', workspace: GUILD, channel: NEWSROOM, ...overrides };
}

async function queue(now: number, ...alerts: { idempotencyKey: string; alert: Alert }[]): Promise<void> {
  await commitPoll(store, pollCommit({ now, alerts }));
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([feedDefinition()], T0);
  await store.addSubscription(subscription({ id: 'sub-newsroom', platform: 'discord', workspace: GUILD, channel: NEWSROOM }));
  await store.addSubscription(subscription({ id: 'sub-locked', platform: 'discord', workspace: GUILD, channel: LOCKED }));
  platform = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => [], log: silentLogger() });
  worker = new OutboxWorker(store, new Map([['discord', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, () => T0);
});

afterEach(async () => {
  await platform.close();
  await store.close();
  await api.stop();
});

describe('outbox to Discord', () => {
  it('posts an alert, then edits that same message when the story is updated', async () => {
    const first = queued(discordAlert({ subscriptionId: 'sub-newsroom' }));
    await queue(T0, first);

    expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    const [posted] = [...api.messages.values()];
    expect(posted!.embeds).toEqual(renderDiscordAlert(first.alert).embeds);

    const edited = item({ title: 'Harbour ferry adds two late crossings for the winter season', contentHash: 'hash-v2' });
    const update = queued(
      discordAlert({
        subscriptionId: 'sub-newsroom',
        kind: 'update',
        item: edited,
        sources: [
          { name: 'Harbour Gazette', url: edited.url },
          { name: 'Island Weekly', url: 'https://island.example.test/ferry' },
        ],
      }),
      'sub-newsroom:story-ferry:update:1',
    );
    await queue(T0, update);

    expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    expect(api.messages.size).toBe(1);
    expect(api.requestsTo('PATCH', `/channels/${NEWSROOM}/messages/${posted!.id}`)).toHaveLength(1);
    expect(api.messages.get(posted!.id)!.embeds).toEqual(renderDiscordAlert(update.alert).embeds);
    const entries = await store.listOutbox('sent');
    expect(entries.map((entry) => entry.messageRef)).toEqual([
      { platform: 'discord', channel: NEWSROOM, id: posted!.id },
      { platform: 'discord', channel: NEWSROOM, id: posted!.id },
    ]);
  });

  it('a permanent error dead-letters the alert and pauses its subscription after one request', async () => {
    api.fail('POST', new RegExp(`^/channels/${LOCKED}/messages$`), { status: 403, code: 50013 }, Number.POSITIVE_INFINITY);
    await queue(T0, queued(discordAlert({ subscriptionId: 'sub-locked', channel: LOCKED })), queued(discordAlert({ subscriptionId: 'sub-newsroom' })));

    expect(await worker.drain()).toMatchObject({ sent: 1, retried: 0, dead: 1 });

    expect(api.requestsTo('POST', `/channels/${LOCKED}/messages`)).toHaveLength(1);
    expect(await store.getSubscription('sub-locked')).toMatchObject({ paused: true, pausedReason: expect.stringContaining('Missing Permissions') });
    expect(await store.getSubscription('sub-newsroom')).toMatchObject({ paused: false });
    const [dead] = await store.listOutbox('dead');
    expect(dead!.lastError).toContain('Missing Permissions');
  });

  it('a long rate limit leaves the alert in the outbox, due when Discord said', async () => {
    api.fail('POST', /\/messages$/, { status: 429, retryAfterSeconds: 120 });
    await queue(T0, queued(discordAlert({ subscriptionId: 'sub-newsroom' })));

    expect(await worker.drain()).toMatchObject({ sent: 0, retried: 1, dead: 0 });

    const [entry] = await store.listOutbox('pending');
    expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 120_000);
    expect(api.requests).toHaveLength(1);
  });
});
