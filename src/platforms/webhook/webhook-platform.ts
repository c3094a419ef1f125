// Delivers to webhook targets: each alert, update, digest and notice is one signed JSON POST
// (post.ts). A message's id is derived from its outbox idempotency key, so a retry carries the
// same id and an update carries the id of the message it updates.
import { createHash } from 'node:crypto';
import { PlatformError } from '../../domain/errors.ts';
import type { Alert, Digest, MessageRef } from '../../domain/types.ts';
import type { HeraldConfig } from '../../config/schema.ts';
import { DEFAULT_USER_AGENT } from '../../feeds/fetch-limits.ts';
import type { Logger } from '../../observability/logger.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { alertPayload, digestPayload, noticePayload, slackText, type HeraldPayload } from './payload.ts';
import { postJson } from './post.ts';
import { signatureHeaders } from './sign.ts';
import { secretFor, secretVariable, targetPolicy, type WebhookSection, type WebhookSettings } from './settings.ts';

export interface WebhookPlatformOptions {
  settings: WebhookSettings;
  /** The live `webhooks:` section and config, read at each send so a reload applies. */
  targets: () => WebhookSection;
  config: () => HeraldConfig;
  log: Logger;
  now: () => number;
}

function messageId(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

export class WebhookPlatform implements Platform {
  readonly name = 'webhook';

  constructor(private readonly options: WebhookPlatformOptions) {}

  async send(alert: Alert, idempotencyKey: string): Promise<MessageRef> {
    const id = messageId(idempotencyKey);
    await this.post(alert.channel, alertPayload(alert, id, this.options.now()));
    return { platform: 'webhook', channel: alert.channel, id };
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    await this.post(ref.channel, alertPayload({ ...alert, kind: 'update' }, ref.id, this.options.now()));
  }

  async sendDigest(digest: Digest, idempotencyKey: string): Promise<MessageRef> {
    const id = messageId(idempotencyKey);
    await this.post(digest.channel, digestPayload(digest, id, this.options.now()));
    return { platform: 'webhook', channel: digest.channel, id };
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    await this.post(target.channel, noticePayload(target.channel, text, this.options.now()));
  }

  async notifyAdmins(_workspace: string | null, text: string): Promise<void> {
    // A webhook has no people to message; the log is where its operator looks.
    this.options.log.warn({ platform: 'webhook' }, text);
  }

  async close(): Promise<void> {}

  private async post(name: string, payload: HeraldPayload): Promise<void> {
    const target = this.options.targets()[name];
    if (target === undefined) {
      throw new PlatformError('platform_permanent', `no webhook target is named '${name}'; add it under webhooks: in the config`, { channel: name });
    }
    const secret = secretFor(this.options.settings, name);
    if (secret === undefined) {
      throw new PlatformError('platform_permanent', `webhook target '${name}' has no signing secret; set ${secretVariable(name)} (or ${secretVariable(name)}_FILE) and restart`, { channel: name });
    }
    const body = JSON.stringify(target.format === 'slack' ? slackText(payload) : payload);
    const fetch = this.options.config().fetch;
    await postJson({
      target: name,
      url: target.url,
      body,
      headers: signatureHeaders(secret, body, this.options.now()),
      policy: targetPolicy(fetch),
      timeoutMs: fetch.timeout,
      userAgent: fetch.userAgent ?? DEFAULT_USER_AGENT,
    });
  }
}
