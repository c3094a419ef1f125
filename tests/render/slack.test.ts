import { describe, expect, it } from 'vitest';
import { renderSlackAlert, SLACK_LIMITS, type SlackBlock } from '../../src/platforms/slack/render.ts';
import { makeAlert } from './alert.ts';

/** The item's time (2025-05-09T09:00:00Z) as Slack's date token, which each client renders. */
const AGE = '<!date^1746781200^{date_short_pretty} {time}|2025-05-09 09:00 UTC>';

function section(blocks: SlackBlock[]): string {
  const block = blocks[0];
  if (block?.type !== 'section' || block.text === undefined) throw new Error('first block is not a section with text');
  return block.text.text;
}

function contextTexts(blocks: SlackBlock[]): string[] {
  const block = blocks.find((candidate) => candidate.type === 'context');
  if (block?.type !== 'context') return [];
  return block.elements.map((element) => ('text' in element ? element.text : ''));
}

describe('renderSlackAlert', () => {
  it('renders a linked headline, the lead, and source with age', () => {
    const { text, blocks } = renderSlackAlert(makeAlert());
    expect(section(blocks)).toBe('*<https://news.example/ferry|Northern ferry route to reopen>*\nThe crossing reopens next month.');
    expect(contextTexts(blocks)).toEqual([`<https://news.example/ferry|Harbour Gazette> · ${AGE}`]);
    expect(text).toBe('Northern ferry route to reopen (Harbour Gazette)\nThe crossing reopens next month.\nhttps://news.example/ferry');
    for (const block of blocks) {
      const texts = block.type === 'section' ? [block.text] : block.elements;
      for (const element of texts) expect(element).toMatchObject({ type: 'mrkdwn', verbatim: true });
    }
  });

  it('percent-encodes "@" in a link, so a path like /a@here never reads as a broadcast', () => {
    const { text, blocks } = renderSlackAlert(makeAlert({ item: { url: 'https://x.example/a_b@here' }, sources: [] }));
    expect(section(blocks)).toContain('<https://x.example/a_b%40here|');
    expect(text).toContain('https://x.example/a_b%40here');
    expect(JSON.stringify(blocks) + text).not.toMatch(/@here/u);
  });

  it('lists every outlet of a story', () => {
    const alert = makeAlert({
      sources: [
        { name: 'Harbour Gazette', url: 'https://news.example/ferry' },
        { name: 'Coast Courier', url: 'https://courier.example/f' },
        { name: 'Western Star', url: null },
      ],
    });
    const context = contextTexts(renderSlackAlert(alert).blocks);
    expect(context).toEqual([`<https://news.example/ferry|Harbour Gazette> · ${AGE}`, 'Also from: <https://courier.example/f|Coast Courier>, Western Star']);
  });

  it('leaves the lead out when the summary is empty, and the age when there is no date', () => {
    const { blocks } = renderSlackAlert(makeAlert({ item: { summary: '', published: null } }));
    expect(section(blocks)).toBe('*<https://news.example/ferry|Northern ferry route to reopen>*');
    expect(contextTexts(blocks)).toEqual(['<https://news.example/ferry|Harbour Gazette>']);
  });

  it.each([
    ['broadcast', '<!channel> ferry', '&lt;!channel&gt; ferry'],
    ['user mention', 'Hi <@U12345>', 'Hi &lt;@U12345&gt;'],
    ['channel link', 'See <#C12345>', 'See &lt;#C12345&gt;'],
    ['disguised link', '<https://evil.example|Official notice>', '&lt;https://evil.example|Official notice&gt;'],
    ['ampersand', 'Tides & currents &lt;', 'Tides &amp; currents &amp;lt;'],
    ['bare broadcast word', 'Attention @here and @channel', 'Attention @\u2060here and @\u2060channel'],
    ['terminal escape', '\u001b[31mred\u001b[0m', 'red'],
  ])('escapes %s in the title, lead, sources and fallback', (_name, hostile, escaped) => {
    const alert = makeAlert({
      item: { title: hostile, summary: hostile },
      sources: [{ name: hostile, url: 'https://news.example/ferry' }],
    });
    const { text, blocks } = renderSlackAlert(alert);
    expect(section(blocks)).toBe(`*<https://news.example/ferry|${escaped}>*\n${escaped}`);
    expect(contextTexts(blocks)[0]).toBe(`<https://news.example/ferry|${escaped}> · ${AGE}`);
    expect(text.split('\n')[0]).toBe(`${escaped} (${escaped})`);
  });

  it.each([
    ['javascript: URL', 'javascript:alert(1)', '*Northern ferry route to reopen*'],
    ['credentials in the URL', 'https://bank.example@evil.example/', '*Northern ferry route to reopen*'],
    ['"|" and ">" in the URL', 'https://news.example/a|b?c=>&d=1', '*<https://news.example/a%7Cb?c=%3E&amp;d=1|Northern ferry route to reopen>*'],
  ])('validates the link: %s', (_name, url, headline) => {
    const { blocks } = renderSlackAlert(makeAlert({ item: { url, summary: '' } }));
    expect(section(blocks)).toBe(headline);
  });

  it('holds the section limit with a huge title and lead', () => {
    const alert = makeAlert({ item: { title: 'Tide & '.repeat(500), summary: 'A long <lead> sentence goes on. '.repeat(500) } });
    const { blocks } = renderSlackAlert(alert);
    const text = section(blocks);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text.length).toBeGreaterThan(SLACK_LIMITS.sectionText - 200);
    expect(text).toMatch(/…$/u);
    expect(text).not.toMatch(/&[a-z]*…$/u);
  });

  it('holds the context limits with hundreds of outlets', () => {
    const sources = Array.from({ length: 400 }, (_, i) => ({ name: `Outlet number ${i} & partners`, url: `https://o${i}.example/story` }));
    const { blocks } = renderSlackAlert(makeAlert({ sources }));
    const context = contextTexts(blocks);
    expect(context.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    for (const text of context) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    expect(context[1]).toMatch(/ and \d+ more$/u);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  });

  it('holds the fallback text limit', () => {
    const { text } = renderSlackAlert(makeAlert({ item: { summary: '<&> '.repeat(30_000) } }));
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(text).not.toMatch(/[<>]/u);
  });

  describe('channel template', () => {
    it('fills escaped fields and keeps unknown placeholders visible', () => {
      const alert = makeAlert({
        template: ':ship: <{link}|{title}> — {summary} ({sources}, {published}) [{topic}] {colour}',
        topic: 'ferries & ports',
        item: { title: 'A <b> & C' },
      });
      const { blocks } = renderSlackAlert(alert);
      expect(section(blocks)).toBe(
        `:ship: <https://news.example/ferry|A &lt;b&gt; &amp; C> — The crossing reopens next month. (Harbour Gazette, ${AGE}) [ferries &amp; ports] {colour}`,
      );
      expect(contextTexts(blocks)).toEqual([`<https://news.example/ferry|Harbour Gazette> · ${AGE}`]);
    });

    it('shrinks the lead so the filled template fits the section', () => {
      const alert = makeAlert({ template: `${'x'.repeat(1000)} {summary} {summary}`, item: { summary: 'Long lead words. '.repeat(400) } });
      const text = section(renderSlackAlert(alert).blocks);
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(text.length).toBeGreaterThan(SLACK_LIMITS.sectionText - 100);
    });

    it('falls back to the headline when the template renders to nothing', () => {
      const alert = makeAlert({ template: '{topic}', item: { summary: '' } });
      expect(section(renderSlackAlert(alert).blocks)).toBe('*<https://news.example/ferry|Northern ferry route to reopen>*');
    });
  });
});
