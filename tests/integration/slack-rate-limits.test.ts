// Delivery under Slack rate limits, end to end: the real CLI and app, SQLite, the real
// @slack/web-api client against the fake Slack API answering 429 (Retry-After: 1) to its first
// 100 posts, in SLACK_BOT_TOKEN-only (post-only) mode. Waits run on fake time (vitest's fake
// setTimeout and Date); the feed is fetched before the clock is faked, so no fetch timer is ever
// moved by the test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Herald } from '../../src/app.ts';
import { runCli } from '../../src/cli/program.ts';
import { readEnvironment } from '../../src/config/env.ts';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { EMPTY_FEED, numberedFeed } from '../fault/helpers.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { TOKEN } from '../platforms/slack/fixtures.ts';
import { HERALD_BIN, outboxByStatus, useTestBed } from './harness.ts';

const bed = useTestBed();
const CHANNELS = ['C0HARBOUR', 'C0VALLEY', 'C0COAST', 'C0RIVER'];
const ITEMS = 6;
const ALERTS = CHANNELS.length * ITEMS;
let slack: FakeSlackApi;

beforeEach(async () => {
  slack = await startFakeSlackApi({ token: TOKEN });
});
afterEach(async () => {
  vi.useRealTimers();
  await slack.close();
});

/** Four Slack channels following one feed; the first run seeds it, the second queues 24 alerts. */
async function queueAlerts(): Promise<void> {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s' }),
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    channels: CHANNELS.map((channel) => ({ platform: 'slack', channel })),
    defaults: { maxAlertsPerHour: 1000 },
  });
  // Post-only: the bot token alone, no app token or signing secret.
  Object.assign(bed.workspace.env, { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl });
  bed.server.route('/wire.xml', { body: EMPTY_FEED });
  expect((await bed.workspace.run('poll', '--once')).code).toBe(0);
  bed.server.route('/wire.xml', { body: numberedFeed(0, ITEMS) });
  slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { times: 100 });
  // Polls (real time) and tries each channel's first alert once: four 429s, nothing waited for.
  const queued = await bed.workspace.run('poll', '--once', '--all', '--wait', '0');
  expect(queued.code).toBe(0);
  // The closing summary says what is pending and when the first retry (Retry-After: 1) is due.
  const summary = /(\d+) alerts are still queued \(the next is due at ([^;]+); --wait was 0s\)/.exec(queued.stderr);
  expect(summary?.[1]).toBe(String(ALERTS));
  const dueIn = Date.parse(summary![2]!) - Date.now();
  expect(dueIn).toBeGreaterThan(-60_000);
  expect(dueIn).toBeLessThanOrEqual(1_000);
  expect(slack.calls('chat.postMessage')).toHaveLength(CHANNELS.length);
}

const outbox = () => outboxByStatus(bed.workspace);

/** Awaits `work` on fake time: when only a timer can move it on, moves the clock to that timer. */
async function onFakeTime<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => (settled = true));
  while (!settled) {
    if (vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
    else await new Promise((resolve) => setImmediate(resolve));
  }
  return done;
}

it('429 to the first 100 posts: poll --once waits out each Retry-After on a timer, delivers all 24 alerts once and exits 0', async () => {
  await queueAlerts();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() + 2_000 });
  const started = Date.now();
  const stderr = new PassThrough();

  // The bound is generous because the fake clock also jumps to the HTTP client's own timers while
  // a request is in flight; the bound itself is tested in tests/deliver/delivery-loop.test.ts.
  const code = await onFakeTime(runCli(['poll', '--once', '--wait', '600'], { stdout: new PassThrough(), stderr, env: bed.workspace.env, stopSignal: new Promise(() => undefined) }));

  expect(code).toBe(0);
  expect(outbox()).toEqual({ sent: ALERTS });
  // Exactly one post per refusal and one per alert: each 429 was waited out once, never spun on.
  expect(slack.calls('chat.postMessage')).toHaveLength(100 + ALERTS);
  // Each channel holds its six alerts, one message each.
  for (const channel of CHANNELS) expect(slack.messages.get(channel)?.size).toBe(ITEMS);
  // 96 more refusals over four channels are at least 24 one-second waits.
  expect(Date.now() - started).toBeGreaterThanOrEqual(24_000);
});

it('the app delivery loop under the same answers ends within 5 s (fake time) of its stop', async () => {
  await queueAlerts();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() + 2_000 });
  const env = readEnvironment(bed.workspace.env);
  const herald = await Herald.start({ config: await loadConfig(bed.workspace.configPath, bed.workspace.env), env, log: silentLogger(), write: () => undefined });
  const stop = new AbortController();
  try {
    // A loop that would otherwise wait up to ten minutes for retries.
    const delivering = herald.deliver({ waitMs: 600_000, signal: stop.signal });
    let stoppedAt = 0;
    const stopping = slack.waitForCalls('chat.postMessage', 40).then(() => {
      stoppedAt = Date.now();
      stop.abort();
    });
    const report = await onFakeTime(delivering);
    await stopping;

    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(5_000);
    expect(report.retried).toBeGreaterThan(0);
    const rows = outbox();
    expect(rows.pending).toBeGreaterThan(0);
    expect((rows.sent ?? 0) + rows.pending!).toBe(ALERTS);
  } finally {
    await herald.close();
  }
});

it('herald run with SLACK_BOT_TOKEN alone: says /news is off and which token turns it on, posts through 429s, and exits 0 on SIGTERM', async () => {
  await queueAlerts();
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s' }),
    http: { port: 0 },
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    channels: CHANNELS.map((channel) => ({ platform: 'slack', channel })),
    defaults: { maxAlertsPerHour: 1000 },
  });
  const child = spawn(process.execPath, [HERALD_BIN, 'run'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // Posting under 429s: more refusals than the first run's four have come in.
  await Promise.race([slack.waitForCalls('chat.postMessage', CHANNELS.length + 8), once(child, 'exit')]);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];

  expect(code).toBe(0);
  const messages = stderr
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
  expect(messages.filter((msg) => msg.startsWith('Slack post-only mode'))).toEqual([
    'Slack post-only mode: alerts are posted with SLACK_BOT_TOKEN; /news commands are off until you set SLACK_APP_TOKEN (Socket Mode, no public URL needed) or SLACK_SIGNING_SECRET (HTTP events)',
  ]);
  expect(messages.at(-1)).toBe('stopped');
  expect(slack.calls('auth.test')).toEqual([]);
});
