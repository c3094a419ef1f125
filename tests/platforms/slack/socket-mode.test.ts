// /news through Bolt's Socket Mode receiver (SLACK_APP_TOKEN), against a real SQLite store and
// the fake Slack API: apps.connections.open and its WebSocket, auth.test and users.info, and the
// response_url the reply is posted to. Nothing leaves 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/env.ts';
import { slackPlatform } from '../../../src/platforms/slack/index.ts';
import { settingsOf } from '../../../src/platforms/platform-module.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { SlackCommandReceiver } from '../../../src/platforms/slack/slack-commands.ts';
import type { ReconnectWait } from '../../../src/platforms/slack/socket-connection.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import type { SlashCommandPayload } from '../../fakes/slack-socket.ts';
import { chatSubscriptions, commandReceiverOptions, commandReply, slashCommandFields } from './command-fixtures.ts';
import { TOKEN, capturedLogger } from './fixtures.ts';

const APP_TOKEN = 'xapp-1-A0HERALD-3333-herald-socket-test-token';

let api: FakeSlackApi;
let store: SqliteStore;
let receiver: SlackCommandReceiver;
let logs: () => string;
/** The reconnect waits asked for, in order; none lets real time pass. */
let waits: number[];

// Resolves on the next turn of the event loop, whatever the wait asked for: a reconnect costs no real time.
const noRealWait: ReconnectWait = (ms, signal) => {
  waits.push(ms);
  return new Promise((resolve, reject) => setImmediate(() => (signal.aborted ? reject(signal.reason) : resolve())));
};

beforeEach(async () => {
  waits = [];
  api = await startFakeSlackApi({ token: TOKEN, appToken: APP_TOKEN, teamId: 'T0FAKE', users: { U0OWNER: { isOwner: true }, U0MEMBER: {} } });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  const captured = capturedLogger();
  logs = captured.lines;
  receiver = socketReceiver(api, captured.log);
  expect(await receiver.start()).toBeNull();
});
afterEach(async () => {
  await receiver.stop();
  await store.close();
  await api.close();
});

function command(text: string, userId = 'U0MEMBER'): SlashCommandPayload {
  return { ...slashCommandFields(api, text, userId), is_enterprise_install: 'false' };
}

const reply = (count = 1) => commandReply(api, count);
const ownSubscriptions = () => chatSubscriptions(store);

describe('connecting', () => {
  it('opens the connection through SLACK_API_URL with the app-level token, and checks the bot token first', async () => {
    expect(api.calls().map((call) => [call.method, call.authorization])).toEqual([
      ['auth.test', `Bearer ${TOKEN}`],
      ['apps.connections.open', `Bearer ${APP_TOKEN}`],
    ]);
    expect(api.socket.connections).toBe(1);
  });
});

describe('a /news command over the socket', () => {
  it('is acked on the socket, subscribes the channel and posts the reply in the channel', async () => {
    const envelope = api.socket.pushSlashCommand(command('subscribe topic:heritage'));

    expect(await api.socket.ackOf(envelope)).toEqual({ envelope_id: envelope, payload: {} });
    const answer = await reply();
    expect(answer.response_type).toBe('in_channel');
    expect(answer.text).toContain('topic:heritage');
    expect(api.calls('respond')[0]!.responseId).toBe('r-U0MEMBER');
    expect(await ownSubscriptions()).toEqual([
      expect.objectContaining({ platform: 'slack', workspace: 'T0FAKE', channel: 'C0NEWSROOM', topic: 'heritage', createdBy: 'U0MEMBER', managedByConfig: false }),
    ]);
  });

  it('answers a bad command only to its author, escaped', async () => {
    const envelope = api.socket.pushSlashCommand(command('subscribe topic:heritige <!channel> & more'));
    await api.socket.ackOf(envelope);
    const answer = await reply();
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain("did you mean 'topic:heritage'");
    expect(JSON.stringify(answer)).not.toContain('<!channel>');
    expect(await ownSubscriptions()).toEqual([]);
  });

  it('refuses admin commands to members and allows them to workspace owners, as over HTTP', async () => {
    api.socket.pushSlashCommand(command('feed list', 'U0MEMBER'));
    expect((await reply(1)).text).toContain('for Herald admins');
    api.socket.pushSlashCommand(command('feed list', 'U0OWNER'));
    expect((await reply(2)).text).toMatch(/^No feeds yet/);
    expect(api.calls('users.info').map((call) => call.body.user)).toEqual(['U0MEMBER', 'U0OWNER']);
  });

  it('never logs the bot token or the app-level token', async () => {
    await api.socket.ackOf(api.socket.pushSlashCommand(command('help')));
    await reply();
    expect(logs()).not.toContain(TOKEN);
    expect(logs()).not.toContain(APP_TOKEN);
  });
});

