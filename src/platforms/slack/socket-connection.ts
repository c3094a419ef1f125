// Socket Mode's WebSocket, kept open by Herald instead of the SDK. The SDK's own reconnect
// gives up for good (an unhandled rejection, no further attempt) when apps.connections.open
// fails in transport or with a 5xx after the client's few retries, so a short network outage
// during a reconnect left /news dead until a restart; and while the first connection kept
// failing its start() never settled, which held `herald run` (its lease, then its shutdown).
// Here start() fails fast, as HTTP mode does, and a connection that drops after it (Slack's
// periodic refresh, a missed ping, the network) is reopened with capped backoff until stop().
import { setTimeout as sleep } from 'node:timers/promises';
import { SocketModeReceiver } from '@slack/bolt';
import type { Logger as SlackLogger, WebClientOptions } from '@slack/web-api';
import { backoffDelay } from '../../deliver/backoff.ts';
import { describeError } from '../../domain/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { socketModeStartError } from './slack-errors.ts';

const RECONNECT_BACKOFF = { baseMs: 1_000, maxMs: 60_000 };

/** The wait before reconnect attempt `attempt` (0 first): none, then 1s doubling up to a minute. */
function reconnectDelayMs(attempt: number): number {
  return attempt === 0 ? 0 : backoffDelay(attempt - 1, RECONNECT_BACKOFF);
}

/** Lets `ms` pass; rejects once `signal` aborts. Tests pass one that lets no real time pass. */
export type ReconnectWait = (ms: number, signal: AbortSignal) => Promise<void>;

const realWait: ReconnectWait = async (ms, signal) => {
  await sleep(ms, undefined, { signal });
};

export interface SocketConnectionOptions {
  appToken: string;
  clientOptions: WebClientOptions;
  logger: SlackLogger;
  log: Logger;
  wait?: ReconnectWait;
}

export class SocketConnection {
  /** Bolt's receiver for this connection, to hand to the App. */
  readonly receiver: SocketModeReceiver;
  private readonly stopping = new AbortController();
  private reconnecting: Promise<void> | null = null;

  constructor(private readonly options: SocketConnectionOptions) {
    this.receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: options.logger,
      autoReconnectEnabled: false,
      // A receiver built outside App takes its Web API options (for apps.connections.open) only
      // from here; without them it would call slack.com whatever SLACK_API_URL says.
      installerOptions: { clientOptions: options.clientOptions },
    });
  }

  /** Opens the connection: resolves once Slack has said hello. Throws PlatformError. */
  async start(): Promise<void> {
    try {
      await this.receiver.start();
    } catch (error) {
      throw socketModeStartError(error);
    }
    // Listened to only now: a failed first connection is the caller's to retry, not ours.
    this.receiver.client.on('disconnected', () => {
      if (this.stopping.signal.aborted || this.reconnecting !== null) return;
      this.options.log.info({ platform: 'slack', mode: 'socket' }, 'Slack Socket Mode connection closed; reconnecting');
      this.reconnecting = this.reconnect().finally(() => {
        this.reconnecting = null;
      });
    });
  }

  /** Closes the connection and ends any reconnect; resolves once the close handshake is done. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.receiver.client.disconnect();
    await this.reconnecting;
  }

  private async reconnect(): Promise<void> {
    const { signal } = this.stopping;
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      try {
        await (this.options.wait ?? realWait)(reconnectDelayMs(attempt), signal);
        await this.receiver.client.start();
        // stop() came while this attempt was under way: it found no socket to close.
        if (signal.aborted) await this.receiver.client.disconnect();
        else this.options.log.info({ platform: 'slack', mode: 'socket', attempt }, 'Slack Socket Mode reconnected');
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.log.warn({ platform: 'slack', mode: 'socket', attempt, err: describeError(socketModeStartError(error)) }, 'Slack Socket Mode reconnect failed; trying again');
      }
    }
  }
}
