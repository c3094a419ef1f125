// The embedded default platform: alerts become readable text blocks on stdout. It is what a
// newcomer sees with no Slack or Discord token, and what `herald demo` shows.
import type { Alert, MessageRef } from '../../domain/types.ts';
import type { ChannelTarget, Platform } from '../platform.ts';
import { renderConsoleAlert } from './render.ts';

export class ConsolePlatform implements Platform {
  readonly name = 'console' as const;
  private posted = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async send(alert: Alert): Promise<MessageRef> {
    this.write(renderConsoleAlert(alert, { now: this.now() }));
    this.posted += 1;
    return { platform: 'console', channel: alert.channel, id: `${alert.storyId}#${this.posted}` };
  }

  async update(_ref: MessageRef, alert: Alert): Promise<void> {
    this.write(renderConsoleAlert({ ...alert, kind: 'update' }, { now: this.now() }));
  }

  async notice(target: ChannelTarget, text: string): Promise<void> {
    this.write(`[#${target.channel}] ${text}\n`);
  }

  async close(): Promise<void> {}
}
