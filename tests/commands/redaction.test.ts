// Issue 18, finding 2: a secret interpolated into a feed URL leaked into poll logs, `herald feeds
// status`, `/news status`, the failing-feed notice and errors. This run plants two secrets (one
// in a parameter named like a credential, one in a harmless-looking one that only interpolation
// marks) and greps every output for them: logs, chat replies, notices, status, metrics, errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Herald } from '../../src/app.ts';
import { runCli } from '../../src/cli/program.ts';
import { CommandRateLimiter, commandContexts, feedLoader, handleCommandText } from '../../src/commands/index.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load.ts';
import { redactText, redactUrl } from '../../src/domain/redact.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const FEED_KEY = 'planted-Key-7Q2vX9';
const EDITION = 'planted-Edition-3Fw8';
const SECRETS = [FEED_KEY, EDITION, encodeURIComponent(FEED_KEY), encodeURIComponent(EDITION)];

let feeds: FeedServer;
let dir: string;
let configPath: string;

beforeEach(async () => {
  feeds = await startFeedServer();
  // Failing on purpose: error messages quote the feed URL, and the channel gets a failing notice.
  feeds.route('/keyed.xml', { status: 500, body: 'down' });
  feeds.route('/edition.xml', { status: 500, body: 'down' });
  dir = mkdtempSync(join(tmpdir(), 'herald-redact-i18-'));
  configPath = join(dir, 'herald.yaml');
  writeFileSync(
    configPath,
    [
      `storage: { path: "${join(dir, 'herald.db')}" }`,
      `fetch: ${JSON.stringify(feeds.fetchConfig({ timeout: '2s' }))}`,
      'feedHealth: { failingAfter: 1 }',
      'feeds:',
      `  - { id: keyed, url: "${feeds.url('/keyed.xml')}?key=\${FEED_KEY}&lang=en" }`,
      `  - { id: edition, url: "${feeds.url('/edition.xml')}?edition=\${EDITION}" }`,
      'channels:',
      '  - { platform: console, channel: desk }',
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const env = { FEED_KEY, EDITION, HERALD_LOG_LEVEL: 'debug' };
  const code = await runCli(argv, { stdout, stderr, env, stopSignal: new Promise(() => undefined) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function expectNoSecret(output: string, what: string): void {
  for (const secret of SECRETS) expect(output.includes(secret), `${what} shows ${secret}:\n${output}`).toBe(false);
}

describe('redaction of secrets in feed URLs', () => {
  it('shows no planted secret in any output of a run', async () => {
    const outputs: [string, string][] = [];
    const poll = await cli('poll', '--once', '--json', '-c', configPath);
    outputs.push(['poll --once stdout (alerts, notices)', poll.stdout], ['poll --once logs', poll.stderr]);
    expect(poll.stderr).toContain('feed poll failed');
    expect(poll.stdout).toContain('"kind":"notice"');
    // One failed poll is enough here (failingAfter: 1), and the notice and status count it in the singular.
    expect(poll.stdout).toContain('is failing: 1 poll in a row went wrong');

    const status = await cli('feeds', 'status', '-c', configPath);
    outputs.push(['herald feeds status', status.stdout + status.stderr]);
    expect(status.stdout).toContain(`url: ${feeds.url('/keyed.xml')}?key=***&lang=en`);
    expect(status.stdout).toContain(`url: ${feeds.url('/edition.xml')}?edition=***`);
    expect(status.stdout).toMatch(/^keyed \[config\] {2}FAILING since .* \(1 failure in a row\)/m);

    const queryTest = await cli('query', 'test', 'korea', '--feed', `${feeds.url('/keyed.xml')}?key=${FEED_KEY}`, '-c', configPath);
    outputs.push(['herald query test (error)', queryTest.stdout + queryTest.stderr]);
    expect(queryTest.code).toBe(1);
    expect(queryTest.stderr).toContain('key=***');

    const config = await loadConfig(configPath, { FEED_KEY, EDITION });
    const logLines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logLines.push(chunk.toString()));
    const herald = await Herald.start({ config, env: readEnvironment({}), log: createLogger({ level: 'debug', destination }), write: async (text) => { logLines.push(text); } });
    const metrics = await herald.enableMetrics();
    try {
      await herald.poll({ all: true });
      await herald.deliver();
      const contexts = commandContexts({
        store: herald.store,
        config: () => config,
        rateLimiter: new CommandRateLimiter(),
        loadFeed: feedLoader,
        recordedStories: herald.recordedStories,
        now: Date.now,
        newId: () => 'id1',
      });
      const context = contexts({ platform: 'console', workspace: null, channel: 'desk', userId: 'operator', isAdmin: true });
      for (const command of ['status', 'list', 'feed list', `test korea feed:${feeds.url('/keyed.xml')}?key=${FEED_KEY}`, `subscribe ${feeds.url('/edition.xml')}?token=${FEED_KEY} korea`]) {
        const reply = await handleCommandText(command, context);
        outputs.push([`/news ${command}`, JSON.stringify(reply)]);
      }
      const statusReply = outputs.find(([what]) => what === '/news status')![1];
      expect(statusReply).toContain('keyed');
      outputs.push(['/metrics', (await metrics.expose()).body]);
    } finally {
      await herald.close();
    }
    outputs.push(['in-process logs', logLines.join('')]);
    expect(logLines.join('')).toContain('?key=***');
    for (const [what, output] of outputs) expectNoSecret(output, what);
  });
});

describe('redactUrl', () => {
  it('hides userinfo and values of parameters named like credentials, keeping the rest as written', () => {
    expect(redactUrl('https://user:pw@example.org/feed?api_key=abc&lang=en&X-Amz-Signature=f00&access_token=t')).toBe(
      'https://***@example.org/feed?api_key=***&lang=en&X-Amz-Signature=***&access_token=***',
    );
    expect(redactUrl('https://example.org/feed.xml?section=world&page=2')).toBe('https://example.org/feed.xml?section=world&page=2');
    expect(redactText("refusing to fetch 'https://example.org/f?token=abc': port 22")).toBe("refusing to fetch 'https://example.org/f?token=***': port 22");
  });
});
