// An in-test Platform whose answers are scripted call by call (429 with Retry-After, 500, a
// timeout, a permanent refusal) and which records what it accepted, in order.
import { PlatformError } from '../../src/domain/errors.ts';
import type { Alert, Digest, MessageRef } from '../../src/domain/types.ts';
import type { ChannelTarget, Platform } from '../../src/platforms/platform.ts';

export type Failure = 'rate-limited' | 'server-error' | 'timeout' | 'not-in-channel' | 'bad-payload';

function failure(kind: Failure): PlatformError {
  switch (kind) {
    case 'rate-limited':
      return new PlatformError('platform_rate_limited', 'rate limited (HTTP 429)', {}, { retryAfterMs: 30_000 });
    case 'server-error':
      return new PlatformError('platform_transient', 'HTTP 500 from the platform');
    case 'timeout':
      return new PlatformError('platform_transient', 'the platform did not answer within 10s');
    case 'not-in-channel':
      return new PlatformError('platform_permanent', 'not_in_channel: invite the bot to the channel');
    case 'bad-payload':
      return new PlatformError('platform_rejected', 'invalid_blocks: the platform refused this message');
  }
}

export class ScriptedPlatform implements Platform {
  readonly name = 'slack' as const;
  readonly sent: Alert[] = [];
  readonly updates: { ref: MessageRef; alert: Alert }[] = [];
  readonly digests: { digest: Digest; key: string }[] = [];
  readonly notices: { target: ChannelTarget; text: string }[] = [];
  readonly adminNotices: string[] = [];
  /** Failures still to answer, one per call, before calls succeed again. */
  readonly script: Failure[] = [];
  private count = 0;

  async send(alert: Alert): Promise<MessageRef> {
    this.answer();
    this.sent.push(alert);
    return this.ref(alert.channel);
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    this.answer();
    this.updates.push({ ref, alert });
  }

  async sendDigest(digest: Digest, key: string): Promise<MessageRef> {
    this.answer();
    this.digests.push({ digest, key });
    return this.ref(digest.channel);
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    this.answer();
    this.notices.push({ target, text });
  }

  async notifyAdmins(_workspace: string | null, text: string): Promise<void> {
    this.adminNotices.push(text);
  }

  async close(): Promise<void> {}

  private answer(): void {
    const next = this.script.shift();
    if (next) throw failure(next);
  }

  private ref(channel: string): MessageRef {
    this.count += 1;
    return { platform: 'slack', channel, id: `m${this.count}` };
  }
}
