// The one interface every chat platform's delivery implements. A new platform is a new folder
// under platforms/ exporting a PlatformModule (platform-module.ts) and one line in modules.ts.
import type { Alert, Digest, MessageRef, PlatformName } from '../domain/types.ts';

export interface ChannelTarget {
  workspace: string | null;
  channel: string;
}

export interface Platform {
  readonly name: PlatformName;
  /**
   * Posts an alert. `idempotencyKey` is stable across retries of the same outbox entry, for
   * platforms that can de-duplicate (Discord's message nonce). Throws PlatformError.
   */
  send(alert: Alert, idempotencyKey: string): Promise<MessageRef>;
  /** Edits an earlier alert (a story gained sources or its item changed). Throws PlatformError. */
  update(ref: MessageRef, alert: Alert): Promise<void>;
  /** Posts several held-back alerts as one message. Throws PlatformError. */
  sendDigest(digest: Digest, idempotencyKey: string): Promise<MessageRef>;
  /** Posts a plain operational notice (feed failing, feed recovered) to a channel. */
  notice(target: ChannelTarget, text: string): Promise<void>;
  /**
   * Tells the people who run Herald on this platform (the config's admins) about something
   * that needs a person: a subscription paused by a permanent error, say. Never throws.
   */
  notifyAdmins(workspace: string | null, text: string): Promise<void>;
  /**
   * Whether the platform is connected and can deliver (gateway or socket up, token accepted),
   * for /readyz. Optional: a platform without it (the console) is always ready.
   */
  ready?(): Promise<boolean>;
  close(): Promise<void>;
}
