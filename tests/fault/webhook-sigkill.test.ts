// `herald poll --once` delivering 100 alerts to a webhook receiver on 127.0.0.1 is killed with
// SIGKILL while a post is in flight (the receiver has it and has not answered), restarted,
// killed again, until a run finishes. Every alert must reach the receiver, and a repeat is only
// possible in the documented window (README, Webhooks): the post in flight at a kill, so at most
// one per kill, carrying the same message_id.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HERALD_BIN, useTestBed } from '../integration/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.ts';
import { EMPTY_FEED, headline, numberedFeed } from './helpers.ts';

const ITEMS = 100;

const bed = useTestBed();
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
});

interface Run {
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** `herald poll --once --all` as a child process, killed with SIGKILL when the receiver gets its `killAt`-th post of this run. */
function runUntil(killAt: number): Promise<Run> {
  const child: ChildProcess = spawn(process.execPath, [HERALD_BIN, 'poll', '--once', '--all'], { env: bed.workspace.env, cwd: bed.workspace.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let killed = false;
  let received = 0;
  receiver.answer(() => {
    received += 1;
    if (received !== killAt) return { status: 200 };
    killed = child.kill('SIGKILL');
    return 'hold';
  });
  return new Promise((done) => child.on('close', (code) => done({ killed, code, stderr })));
}

it('killed with SIGKILL mid-post and restarted, it posts all 100 alerts, repeating at most the one in flight per kill', async () => {
  bed.workspace.writeConfig({
    fetch: bed.server.fetchConfig({ timeout: '5s', allowedPorts: [...(bed.server.fetchConfig().allowedPorts as number[]), receiver.port] }),
    feeds: [{ id: 'wire', url: bed.server.url('/wire.xml') }],
    webhooks: { harbour: { url: receiver.url('/hook') } },
    channels: [{ platform: 'webhook', channel: 'harbour', query: 'harbour' }],
    defaults: { maxAlertsPerHour: 1000 },
    // A killed run's reserved alerts wait out this lease; one run at a time needs no more.
    delivery: { lease: '100ms' },
  });
  bed.workspace.env.HERALD_WEBHOOK_SECRET_HARBOUR = 'harbour-secret-0123456789abcdef';
  bed.server.route('/wire.xml', { body: EMPTY_FEED });
  expect((await bed.workspace.run('poll', '--once', '--all')).code).toBe(0);
  bed.server.route('/wire.xml', { body: numberedFeed(0, ITEMS) });

  const killPoints: number[] = [];
  const titles = () => new Set(receiver.posts.map((post) => (JSON.parse(post.body) as { title: string }).title));
  for (let attempt = 0; attempt < 20 && titles().size < ITEMS; attempt += 1) {
    // Three runs are cut short at a random post; the next one is left to finish.
    const killAt = attempt < 3 ? 1 + Math.floor(Math.random() * 30) : Number.POSITIVE_INFINITY;
    const run = await runUntil(killAt);
    if (run.killed) killPoints.push(killAt);
    else expect(run.code, run.stderr).toBe(0);
  }

  const payloads = receiver.posts.map((post) => JSON.parse(post.body) as { event: string; title: string; message_id: string });
  const counts = new Map<string, number>();
  for (const payload of payloads) counts.set(payload.title, (counts.get(payload.title) ?? 0) + 1);
  const repeats = payloads.length - counts.size;
  console.info(`webhook SIGKILL test: ${killPoints.length} kills at posts ${killPoints.join(', ')}; ${repeats} repeated post(s) of ${payloads.length}`);
  expect(killPoints.length).toBeGreaterThan(0);
  expect([...counts.keys()].sort()).toEqual(Array.from({ length: ITEMS }, (_, n) => headline(n)).sort());
  expect(repeats, `kills at posts ${killPoints.join(', ')}`).toBeLessThanOrEqual(killPoints.length);
  // A repeat is the same message: one message_id per title, every post a new alert.
  expect(new Set(payloads.map((payload) => `${payload.title}\n${payload.message_id}`)).size).toBe(counts.size);
  expect(new Set(payloads.map((payload) => payload.event))).toEqual(new Set(['alert']));

  // Nothing is left over for another run.
  const before = receiver.posts.length;
  const last = await runUntil(Number.POSITIVE_INFINITY);
  expect(last.code, last.stderr).toBe(0);
  expect(receiver.posts.length).toBe(before);
}, 90_000);
