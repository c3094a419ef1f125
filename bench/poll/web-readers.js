// The two baselines of bench/poll/web.ts, each run as a process of its own so its CPU and peak
// RSS are measured like Herald's:
//   floor:  concurrent GETs of every URL (undici, keep-alive, gzip asked for and decoded, bodies
//           read, conditional with the ETags of the previous floor run kept in --etags): what any
//           poller must pay;
//   reader: a plain feed reader, rss-parser's parseURL under p-limit, items kept in memory.
// Plain JavaScript, so neither pays a TypeScript loader's start-up: only node's own.
//   node bench/poll/web-readers.js floor|reader|none --urls FILE --concurrency 8 --timeout-ms 5000 [--etags FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import Parser from 'rss-parser';
import { Agent, request } from 'undici';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    urls: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'timeout-ms': { type: 'string', default: '5000' },
    etags: { type: 'string' },
  },
});
const urls = JSON.parse(readFileSync(values.urls, 'utf8'));
const limit = pLimit(Number(values.concurrency));
const timeout = Number(values['timeout-ms']);
let failed = 0;
let items = 0;

if (positionals[0] === 'floor') {
  const etags = new Map(values.etags && existsSync(values.etags) ? JSON.parse(readFileSync(values.etags, 'utf8')) : []);
  const agent = new Agent({ connections: Number(values.concurrency), headersTimeout: timeout, bodyTimeout: timeout });
  await Promise.all(
    urls.map((url) =>
      limit(async () => {
        try {
          const etag = etags.get(url);
          const headers = { 'accept-encoding': 'gzip' };
          if (etag) headers['if-none-match'] = etag;
          const response = await request(url, { dispatcher: agent, headers });
          const body = Buffer.from(await response.body.arrayBuffer());
          if (response.headers['content-encoding'] === 'gzip') gunzipSync(body);
          if (typeof response.headers.etag === 'string') etags.set(url, response.headers.etag);
        } catch {
          failed += 1;
        }
      }),
    ),
  );
  await agent.close();
  if (values.etags) writeFileSync(values.etags, JSON.stringify([...etags]));
} else if (positionals[0] === 'reader') {
  const parser = new Parser({ timeout });
  const feeds = await Promise.all(
    urls.map((url) =>
      limit(async () => {
        try {
          return await parser.parseURL(url);
        } catch {
          failed += 1;
          return null;
        }
      }),
    ),
  );
  items = feeds.reduce((sum, feed) => sum + (feed?.items.length ?? 0), 0);
} else {
  throw new Error(`web-readers: say floor or reader, not '${positionals[0] ?? ''}'`);
}
console.log(JSON.stringify({ feeds: urls.length, failed, items }));
// Hanging sockets of the farm would keep the process up; the work is done.
process.exit(0);
