// `herald demo`: a newcomer sees alerts within seconds with no network and no set-up. Serves
// the example feeds from 127.0.0.1, runs the real bot against them with a throw-away SQLite
// file, and publishes one new item per cycle (including a second outlet's copy of a story,
// which updates the earlier alert instead of posting again).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Herald } from '../app.ts';
import type { CliContext } from '../cli/context.ts';
import { configSchema, type HeraldConfig } from '../config/schema.ts';
import { DEMO_FEEDS, INITIAL_ITEMS, LATER_ITEMS, renderRss, type DemoItem } from './demo-feeds.ts';
import { NEXT_STEPS, describeChannels } from './demo-guide.ts';

export interface DemoOptions {
  /** Stop after this many cycles; undefined runs until the stop signal. */
  cycles?: number;
  /** Pause between cycles. */
  everyMs?: number;
}

export async function runDemo(ctx: CliContext, options: DemoOptions): Promise<void> {
  const published: DemoItem[] = [...INITIAL_ITEMS];
  const server = await serveFeeds(() => published);
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-demo-'));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = demoConfig(origin, join(dataDir, 'demo.db'));
  const herald = await Herald.start({
    config,
    env: { ...ctx.env, databaseUrl: null },
    log: ctx.log,
    write: ctx.write,
  });
  ctx.write(`Herald demo: serving example feeds at ${origin}; alerts for two console channels follow. Ctrl-C stops.\n${describeChannels(config)}\n`);
  let stopped = false;
  void ctx.io.stopSignal.then(() => {
    stopped = true;
  });
  try {
    const queue = [...LATER_ITEMS];
    for (let cycle = 1; !stopped; cycle += 1) {
      await herald.poll({ all: true });
      await herald.deliver();
      if (options.cycles !== undefined && cycle >= options.cycles) break;
      const next = queue.shift();
      if (next) published.push(next);
      await Promise.race([delay(options.everyMs ?? 3_000), ctx.io.stopSignal]);
    }
    ctx.write(NEXT_STEPS);
  } finally {
    await herald.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function demoConfig(origin: string, databasePath: string): HeraldConfig {
  return configSchema.parse({
    storage: { path: databasePath },
    // The demo feeds live on this machine's loopback address and on a port picked at start, both of
    // which the fetch guard refuses by default: allow exactly that address range and that port.
    fetch: { allowPrivateAddresses: true, allowedPorts: [Number(new URL(origin).port)] },
    defaults: { interval: '1m', backfill: 3 },
    topics: { 'north-korea': '"north korea" OR pyongyang OR "kim jong un" OR dprk' },
    feeds: Object.entries(DEMO_FEEDS).map(([id, feed]) => ({ id, url: `${origin}${feed.path}`, name: feed.name })),
    channels: [
      { platform: 'console', channel: 'korea-desk', topics: ['north-korea'] },
      { platform: 'console', channel: 'launches', query: 'satellite OR missile*' },
    ],
  });
}

async function serveFeeds(items: () => DemoItem[]): Promise<Server> {
  const started = Date.now();
  const server = createServer((request, response) => {
    const entry = Object.entries(DEMO_FEEDS).find(([, feed]) => feed.path === request.url);
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    const body = renderRss(entry[0] as keyof typeof DEMO_FEEDS, items(), started);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
