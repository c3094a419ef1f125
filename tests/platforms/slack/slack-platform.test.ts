import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/domain/errors.ts';
import type { PacerClock } from '../../../src/platforms/slack/channel-pacer.ts';
import { renderSlackDigest } from '../../../src/platforms/slack/render-digest.ts';
import { renderSlackAlert } from '../../../src/platforms/slack/render.ts';
import type { Digest } from '../../../src/domain/types.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { NOW, TOKEN, alert, capturedLogger, instantClock, item, slackPlatform } from './fixtures.ts';

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN });
});
afterEach(() => api.close());

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('send and update', () => {
  it('posts the rendered Block Kit alert with fallback text, no unfurls, under the bot token', async () => {
    const platform = slackPlatform(api);
    const sent = alert();

    const ref = await platform.send(sent, 'sub-heritage:story-logbook:new');

    const [call] = api.calls('chat.postMessage');
    const rendered = renderSlackAlert(sent);
    expect(call!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.body).toMatchObject({ channel: 'C0HERITAGE', text: rendered.text, unfurl_links: 'false', unfurl_media: 'false' });
    expect(call!.body.blocks).toEqual(rendered.blocks);
    // The feed's "<wall>" arrives escaped, never as mrkdwn.
    expect(JSON.stringify(call!.body.blocks)).toContain('&lt;wall&gt;');
    expect(ref).toEqual({ platform: 'slack', channel: 'C0HERITAGE', id: [...api.messages.get('C0HERITAGE')!.keys()][0] });
  });

  it('keeps the channel id Slack answers with, and edits exactly that message on update', async () => {
    const platform = slackPlatform(api);
    const first = await platform.send(alert({ channel: '#heritage' }), 'k1');
    const other = await platform.send(alert({ channel: '#heritage', storyId: 'story-other', item: item({ title: 'Another story' }) }), 'k2');
    expect(first.channel).toBe('CHERITAGE');

    const updated = alert({
      channel: '#heritage',
      kind: 'update',
      sources: [
        { name: 'Cape Lantern Weekly', url: 'https://lighthouse.example.test/articles/keeper-logbook' },
        { name: 'Harbour Gazette', url: 'https://gazette.example.test/logbook' },
      ],
    });
    await platform.update(first, updated);

    const [call] = api.calls('chat.update');
    expect(call!.body).toMatchObject({ channel: 'CHERITAGE', ts: first.id });
    const stored = api.messages.get('CHERITAGE')!;
    expect(stored.get(first.id)!.blocks).toEqual(renderSlackAlert(updated).blocks);
    expect(JSON.stringify(stored.get(other.id)!.blocks)).toContain('Another story');
  });

  it('reports an update of a deleted message as rejected (no retry, no pause), naming Slack\'s error', async () => {
    const platform = slackPlatform(api);
    const error = await failure(platform.update({ platform: 'slack', channel: 'C0HERITAGE', id: '1.000001' }, alert({ kind: 'update' })));
    expect(error.code).toBe('platform_rejected');
    expect(error.message).toContain('message_not_found');
  });
});

describe('digests', () => {
  it('posts a digest as one rendered message and returns its ref', async () => {
    const digest: Digest = {
      platform: 'slack',
      workspace: 'T0FAKE',
      channel: 'C0HERITAGE',
      reason: 'cap',
      alerts: [alert(), alert({ storyId: 'story-bell', item: item({ key: 'guid:bell', title: 'Fog bell restored after forty silent years' }) })],
      windowStart: NOW - 3_600_000,
      windowEnd: NOW,
    };
    const ref = await slackPlatform(api).sendDigest(digest, 'digest-key');

    const [call] = api.calls('chat.postMessage');
    const rendered = renderSlackDigest(digest);
    expect(call!.body).toMatchObject({ channel: 'C0HERITAGE', text: rendered.text, unfurl_links: 'false' });
    expect(call!.body.blocks).toEqual(rendered.blocks);
    expect(ref).toMatchObject({ platform: 'slack', channel: 'C0HERITAGE' });
  });
});

