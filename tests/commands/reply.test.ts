import { describe, expect, it } from 'vitest';
import { REPLY_LIMITS, errorReply, okReply } from '../../src/commands/reply.ts';

describe('replies', () => {
  it('render to plain text: headline, then titled sections with indented lines', () => {
    const reply = okReply('Two feeds.', [{ title: 'Feeds', lines: ['gazette: ok', 'courier: failing'] }, { lines: ['a note'] }]);
    expect(reply.text).toBe('Two feeds.\n\nFeeds\n  gazette: ok\n  courier: failing\n\na note');
    expect(reply).toMatchObject({ status: 'ok', ephemeral: true });
    expect(okReply('Subscribed.', [], { announce: true }).ephemeral).toBe(false);
    expect(errorReply('no such id')).toMatchObject({ status: 'error', ephemeral: true, sections: [], text: 'no such id' });
  });

  it('drop empty sections', () => {
    expect(okReply('x', [{ title: 'Notes', lines: [] }]).sections).toEqual([]);
  });

  it('cut long lines, long sections, many sections and long totals to limits every platform takes', () => {
    const line = 'word '.repeat(200);
    const sections = Array.from({ length: 40 }, (_, index) => ({ title: `Section ${index}`, lines: Array.from({ length: 30 }, () => line) }));
    const reply = okReply('headline '.repeat(300), sections);

    expect(reply.headline.length).toBeLessThanOrEqual(REPLY_LIMITS.headline);
    expect(reply.sections.length).toBeLessThanOrEqual(REPLY_LIMITS.sections);
    let total = reply.headline.length;
    for (const section of reply.sections) {
      const size = (section.title?.length ?? 0) + section.lines.reduce((sum, text) => sum + text.length + 1, 0);
      expect(size).toBeLessThanOrEqual(REPLY_LIMITS.section);
      for (const text of section.lines) expect(text.length).toBeLessThanOrEqual(REPLY_LIMITS.line);
      total += size;
    }
    expect(total).toBeLessThanOrEqual(REPLY_LIMITS.total);
    expect(reply.sections[0]!.lines.at(-1)).toMatch(/^… and \d+ more$/);
    expect(reply.sections.at(-1)!.lines).toEqual([expect.stringMatching(/^… and \d+ more not shown$/)]);
  });

  it('keep a reply that fits exactly as it is', () => {
    const sections = Array.from({ length: REPLY_LIMITS.sections }, (_, index) => ({ title: `S${index}`, lines: ['short'] }));
    expect(okReply('fits', sections).sections).toEqual(sections);
  });
});
