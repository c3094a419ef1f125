// The admin web panel of `herald run`: server-rendered pages on their own port (web.port), behind
// the admin token. hono routes and escapes, @hono/node-server serves it on node:http. A port
// someone else holds is a coded error the caller turns into a warning; the bot keeps running.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { describeError, HeraldError } from '../domain/errors.ts';
import { STYLE_HASH } from './layout.ts';
import { registerAuth, type PanelEnv } from './panel-auth.ts';
import { registerRoutes, type RouteOptions } from './panel-routes.ts';
import { PANEL_SCRIPT } from './panel-script.ts';
import { Sessions } from './sessions.ts';
import { SignInLimit } from './sign-in-limit.ts';

export interface WebPanelOptions extends Omit<RouteOptions, 'now'> {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  /** HERALD_WEB_TOKEN: what sign-in takes. */
  token: string;
  now?: () => number;
}

export interface WebPanel {
  readonly port: number;
  close(): Promise<void>;
}

export function panelApp(options: WebPanelOptions): Hono<PanelEnv> {
  const now = options.now ?? Date.now;
  const app = new Hono<PanelEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [STYLE_HASH],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // A form posted from another site is refused before anything reads it.
  app.use(csrf());
  registerAuth(app, { token: options.token, sessions: new Sessions(now), secret: randomBytes(32).toString('base64'), limit: new SignInLimit(), log: options.log, now });
  app.get('/assets/panel.js', (c) => c.body(PANEL_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  registerRoutes(app, { ...options, now });
  app.notFound((c) => c.text('No such page in the Herald panel; start from the overview at /.\n', 404));
  app.onError((error, c) => {
    // hono's csrf() throws this for a form from another origin.
    if (error instanceof HTTPException && error.status === 403) {
      options.log.warn({ path: c.req.path, origin: c.req.header('origin') ?? null }, 'web panel: form from another site refused');
      return c.text('This form came from another site, so nothing changed; use the panel\'s own pages.\n', 403);
    }
    options.log.error({ path: c.req.path, err: describeError(error) }, 'web panel page failed');
    return c.text('The panel could not do that: see the Herald log for why.\n', 500);
  });
  return app;
}

export async function startWebPanel(options: WebPanelOptions): Promise<WebPanel> {
  const server = createAdaptorServer({ fetch: panelApp(options).fetch, hostname: options.host });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new HeraldError('config_invalid', `Cannot serve the web panel on port ${options.port}: ${error.code ?? error.message}; set web.port in the config to a free port`, { port: options.port }, { cause: error }),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.log.info({ host: options.host, port, url: `http://${options.host}:${port}/` }, 'serving the web panel');
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