describe('pacing: at most one message per second per channel', () => {
  it('queues a channel\'s messages one second apart while other channels go at once', async () => {
    const sleeps: { ms: number; release: () => void }[] = [];
    const clock: PacerClock = { now: () => NOW, sleep: (ms) => new Promise((resolve) => sleeps.push({ ms, release: resolve })) };
    const platform = slackPlatform(api, { clock });
    const story = (channel: string, n: number) => alert({ channel, storyId: `s${n}`, item: item({ title: `Story ${n} for ${channel}` }) });

    const sends = [platform.send(story('C-A', 1), 'a1'), platform.send(story('C-A', 2), 'a2'), platform.send(story('C-A', 3), 'a3'), platform.send(story('C-B', 4), 'b4')];
    await api.waitForCalls('chat.postMessage', 2);
    expect(sleeps.map((sleep) => sleep.ms)).toEqual([1_000, 2_000]);
    // A round trip on a third channel: had C-A's second message not been held, it would be here by now.
    await platform.notice({ workspace: null, channel: 'C-C' }, 'probe');
    const channels = () => api.calls('chat.postMessage').map((call) => call.body.channel);
    expect(channels()).toEqual(['C-A', 'C-B', 'C-C']);

    sleeps[0]!.release();
    await api.waitForCalls('chat.postMessage', 4);
    sleeps[1]!.release();
    await Promise.all(sends);
    expect(channels()).toEqual(['C-A', 'C-B', 'C-C', 'C-A', 'C-A']);
    expect(api.calls('chat.postMessage').filter((call) => call.body.channel === 'C-A').map((call) => String(call.body.text))).toEqual([
      expect.stringContaining('Story 1'),
      expect.stringContaining('Story 2'),
      expect.stringContaining('Story 3'),
    ]);
  });
});

