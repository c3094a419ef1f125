// DiscordPlatform through the real @discordjs/rest client against the local fake Discord API:
// what each message carries, how rate limits and permanent errors end, edits, forums, admin DMs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformError } from '../../../src/domain/errors.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { DiscordPlatform, nonceFor } from '../../../src/platforms/discord/discord-platform.ts';
import { renderDiscordDigest } from '../../../src/platforms/discord/render-digest.ts';
import { renderDiscordAlert } from '../../../src/platforms/discord/render.ts';
import { DiscordRest } from '../../../src/platforms/discord/rest-client.ts';
import { FakeDiscordApi } from '../../fakes/discord-api.ts';
import { makeAlert } from '../../render/alert.ts';

const CHANNEL = '3300000000000000001';
const FORUM = '3300000000000000002';
const MESSAGES = `/channels/${CHANNEL}/messages`;

let api: FakeDiscordApi;
let admins: string[];
let platform: DiscordPlatform;

function discordAlert(title = 'Harbour pilots vote to end the overnight strike') {
  return makeAlert({ platform: 'discord', workspace: '2200000000000000001', channel: CHANNEL, item: { title } });
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

beforeEach(async () => {
  api = await new FakeDiscordApi().start();
  admins = [];
  platform = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => admins, log: silentLogger() });
});

afterEach(async () => {
  await platform.close();
  await api.stop();
});

describe('sending alerts', () => {
  it('posts the rendered embed with mentions disabled, a nonce from the idempotency key and enforce_nonce', async () => {
    const alert = discordAlert('@everyone <@&42> ferry strike called off');

    const ref = await platform.send(alert, 'sub-1:story-1:new');

    const [request] = api.requestsTo('POST', MESSAGES);
    expect(request!.headers.authorization).toBe(`Bot ${api.token}`);
    expect(request!.body).toEqual({
      embeds: renderDiscordAlert(alert).embeds,
      allowed_mentions: { parse: [] },
      nonce: nonceFor('sub-1:story-1:new'),
      enforce_nonce: true,
    });
    expect(ref).toEqual({ platform: 'discord', channel: CHANNEL, id: expect.stringMatching(/^\d+$/) });
    expect(api.messages.get(ref.id)!.embeds).toEqual(renderDiscordAlert(alert).embeds);
  });

  it('derives a nonce of at most 25 characters that differs per key and repeats for the same key', () => {
    const keys = ['sub-1:story-1:new', 'sub-1:story-2:new', 'x'.repeat(500)];
    const nonces = keys.map(nonceFor);
    expect(nonces.every((nonce) => nonce.length > 0 && nonce.length <= 25)).toBe(true);
    expect(new Set(nonces).size).toBe(keys.length);
    expect(nonceFor(keys[0]!)).toBe(nonces[0]);
  });

  it('a send retried with the same key is de-duplicated by Discord: one message, the same reference', async () => {
    const first = await platform.send(discordAlert(), 'sub-1:story-1:new');
    const again = await platform.send(discordAlert(), 'sub-1:story-1:new');

    expect(again).toEqual(first);
    expect(api.messages.size).toBe(1);
  });
});

describe('rate limits', () => {
  it('waits out a short 429 (retry_after and X-RateLimit headers) and retries', async () => {
    api.fail('POST', /\/messages$/, { status: 429, retryAfterSeconds: 0.05 });

    const ref = await platform.send(discordAlert(), 'k1');

    expect(api.requestsTo('POST', MESSAGES)).toHaveLength(2);
    expect(api.messages.has(ref.id)).toBe(true);
  });

  it('a long 429 becomes PlatformError rate_limited with the wait, after one request', async () => {
    api.fail('POST', /\/messages$/, { status: 429, retryAfterSeconds: 30 });

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_rate_limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(api.requestsTo('POST', MESSAGES)).toHaveLength(1);
  });

  it('a channel that is always limited gives up after a bounded number of tries', async () => {
    api.fail('POST', /\/messages$/, { status: 429, retryAfterSeconds: 0.02 }, Number.POSITIVE_INFINITY);

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_rate_limited');
    expect(api.requestsTo('POST', MESSAGES).length).toBeLessThanOrEqual(3);
  });

  it('a global 429 is reported as global', async () => {
    api.fail('POST', /\/messages$/, { status: 429, retryAfterSeconds: 60, global: true });

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_rate_limited');
    expect(error.message).toContain('(global)');
  });
});

