// /news through Bolt's HTTP receiver with real v0 signatures, against a real SQLite store and
// the fake Slack API (auth.test, users.info, and the response_url the reply is posted to).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/env.ts';
import { slackPlatform } from '../../../src/platforms/slack/index.ts';
import { settingsOf } from '../../../src/platforms/platform-module.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { SlackCommandReceiver } from '../../../src/platforms/slack/slack-commands.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { chatSubscriptions, commandReceiverOptions, commandReply, postSlashCommand, signSlackRequest, slashCommandFields } from './command-fixtures.ts';
import { TOKEN, capturedLogger } from './fixtures.ts';

const SECRET = 'c0ffee4b1d5ecr3t-for-tests-only';
let api: FakeSlackApi;
let store: SqliteStore;
let receiver: SlackCommandReceiver;
let port: number;
let logs: () => string;

beforeEach(async () => {
  api = await startFakeSlackApi({ token: TOKEN, teamId: 'T0FAKE', users: { U0OWNER: { isOwner: true }, U0MEMBER: {} } });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  const captured = capturedLogger();
  logs = captured.lines;
  const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl });
  receiver = new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: captured.log });
  port = (await receiver.start())!;
});
afterEach(async () => {
  await receiver.stop();
  await store.close();
  await api.close();
});

function form(text: string, userId = 'U0MEMBER'): string {
  return new URLSearchParams(slashCommandFields(api, text, userId)).toString();
}

const sign = (body: string, timestamp: number, secret = SECRET): string => signSlackRequest(body, timestamp, secret);
const post = (body: string, options: { timestamp?: number; signature?: string } = {}): Promise<number> => postSlashCommand(port, body, { secret: SECRET, ...options });

const reply = (count = 1) => commandReply(api, count);
const ownSubscriptions = () => chatSubscriptions(store);

describe('a signed /news command', () => {
  it('subscribes the channel and posts the reply in the channel', async () => {
    expect(await post(form('subscribe topic:heritage'))).toBe(200);

    const answer = await reply();
    expect(answer.response_type).toBe('in_channel');
    expect(answer.text).toContain('topic:heritage');
    expect(await ownSubscriptions()).toEqual([
      expect.objectContaining({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NEWSROOM', topic: 'heritage', createdBy: 'U0MEMBER', managedByConfig: false }),
    ]);
  });

  it('answers a bad command only to its author, escaped, with the correct form', async () => {
    expect(await post(form('subscribe topic:heritige <!channel> & more'))).toBe(200);
    const answer = await reply();
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.blocks[0]!.text.text).toMatch(/^:warning: /);
    expect(answer.text).toContain("did you mean 'topic:heritage'");
    expect(JSON.stringify(answer)).not.toContain('<!channel>');
    expect(await ownSubscriptions()).toEqual([]);
  });

  it('refuses admin commands to members, and allows them to workspace owners (looked up once) and config admins', async () => {
    await post(form('feed list', 'U0MEMBER'));
    expect((await reply(1)).text).toContain('for Herald admins');

    await post(form('feed list', 'U0OWNER'));
    expect((await reply(2)).text).toMatch(/^No feeds yet/);
    await post(form('feed list', 'U0OWNER'));
    expect((await reply(3)).text).toMatch(/^No feeds yet/);

    await post(form('feed list', 'U0CONFIGADMIN'));
    expect((await reply(4)).text).toMatch(/^No feeds yet/);

    expect(api.calls('users.info').map((call) => call.body.user)).toEqual(['U0MEMBER', 'U0OWNER']);
  });
});

describe('requests that are refused with 401 and change nothing', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['a bad signature', () => ({ signature: sign(form('subscribe topic:heritage'), now(), 'not-the-secret') })],
    ['a timestamp more than five minutes old', () => ({ timestamp: now() - 6 * 60 })],
    ['a timestamp more than five minutes in the future', () => ({ timestamp: now() + 6 * 60 })],
  ])('%s', async (_case, options) => {
    expect(await post(form('subscribe topic:heritage'), options())).toBe(401);
    expect(await ownSubscriptions()).toEqual([]);
    expect(api.calls('respond')).toEqual([]);
    expect(api.calls('users.info')).toEqual([]);
    // The same command, properly signed and on time, still works: the refusal was the request's fault.
    expect(await post(form('subscribe topic:heritage'))).toBe(200);
    await reply();
    expect(await ownSubscriptions()).toHaveLength(1);
  });

  it('never logs the bot token or the signing secret', async () => {
    await post(form('help'), { signature: sign(form('help'), now(), 'wrong') });
    await post(form('help'));
    await reply();
    expect(logs()).toContain('Failed to verify authenticity');
    expect(logs()).not.toContain(TOKEN);
    expect(logs()).not.toContain(SECRET);
  });
});

describe('start', () => {
  it('fails with a clear, permanent error when Slack refuses the bot token', async () => {
    const other = await startFakeSlackApi({ token: 'xoxb-some-other-token' });
    const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: other.apiUrl });
    const refused = new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: capturedLogger().log });
    try {
      const error: unknown = await refused.start().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: 'platform_permanent', message: expect.stringContaining('SLACK_BOT_TOKEN') });
    } finally {
      await other.close();
    }
  });
});
