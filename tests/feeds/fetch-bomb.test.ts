// A 1 GiB gzip bomb, generated as a stream while it is served (never built in memory), must stop
// at the decompressed size cap. Its own file, so this worker's peak RSS belongs to this test.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { fetchFeed } from '../../src/feeds/fetch.ts';
import { startFeedServer } from '../fakes/feed-server.ts';
import type { FeedServer } from '../fakes/feed-server.ts';

const GIB = 1024 ** 3;
const CHUNK = Buffer.alloc(1024 * 1024);

function zeros(total: number): Readable {
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += CHUNK.length) yield CHUNK;
    })(),
  );
}

let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

it('stops a 1 GiB gzip bomb at the cap with bounded memory', async () => {
  server.route('/bomb.xml', {
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      // The client hangs up at its cap, which ends this pipeline with a write error.
      pipeline(zeros(GIB), createGzip(), res).catch(() => undefined);
    },
  });
  const peakBeforeKiB = process.resourceUsage().maxRSS;

  const error = await fetchFeed(server.url('/bomb.xml'), { etag: null, lastModified: null }, {
    timeoutMs: 60_000,
    maxBytes: 5 * 1024 * 1024,
    maxRedirects: 0,
    allowPrivateAddresses: true,
    allowedPorts: [server.port],
    userAgent: 'HeraldTest/1',
  }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(HeraldError);
  expect((error as HeraldError).code).toBe('fetch_too_large');
  // Holding the bomb would need over 1 GiB; decompressing under a 5 MiB cap stays far below 256 MiB.
  const growthMiB = (process.resourceUsage().maxRSS - peakBeforeKiB) / 1024;
  expect(growthMiB).toBeLessThan(256);
});
