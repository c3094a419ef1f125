// Time to the first alert of `poll --once` (Herald.poll({ all: true }), then deliver) with 8 stalled feed
// servers among 40 good ones, for Herald's code at a root directory (this worktree, or a baseline
// checkout of main), with that code's default fetch settings:
//   npx tsx bench/feeds/first-alert.ts <root> [runs] [spread|one-host]
// spread: the 8 stalled feeds are on 8 hosts; one-host: all 8 on one host. Each feed has its own
// loopback address (127.0.0.N), so host limits see 48 hosts (or 41). Stalled feeds come first in
// claim order, the worst case.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as AppModule from '../../src/app.ts';
import type * as EnvModule from '../../src/config/env.ts';
import type * as SchemaModule from '../../src/config/schema.ts';
import type * as LoggerModule from '../../src/observability/logger.ts';

const root = resolve(process.argv[2] ?? '.');
const runs = Number(process.argv[3] ?? 3);
const scenario = process.argv[4] === 'one-host' ? 'one-host' : 'spread';

const imported = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
// Typed as this checkout's modules; the baseline's have the same surface here.
const { Herald } = await imported<typeof AppModule>('src/app.ts');
const { configSchema } = await imported<typeof SchemaModule>('src/config/schema.ts');
const { readEnvironment } = await imported<typeof EnvModule>('src/config/env.ts');
const { silentLogger } = await imported<typeof LoggerModule>('src/observability/logger.ts');

const WORDS = ('harbour ferry bridge council orchard festival museum library tram canal reservoir lighthouse market stadium ' +
  'hospital school airport railway quarry forest glacier vineyard bakery brewery theatre gallery observatory garden ' +
  'parliament election budget strike flood drought wildfire earthquake satellite rocket telescope vaccine trial verdict').split(' ');

/** One item per feed, each on its own words, so no two are taken for the same story. */
function feed(n: number): string {
  const words = Array.from({ length: 6 }, (_, k) => WORDS[(n * 6 + k) % WORDS.length]!);
  const title = `${words.slice(0, 3).join(' ')} ${n}`;
  const lead = `${words.slice(3).join(' ')} ${n} ${words[0]!}`;
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Good ${n}</title><link>https://good-${n}.test/</link><item><title>${title}</title><link>https://good-${n}.test/story-${n}</link><guid>https://good-${n}.test/story-${n}</guid><description>${lead}</description></item></channel></rss>`;
}

async function listen(host: string, stalled: boolean, body: string): Promise<Server> {
  const server = createServer((_request, response) => {
    if (!stalled) response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  return server;
}

async function run(): Promise<{ firstAlert: number; cycle: number; alerts: number }> {
  const servers: Server[] = [];
  const feeds: { id: string; url: string }[] = [];
  for (let i = 0; i < 8; i += 1) {
    const host = scenario === 'spread' ? `127.0.0.${101 + i}` : '127.0.0.100';
    const server = scenario === 'spread' || i === 0 ? await listen(host, true, '') : servers[0]!;
    if (scenario === 'spread' || i === 0) servers.push(server);
    feeds.push({ id: `a-stalled-${i}`, url: `http://${host}:${(server.address() as AddressInfo).port}/feed-${i}.xml` });
  }
  for (let i = 0; i < 40; i += 1) {
    const host = `127.0.0.${1 + i}`;
    const server = await listen(host, false, feed(i));
    servers.push(server);
    feeds.push({ id: `b-good-${i}`, url: `http://${host}:${(server.address() as AddressInfo).port}/feed.xml` });
  }
  const dir = mkdtempSync(join(tmpdir(), 'herald-i15-first-alert-'));
  const config = configSchema.parse({
    storage: { path: join(dir, 'herald.db') },
    fetch: { allowPrivateAddresses: true, allowedPorts: feeds.map((feed) => Number(new URL(feed.url).port)) },
    defaults: { backfill: 1 },
    feeds,
    channels: [{ platform: 'console', channel: 'everything' }],
  });
  let started = 0;
  let firstAlert = Number.NaN;
  let alerts = 0;
  const herald = await Herald.start({
    config,
    env: readEnvironment({}),
    log: silentLogger(),
    json: true,
    write: () => {
      alerts += 1;
      if (Number.isNaN(firstAlert)) firstAlert = performance.now() - started;
    },
  });
  started = performance.now();
  await herald.poll({ all: true });
  await herald.deliver();
  const cycle = performance.now() - started;
  await herald.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return { firstAlert, cycle, alerts };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results = [];
for (let i = 0; i < runs; i += 1) results.push(await run());
console.log(
  `${root} (${scenario}): first alert ${(median(results.map((r) => r.firstAlert)) / 1000).toFixed(2)} s, whole poll --once ${(median(results.map((r) => r.cycle)) / 1000).toFixed(2)} s` +
    ` (median of ${runs}; first-alert runs ${results.map((r) => (r.firstAlert / 1000).toFixed(2)).join(' / ')} s; alerts ${results.map((r) => r.alerts).join('/')})`,
);
process.exit(0);
