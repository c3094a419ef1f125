// A local HTTP feed server for tests: it listens on 127.0.0.1 on a random port, serves the routes
// a test declares, records every request, and can misbehave on purpose (hang, reset, drip, send
// forever). Tests fetch from it with the config's fetch section from `server.fetchConfig()`, which
// allows loopback addresses and this server's port (the port allow-list always applies).
//
//   const server = await startFeedServer();
//   server.route('/world.xml', { body: xml });          // 200 + ETag; 304 on a matching If-None-Match
//   server.route('/old', { redirect: '/world.xml' });  // 302
//   server.route('/slow', { fault: 'hang' });
//   ... fetch server.url('/world.xml') ...
//   expect(server.requests('/world.xml')).toHaveLength(2);
//   await server.close();
//
// fakeResolver() stands in for DNS, so a test can give the server host names (`feeds.test`)
// and exercise the SSRF guard's connect-time check without any real lookup.
import { createHash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { AddressInfo, LookupFunction } from 'node:net';
import { gzipSync } from 'node:zlib';

export type FeedRoute =
  | {
      body: string | Buffer;
      /** Default `application/rss+xml; charset=utf-8`. */
      contentType?: string;
      /** Default 200. */
      status?: number;
      /** Extra response headers, set last (they can override the ones above). */
      headers?: Record<string, string>;
      /** Default: a strong ETag of the body, answered with 304 on a matching If-None-Match. false: no ETag. */
      etag?: string | false;
      /** Sent as Last-Modified; a request whose If-Modified-Since is not earlier gets 304. */
      lastModified?: string;
      /** Send the body gzip-compressed with Content-Encoding: gzip. */
      gzip?: boolean;
    }
  | {
      /**
       * hang: accept the request and never answer. reset: destroy the connection at once.
       * drip: send 200 headers, then one byte every 20 ms forever. endless: send 64 KiB chunks
       * for as long as the client reads.
       */
      fault: 'hang' | 'reset' | 'drip' | 'endless';
    }
  | { redirect: string; /** Default 302. */ status?: number }
  | { handler: (req: IncomingMessage, res: ServerResponse) => void };

export interface RecordedRequest {
  /** The request target as sent, query included. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FeedServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** An absolute URL on this server. */
  url(path: string): string;
  /**
   * The config's `fetch` section for reaching this server: loopback allowed and this server's
   * port added to the default allowedPorts (the port allow-list applies even to private targets).
   */
  fetchConfig(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Declares (or replaces) what a path answers; unknown paths answer 404. */
  route(path: string, response: FeedRoute): void;
  /** Requests received so far, oldest first; only those for `path` (query ignored) when given. */
  requests(path?: string): RecordedRequest[];
  /** Resolves once `path` has received at least `count` requests in all (already, or later). */
  waitForRequests(path: string, count: number): Promise<void>;
  /** Stops the server and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

const DRIP_INTERVAL_MS = 20;
const ENDLESS_CHUNK = Buffer.alloc(64 * 1024, 'x');

function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function notModifiedSince(ifModifiedSince: string, lastModified: string): boolean {
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

function serveBody(route: Extract<FeedRoute, { body: unknown }>, req: IncomingMessage, res: ServerResponse): void {
  const etag = route.etag === false ? null : (route.etag ?? strongEtag(route.body));
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  // RFC 9110: If-None-Match, when present, decides alone.
  const fresh =
    ifNoneMatch !== undefined
      ? etag !== null && matchesEtag(ifNoneMatch, etag)
      : ifModifiedSince !== undefined && route.lastModified !== undefined && notModifiedSince(ifModifiedSince, route.lastModified);
  if (etag !== null) res.setHeader('etag', etag);
  if (route.lastModified !== undefined) res.setHeader('last-modified', route.lastModified);
  if (fresh && (route.status ?? 200) === 200) {
    res.writeHead(304).end();
    return;
  }
  res.statusCode = route.status ?? 200;
  res.setHeader('content-type', route.contentType ?? 'application/rss+xml; charset=utf-8');
  let body = route.body;
  if (route.gzip) {
    body = gzipSync(body);
    res.setHeader('content-encoding', 'gzip');
  }
  for (const [name, value] of Object.entries(route.headers ?? {})) res.setHeader(name, value);
  res.end(body);
}

function serveFault(fault: Extract<FeedRoute, { fault: unknown }>['fault'], req: IncomingMessage, res: ServerResponse): void {
  switch (fault) {
    case 'hang':
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), DRIP_INTERVAL_MS);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'endless': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const pump = (): void => {
        while (!res.destroyed && res.write(ENDLESS_CHUNK));
      };
      res.on('drain', pump);
      pump();
      return;
    }
  }
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const recorded: RecordedRequest[] = [];
  const arrivals = new EventEmitter();

  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    recorded.push({ path: target, headers: { ...req.headers } });
    arrivals.emit('request');
    const route = routes.get(new URL(target, 'http://feed-server.invalid').pathname);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${target}`);
    } else if ('body' in route) {
      serveBody(route, req, res);
    } else if ('fault' in route) {
      serveFault(route.fault, req, res);
    } else if ('redirect' in route) {
      res.writeHead(route.status ?? 302, { location: route.redirect }).end();
    } else {
      route.handler(req, res);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const requests = (path?: string): RecordedRequest[] =>
    path === undefined ? [...recorded] : recorded.filter((request) => new URL(request.path, origin).pathname === path);

  return {
    origin,
    port,
    url: (path) => new URL(path, origin).href,
    fetchConfig: (extra = {}) => ({ allowPrivateAddresses: true, allowedPorts: [80, 443, 8080, 8443, port], ...extra }),
    route: (path, response) => {
      routes.set(path, response);
    },
    requests,
    waitForRequests: async (path, count) => {
      while (requests(path).length < count) await once(arrivals, 'request');
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A resolver answering from a table (host name -> addresses) in both callback shapes Node uses;
 * unknown names fail with ENOTFOUND like DNS. Pass it as fetchFeed's `lookup` option.
 */
export function fakeResolver(table: Record<string, string[]>): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    const answers = (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const first = answers[0];
    if (first === undefined) callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    else if (options.all) callback(null, answers);
    else callback(null, first.address, first.family);
  }) as LookupFunction;
}
