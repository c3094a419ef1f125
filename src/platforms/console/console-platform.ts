// The embedded default platform: alerts become readable text blocks on stdout. It is what a
// newcomer sees with no Slack or Discord token, and what `herald demo` shows.
import type { Alert, MessageRef } from '../../domain/types.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { singleLine } from '../../text/sanitize.ts';
import { renderConsoleAlert } from './render.ts';

export class ConsolePlatform implements Platform {
  readonly name = 'console' as const;
  private posted = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async send(alert: Alert): Promise<MessageRef> {
    this.print(alert.channel, renderConsoleAlert(alert, { now: this.now() }));
    this.posted += 1;
    return { platform: 'console', channel: alert.channel, id: `${alert.storyId}#${this.posted}` };
  }

  async update(_ref: MessageRef, alert: Alert): Promise<void> {
    this.print(alert.channel, renderConsoleAlert({ ...alert, kind: 'update' }, { now: this.now() }));
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    this.print(target.channel, singleLine(text));
  }

  // Several channels share one terminal: each block says which channel it was posted to.
  private print(channel: string, block: string): void {
    this.write(`── #${singleLine(channel)} ──\n${block}\n\n`);
  }

  async close(): Promise<void> {}
}
