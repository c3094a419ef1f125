// A webhook receiver on 127.0.0.1: keeps every POST (path, headers, raw body) and answers with
// what the test sets (200 by default). `answer` can also hold a request unanswered, for a test
// that kills Herald while a post is in flight.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to do with a post: a status (and body) to answer, or 'hold' to leave it unanswered. */
export type Answer = { status: number; body?: string } | 'hold';

export interface WebhookReceiver {
  readonly port: number;
  url(path: string): string;
  readonly posts: ReceivedPost[];
  /** TCP connections opened to it so far (keep-alive reuse shows as fewer than posts). */
  readonly connections: number;
  /** Decides each post's answer from the post and how many came before it. */
  answer(decide: (post: ReceivedPost, index: number) => Answer): void;
  /** Resolves once `count` posts arrived in all. */
  waitForPosts(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const held: ServerResponse[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  let decide: (post: ReceivedPost, index: number) => Answer = () => ({ status: 200 });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const post = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      posts.push(post);
      const answer = decide(post, posts.length - 1);
      if (answer === 'hold') held.push(response);
      else response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? 'ok');
      for (const waiter of waiters.filter((entry) => posts.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    url: (path) => `http://127.0.0.1:${port}${path}`,
    posts,
    answer: (next) => {
      decide = next;
    },
    waitForPosts: (count) => (posts.length >= count ? Promise.resolve() : new Promise((done) => waiters.push({ count, done }))),
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
