// The operator endpoints of `herald run`: /metrics for Prometheus, /healthz (the process answers)
// and /readyz (every readiness check passes: the store answers a query, platforms are connected).
// Read-only and unauthenticated, as scrape endpoints are, so it listens on loopback unless the
// operator sets http.host to where the scraper reaches.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeraldError, describeError } from '../domain/errors.ts';
import type { Logger } from './logger.ts';
import type { HeraldMetrics } from './metrics.ts';

/** One thing /readyz waits for; `check` rejects (or resolves false) while it is not ready. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface OperatorServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** The interface to listen on (config `http.host`, 127.0.0.1 by default): unauthenticated endpoints stay local unless opened. */
  host: string;
  metrics: HeraldMetrics;
  readiness: ReadinessCheck[];
  log: Logger;
}

export interface OperatorServer {
  readonly port: number;
  /** The address it listens on, as the system reports it. */
  readonly address: string;
  close(): Promise<void>;
}

// A readiness probe that hangs is as bad as one that fails; answer within a probe's timeout.
const CHECK_TIMEOUT_MS = 2_000;

export async function startOperatorServer(options: OperatorServerOptions): Promise<OperatorServer> {
  const server = createServer((req, res) => {
    route(req, options).then(
      ({ status, contentType, body }) => res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => {
        options.log.error({ path: req.url, err: describeError(error) }, 'operator endpoint failed');
        sendText(res, 500, 'internal error\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new HeraldError(
          'config_invalid',
          `Cannot serve metrics on port ${options.port}: ${error.code ?? error.message}; set http.port in the config to a free port`,
          { port: options.port },
          { cause: error },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  options.log.info({ host: options.host, port }, 'serving /metrics, /healthz and /readyz');
  return {
    port,
    address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

async function route(req: IncomingMessage, options: OperatorServerOptions): Promise<Answer> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'only GET is served here\n');
  const path = new URL(req.url ?? '/', 'http://operator.invalid').pathname;
  switch (path) {
    case '/metrics': {
      const { contentType, body } = await options.metrics.expose();
      return { status: 200, contentType, body };
    }
    case '/healthz':
      return text(200, 'ok\n');
    case '/readyz': {
      const results = await Promise.all(options.readiness.map(async ({ name, check }) => ({ name, problem: await runCheck(check) })));
      const failing = results.filter((result) => result.problem !== null);
      for (const { name, problem } of failing) options.log.warn({ check: name, err: problem }, 'not ready');
      const lines = results.map(({ name, problem }) => `${name}: ${problem ?? 'ok'}`).join('\n');
      return text(failing.length === 0 ? 200 : 503, `${lines}\n`);
    }
    default:
      return text(404, 'not found: try /metrics, /healthz or /readyz\n');
  }
}

/** null when ready, else why not. */
async function runCheck(check: () => Promise<boolean>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([check().then((ready) => (ready ? null : 'not ready')), timeout]);
    return outcome;
  } catch (error) {
    return describeError(error);
  } finally {
    clearTimeout(timer);
  }
}

function text(status: number, body: string): Answer {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

function sendText(res: ServerResponse, status: number, body: string): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
