// A local feed farm that behaves like the web (issue 20): feeds of 20-200 KB, answer latency
// log-normal with median 160 ms and p95 890 ms (times `latencyScale`, so a bench run fits in
// minutes), 2% of feeds hang (headers never come), 30% gzip their body for a client that asks,
// 10% send an ETag and answer 304 to a matching If-None-Match (the rest send no validators and
// answer 200 with the same bytes until they change). Feeds are spread over `hosts` loopback
// addresses (127.0.1.x, one server each on one port), ten feeds a host by default, so a per-host
// fetch cap works as on the web. Which feed hangs, gzips or validates is fixed by its number.
// Entries are dated from a fixed epoch (a minute apart), or, `fresh`, back from the clock at
// start: each feed's newest entry 2-10 minutes old and its oldest 3 days old, so a first poll
// finds entries inside and outside the dedup window (48 h by default), as a first poll on the web
// does; entries published later are dated when published.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { generatedItem, words } from '../../tests/scale/generated-feeds.ts';

export interface WebFarmOptions {
  feeds: number;
  /** Multiplies every answer's latency; 1 is the web's. */
  latencyScale: number;
  /** Feeds per host. Default 10. */
  feedsPerHost?: number;
  /** Date entries from the fixed `epoch` (default 2026-01-05, entry k k minutes after it), or back from `now()` when `fresh`. */
  epoch?: number;
  fresh?: boolean;
  /** The clock of `fresh` dating. Default Date.now. */
  now?: () => number;
}

// Fresh dating: how far back a feed's entries reach, and its newest entry's age (2-10 minutes).
const FRESH_SPAN_MS = 72 * 3_600_000;
const FRESH_NEWEST_MS = 2 * 60_000;
const FRESH_NEWEST_SPREAD_MS = 8 * 60_000;

// ln(160 ms) and the sigma that puts p95 at 890 ms: ln(890 / 160) / 1.645.
const LATENCY_MU = Math.log(160);
const LATENCY_SIGMA = Math.log(890 / 160) / 1.645;

/** A number in [0, 1) fixed by `seed` (mulberry32 step). */
function unit(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), 1 | t);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

export interface FeedTraits {
  hangs: boolean;
  gzip: boolean;
  validates: boolean;
  /** Entries in one revision of the feed. */
  items: number;
  /** Aimed-at body size in bytes. */
  bytes: number;
}

export function feedTraits(feed: number): FeedTraits {
  return {
    hangs: unit(feed * 7 + 1) < 0.02,
    gzip: unit(feed * 7 + 2) < 0.3,
    validates: unit(feed * 7 + 3) < 0.1,
    items: 10 + Math.floor(unit(feed * 7 + 4) * 61),
    // Log-uniform between 20 and 200 KB.
    bytes: Math.round(20_000 * 10 ** unit(feed * 7 + 5)),
  };
}

interface Cached {
  revision: number;
  body: Buffer;
  gzipped: Buffer | null;
}

export class WebFarm {
  readonly feeds: number;
  readonly traits: FeedTraits[];
  private readonly latencyScale: number;
  private readonly feedsPerHost: number;
  private readonly epoch: number;
  private readonly fresh: { startedAt: number; now: () => number } | null;
  /** Fresh dating: when each entry past a feed's first `items` was published, by feed. */
  private readonly publishedAt = new Map<number, number[]>();
  private readonly revisions: number[];
  private readonly cache = new Map<number, Cached>();
  private readonly servers: Server[] = [];
  private readonly hanging = new Set<ServerResponse>();
  #port = 0;
  #requests = 0;

  constructor(options: WebFarmOptions) {
    this.feeds = options.feeds;
    this.latencyScale = options.latencyScale;
    this.feedsPerHost = options.feedsPerHost ?? 10;
    this.epoch = options.epoch ?? Date.UTC(2026, 0, 5);
    const now = options.now ?? Date.now;
    this.fresh = options.fresh ? { startedAt: now(), now } : null;
    this.revisions = new Array<number>(options.feeds).fill(0);
    this.traits = Array.from({ length: options.feeds }, (_, feed) => feedTraits(feed));
  }

  get port(): number {
    return this.#port;
  }

