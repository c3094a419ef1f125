// The embedded default platform: alerts become readable text blocks on stdout. It is what a
// newcomer sees with no Slack or Discord token, and what `herald demo` shows. With a JSON
// formatter (`herald poll --once --json`) each alert is one JSON line instead. Either way the
// platform call returns only once the text was written out (the writer's promise, i.e. the
// pipe took it), exactly where a real platform would acknowledge the message; a failed write
// (the reader went away) is a transient platform error, so the alert stays queued.
import { PlatformError, describeError } from '../../domain/errors.ts';
import type { Alert, Digest, MessageRef } from '../../domain/types.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { singleLine } from '../../text/sanitize.ts';
import { renderConsoleAlert } from './render.ts';
import { renderConsoleDigest } from './render-digest.ts';

/** Writes text out; a promise resolves once the text was flushed to its reader. */
export type ConsoleWrite = (text: string) => void | Promise<void>;

/** One alert as a JSON-ready record; `digest` is the digest that carried it, if any. */
export type ConsoleJsonFormat = (alert: Alert, ref: MessageRef, digest: Digest | null) => unknown;

export class ConsolePlatform implements Platform {
  readonly name = 'console' as const;
  private posted = 0;

  constructor(
    private readonly write: ConsoleWrite,
    private readonly now: () => number = Date.now,
    private readonly json: ConsoleJsonFormat | null = null,
  ) {}

  async send(alert: Alert): Promise<MessageRef> {
    const ref = this.nextRef(alert.channel, alert.storyId);
    if (this.json) await this.line(this.json(alert, ref, null));
    else await this.print(alert.channel, renderConsoleAlert(alert, { now: this.now() }));
    return ref;
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    const updated = { ...alert, kind: 'update' as const };
    if (this.json) await this.line(this.json(updated, ref, null));
    else await this.print(alert.channel, renderConsoleAlert(updated, { now: this.now() }));
  }

  async sendDigest(digest: Digest): Promise<MessageRef> {
    const ref = this.nextRef(digest.channel, 'digest');
    const json = this.json;
    // A digest is one message: its lines go out in one write, so it is delivered whole or not at all.
    if (json) await this.emit(digest.alerts.map((alert) => jsonLine(json(alert, ref, digest))).join(''));
    else await this.print(digest.channel, renderConsoleDigest(digest, { now: this.now() }));
    return ref;
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    if (this.json) await this.line({ kind: 'notice', channel: target.channel, text });
    else await this.print(target.channel, singleLine(text));
  }

  // The console has no admins of its own: the operator reading the terminal is the admin.
  async notifyAdmins(workspace: string | null, text: string): Promise<void> {
    if (this.json) await this.line({ kind: 'admin-notice', workspace, text });
    else await this.emit(`── admins ──\n${singleLine(text)}\n\n`);
  }

  private nextRef(channel: string, label: string): MessageRef {
    this.posted += 1;
    return { platform: 'console', channel, id: `${label}#${this.posted}` };
  }

  // Several channels share one terminal: each block says which channel it was posted to.
  private print(channel: string, block: string): Promise<void> {
    return this.emit(`── #${singleLine(channel)} ──\n${block}\n\n`);
  }

  private line(record: unknown): Promise<void> {
    return this.emit(jsonLine(record));
  }

  private async emit(text: string): Promise<void> {
    try {
      await this.write(text);
    } catch (error) {
      throw new PlatformError('platform_transient', `could not write to stdout (${describeError(error)}): the alert stays queued for the next run`, {}, { cause: error });
    }
  }

  async close(): Promise<void> {}
}

function jsonLine(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}