describe('errors', () => {
  it('turns a 429 into rate_limited with Retry-After, at once, while other channels keep posting', { timeout: 5_000 }, async () => {
    const platform = slackPlatform(api);
    api.failNext('chat.postMessage', { status: 429, retryAfter: 120 }, { channel: 'C-BUSY' });

    const error = await failure(platform.send(alert({ channel: 'C-BUSY' }), 'k'));
    expect(error.code).toBe('platform_rate_limited');
    expect(error.retryAfterMs).toBe(120_000);
    // Had the client paused its queue for the 120 s, this would outlast the test's timeout.
    await expect(platform.send(alert({ channel: 'C-QUIET' }), 'k2')).resolves.toMatchObject({ channel: 'C-QUIET' });
    expect(api.calls('chat.postMessage').map((call) => call.body.channel)).toEqual(['C-BUSY', 'C-QUIET']);
  });

  it.each(['invalid_blocks', 'msg_too_long', 'message_not_found'])('%s rejects this message only: never retried, not permanent', async (code) => {
    const platform = slackPlatform(api, { settings: { timeoutMs: 5_000, retry: { retries: 3, minTimeout: 0, maxTimeout: 0 } } });
    api.failNext('chat.postMessage', { error: code });

    const error = await failure(platform.send(alert({ channel: 'C0NEWS' }), 'k'));
    expect(error.code).toBe('platform_rejected');
    expect(error.permanent).toBe(false);
    expect(error.message).toContain(code);
    expect(api.calls('chat.postMessage')).toHaveLength(1);
  });

  it.each([
    ['channel_not_found', 'C0GONE', 'does not exist'],
    ['not_in_channel', 'C0GONE', '/invite @Herald'],
    ['is_archived', 'C0GONE', 'archived'],
    ['account_inactive', 'C0GONE', 'deactivated'],
    ['token_revoked', 'C0GONE', 'SLACK_BOT_TOKEN'],
  ])('%s is permanent, never retried, and says what to do', async (code, channel, hint) => {
    const platform = slackPlatform(api, { settings: { timeoutMs: 5_000, retry: { retries: 3, minTimeout: 0, maxTimeout: 0 } } });
    api.failNext('chat.postMessage', { error: code });

    const error = await failure(platform.send(alert({ channel }), 'k'));
    expect(error.code).toBe('platform_permanent');
    expect(error.permanent).toBe(true);
    expect(error.message).toContain(hint);
    expect(error.message).toContain(code);
    expect(api.calls('chat.postMessage')).toHaveLength(1);
  });

  it('names the scope a missing_scope error asks for', async () => {
    const platform = slackPlatform(api);
    api.failNext('chat.postMessage', { error: 'missing_scope', extra: { needed: 'chat:write.public', provided: 'chat:write' } });
    const error = await failure(platform.send(alert(), 'k'));
    expect(error.code).toBe('platform_permanent');
    expect(error.message).toContain("'chat:write.public' scope");
  });

  it('answers a wrong token with invalid_auth, permanent, and stops reporting ready', async () => {
    const other = await startFakeSlackApi({ token: 'xoxb-another-workspace' });
    try {
      const platform = slackPlatform(other);
      expect(await platform.ready()).toBe(true);
      const error = await failure(platform.send(alert(), 'k'));
      expect(error).toMatchObject({ code: 'platform_permanent' });
      expect(error.message).toContain('invalid_auth');
      expect(await platform.ready()).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('treats a 500 as transient after its short retries, and a retried 500 then success as sent', async () => {
    const failing = slackPlatform(api);
    api.failNext('chat.postMessage', { status: 500 });
    expect(await failure(failing.send(alert(), 'k'))).toMatchObject({ code: 'platform_transient', message: expect.stringContaining('HTTP 500') });

    const retrying = slackPlatform(api, { settings: { timeoutMs: 5_000, retry: { retries: 1, minTimeout: 0, maxTimeout: 0 } } });
    api.failNext('chat.postMessage', { status: 503 });
    await expect(retrying.send(alert(), 'k')).resolves.toMatchObject({ platform: 'slack' });
    expect(api.calls('chat.postMessage')).toHaveLength(3);
  });

  it('gives up on a call Slack never answers at the request timeout, as transient', async () => {
    const platform = slackPlatform(api, { settings: { timeoutMs: 200, retry: { retries: 0 } } });
    api.failNext('chat.postMessage', { hang: true });
    const error = await failure(platform.send(alert(), 'k'));
    expect(error.code).toBe('platform_transient');
    expect(error.message).toContain('request timeout');
  });

  it('never writes the bot token into a log line or an error message', async () => {
    const { log, lines } = capturedLogger();
    const platform = slackPlatform(api, { log, admins: ['U0ADMIN'] });
    api.failNext('chat.postMessage', { status: 500 });
    api.failNext('chat.postMessage', { status: 429, retryAfter: 3 });
    api.failNext('chat.postMessage', { error: 'invalid_auth' }, { times: 2 });
    const errors = await Promise.all([1, 2, 3].map((n) => failure(platform.send(alert({ channel: `C-${n}` }), 'k'))));
    await platform.notifyAdmins('T0FAKE', 'a subscription was paused');

    // The token did go out with every call; it came back in no message and no log line.
    expect(api.calls().every((call) => call.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(lines()).toContain('could not tell a Slack admin');
    expect(lines()).not.toContain(TOKEN);
    for (const error of errors) {
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify(error.context)).not.toContain(TOKEN);
    }
  });
});

describe('notices and admins', () => {
  it('posts a notice as escaped plain text', async () => {
    await slackPlatform(api).notice({ workspace: 'T0FAKE', channel: 'C0HERITAGE' }, 'Feed <lighthouse> is failing: HTTP 503 & rising; @here');
    expect(api.calls('chat.postMessage')[0]!.body).toMatchObject({
      channel: 'C0HERITAGE',
      text: 'Feed &lt;lighthouse&gt; is failing: HTTP 503 &amp; rising; @\u2060here',
    });
    expect(api.calls('chat.postMessage')[0]!.body.blocks).toBeUndefined();
  });

  it('DMs every config admin, and one failing DM neither throws nor stops the others', async () => {
    const { log, lines } = capturedLogger();
    const platform = slackPlatform(api, { log, admins: ['U0ANNA', 'U0GONE', 'U0BORIS'] });
    api.failNext('chat.postMessage', { error: 'channel_not_found' }, { channel: 'U0GONE' });

    await expect(platform.notifyAdmins('T0FAKE', 'Subscription sub-heritage was paused')).resolves.toBeUndefined();

    expect(api.calls('chat.postMessage').map((call) => [call.body.channel, call.body.text])).toEqual(
      expect.arrayContaining([
        ['U0ANNA', 'Subscription sub-heritage was paused'],
        ['U0BORIS', 'Subscription sub-heritage was paused'],
      ]),
    );
    expect(lines()).toContain('U0GONE');
  });

  it('logs instead of failing when the config lists no Slack admins', async () => {
    const { log, lines } = capturedLogger();
    await slackPlatform(api, { log }).notifyAdmins(null, 'anything');
    expect(api.calls()).toEqual([]);
    expect(lines()).toContain('admins.slack');
  });
});

describe('clock', () => {
  it('leaves the age to the reader\'s client: the message does not depend on when it is sent', async () => {
    await slackPlatform(api, { clock: instantClock(NOW) }).send(alert(), 'k1');
    await slackPlatform(api, { clock: instantClock(NOW + 3 * 3_600_000) }).send(alert(), 'k2');
    const [early, late] = api.calls('chat.postMessage');
    expect(late!.body.blocks).toEqual(early!.body.blocks);
    expect(JSON.stringify(early!.body.blocks)).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+ UTC>/);
  });
});