describe('permanent errors', () => {
  it.each([
    { status: 404 as const, code: 10003, fix: 'Unknown Channel' },
    { status: 403 as const, code: 50001, fix: 'View Channel' },
    { status: 403 as const, code: 50013, fix: 'Send Messages' },
  ])('$code is permanent at once: one request, never retried', async ({ status, code, fix }) => {
    api.fail('POST', /\/messages$/, { status, code }, Number.POSITIVE_INFINITY);

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_permanent');
    expect(error.message).toContain(CHANNEL);
    expect(error.message).toContain(fix);
    expect(error.context).toMatchObject({ status, code });
    expect(api.requests).toHaveLength(1);
  });

  it('a 400 (50035 Invalid Form Body) rejects this message only: one request, not permanent', async () => {
    api.fail('POST', /\/messages$/, { status: 400, code: 50035 }, Number.POSITIVE_INFINITY);

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_rejected');
    expect(error.permanent).toBe(false);
    expect(api.requests).toHaveLength(1);
  });

  it('a rejected token is permanent, never shown, and stops every later request', async () => {
    const wrong = new DiscordPlatform({ rest: new DiscordRest({ token: 'revoked-token.abc', apiUrl: api.url }), admins: () => [], log: silentLogger() });

    expect(await wrong.ready()).toBe(true);
    const error = await rejection(wrong.send(discordAlert(), 'k1'));
    const later = await rejection(wrong.update({ platform: 'discord', channel: CHANNEL, id: '1' }, discordAlert()));
    expect(await wrong.ready()).toBe(false);
    await wrong.close();

    expect(error.code).toBe('platform_permanent');
    expect(error.message).toContain('DISCORD_TOKEN');
    expect(later.code).toBe('platform_permanent');
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers.authorization).toBe('Bot revoked-token.abc');
    for (const shown of [error.message, JSON.stringify(error.context), String(error.cause), later.message]) {
      expect(shown).not.toContain('revoked-token');
    }
  });

  it('a server error is transient, retried once by the client', async () => {
    api.fail('POST', /\/messages$/, { status: 503 }, 2);

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_transient');
    expect(api.requestsTo('POST', MESSAGES)).toHaveLength(2);
  });
});

describe('digests', () => {
  it('posts the rendered digest as one message with a nonce, mentions disabled', async () => {
    const now = Date.parse('2025-05-09T13:00:00Z');
    const timed = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => [], log: silentLogger(), now: () => now });
    const digest = {
      platform: 'discord' as const,
      workspace: '2200000000000000001',
      channel: CHANNEL,
      reason: 'cap' as const,
      alerts: [discordAlert('Pilots strike ends'), { ...discordAlert('Ferry fares frozen for winter'), storyId: 'story-2' }],
      windowStart: now - 3_600_000,
      windowEnd: now,
    };

    const ref = await timed.sendDigest(digest, 'digest:cap:1');
    await timed.close();

    const [request] = api.requestsTo('POST', MESSAGES);
    expect(request!.body).toEqual({
      embeds: renderDiscordDigest(digest, { now }).embeds,
      allowed_mentions: { parse: [] },
      nonce: nonceFor('digest:cap:1'),
      enforce_nonce: true,
    });
    expect(ref.channel).toBe(CHANNEL);
  });
});

