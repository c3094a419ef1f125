// `/news` on Slack: a Bolt app that hands the command's text to the platform-neutral command
// core and answers with its reply. Socket Mode when SLACK_APP_TOKEN is set (no public URL
// needed); otherwise Bolt's HTTP receiver with request signing, behind a check that also
// refuses timestamps from the future. Only `herald run` starts it.
import { createServer, type Server } from 'node:http';
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
import type { HeraldEnv } from '../../config/env.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import { HeraldError, describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { renderCommandReply } from './command-reply.ts';
import { timestampProblem } from './request-freshness.ts';
import { slackPlatformError } from './slack-errors.ts';
import { slackLogger } from './slack-logger.ts';
import { SocketConnection } from './socket-connection.ts';
import { slackClientOptions, type SlackClientSettings } from './web-client.ts';
import { WorkspaceAdmins } from './workspace-admins.ts';

export interface SlackCommandOptions {
  slack: HeraldEnv['slack'];
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
}

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
      const socket = new SocketConnection({ appToken, clientOptions, logger, log: this.options.log });
      this.withCommand(new App({ ...common, receiver: socket.receiver }));
      await socket.start();
      this.socket = socket;
      this.options.log.info({ platform: 'slack', mode: 'socket' }, `Slack ${COMMAND_PREFIX} commands connected over Socket Mode`);
      return null;
    }
    const receiver = new HTTPReceiver({ signingSecret: signingSecret ?? '', logger });
    this.withCommand(new App({ ...common, receiver }));
    const server = createServer((req, res) => {
      const problem = timestampProblem(req, this.now());
      if (problem !== null) {
        this.options.log.warn({ platform: 'slack', reason: problem }, 'refused a Slack request');
        res.writeHead(401).end();
        return;
      }
      try {
        receiver.requestListener(req, res);
      } catch {
        // Bolt throws for paths it does not serve.
        res.writeHead(404).end();
      }
    });
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
