// `/news` on Slack: a Bolt app that hands the command's text to the platform-neutral command
// core and answers with its reply. Socket Mode when SLACK_APP_TOKEN is set (no public URL
// needed); otherwise Bolt's HTTP receiver with request signing, behind a guard that answers
// unsigned, stale or oversized requests from their headers (request-guard.ts) and a server with
// short header and request timeouts and a connection cap. Only `herald run` starts it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type SlashCommand } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import {
  COMMAND_PREFIX,
  handleCommandText,
  isConfigAdmin,
  type Actor,
  type CommandContext,
  type CommandReply,
  errorReply,
} from '../../commands/index.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import { HeraldError, describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { renderCommandReply } from './command-reply.ts';
import { requestRefusal } from './request-guard.ts';
import { slackPlatformError } from './slack-errors.ts';
import { slackLogger } from './slack-logger.ts';
import type { SlackSettings } from './settings.ts';
import { SocketConnection, type ReconnectWait } from './socket-connection.ts';
import { slackClientOptions, type SlackClientSettings } from './web-client.ts';
import { WorkspaceAdmins } from './workspace-admins.ts';

export interface SlackCommandOptions {
  slack: SlackSettings;
  /** The HTTP receiver's port (config slack.port); 0 picks a free one. Unused in Socket Mode. */
  port: number;
  /** The HTTP receiver's address; every interface when unset. */
  host?: string;
  /** Read per command, so a config reload applies to the next one (admins, limits). */
  config: () => HeraldConfig;
  /** The process's command context factory (commandContexts), shared with other platforms. */
  context: (actor: Actor) => CommandContext;
  log: Logger;
  now?: () => number;
  clientSettings?: SlackClientSettings;
  /** Overrides of the HTTP server's limits (tests shorten them); HTTP_LIMITS otherwise. */
  httpLimits?: Partial<HttpLimits>;
  /** How Socket Mode waits between reconnect attempts; real timers unless a test passes its own. */
  reconnectWait?: ReconnectWait;
}

export interface HttpLimits {
  /** Time for a client to send its request headers. */
  headersTimeoutMs: number;
  /** Time for a client to send its whole request; Slack sends a command in well under a second. */
  requestTimeoutMs: number;
  /** Connections open at once; Slack needs a handful, an attacker wants thousands. */
  maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, maxConnections: 64 };

const FAILED = `Herald could not run that command because of an error on its side; it is in Herald's log. Try again, or ${COMMAND_PREFIX} help.`;

interface BotIdentity {
  botId: string;
  botUserId: string;
}

export class SlackCommandReceiver {
  private readonly now: () => number;
  private readonly botToken: string;
  private socket: SocketConnection | null = null;
  private server: Server | null = null;

  constructor(private readonly options: SlackCommandOptions) {
    const { botToken, appToken, signingSecret } = options.slack;
    if (botToken === null || (appToken === null && signingSecret === null)) {
      throw new HeraldError('config_invalid', 'Slack commands need SLACK_BOT_TOKEN and either SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP); see the README section "Slack"');
    }
    this.botToken = botToken;
    this.now = options.now ?? Date.now;
  }

  /**
   * Checks the bot token (auth.test), then connects (Socket Mode) or listens (HTTP). Returns
   * the HTTP port, or null in Socket Mode. Throws PlatformError when Slack refuses the token.
   */
  async start(): Promise<number | null> {
    const { appToken, signingSecret, apiUrl } = this.options.slack;
    const clientOptions = slackClientOptions(apiUrl, this.options.log, this.options.clientSettings);
    const identity = await this.identify(clientOptions);
    const logger = slackLogger(this.options.log);
    // With the bot's ids given, Bolt skips its own auth.test: its failure would be an unhandled rejection.
    const common = { token: this.botToken, ...identity, logger, clientOptions };
    if (appToken !== null) {
      const socket = new SocketConnection({ appToken, clientOptions, logger, log: this.options.log, wait: this.options.reconnectWait });
      this.withCommand(new App({ ...common, receiver: socket.receiver }));
      await socket.start();
      this.socket = socket;
      this.options.log.info({ platform: 'slack', mode: 'socket' }, `Slack ${COMMAND_PREFIX} commands connected over Socket Mode`);
      return null;
    }
    const receiver = new HTTPReceiver({ signingSecret: signingSecret ?? '', logger });
    this.withCommand(new App({ ...common, receiver }));
    const limits = { ...HTTP_LIMITS, ...this.options.httpLimits };
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        // Node checks the two timeouts above this often (30 s by default, which would triple them).
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
        keepAliveTimeout: 5_000,
      },
      (req, res) => this.serve(receiver, req, res),
    );
    server.maxConnections = limits.maxConnections;
    server.listen(this.options.port, this.options.host);
    await once(server, 'listening');
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.options.log.info({ platform: 'slack', mode: 'http', port }, `Slack ${COMMAND_PREFIX} commands listening on /slack/events`);
    return port;
  }

  async stop(): Promise<void> {
    const { socket, server } = this;
    this.socket = null;
    this.server = null;
    if (server !== null) {
      server.closeIdleConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }
    await socket?.stop();
  }

  private serve(receiver: HTTPReceiver, req: IncomingMessage, res: ServerResponse): void {
    const refusal = requestRefusal(req, this.now());
    if (refusal !== null) {
      this.options.log.warn({ platform: 'slack', status: refusal.status, reason: refusal.reason }, 'refused a Slack request before reading its body');
      // The unread body is not drained: the connection closes with the answer.
      res.writeHead(refusal.status, { connection: 'close' }).end(() => req.socket.destroy());
      return;
    }
    try {
      receiver.requestListener(req, res);
    } catch {
      // Bolt throws for paths it does not serve.
      res.writeHead(404).end();
    }
  }

  private async identify(clientOptions: WebClientOptions): Promise<BotIdentity> {
    try {
      const auth = await new WebClient(this.botToken, clientOptions).auth.test();
      return { botId: auth.bot_id ?? '', botUserId: auth.user_id ?? '' };
    } catch (error) {
      throw slackPlatformError(error, { method: 'auth.test' });
    }
  }

  private withCommand(app: App): void {
    const admins = new WorkspaceAdmins(async (user) => (await app.client.users.info({ user })).user, this.options.log, this.now);
    app.command(COMMAND_PREFIX, async ({ command, ack, respond }) => {
      await ack();
      await respond(renderCommandReply(await this.run(command, admins)));
    });
    app.error(async (error) => {
      this.options.log.error({ platform: 'slack', err: describeError(error) }, 'Slack command failed');
    });
  }

  private async run(command: SlashCommand, admins: WorkspaceAdmins): Promise<CommandReply> {
    const config = this.options.config();
    const context = this.options.context({
      platform: 'slack',
      workspace: command.team_id,
      channel: command.channel_id,
      userId: command.user_id,
      isAdmin: isConfigAdmin(config, 'slack', command.user_id) || (await admins.isAdmin(command.user_id)),
    });
    try {
      return await handleCommandText(command.text, context);
    } catch (error) {
      this.options.log.error({ platform: 'slack', channel: command.channel_id, err: describeError(error) }, 'Slack command failed');
      return errorReply(FAILED);
    }
  }
}
