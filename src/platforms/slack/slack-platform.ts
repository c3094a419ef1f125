// Herald's alerts on Slack: Block Kit messages through chat.postMessage, story updates through
// chat.update, each channel paced by Herald's own queue. Every Slack failure leaves here as a
// PlatformError, so the outbox knows whether to wait (429), retry (5xx, timeouts) or pause the
// subscription and tell the admins (unknown channel, revoked token, missing scope).
import type { ChatPostMessageResponse, WebClient } from '@slack/web-api';
import { PlatformError, describeError } from '../../domain/errors.ts';
import type { Alert, Digest, MessageRef } from '../../domain/types.ts';
import type { Logger } from '../../observability/logger.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { ChannelPacer, realClock, type PacerClock } from './channel-pacer.ts';
import { cutMrkdwn, escapeMrkdwn } from './escape.ts';
import { renderSlackDigest } from './render-digest.ts';
import { renderSlackAlert, type SlackMessage } from './render.ts';
import { slackPlatformError } from './slack-errors.ts';

/** Slack accepts about one message per second per channel. */
export const SLACK_CHANNEL_INTERVAL_MS = 1_000;

const NOTICE_MAX = 3_000;

export interface SlackPlatformOptions {
  /** The config's Slack admins (user ids), read at each notification so a config reload applies. */
  admins: () => readonly string[];
  log: Logger;
  /** The pacing clock; tests pass a fake one. */
  clock?: PacerClock;
}

export class SlackPlatform implements Platform {
  readonly name = 'slack' as const;
  private readonly pacer: ChannelPacer;
  private readonly clock: PacerClock;
  /** Set once Slack refuses the token itself; cleared only by a restart with a new token. */
  private tokenRefused = false;

  constructor(
    private readonly client: WebClient,
    private readonly options: SlackPlatformOptions,
  ) {
    this.clock = options.clock ?? realClock;
    this.pacer = new ChannelPacer(SLACK_CHANNEL_INTERVAL_MS, this.clock);
  }

  // chat.postMessage has no idempotency key, so a retry after a lost acknowledgement can repeat a post.
  async send(alert: Alert, _idempotencyKey: string): Promise<MessageRef> {
    return this.withoutImageOnRefusal(alert, (image) => this.post(alert.channel, renderSlackAlert(alert, { image })));
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    await this.withoutImageOnRefusal(alert, async (image) => {
      const message = renderSlackAlert(alert, { image });
      await this.call('chat.update', ref.channel, () => this.client.chat.update({ channel: ref.channel, ts: ref.id, text: message.text, blocks: message.blocks }));
    });
  }

  // Slack refuses the whole message (invalid_blocks) when it cannot download its image: the
  // alert then goes out without the picture rather than not at all.
  private async withoutImageOnRefusal<T>(alert: Alert, deliver: (image: boolean) => Promise<T>): Promise<T> {
    try {
      return await deliver(true);
    } catch (error) {
      const refusedBlocks = error instanceof PlatformError && error.code === 'platform_rejected' && error.context.slackError === 'invalid_blocks';
      if (!refusedBlocks || alert.item.image === undefined) throw error;
      this.options.log.warn({ platform: 'slack', channel: alert.channel, image: alert.item.image }, 'Slack refused the alert with its image; sending it without');
      return deliver(false);
    }
  }

  async sendDigest(digest: Digest, _idempotencyKey: string): Promise<MessageRef> {
    return this.post(digest.channel, renderSlackDigest(digest));
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    await this.call('chat.postMessage', target.channel, () => this.client.chat.postMessage(plainMessage(target.channel, text)));
  }

  async notifyAdmins(workspace: string | null, text: string): Promise<void> {
    const admins = this.options.admins();
    if (admins.length === 0) {
      this.options.log.warn({ platform: 'slack', workspace }, 'no Slack admins to tell: list their user ids under admins.slack in the config');
      return;
    }
    // A DM to a user id opens the conversation with the app; one admin's failure does not stop the others.
    await Promise.all(
      admins.map(async (userId) => {
        try {
          await this.call('chat.postMessage', userId, () => this.client.chat.postMessage(plainMessage(userId, text)));
        } catch (error) {
          this.options.log.warn({ platform: 'slack', workspace, admin: userId, err: describeError(error) }, 'could not tell a Slack admin');
        }
      }),
    );
  }

  /** Not ready once Slack has refused the bot token: nothing will get through until it is replaced. */
  async ready(): Promise<boolean> {
    return !this.tokenRefused;
  }

  async close(): Promise<void> {}

  private async post(channel: string, message: SlackMessage): Promise<MessageRef> {
    const result = await this.call('chat.postMessage', channel, () =>
      this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }),
    );
    return messageRef(result, channel);
  }

  private async call<T>(method: string, channel: string, request: () => Promise<T>): Promise<T> {
    await this.pacer.turn(channel);
    try {
      return await request();
    } catch (error) {
      const mapped = slackPlatformError(error, { method, channel });
      if (TOKEN_ERRORS.has(String(mapped.context.slackError))) this.tokenRefused = true;
      throw mapped;
    }
  }
}

const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

function plainMessage(channel: string, text: string) {
  return { channel, text: cutMrkdwn(escapeMrkdwn(text), NOTICE_MAX), unfurl_links: false, unfurl_media: false };
}

// chat.update needs the channel id Slack answers with, not a name like #news the config may hold.
// Slack always sends `ts` with ok: true; without it the message could never be edited.
function messageRef(result: ChatPostMessageResponse, channel: string): MessageRef {
  if (result.ts === undefined) {
    throw new PlatformError('platform_transient', `Slack accepted a message to channel ${channel} but returned no timestamp; Herald cannot edit it later`, { channel });
  }
  return { platform: 'slack', channel: result.channel ?? channel, id: result.ts };
}