describe('the connection', () => {
  it('is replaced when Slack asks for a refresh, and commands keep working on the new one', async () => {
    api.socket.requestRefresh();
    await api.socket.waitForConnections(2);
    expect(api.calls('apps.connections.open')).toHaveLength(2);
    expect(api.socket.open).toBe(1);

    const envelope = api.socket.pushSlashCommand(command('help'));
    await api.socket.ackOf(envelope);
    expect((await reply()).response_type).toBe('ephemeral');
  });

  it('is reopened after apps.connections.open fails during a reconnect (the SDK gave up there for good)', async () => {
    api.failNext('apps.connections.open', { status: 503 });
    api.failNext('apps.connections.open', { error: 'internal_error' });
    api.socket.requestRefresh();
    await api.socket.waitForConnections(2);
    expect(api.calls('apps.connections.open')).toHaveLength(4);
    expect(logs()).toContain('Slack Socket Mode reconnect failed; trying again');
    // None before the first attempt, then a second doubling per failure.
    expect(waits).toEqual([0, 1_000, 2_000]);

    await api.socket.ackOf(api.socket.pushSlashCommand(command('help')));
    await reply();
  });

  it('waits before each further reconnect attempt twice as long as before, at most a minute', async () => {
    api.failNext('apps.connections.open', { status: 503 }, { times: 9 });
    api.socket.requestRefresh();
    await api.socket.waitForConnections(2);
    expect(waits).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('is closed by stop(), which returns once the close handshake is done, and not reopened', async () => {
    await receiver.stop();
    expect(api.socket.open).toBe(0);
    await api.socket.waitForCloses(1);
    expect(api.calls('apps.connections.open')).toHaveLength(1);
  });

  it('stays closed when stop() comes while reconnects keep failing', async () => {
    api.failNext('apps.connections.open', { status: 503 }, { times: 1_000 });
    api.socket.requestRefresh();
    await api.waitForCalls('apps.connections.open', 3);
    await receiver.stop();
    expect(api.socket.connections).toBe(1);
    expect(api.socket.open).toBe(0);
  });
});

describe('start', () => {
  it('fails with a clear, permanent error when Slack refuses the app-level token', async () => {
    const other = await startFakeSlackApi({ token: TOKEN, appToken: 'xapp-1-A0OTHER-some-other-token' });
    const refused = socketReceiver(other, capturedLogger().log);
    try {
      const error: unknown = await refused.start().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: 'platform_permanent', message: expect.stringContaining('SLACK_APP_TOKEN') });
      expect(other.socket.connections).toBe(0);
    } finally {
      await refused.stop();
      await other.close();
    }
  });

  it('fails at once, for the caller to retry, when the first WebSocket is refused (the SDK retried it itself, so start() waited as long as the failures lasted)', async () => {
    const other = await startFakeSlackApi({ token: TOKEN, appToken: APP_TOKEN });
    other.socket.refuseNext();
    const refused = socketReceiver(other, capturedLogger().log);
    try {
      const error: unknown = await refused.start().catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'platform_transient', message: expect.stringContaining('closed before Slack said hello') });
      expect(other.calls('apps.connections.open')).toHaveLength(1);
    } finally {
      await refused.stop();
      await other.close();
    }
  });
});

function socketReceiver(fake: FakeSlackApi, log: ReturnType<typeof capturedLogger>['log']): SlackCommandReceiver {
  const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });
  return new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log, reconnectWait: noRealWait });
}
