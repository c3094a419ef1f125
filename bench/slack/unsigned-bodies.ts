// Memory held by the Slack HTTP receiver under 80 unsigned slow 4 MB bodies (issue 18, finding 4):
// Herald's guarded receiver against the baseline, Bolt's HTTPReceiver behind a plain server (how
// Herald served Slack before the guard). Each run is a fresh process, so memory is its own.
//
//   node --expose-gc --import tsx bench/slack/unsigned-bodies.ts [--runs 3]
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { readEnvironment } from '../../src/config/env.ts';
import { slackPlatform } from '../../src/platforms/slack/index.ts';
import { settingsOf } from '../../src/platforms/platform-module.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { SlackCommandReceiver } from '../../src/platforms/slack/slack-commands.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startFakeSlackApi } from '../../tests/fakes/slack-api.ts';
import { commandReceiverOptions } from '../../tests/platforms/slack/command-fixtures.ts';

const TOKEN = 'xoxb-1111-2222-herald-bench-token';
const SECRET = 'bench-signing-secret';
const CONNECTIONS = 80;
const DECLARED = 4 * 1024 * 1024;
const SENT = 3 * 1024 * 1024;

async function listen(mode: 'baseline' | 'guarded', apiUrl: string): Promise<number> {
  if (mode === 'guarded') {
    const store = SqliteStore.open(':memory:');
    await store.migrate();
    const env = readEnvironment({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl });
    return (await new SlackCommandReceiver({ ...commandReceiverOptions(store), slack: settingsOf(slackPlatform, env), log: silentLogger() }).start())!;
  }
  const receiver = new HTTPReceiver({ signingSecret: SECRET });
  new App({ token: TOKEN, botId: 'B0BENCH', botUserId: 'U0BENCH', receiver, clientOptions: { slackApiUrl: apiUrl } });
  const server = createServer((req, res) => receiver.requestListener(req, res)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

function written(socket: Socket, chunk: Buffer): Promise<void> {
  if (socket.destroyed || socket.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.once('drain', done).once('close', done);
  });
}

async function measure(mode: 'baseline' | 'guarded'): Promise<void> {
  const api = await startFakeSlackApi({ token: TOKEN, teamId: 'T0BENCH' });
  const port = await listen(mode, api.apiUrl);
  globalThis.gc?.();
  const before = process.memoryUsage();
  const sockets: Socket[] = [];
  for (let i = 0; i < CONNECTIONS; i += 1) {
    const socket = connect(port, '127.0.0.1').on('error', () => undefined);
    await once(socket, 'connect');
    socket.write(
      `POST /slack/events HTTP/1.1\r\nhost: bench\r\ncontent-type: application/x-www-form-urlencoded\r\n` +
        `content-length: ${DECLARED}\r\nx-slack-request-timestamp: ${Math.floor(Date.now() / 1000)}\r\n\r\n`,
    );
    sockets.push(socket);
  }
  // One shared chunk: the clients themselves allocate almost nothing.
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let sent = 0; sent < SENT; sent += chunk.length) await Promise.all(sockets.map((socket) => written(socket, chunk)));
  await new Promise((resolve) => setTimeout(resolve, 500));
  globalThis.gc?.();
  const after = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  console.log(JSON.stringify({ mode, open: sockets.filter((socket) => !socket.destroyed).length, rssMB: mb(after.rss - before.rss), buffersMB: mb(after.arrayBuffers - before.arrayBuffers) }));
  process.exit(0);
}

const mode = process.argv[2];
if (mode === 'baseline' || mode === 'guarded') {
  await measure(mode);
} else {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 3) || 3;
  const results: Record<string, { rssMB: number; buffersMB: number; open: number }[]> = { baseline: [], guarded: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const each of ['baseline', 'guarded'] as const) {
      const line = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, each], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
      results[each]!.push(JSON.parse(line));
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [each, rows] of Object.entries(results)) {
    console.log(`${each}: retained buffers median ${median(rows.map((row) => row.buffersMB))} MB, rss median ${median(rows.map((row) => row.rssMB))} MB, connections still open ${rows.map((row) => row.open).join('/')} (runs: ${rows.map((row) => row.buffersMB).join(' / ')} MB)`);
  }
}
