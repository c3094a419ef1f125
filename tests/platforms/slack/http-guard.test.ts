// Issue 18, finding 4: Slack's HTTP receiver buffered unsigned bodies before checking the
// signature, with no connection cap and Node's 300 s request timeout (80 unsigned partial 4 MB
// bodies took memory from 213 to 451 MB). Raw sockets against the real receiver: a request is
// answered and closed from its headers alone, and slow or idle clients are cut off.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/env.ts';
import { slackPlatform } from '../../../src/platforms/slack/index.ts';
import { settingsOf } from '../../../src/platforms/platform-module.ts';
import { SlackCommandReceiver, type HttpLimits } from '../../../src/platforms/slack/slack-commands.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api.ts';
import { commandReceiverOptions } from './command-fixtures.ts';
import { TOKEN, capturedLogger } from './fixtures.ts';

const SECRET = 'c0ffee4b1d5ecr3t-for-tests-only';
const WELL_FORMED_SIGNATURE = `v0=${'ab'.repeat(32)}`;
let api: FakeSlackApi;
let store: SqliteStore;
let receiver: SlackCommandReceiver;
let port: number;
const sockets: Socket[] = [];

async function start(limits: Partial<HttpLimits> = {}): Promise<void> {
  api = await startFakeSlackApi({ token: TOKEN, teamId: 'T0FAKE' });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl });
  receiver = new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: capturedLogger().log, httpLimits: limits });
  port = (await receiver.start())!;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await receiver.stop();
  await store.close();
  await api.close();
});

interface Exchange {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  answer: Promise<string>;
}

/** Opens a raw connection and sends `head` (request line and headers); the body is up to the test. */
async function open(head: string): Promise<Exchange> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const answer = once(socket, 'close').then(() => Buffer.concat(chunks).toString('latin1'));
  socket.write(head);
  return { socket, answer };
}

function head(headers: Record<string, string>): string {
  const lines = Object.entries({ host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `POST /slack/events HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

const now = (): string => String(Math.floor(Date.now() / 1000));
const FOUR_MB = String(4 * 1024 * 1024);

describe("the Slack HTTP receiver's guard", () => {
  it('answers unsigned 4 MB requests from their headers and closes them, without waiting for the body', async () => {
    await start();
    const exchanges = await Promise.all(Array.from({ length: 80 }, () => open(head({ 'content-length': FOUR_MB, 'x-slack-request-timestamp': now() }))));
    const answers = await Promise.all(exchanges.map((exchange) => exchange.answer));
    expect(new Set(answers.map((answer) => answer.split('\r\n')[0]))).toEqual(new Set(['HTTP/1.1 401 Unauthorized']));
  });

  it('keeps memory flat under 80 unsigned slow bodies', async () => {
    await start();
    // One buffer shared by every client, so the client side allocates almost nothing.
    const slice = Buffer.alloc(512 * 1024, 0x61);
    const before = process.memoryUsage().arrayBuffers;
    const exchanges = await Promise.all(Array.from({ length: 80 }, () => open(head({ 'content-length': FOUR_MB, 'x-slack-request-timestamp': now() }))));
    for (const exchange of exchanges) exchange.socket.write(slice);
    await Promise.all(exchanges.map((exchange) => exchange.answer));
    // 80 x 512 KiB sent; a receiver buffering them would hold 40 MiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it.each([
    ['a signature that is no v0 signature', { 'x-slack-signature': 'v1=abc', 'x-slack-request-timestamp': now(), 'content-length': '10' }, 401],
    ['a timestamp from the future', { 'x-slack-signature': WELL_FORMED_SIGNATURE, 'x-slack-request-timestamp': String(Number(now()) + 600), 'content-length': '10' }, 401],
    ['no timestamp', { 'x-slack-signature': WELL_FORMED_SIGNATURE, 'content-length': '10' }, 401],
    ['a body larger than Slack sends', { 'x-slack-signature': WELL_FORMED_SIGNATURE, 'x-slack-request-timestamp': now(), 'content-length': FOUR_MB }, 413],
    ['a chunked body of unknown size', { 'x-slack-signature': WELL_FORMED_SIGNATURE, 'x-slack-request-timestamp': now(), 'transfer-encoding': 'chunked' }, 411],
  ])('refuses %s before reading the body', async (_what, headers, status) => {
    await start();
    const { answer } = await open(head(headers));
    expect((await answer).split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
  });

  it('closes a connection whose headers never finish', async () => {
    await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const { answer } = await open('POST /slack/events HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    expect(await answer).toMatch(/^(HTTP\/1.1 408 |$)/);
  });

  it('closes a signed-looking request whose body never arrives', async () => {
    await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const { answer } = await open(head({ 'x-slack-signature': WELL_FORMED_SIGNATURE, 'x-slack-request-timestamp': now(), 'content-length': '500' }));
    expect(await answer).toMatch(/^(HTTP\/1.1 408 |$)/);
  });

  it('drops connections beyond the cap', async () => {
    await start({ maxConnections: 4 });
    const idle = await Promise.all(Array.from({ length: 4 }, () => open('')));
    const extra = await open('');
    expect(await extra.answer).toBe('');
    expect(idle.every((exchange) => !exchange.socket.destroyed)).toBe(true);
  });
});
