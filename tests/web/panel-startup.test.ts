// The panel is off by default, and without the admin token `herald run` says how to turn it on
// and runs on; an admin token too short to be safe is refused with the way to make one.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { parseConfigText } from '../../src/config/load.ts';
import { createWorkspace } from '../integration/harness.ts';

it('is off unless web.port is set, and listens on loopback by default', () => {
  expect(parseConfigText('feeds: []\n', {}, 'test.yaml').web).toEqual({ host: '127.0.0.1' });
  expect(parseConfigText('web: { port: 8080 }\n', {}, 'test.yaml').web).toEqual({ port: 8080, host: '127.0.0.1' });
});

it('reads the admin token from HERALD_WEB_TOKEN_FILE, trimmed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-web-token-'));
  try {
    writeFileSync(join(dir, 'token'), 'file-token-0123456789abcdef\n');
    expect(readEnvironment({ HERALD_WEB_TOKEN_FILE: join(dir, 'token') }).webToken).toBe('file-token-0123456789abcdef');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('refuses a short admin token, naming the way to make a good one', () => {
  expect(() => readEnvironment({ HERALD_WEB_TOKEN: 'letmein' })).toThrow(/HERALD_WEB_TOKEN: is shorter than 16 characters.*openssl rand -hex 32/);
});

it('stays off with a warning when web.port is set without HERALD_WEB_TOKEN; the bot runs on', async () => {
  const workspace = createWorkspace();
  workspace.writeConfig({ web: { port: 0 }, http: { port: 0 }, channels: [{ platform: 'console', channel: 'news' }] });
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  let stop!: () => void;
  const exit = runCli(['run'], { stdout: new PassThrough(), stderr, env: { ...workspace.env, LOG_FORMAT: 'json' }, stopSignal: new Promise<void>((resolve) => (stop = resolve)) });
  try {
    while (!text.includes('herald is running')) await once(stderr, 'data');
    const warning = text.split('\n').find((line) => line.includes('the web panel is off'));
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, msg: expect.stringContaining('HERALD_WEB_TOKEN is not') });
    expect(text).not.toContain('serving the web panel');
  } finally {
    stop();
    expect(await exit).toBe(0);
    workspace.remove();
  }
});
