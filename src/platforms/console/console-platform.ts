// The embedded default platform: alerts become readable text blocks on stdout. It is what a
// newcomer sees with no Slack or Discord token, and what `herald demo` shows. With a JSON
// formatter (`herald poll --once --json`) each alert is one JSON line instead, written before
// the platform call returns, exactly where a real platform would acknowledge the message.
import type { Alert, Digest, MessageRef } from '../../domain/types.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { singleLine } from '../../text/sanitize.ts';
import { renderConsoleAlert } from './render.ts';
import { renderConsoleDigest } from './render-digest.ts';

/** One alert as a JSON-ready record; `digest` is the digest that carried it, if any. */
export type ConsoleJsonFormat = (alert: Alert, ref: MessageRef, digest: Digest | null) => unknown;

export class ConsolePlatform implements Platform {
  readonly name = 'console' as const;
  private posted = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
    private readonly json: ConsoleJsonFormat | null = null,
  ) {}

  async send(alert: Alert): Promise<MessageRef> {
    const ref = this.nextRef(alert.channel, alert.storyId);
    if (this.json) this.line(this.json(alert, ref, null));
    else this.print(alert.channel, renderConsoleAlert(alert, { now: this.now() }));
    return ref;
  }

  async update(ref: MessageRef, alert: Alert): Promise<void> {
    const updated = { ...alert, kind: 'update' as const };
    if (this.json) this.line(this.json(updated, ref, null));
    else this.print(alert.channel, renderConsoleAlert(updated, { now: this.now() }));
  }

  async sendDigest(digest: Digest): Promise<MessageRef> {
    const ref = this.nextRef(digest.channel, 'digest');
    if (this.json) for (const alert of digest.alerts) this.line(this.json(alert, ref, digest));
    else this.print(digest.channel, renderConsoleDigest(digest, { now: this.now() }));
    return ref;
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    if (this.json) this.line({ kind: 'notice', channel: target.channel, text });
    else this.print(target.channel, singleLine(text));
  }

  // The console has no admins of its own: the operator reading the terminal is the admin.
  async notifyAdmins(workspace: string | null, text: string): Promise<void> {
    if (this.json) this.line({ kind: 'admin-notice', workspace, text });
    else this.write(`── admins ──\n${singleLine(text)}\n\n`);
  }

  private nextRef(channel: string, label: string): MessageRef {
    this.posted += 1;
    return { platform: 'console', channel, id: `${label}#${this.posted}` };
  }

  // Several channels share one terminal: each block says which channel it was posted to.
  private print(channel: string, block: string): void {
    this.write(`── #${singleLine(channel)} ──\n${block}\n\n`);
  }

  private line(record: unknown): void {
    this.write(`${JSON.stringify(record)}\n`);
  }

  async close(): Promise<void> {}
}
