// Slack mrkdwn is controlled by three characters: "<" opens a link, mention or broadcast
// (<!channel>, <@U123>, <https://evil|innocent text>), and "&" starts the entities that stand
// for them. Escaping all three in feed text leaves a feed no way to address anyone or disguise
// a link. Slack's own @here parsing of bare words is also defused, for fallback text sent
// without parse: 'none'.
import { safeHttpUrl } from '../../text/safe-url.ts';
import { stripUnsafeCharacters } from '../../text/sanitize.ts';
import { truncate } from '../../text/truncate.ts';

const BROADCAST_WORD = /@(?=channel|here|everyone)/giu;

/** Feed text made inert for mrkdwn: &, < and > as entities, no control characters, no @here. */
export function escapeMrkdwn(text: string): string {
  return stripUnsafeCharacters(text)
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(BROADCAST_WORD, '@\u2060');
}

/**
 * A feed URL fit to sit inside <url|label>: http(s) only, and with the characters that would
 * end the URL part early ("|", ">") or open a new sequence ("<") percent-encoded. So is "@"
 * (safeHttpUrl lets it through only after the host, where %40 means the same): a path such as
 * "/a@here" must not read as a broadcast where the fallback text shows the bare URL.
 */
export function slackUrl(raw: string | null | undefined): string | null {
  const url = safeHttpUrl(raw);
  if (url === null) return null;
  return url.replace(/&/gu, '&amp;').replace(/\|/gu, '%7C').replace(/</gu, '%3C').replace(/>/gu, '%3E').replace(/@/gu, '%40');
}

/** `label` (already escaped) as a link to `url` (from slackUrl), or the bare label without a URL. */
export function mrkdwnLink(url: string | null, label: string): string {
  return url === null ? label : `<${url}|${label}>`;
}

/**
 * Cuts a finished mrkdwn string that is still too long, without leaving half an entity
 * ("&am") or an unclosed "<url|label" behind.
 */
export function cutMrkdwn(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return truncate(text, maxLength)
    .replace(/&[a-z]*…$/u, '…')
    .replace(/<[^>]*…$/u, '…');
}
