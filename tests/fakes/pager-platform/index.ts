// A platform as a new one would be added: one folder whose index.ts exports a PlatformModule.
// It keeps what it was sent, so a test can see an alert arrive through the real outbox.
import type { Alert, Digest, MessageRef } from '../../../src/domain/types.ts';
import type { PlatformModule } from '../../../src/platforms/platform-module.ts';
import type { ChannelTarget, Platform } from '../../../src/platforms/platform.ts';

export class PagerPlatform implements Platform {
  readonly name = 'pager';
  readonly sent: Alert[] = [];
  readonly notices: string[] = [];

  async send(alert: Alert): Promise<MessageRef> {
    this.sent.push(alert);
    return { platform: 'pager', channel: alert.channel, id: `page-${this.sent.length}` };
  }

  async update(): Promise<void> {}

  async sendDigest(digest: Digest): Promise<MessageRef> {
    this.sent.push(...digest.alerts);
    return { platform: 'pager', channel: digest.channel, id: `digest-${this.sent.length}` };
  }

  async notice(_target: ChannelTarget, text: string): Promise<void> {
    this.notices.push(text);
  }

  async notifyAdmins(_workspace: string | null, text: string): Promise<void> {
    this.notices.push(text);
  }

  async close(): Promise<void> {}
}

/** The module; `pager.platform` is the one instance it delivers through. */
export function pagerModule(): PlatformModule & { platform: PagerPlatform } {
  const platform = new PagerPlatform();
  return { name: 'pager', platform, delivery: async () => platform };
}
