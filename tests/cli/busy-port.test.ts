// A metrics port someone else holds turns /metrics off with a warning; the bot keeps running.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { createWorkspace, type Workspace } from '../integration/harness.ts';

let workspace: Workspace;
let holder: Server;

beforeEach(async () => {
  workspace = createWorkspace();
  workspace.writeConfig({ channels: [{ platform: 'console', channel: 'news' }] });
  holder = createServer();
  holder.listen(0);
  await once(holder, 'listening');
});

afterEach(async () => {
  holder.close();
  workspace.remove();
});

function logLines(stream: PassThrough): { lines: Record<string, unknown>[]; waitFor: (msg: RegExp) => Promise<void> } {
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    lines.push(...complete.map((line) => JSON.parse(line) as Record<string, unknown>));
  });
  const waitFor = async (msg: RegExp) => {
    while (!lines.some((line) => msg.test(String(line.msg)))) await once(stream, 'data');
  };
  return { lines, waitFor };
}

async function runUntilRunning(args: string[], env: NodeJS.ProcessEnv) {
  const stderr = new PassThrough();
  const log = logLines(stderr);
  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stop = resolve));
  const exit = runCli(['run', ...args], { stdout: new PassThrough(), stderr, env: { ...workspace.env, ...env }, stopSignal });
  const exitedEarly = exit.then((code) => Promise.reject(new Error(`herald run exited ${code} before it was running`)));
  await Promise.race([log.waitFor(/^herald is running/), exitedEarly]);
  return { log, stop: async () => (stop(), exit) };
}

it('warns, names the ways to move the port, and keeps running until stopped', async () => {
  const busy = (holder.address() as AddressInfo).port;
  const bot = await runUntilRunning(['--http-port', String(busy)], {});
  const warning = bot.log.lines.find((line) => line.level === 40);
  expect(warning).toMatchObject({ port: busy, err: expect.stringContaining('EADDRINUSE') });
  expect(warning?.msg).toContain('--http-port, HERALD_HTTP_PORT or http.port');
  expect(await bot.stop()).toBe(0);
  expect(bot.log.lines.at(-1)?.msg).toBe('stopped');
});

it('serves on HERALD_HTTP_PORT when set, and --http-port wins over it', async () => {
  const busy = String((holder.address() as AddressInfo).port);
  const fromEnv = await runUntilRunning([], { HERALD_HTTP_PORT: busy });
  expect(fromEnv.log.lines.find((line) => line.level === 40)).toMatchObject({ port: Number(busy) });
  expect(await fromEnv.stop()).toBe(0);

  const fromFlag = await runUntilRunning(['--http-port', '0'], { HERALD_HTTP_PORT: busy });
  const serving = fromFlag.log.lines.find((line) => line.msg === 'serving /metrics, /healthz and /readyz');
  expect(fromFlag.log.lines.some((line) => line.level === 40)).toBe(false);
  const response = await fetch(`http://127.0.0.1:${String(serving?.port)}/healthz`);
  expect(await response.text()).toBe('ok\n');
  expect(await fromFlag.stop()).toBe(0);
});
