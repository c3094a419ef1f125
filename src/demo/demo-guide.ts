// What `herald demo` tells a newcomer around the alerts: what each channel follows, so the
// alerts make sense, and what to try next with their own feeds.
import type { HeraldConfig } from '../config/schema.ts';

/** One line per channel rule: where alerts go, which topics or query pick them, from which feeds. */
export function describeChannels(config: HeraldConfig): string {
  const lines = config.channels.map((rule) => {
    const topics = (rule.topics ?? []).map((name) => `topic ${name} (${config.topics[name] ?? '?'})`);
    const picks = [...topics, ...(rule.query ? [`query ${rule.query}`] : [])].join(' and ') || 'every item';
    const feeds = rule.feeds ? rule.feeds.join(', ') : `every feed (${config.feeds.map((feed) => feed.name ?? feed.id).join(', ')})`;
    return `  #${rule.channel} follows ${picks}, from ${feeds}`;
  });
  return `Channels:\n${lines.join('\n')}\n`;
}

export const NEXT_STEPS = `
What to try next:
  npx herald chat                 type /news commands (subscribe, list, test) for a console channel
  npx herald query test '<query>' --feed <url>
                                  see which items of a feed a query matches, and why
  npm start                       the bot on config/herald.yaml: public news feeds, console alerts
  config/herald.example.yaml      every setting: your own feeds, topics, Slack or Discord
`;
