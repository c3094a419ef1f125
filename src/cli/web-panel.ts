// Starts the admin web panel for `herald run` when the config sets web.port. Like the operator
// endpoints, it serves people, not the channels: without HERALD_WEB_TOKEN, or on a port someone
// else holds, it stays off with a warning naming the fix, and the bot goes on.
import type { Actor, CommandContext } from '../commands/index.ts';
import type { HeraldConfig } from '../config/schema.ts';
import { describeError } from '../domain/errors.ts';
import type { Store } from '../store/store.ts';
import type { WebPanel } from '../web/panel-server.ts';
import type { CliContext } from './context.ts';

export interface PanelWiring {
  store: Store;
  config: () => HeraldConfig;
  contexts: (actor: Actor) => CommandContext;
  pollSoon: () => void;
  deliverSoon: () => void;
}

export async function startPanel(ctx: CliContext, web: HeraldConfig['web'], wiring: PanelWiring): Promise<WebPanel | null> {
  if (web.port === undefined) return null;
  const token = ctx.env.webToken;
  if (token === null) {
    ctx.log.warn({ port: web.port }, 'the web panel is off: web.port is set but HERALD_WEB_TOKEN is not; set it (or HERALD_WEB_TOKEN_FILE) to the admin token, e.g. from: openssl rand -hex 32');
    return null;
  }
  // hono and its node adapter load only for a bot that serves the panel.
  const { startWebPanel } = await import('../web/panel-server.ts');
  try {
    return await startWebPanel({ ...wiring, port: web.port, host: web.host, token, log: ctx.log });
  } catch (error) {
    ctx.log.warn({ port: web.port, err: describeError(error) }, `the web panel is off: port ${web.port} is not available; Herald keeps running. Free the port or set web.port to another`);
    return null;
  }
}