  async start(): Promise<this> {
    const hosts = Math.ceil(this.feeds / this.feedsPerHost);
    for (let host = 0; host < hosts; host += 1) {
      const server = createServer((req, res) => this.answer(req.url ?? '', req.headers, res));
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: this.#port, host: this.host(host), backlog: 4096 }, resolve);
      });
      if (this.#port === 0) this.#port = (server.address() as AddressInfo).port;
      this.servers.push(server);
    }
    return this;
  }

  url(feed: number): string {
    return `http://${this.host(Math.floor(feed / this.feedsPerHost))}:${this.#port}/feeds/${feed}.xml`;
  }

  /** Publishes `count` more entries on each feed `pick` selects; returns the entries published. */
  publish(pick: (feed: number) => boolean, count = 1): number {
    let published = 0;
    const at = this.fresh?.now() ?? 0;
    for (let feed = 0; feed < this.feeds; feed += 1) {
      if (!pick(feed) || this.traits[feed]!.hangs) continue;
      this.revisions[feed]! += count;
      published += count;
      if (!this.fresh) continue;
      const times = this.publishedAt.get(feed) ?? [];
      times.push(...new Array<number>(count).fill(at));
      this.publishedAt.set(feed, times);
    }
    return published;
  }

  /** Entries a first poll would find now (every non-hanging feed's current entries), or those of them published at or after `since`. */
  entries(since = -Infinity): number {
    if (since === -Infinity) return this.traits.reduce((sum, traits) => sum + (traits.hangs ? 0 : traits.items), 0);
    let entries = 0;
    for (let feed = 0; feed < this.feeds; feed += 1) {
      const { hangs, items } = this.traits[feed]!;
      if (hangs) continue;
      const revision = this.revisions[feed]!;
      for (let k = revision; k < revision + items; k += 1) if (this.dated(feed, k) >= since) entries += 1;
    }
    return entries;
  }

  /** Which dating is in use, for a bench's header. */
  describeDating(): string {
    if (!this.fresh) return `fixed: from ${new Date(this.epoch).toISOString().slice(0, 10)}, a minute apart`;
    const window = 48 * 3_600_000;
    return (
      `fresh: newest entry of a feed 2-10 min old, oldest 3 days, ${this.entries(this.fresh.now() - window)} of ${this.entries()} entries ` +
      `within 48 h (the default dedup.window); entries published later dated when published`
    );
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private host(index: number): string {
    return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
  }

  private answer(path: string, headers: Record<string, string | string[] | undefined>, res: ServerResponse): void {
    const match = /^\/feeds\/(\d+)\.xml$/.exec(path);
    const feed = match ? Number(match[1]) : -1;
    if (feed < 0 || feed >= this.feeds) {
      res.writeHead(404).end();
      return;
    }
    const traits = this.traits[feed]!;
    if (traits.hangs) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    this.#requests += 1;
    // Box-Muller on two fixed-by-count uniforms: a log-normal latency per request.
    const u1 = Math.max(unit(this.#requests * 2), 1e-9);
    const u2 = unit(this.#requests * 2 + 1);
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const delay = Math.exp(LATENCY_MU + LATENCY_SIGMA * normal) * this.latencyScale;
    setTimeout(() => this.respond(feed, traits, headers, res), delay);
  }

  private respond(feed: number, traits: FeedTraits, headers: Record<string, string | string[] | undefined>, res: ServerResponse): void {
    const revision = this.revisions[feed]!;
    const etag = `"${feed}-${revision}"`;
    if (traits.validates && headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const cached = this.body(feed, revision, traits);
    const wantsGzip = traits.gzip && /\bgzip\b/.test(String(headers['accept-encoding'] ?? ''));
    const head: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
    if (traits.validates) head.etag = etag;
    if (wantsGzip) head['content-encoding'] = 'gzip';
    res.writeHead(200, head).end(wantsGzip ? (cached.gzipped ??= gzipSync(cached.body, { level: 6 })) : cached.body);
  }

  private body(feed: number, revision: number, traits: FeedTraits): Cached {
    const cached = this.cache.get(feed);
    if (cached?.revision === revision) return cached;
    const fresh = { revision, body: Buffer.from(webRss(feed, revision, traits, (k) => this.dated(feed, k))), gzipped: null };
    this.cache.set(feed, fresh);
    return fresh;
  }

  /** When entry `k` of `feed` was published. */
  private dated(feed: number, k: number): number {
    if (!this.fresh) return generatedItem(feed, k, this.epoch).publishedAt;
    const items = this.traits[feed]!.items;
    if (k >= items) return this.publishedAt.get(feed)![k - items]!;
    const newestAge = FRESH_NEWEST_MS + unit(feed * 7 + 6) * FRESH_NEWEST_SPREAD_MS;
    return this.fresh.startedAt - newestAge - ((items - 1 - k) * (FRESH_SPAN_MS - newestAge)) / (items - 1);
  }
}

/** Feed n at `revision`: its newest `traits.items` entries, each with an HTML body sized so the feed weighs about `traits.bytes`. */
export function webRss(feed: number, revision: number, traits: FeedTraits, publishedAt: (k: number) => number): string {
  const perItem = Math.max(200, Math.floor(traits.bytes / traits.items) - 400);
  const entries: string[] = [];
  for (let k = traits.items + revision - 1; k >= revision; k -= 1) {
    const item = generatedItem(feed, k, 0);
    const paragraphs: string[] = [];
    for (let p = 0, length = 0; length < perItem; p += 1) {
      const paragraph = `<p>${words(feed * 1_000_003 + k * 31 + p, 40)}. <a href="${item.link}#p${p}">more</a></p>`;
      paragraphs.push(paragraph);
      length += paragraph.length;
    }
    entries.push(
      `<item><guid isPermaLink="false">${item.guid}</guid><title>${item.title}</title><link>${item.link}</link>` +
        `<description><![CDATA[${paragraphs.join('')}]]></description><pubDate>${new Date(publishedAt(k)).toUTCString()}</pubDate></item>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>District ${feed} bulletin</title>` +
    `<link>https://local-news.example/${feed}/</link><description>Web-like feed ${feed}</description>${entries.join('')}</channel></rss>`
  );
}
