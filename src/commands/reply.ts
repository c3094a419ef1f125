// What a handler answers, platform-neutral: a headline and titled sections of plain-text lines.
// Platform adapters render and escape it (Block Kit sections, Discord embeds, console lines).
// The builder cuts a reply to limits that fit every platform, so no adapter needs to split one.
import { chatSafe } from '../domain/redact.ts';
import type { Alert } from '../domain/types.ts';
import { truncate } from '../text/truncate.ts';

export interface ReplySection {
  title?: string;
  lines: string[];
}

export interface CommandReply {
  /** ok: the command did its work; error: nothing changed, the headline says why and how to fix it. */
  status: 'ok' | 'error';
  /** The answer in a sentence or two, plain text. */
  headline: string;
  sections: ReplySection[];
  /** The whole reply as plain text: the notification and fallback text, and the console's output. */
  text: string;
  /**
   * Only the person who ran the command should see it (lookups, help, errors). False for a
   * change to the channel's subscriptions that the channel may want to see; a platform may
   * still show everything ephemerally.
   */
  ephemeral: boolean;
  /** An alert to show under the reply as the channel would get it (a template preview), rendered by the platform's own renderer. */
  preview?: Alert;
}

/**
 * Limits every reply keeps: a Slack section takes 3,000 characters and a Discord embed field
 * 1,024 (6,000 for the whole embed, with at most 25 fields).
 */
export const REPLY_LIMITS = {
  headline: 1_000,
  sectionTitle: 200,
  line: 300,
  /** A section's title and lines together, one newline between lines. */
  section: 1_000,
  sections: 20,
  /** The headline and every section together. */
  total: 5_000,
} as const;

function sectionSize(section: ReplySection): number {
  return (section.title?.length ?? 0) + section.lines.reduce((sum, line) => sum + line.length + 1, 0);
}

function fitSection(section: ReplySection): ReplySection {
  const fitted: ReplySection = { lines: [] };
  if (section.title !== undefined) fitted.title = truncate(chatSafe(section.title), REPLY_LIMITS.sectionTitle);
  const lines = section.lines.map((line) => truncate(chatSafe(line), REPLY_LIMITS.line));
  for (const [index, line] of lines.entries()) {
    const more = `… and ${lines.length - index} more`;
    const last = index === lines.length - 1;
    if (sectionSize({ ...fitted, lines: [...fitted.lines, line, ...(last ? [] : [more])] }) > REPLY_LIMITS.section) {
      fitted.lines.push(more);
      break;
    }
    fitted.lines.push(line);
  }
  return fitted;
}

function plainText(headline: string, sections: ReplySection[]): string {
  const blocks = sections.map((section) => [section.title, ...section.lines.map((line) => (section.title === undefined ? line : `  ${line}`))].filter((line) => line !== undefined).join('\n'));
  return [headline, ...blocks].join('\n\n');
}

function build(status: CommandReply['status'], headline: string, sections: ReplySection[], ephemeral: boolean, preview?: Alert): CommandReply {
  // Every reply leaves the process here: URLs redacted, no response bodies or internal addresses.
  const fittedHeadline = truncate(chatSafe(headline), REPLY_LIMITS.headline);
  const kept: ReplySection[] = [];
  let total = fittedHeadline.length;
  const candidates = sections.filter((section) => section.lines.length > 0).map(fitSection);
  for (const [index, section] of candidates.entries()) {
    const size = sectionSize(section);
    // Unless this is the last section, room is kept for the note saying how many were left out.
    const last = index === candidates.length - 1;
    const room = last ? REPLY_LIMITS.total : REPLY_LIMITS.total - 100;
    if ((!last && kept.length === REPLY_LIMITS.sections - 1) || total + size > room) {
      kept.push({ lines: [`… and ${candidates.length - index} more not shown`] });
      break;
    }
    kept.push(section);
    total += size;
  }
  return { status, headline: fittedHeadline, sections: kept, text: plainText(fittedHeadline, kept), ephemeral, ...(preview === undefined ? {} : { preview }) };
}

/** A successful reply; shown to the channel when `announce` is set, else only to its author. */
export function okReply(headline: string, sections: ReplySection[] = [], options: { announce?: boolean; preview?: Alert } = {}): CommandReply {
  return build('ok', headline, sections, !(options.announce ?? false), options.preview);
}

/** A refusal or failure, only for the person who ran the command. */
export function errorReply(message: string, sections: ReplySection[] = []): CommandReply {
  return build('error', message, sections, true);
}
