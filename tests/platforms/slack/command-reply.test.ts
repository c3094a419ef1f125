import { describe, expect, it } from 'vitest';
import { errorReply, okReply } from '../../../src/commands/index.ts';
import { renderCommandReply } from '../../../src/platforms/slack/command-reply.ts';
import { SLACK_LIMITS } from '../../../src/platforms/slack/render.ts';

/** The mrkdwn of a reply's section block (a command reply's own blocks are all sections). */
function sectionText(rendered: ReturnType<typeof renderCommandReply>, index: number): string {
  const block = rendered.blocks[index]!;
  if (block.type !== 'section') throw new Error(`block ${index} is a ${block.type}, not a section`);
  return block.text!.text;
}

describe('renderCommandReply', () => {
  it('renders the headline and titled sections as mrkdwn sections, in the channel when the reply announces', () => {
    const rendered = renderCommandReply(okReply('Subscribed: sub_1', [{ title: 'Latest matching items', lines: ['Fog bell restored (Cape Lantern Weekly)', 'https://lighthouse.example.test/bell'] }], { announce: true }));
    expect(rendered.response_type).toBe('in_channel');
    expect(rendered.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Subscribed: sub_1' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Latest matching items*\nFog bell restored (Cape Lantern Weekly)\nhttps://lighthouse.example.test/bell' } },
    ]);
  });

  it('escapes everything users and feeds wrote, so no mention, broadcast or disguised link survives', () => {
    const rendered = renderCommandReply(
      errorReply("the query '<!channel> <@U0BOSS> <https://evil.test|bank> & @here' does not parse", [{ title: '<b>*title*</b>', lines: ['<!everyone>'] }]),
    );
    expect(rendered.response_type).toBe('ephemeral');
    const all = JSON.stringify(rendered);
    for (const raw of ['<!channel>', '<@U0BOSS>', '<https://evil.test|bank>', '<!everyone>', '<b>', '@here']) expect(all).not.toContain(raw);
    expect(sectionText(rendered, 0)).toBe(":warning: the query '&lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.test|bank&gt; &amp; @\u2060here' does not parse");
    expect(rendered.text).toContain('&lt;!everyone&gt;');
  });

  it('keeps every section within Slack\'s limit even when escaping multiplies its length', () => {
    const rendered = renderCommandReply(okReply('&'.repeat(1_000), [{ lines: Array.from({ length: 4 }, () => '<'.repeat(250)) }]));
    for (const index of rendered.blocks.keys()) expect(sectionText(rendered, index).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(sectionText(rendered, 0).endsWith('…')).toBe(true);
    expect(sectionText(rendered, 0)).not.toMatch(/&[a-z]*…$/);
  });
});
