// Starts /metrics, /healthz and /readyz for `herald run`. They serve the operator, not the
// channels: a port someone else holds turns them off with a warning naming the ways to move
// them, and the bot goes on polling and delivering.
import { InvalidArgumentError } from 'commander';
import type { Herald } from '../app.ts';
import { describeError } from '../domain/errors.ts';
import type { OperatorServer } from '../observability/http-server.ts';
import type { CliContext } from './context.ts';

/** The port to serve on: --http-port, else HERALD_HTTP_PORT, else http.port in the config. */
export function operatorPort(flag: number | undefined, ctx: CliContext, configPort: number): number {
  return flag ?? ctx.env.httpPort ?? configPort;
}

export async function startOperatorEndpoints(ctx: CliContext, herald: Herald, port: number, host: string): Promise<OperatorServer | null> {
  // node:http loads here, for `herald run`, not for every command that parses --http-port.
  const { startOperatorServer } = await import('../observability/http-server.ts');
  try {
    return await startOperatorServer({ port, host, metrics: await herald.enableMetrics(), readiness: herald.readiness(), log: ctx.log });
  } catch (error) {
    ctx.log.warn(
      { port, err: describeError(error) },
      `/metrics, /healthz and /readyz are off: port ${port} is not available; Herald keeps running. Free the port or pick another with --http-port, HERALD_HTTP_PORT or http.port`,
    );
    return null;
  }
}

/** Reads --http-port: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new InvalidArgumentError(`'${value}' is not a port; give a number from 0 to 65535, like 9465`);
  return port;
}
