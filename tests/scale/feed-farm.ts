// A local server for many generated feeds (scale tests and bench/poll): /feeds/N.xml answers
// feed N at its current revision with a strong ETag, and 304 to a matching If-None-Match, the
// way a well-behaved news site does. It counts requests per feed and tells listeners about each
// one, so a test can wait on traffic instead of on time.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatedRss } from './generated-feeds.ts';

export interface FeedFarmOptions {
  feeds: number;
  /** Entries per feed. Default 20. */
  items?: number;
  /** Item dates start here, so runs are reproducible. */
  epoch?: number;
}

export class FeedFarm extends EventEmitter<{ request: [feed: number, status: number] }> {
  readonly feeds: number;
  private readonly items: number;
  private readonly epoch: number;
  private readonly revisions: number[];
  private readonly counts: number[];
  private readonly cache = new Map<number, { revision: number; body: string }>();
  private readonly server = createServer((req, res) => {
    const match = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
    const feed = match ? Number(match[1]) : -1;
    if (feed < 0 || feed >= this.feeds) {
      res.writeHead(404).end();
      return;
    }
    this.counts[feed]! += 1;
    const revision = this.revisions[feed]!;
    const etag = `"${feed}-${revision}"`;
    const status = req.headers['if-none-match'] === etag ? 304 : 200;
    if (status === 304) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(this.body(feed, revision));
    this.emit('request', feed, status);
  });
  #origin = '';

  constructor(options: FeedFarmOptions) {
    super();
    this.feeds = options.feeds;
    this.items = options.items ?? 20;
    this.epoch = options.epoch ?? Date.UTC(2026, 0, 5);
    this.revisions = new Array<number>(options.feeds).fill(0);
    this.counts = new Array<number>(options.feeds).fill(0);
  }

  async start(): Promise<this> {
    // Many clients keep many connections open; the default backlog would refuse some at 10k feeds.
    await new Promise<void>((resolve) => this.server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
    this.#origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(feed: number): string {
    return `${this.#origin}/feeds/${feed}.xml`;
  }

  /** Publishes one more entry on each feed `pick` selects. */
  publish(pick: (feed: number) => boolean = () => true): void {
    for (let feed = 0; feed < this.feeds; feed += 1) if (pick(feed)) this.revisions[feed]! += 1;
  }

  /** Requests for feed N so far, or for all feeds. */
  requests(feed?: number): number {
    return feed === undefined ? this.counts.reduce((sum, count) => sum + count, 0) : this.counts[feed]!;
  }

  /** A copy of the per-feed request counts. */
  snapshot(): number[] {
    return [...this.counts];
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private body(feed: number, revision: number): string {
    const cached = this.cache.get(feed);
    if (cached?.revision === revision) return cached.body;
    const body = generatedRss(feed, { items: this.items, revision, epoch: this.epoch });
    this.cache.set(feed, { revision, body });
    return body;
  }
}
