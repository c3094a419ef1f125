// A command's platform-neutral reply as a Slack slash-command response. Replies quote users'
// queries, feed titles and URLs, so every piece of text is escaped for mrkdwn: nobody can make
// Herald mention a channel or disguise a link through a reply.
import type { types } from '@slack/bolt';
import type { CommandReply } from '../../commands/index.ts';
import { cutMrkdwn, escapeMrkdwn } from './escape.ts';
import { SLACK_LIMITS, renderSlackAlert, type SlackBlock } from './render.ts';

export interface SlackCommandResponse {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: SlackBlock[];
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cutMrkdwn(text, SLACK_LIMITS.sectionText) } };
}

export function renderCommandReply(reply: CommandReply): SlackCommandResponse {
  const headline = escapeMrkdwn(reply.headline);
  const blocks: SlackBlock[] = [section(reply.status === 'error' ? `:warning: ${headline}` : headline)];
  for (const part of reply.sections) {
    const title = part.title === undefined ? [] : [`*${escapeMrkdwn(part.title)}*`];
    blocks.push(section([...title, ...part.lines.map(escapeMrkdwn)].join('\n')));
  }
  // A template preview is the alert as the channel would get it, through the alert renderer itself.
  if (reply.preview !== undefined) blocks.push(...renderSlackAlert(reply.preview).blocks);
  return {
    // Changes the channel may want to see are posted in the channel; lookups and errors only to their author.
    response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
    text: cutMrkdwn(escapeMrkdwn(reply.text), SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}
