// A digest as one Slack message: a heading section, then one section per topic listing its
// stories as linked lines, within Block Kit's limits (50 blocks, 3000 characters a section).
// Stories that do not fit are counted in a closing "and N more".
import type { Alert, Digest } from '../../domain/types.ts';
import { alertLayout, UNTITLED } from '../../render/alert-layout.ts';
import { byTopic, digestHeading, moreLine, storyLine, storyOutlet } from '../../render/digest-layout.ts';
import { fitEscaped } from '../../text/truncate.ts';
import { cutMrkdwn, escapeMrkdwn, mrkdwnLink, slackUrl } from './escape.ts';
import { SLACK_LIMITS, slackDate, type SlackMessage } from './render.ts';

const TITLE_MAX = 200;
const NAME_MAX = 80;
// Room kept for the heading and the closing "and N more".
const STORY_BLOCKS_MAX = SLACK_LIMITS.blocks - 2;

function slackStoryLine(alert: Alert): string {
  const layout = alertLayout(alert);
  const title = fitEscaped(layout.headline, TITLE_MAX, escapeMrkdwn) || UNTITLED;
  const outlet = fitEscaped(storyOutlet(alert), NAME_MAX, escapeMrkdwn);
  // A very long link alone must still leave its section within the limit.
  return cutMrkdwn(storyLine(mrkdwnLink(slackUrl(layout.link), title), [outlet, slackDate(layout.published)]), SLACK_LIMITS.sectionText / 2);
}

function section(text: string): SlackMessage['blocks'][number] {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

/** The Slack message for a digest; each story's time is Slack's date token (see slackDate). */
export function renderSlackDigest(digest: Digest): SlackMessage {
  const count = digest.alerts.length;
  const heading = `*${digestHeading(digest)}*`;
  const blocks: SlackMessage['blocks'] = [section(heading)];
  const topics = byTopic(digest.alerts);
  // Each topic starts a section; a section that would pass Slack's length limit is split.
  const sections: string[] = [];
  let current = '';
  let pending = 0;
  let shown = 0;
  const flush = (): void => {
    if (current !== '') sections.push(current);
    shown += pending;
    current = '';
    pending = 0;
  };
  fill: for (const [topic, alerts] of topics) {
    flush();
    if (sections.length >= STORY_BLOCKS_MAX) break;
    if (topic !== '') current = `*${fitEscaped(topic, NAME_MAX, escapeMrkdwn)}*`;
    for (const alert of alerts) {
      const line = slackStoryLine(alert);
      if (current.length + line.length + 1 > SLACK_LIMITS.sectionText) {
        flush();
        if (sections.length >= STORY_BLOCKS_MAX) break fill;
      }
      current = current === '' ? line : `${current}\n${line}`;
      pending += 1;
    }
  }
  if (sections.length < STORY_BLOCKS_MAX) flush();
  blocks.push(...sections.map(section));
  if (shown < count) blocks.push(section(moreLine(count - shown)));
  return { text: digestHeading(digest), blocks };
}
