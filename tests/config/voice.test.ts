// The config's Discord voice keys: `voice:` on a channel rule, `avatar:` on a feed.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.ts';
import { HeraldError } from '../../src/domain/errors.ts';
import type { ConfigProblem } from '../../src/config/load.ts';

const FEEDS = `feeds:
  - { id: harbour, url: "https://news.example.test/rss.xml", name: Harbour Gazette, avatar: "https://img.example.test/h.png" }
`;

function problems(channels: string): Record<string, string> {
  try {
    parseConfigText(`${FEEDS}channels:\n${channels}`, {}, 'voice.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(HeraldError);
    const found = (error as HeraldError).context.problems as ConfigProblem[];
    return Object.fromEntries(found.map((problem) => [problem.path, problem.message]));
  }
  throw new Error('expected the config to be rejected');
}

describe('voice in the config', () => {
  it("reads voice: feed, a fixed voice, and a feed's avatar", () => {
    const config = parseConfigText(
      `${FEEDS}channels:
  - { platform: discord, channel: '1', voice: feed }
  - { platform: discord, channel: '2', voice: { name: '  World desk ', avatar: "https://img.example.test/d.png" } }
  - { platform: discord, channel: '3', voice: { name: Night desk } }
`,
      {},
      'voice.yaml',
    );
    expect(config.feeds[0]!.avatar).toBe('https://img.example.test/h.png');
    expect(config.channels.map((rule) => rule.voice)).toEqual(['feed', { name: 'World desk', avatar: 'https://img.example.test/d.png' }, { name: 'Night desk' }]);
  });

  it('refuses a voice outside Discord, one Discord would refuse, and shapes it does not know, each with the fix', () => {
    expect(
      problems(`  - { platform: slack, channel: C1, voice: feed }
  - { platform: discord, channel: '2', voice: { name: Discord News } }
  - { platform: discord, channel: '3', voice: bot }
  - { platform: discord, channel: '4', voice: { name: Desk, avatar: 'not a url' } }
`),
    ).toEqual({
      'channels[0].voice': "only Discord channels can post under a feed's or rule's own name, not slack; remove voice from this rule",
      'channels[1].voice.name': expect.stringContaining("Discord refuses 'Discord News' as a webhook name"),
      'channels[2].voice': "'bot' is not a voice; write voice: feed (each feed's own name and avatar) or voice: { name: World desk, avatar: https://... }",
      'channels[3].voice.avatar': expect.stringContaining("'not a url' is not an http(s) URL"),
    });
  });
});