describe('updates, notices and forums', () => {
  it('update edits the message the reference names, mentions disabled', async () => {
    const ref = await platform.send(discordAlert('Pilots strike enters its second day'), 'k1');
    const updated = discordAlert('Pilots strike ends after talks');

    await platform.update(ref, { ...updated, kind: 'update' });

    const [edit] = api.requestsTo('PATCH', `${MESSAGES}/${ref.id}`);
    expect(edit!.body).toEqual({ embeds: renderDiscordAlert(updated).embeds, allowed_mentions: { parse: [] } });
    expect(api.messages.get(ref.id)).toMatchObject({ embeds: renderDiscordAlert(updated).embeds, edited_timestamp: expect.any(String) });
  });

  it('an update of a deleted message does nothing, without an error', async () => {
    await platform.update({ platform: 'discord', channel: CHANNEL, id: '4400000000000000001' }, discordAlert());

    expect(api.requestsTo('PATCH', /messages/)).toHaveLength(1);
    expect(api.messages.size).toBe(0);
  });

  it('notice posts escaped plain text that pings no one', async () => {
    await platform.notice({ workspace: null, channel: CHANNEL }, 'Feed world_news is failing: HTTP 500 @everyone');

    const [request] = api.requestsTo('POST', MESSAGES);
    expect(request!.body).toEqual({ content: 'Feed world\\_news is failing: HTTP 500 @\u200Beveryone', allowed_mentions: { parse: [] } });
  });

  it('a forum channel is found on the first refusal and gets a post per alert; edits go to the post', async () => {
    api.addForum(FORUM);
    const alert = { ...discordAlert('Lighthouse keepers open the tower to visitors'), channel: FORUM };

    const first = await platform.send(alert, 'k1');
    const second = await platform.send({ ...alert, storyId: 'story-2' }, 'k2');
    await platform.update(first, { ...alert, kind: 'update' });

    expect(api.requestsTo('POST', `/channels/${FORUM}/messages`)).toHaveLength(1);
    expect(api.requestsTo('GET', `/channels/${FORUM}`)).toHaveLength(1);
    const posts = api.requestsTo('POST', `/channels/${FORUM}/threads`);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body).toEqual({
      name: 'Lighthouse keepers open the tower to visitors',
      message: { embeds: renderDiscordAlert(alert).embeds, allowed_mentions: { parse: [] } },
    });
    expect(first.channel).not.toBe(FORUM);
    expect(second.channel).not.toBe(first.channel);
    expect(api.requestsTo('PATCH', `/channels/${first.channel}/messages/${first.id}`)).toHaveLength(1);
  });

  it('a digest in a forum gets a post named after its story count, in the singular and the plural', async () => {
    api.addForum(FORUM);
    const digestOf = (titles: string[]) => ({
      platform: 'discord' as const,
      workspace: '2200000000000000001',
      channel: FORUM,
      reason: 'schedule' as const,
      alerts: titles.map((title, n) => ({ ...discordAlert(title), channel: FORUM, storyId: `story-${n}` })),
      windowStart: 0,
      windowEnd: 3_600_000,
    });

    await platform.sendDigest(digestOf(['Pilots strike ends']), 'digest:1');
    await platform.sendDigest(digestOf(['Pilots strike ends', 'Ferry fares frozen for winter']), 'digest:2');

    const names = api.requestsTo('POST', `/channels/${FORUM}/threads`).map((post) => (post.body as { name: string }).name);
    expect(names).toEqual(['News digest: 1 story', 'News digest: 2 stories']);
  });

  it('a channel whose rule says thread: true gets a thread named after the headline on each alert', async () => {
    const threaded = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => admins, threadChannels: () => new Set([CHANNEL]), log: silentLogger() });
    try {
      const ref = await threaded.send(discordAlert('Harbour pilots vote to end the overnight strike'), 'k1');

      const [thread] = api.requestsTo('POST', `/channels/${CHANNEL}/messages/${ref.id}/threads`);
      expect(thread!.body).toEqual({ name: 'Harbour pilots vote to end the overnight strike' });
      // The alert itself stays the channel's message: updates edit it there.
      expect(ref).toEqual({ platform: 'discord', channel: CHANNEL, id: expect.stringMatching(/^\d+$/) });
      // Other channels are not threaded.
      await threaded.send({ ...discordAlert(), channel: '3300000000000000009' }, 'k2');
      expect(api.requestsTo('POST', /\/threads$/)).toHaveLength(1);
    } finally {
      await threaded.close();
    }
  });

  it('a thread Discord refuses leaves the alert sent and says what to grant', async () => {
    const log = silentLogger();
    const warn = vi.spyOn(log, 'warn');
    const threaded = new DiscordPlatform({ rest: new DiscordRest({ token: api.token, apiUrl: api.url }), admins: () => admins, threadChannels: () => new Set([CHANNEL]), log });
    api.fail('POST', /\/threads$/, { status: 403, code: 50013 });
    try {
      const ref = await threaded.send(discordAlert(), 'k1');

      expect(api.messages.has(ref.id)).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ channel: CHANNEL, messageId: ref.id }), expect.stringContaining('Create Public Threads'));
    } finally {
      await threaded.close();
    }
  });

  it('a channel that refuses messages and is no forum is a permanent error', async () => {
    api.fail('POST', /\/messages$/, { status: 400, code: 50008 });

    const error = await rejection(platform.send(discordAlert(), 'k1'));

    expect(error.code).toBe('platform_permanent');
    expect(error.message).toContain('text or forum channel');
    expect(api.requestsTo('POST', /threads/)).toHaveLength(0);
  });
});

describe('notifyAdmins', () => {
  it('messages every admin directly, and one that cannot be reached does not stop the others', async () => {
    admins = ['5500000000000000001', '5500000000000000002'];
    api.fail('POST', /^\/users\/@me\/channels$/, { status: 400, code: 10013 });

    await platform.notifyAdmins('2200000000000000001', 'Subscription sub_1 paused: Missing Access');
    await platform.notifyAdmins(null, 'Second notice');

    const second = api.dmChannels.get('5500000000000000002')!;
    expect(api.requestsTo('POST', `/channels/${second}/messages`).map((request) => request.body)).toEqual([
      { content: 'Subscription sub\\_1 paused: Missing Access', allowed_mentions: { parse: [] } },
      { content: 'Second notice', allowed_mentions: { parse: [] } },
    ]);
    // The DM channel is opened once per admin and remembered.
    expect(api.requestsTo('POST', '/users/@me/channels')).toHaveLength(3);
  });

  it('never throws, even when Discord refuses everything', async () => {
    admins = ['5500000000000000001'];
    api.fail('POST', /./, { status: 403, code: 50001 }, Number.POSITIVE_INFINITY);

    await expect(platform.notifyAdmins(null, 'hello')).resolves.toBeUndefined();
  });
});
