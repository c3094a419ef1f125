// A platform as a new one would be added: one folder whose index.ts exports a PlatformModule
// with its own environment variable (PAGER_TOKEN, or PAGER_TOKEN_FILE) and config section
// (`pager: { prefix }`). It keeps what it was sent, so a test can see an alert arrive through
// the real outbox, and with which token and prefix.
import { z } from 'zod';
import { envPart } from '../../../src/config/platform-parts.ts';
import type { Alert, Digest, MessageRef } from '../../../src/domain/types.ts';
import type { PlatformModule } from '../../../src/platforms/platform-module.ts';
import type { ChannelTarget, Platform } from '../../../src/platforms/platform.ts';

export interface Page {
  token: string;
  text: string;
}

export class PagerPlatform implements Platform {
  readonly name = 'pager';
  readonly pages: Page[] = [];
  readonly notices: string[] = [];

  constructor(
    private readonly token: string,
    private readonly prefix: () => string,
  ) {}

  async send(alert: Alert): Promise<MessageRef> {
    this.pages.push({ token: this.token, text: `${this.prefix()} ${alert.channel}: ${alert.item.title}` });
    return { platform: 'pager', channel: alert.channel, id: `page-${this.pages.length}` };
  }

  async update(): Promise<void> {}

  async sendDigest(digest: Digest): Promise<MessageRef> {
    for (const alert of digest.alerts) await this.send(alert);
    return { platform: 'pager', channel: digest.channel, id: `digest-${this.pages.length}` };
  }

  async notice(_target: ChannelTarget, text: string): Promise<void> {
    this.notices.push(text);
  }

  async notifyAdmins(_workspace: string | null, text: string): Promise<void> {
    this.notices.push(text);
  }

  async close(): Promise<void> {}
}

const pagerSection = z.strictObject({ prefix: z.string().min(1).default('PAGE') }).prefault({});

/** The module; `delivered` holds the one platform it made, once Herald set it up. */
export function pagerModule(): PlatformModule<{ token: string | null }, z.output<typeof pagerSection>> & { delivered: PagerPlatform[] } {
  const delivered: PagerPlatform[] = [];
  return {
    name: 'pager',
    delivered,
    env: envPart({
      variables: { PAGER_TOKEN: z.string().regex(/^pg-\w+$/, 'is not a pager token (those start with pg-)').optional() },
      secrets: ['PAGER_TOKEN'],
      settings: (values) => ({ token: values.PAGER_TOKEN ?? null }),
    }),
    config: { section: pagerSection },
    async delivery({ settings, section }) {
      if (settings.token === null) return null;
      const platform = new PagerPlatform(settings.token, () => section().prefix);
      delivered.push(platform);
      return platform;
    },
  };
}
