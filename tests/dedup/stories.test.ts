import { describe, expect, it } from 'vitest';
import { assignStory, type AssignContext } from '../../src/dedup/assign.ts';
import { canonicalUrl } from '../../src/text/canonical-url.ts';
import { encodeStory, MAX_MEMBERS, memberOf, numbersConflict, parseFingerprint } from '../../src/dedup/fingerprint.ts';
import { BUCKET_CAP, StoryIndex } from '../../src/dedup/story-index.ts';
import type { Item } from '../../src/domain/types.ts';

const HOUR = 3_600_000;
const WINDOW = 48 * HOUR;
const T0 = 1_750_000_000_000;

// Invented wire story in the aggregator shape: one text, three outlets, age stamps.
const WIRE_TITLE = 'Lighthouse keeper rescues six sailors after yacht capsizes in gale';
const WIRE_LEAD =
  'A lighthouse keeper on the northern cape pulled six sailors from the water on Sunday night after their yacht overturned in winds of more than 60 knots, the coastguard said. All six were treated for cold at the local hospital and released on Monday morning.';

function item(fields: Partial<Item> & { title: string; summary: string }): Item {
  return {
    feedId: 'feed',
    key: fields.title,
    url: null,
    text: fields.summary,
    published: null,
    categories: [],
    author: null,
    sourceName: 'Test',
    contentHash: '',
    ...fields,
  };
}

function setup(storyIdByUrl: ReadonlyMap<string, string> = new Map()): { index: StoryIndex; at: (now: number) => AssignContext } {
  const index = new StoryIndex({ windowMs: WINDOW, titleThreshold: 0.7, leadThreshold: 0.5 });
  let next = 0;
  return { index, at: (now) => ({ storyIdByUrl, index, now, newStoryId: () => `story-${++next}` }) };
}

describe('assignStory', () => {
  it('puts three syndicated copies of one wire story into one story', () => {
    const { at } = setup();
    const copies = [
      item({ title: `${WIRE_TITLE} - Harbour Courier`, summary: `Harbour Courier\n3 hours ago\n${WIRE_LEAD}`, url: 'https://courier.example/a1', feedId: 'courier' }),
      item({ title: `${WIRE_TITLE} | The Northern Ledger`, summary: `4 hours ago\n${WIRE_LEAD}`, url: 'https://ledger.example/b2', feedId: 'ledger' }),
      item({ title: `${WIRE_TITLE} - Coastline Daily`, summary: `Coastline Daily · 4 hours ago\n${WIRE_LEAD}`, url: 'https://coastline.example/c3', feedId: 'coastline' }),
    ];
    const results = copies.map((copy, i) => assignStory(copy, at(T0 + i * 60_000)));
    expect(results.map((r) => r.storyId)).toEqual(['story-1', 'story-1', 'story-1']);
    expect(results.map((r) => r.created)).toEqual([true, false, false]);
    expect(results[0]!.reason).toBe('new');
    expect(results[1]!.reason).not.toBe('new');
  });

  it('joins the same article re-fetched with tracking parameters by its URL', () => {
    const original = canonicalUrl('https://www.paper.example/coast/lighthouse-rescue')!;
    const { at } = setup(new Map([[original, 'story-7']]));
    const tracked = canonicalUrl('https://paper.example/coast/lighthouse-rescue/?utm_source=rss&fbclid=abc#top');
    const result = assignStory(item({ title: 'A different headline on the same page', summary: 'Short.', url: tracked }), at(T0));
    expect(result).toMatchObject({ storyId: 'story-7', created: false, reason: 'url' });
  });

  it('starts a new story for a follow-up on the same event', () => {
    const { at } = setup();
    const first = assignStory(item({ title: WIRE_TITLE, summary: WIRE_LEAD }), at(T0));
    const followUp = assignStory(
      item({
        title: 'Lighthouse keeper who rescued six sailors to receive bravery award',
        summary:
          'The lighthouse keeper who saved six sailors from a capsized yacht last weekend will receive the coastguard medal for gallantry, the maritime minister announced on Thursday, praising his calm in the storm.',
      }),
      at(T0 + 24 * HOUR),
    );
    expect(followUp.created).toBe(true);
    expect(followUp.storyId).not.toBe(first.storyId);
  });

  it('keeps unrelated items that share names apart', () => {
    const { at } = setup();
    const summit = assignStory(
      item({
        title: 'Kim and Putin agree to expand rail link across the border',
        summary: 'Kim Jong Un and Vladimir Putin agreed on Tuesday to extend a freight rail line across their shared border, state media in both countries reported, as trade between the two grows.',
      }),
      at(T0),
    );
    const sister = assignStory(
      item({
        title: 'Kim Yo Jong mocks southern drills as a waste of fuel',
        summary: "Kim Yo Jong, the sister of North Korea's leader, dismissed joint military drills in the South as a waste of fuel on Wednesday and warned of a firm response to any incursion.",
      }),
      at(T0 + HOUR),
    );
    const singer = assignStory(
      item({ title: 'Singer Kim Da-som sells out stadium tour in an hour', summary: 'Tickets for all twelve stadium dates of Kim Da-som were sold within an hour on Friday, her label said, crashing two ticket sites.' }),
      at(T0 + 2 * HOUR),
    );
    expect(new Set([summit.storyId, sister.storyId, singer.storyId]).size).toBe(3);
  });

  it('keeps two issues of a recurring column apart although their headlines are the same', () => {
    const { at } = setup();
    const monday = assignStory(
      item({ title: 'Evening roundup: the day in five stories', summary: 'Good evening. Bus drivers in the east voted to strike, the harbour bridge reopened after repairs, and the national choir won its first international prize.' }),
      at(T0),
    );
    const tuesday = assignStory(
      item({ title: 'Evening roundup: the day in five stories', summary: 'Good evening. The finance minister delayed the budget by a week, a rare owl was spotted in the city park, and the river festival drew record crowds.' }),
      at(T0 + 24 * HOUR),
    );
    expect(tuesday.storyId).not.toBe(monday.storyId);
  });

  it('matches title-only items by their headline', () => {
    const { at } = setup();
    const first = assignStory(item({ title: 'Ferry crews vote to strike over weekend rota changes', summary: '' }), at(T0));
    const second = assignStory(item({ title: 'Ferry crews vote to strike over weekend rota changes - Harbour Courier', summary: '', feedId: 'courier' }), at(T0 + HOUR));
    expect(second).toMatchObject({ storyId: first.storyId, created: false, reason: 'title' });
  });
});

describe('memberOf', () => {
  it('folds case, accents, hyphens, quotes and outlet suffixes', () => {
    const a = memberOf({ title: 'Kim Jong-un meets Zelenský envoy in Pyongyang', summary: 'Short lead only.', text: '' });
    const b = memberOf({ title: "KIM JONG UN meets Zelensky envoy in 'Pyongyang' | The Western Star", summary: 'short LEAD only', text: '' });
    expect(a.title).not.toBeNull();
    expect(a).toEqual(b);
  });

  it('has neither signature when neither the headline nor the lead can identify a story', () => {
    expect(memberOf({ title: 'Live', summary: 'Updates.', text: '' })).toMatchObject({ title: null, lead: null });
    expect(memberOf({ title: '', summary: '', text: '' })).toMatchObject({ title: null, lead: null });
  });

  it('uses the text when there is no summary', () => {
    expect(memberOf({ title: WIRE_TITLE, summary: '', text: WIRE_LEAD })).toEqual(memberOf({ title: WIRE_TITLE, summary: WIRE_LEAD, text: 'other body' }));
  });

  it('reads back its own form, the single-item form of earlier versions, and rejects damaged or foreign strings', () => {
    const member = memberOf({ title: 'Release notes for v201603 of the harbour API', summary: WIRE_LEAD, text: '' });
    const stored = encodeStory({ feeds: ['abc', 'x1'], members: [member, member] });
    expect(parseFingerprint(stored)).toEqual({ feeds: ['abc', 'x1'], members: [member, member] });
    const legacy = `m1.${Buffer.from(member.title!.buffer).toString('base64url')}.${Buffer.from(member.lead!.buffer).toString('base64url')}`;
    expect(parseFingerprint(legacy)).toEqual({ feeds: [], members: [{ numbers: [], title: member.title, lead: member.lead }] });
    expect(parseFingerprint(stored.slice(0, -4))).toBeNull();
    expect(parseFingerprint(legacy.slice(0, -4))).toBeNull();
    expect(parseFingerprint('m0.abc.def')).toBeNull();
    expect(parseFingerprint('m1..')).toBeNull();
    expect(parseFingerprint('s2 abc')).toBeNull();
    expect(parseFingerprint('s2 ab.c ..')).toBeNull();
    expect(parseFingerprint('')).toBeNull();
    expect(parseFingerprint(null)).toBeNull();
  });
});

describe('numbersConflict', () => {
  const figures = (title: string) => memberOf({ title, summary: '', text: '' }).numbers;
  it.each([
    ['versions', 'Announcing v201601 of the Ads API', 'Announcing v201603 of the Ads API', true],
    ['scores', 'Rovers beat United 3-1', 'Rovers beat United 2–1', true],
    ['dates', 'Strike called for 14 March', 'Strike called for 21 March', true],
    ['a longer version', 'Release v2016 notes out', 'Release v201601 notes out', true],
    ['the same figures', 'Storm kills 12 in Eastmouth | River Times', 'Storm kills 12 in Eastmouth', false],
    ['one figure added', 'Storm kills 12', 'Storm kills 12, injures 40', false],
    ['a figure made precise', 'Hackers stole data of 2 million customers', 'Hackers stole data of 2.3 million customers', false],
    ['a unit added', 'Council approves 1.2 billion tram line', 'Council approves 1.2bn tram line', false],
    ['no figures on one side', 'Storm kills 12 overnight', 'Storm kills a dozen overnight', false],
  ])('%s', (_name, a, b, conflict) => {
    expect(numbersConflict(figures(a), figures(b))).toBe(conflict);
    expect(numbersConflict(figures(b), figures(a))).toBe(conflict);
  });
});

describe('StoryIndex', () => {
  const wire = memberOf({ title: WIRE_TITLE, summary: WIRE_LEAD, text: '' });
  const copy = memberOf({ title: `${WIRE_TITLE} - Harbour Courier`, summary: WIRE_LEAD, text: '' });
  const ferry = memberOf({ title: 'Ferry crews vote to strike over rota changes', summary: '', text: '' });
  const newIndex = (): StoryIndex => new StoryIndex({ windowMs: WINDOW, titleThreshold: 0.7, leadThreshold: 0.5 });

  it('only matches stories updated within the window before now', () => {
    const index = newIndex();
    index.create('s1', 'wire', wire, T0);
    expect(index.findSimilar(copy, T0 + WINDOW, 'courier')).toMatchObject({ storyId: 's1' });
    expect(index.findSimilar(copy, T0 + WINDOW + 1, 'courier')).toBeNull();
  });

  it('prunes stories that left the window and keeps touched ones', () => {
    const index = newIndex();
    index.create('old', 'wire', wire, T0);
    index.create('other', 'ferries', ferry, T0);
    index.touch('other', T0 + 10 * HOUR);
    index.prune(T0 + WINDOW + 1);
    expect(index.size).toBe(1);
    expect(index.findSimilar(copy, T0 + WINDOW + 1)).toBeNull();
    index.prune(T0 + 10 * HOUR + WINDOW + 1);
    expect(index.size).toBe(0);
  });

  it('reads stored stories back, replaces a story added twice and ignores damaged fingerprints', () => {
    const index = newIndex();
    const stored = index.create('s1', 'wire', wire, T0);
    const reloaded = newIndex();
    reloaded.add({ id: 's1', fingerprint: stored, updatedAt: T0 });
    reloaded.add({ id: 's1', fingerprint: stored, updatedAt: T0 + HOUR });
    reloaded.add({ id: 's2', fingerprint: null, updatedAt: T0 });
    reloaded.add({ id: 's3', fingerprint: 'damaged', updatedAt: T0 });
    expect(reloaded.size).toBe(1);
    expect(reloaded.findSimilar(copy, T0 + HOUR + WINDOW, 'courier')).toMatchObject({ storyId: 's1', by: 'lead', similarity: 1 });
    expect(reloaded.hasFeed('s1', 'wire')).toBe(true);
    expect(reloaded.hasFeed('s1', 'courier')).toBe(false);
    expect(reloaded.hasFeed('s9', 'wire')).toBeUndefined();
  });

  it('a story stored before stories kept their feeds learns them from its sources: its feed\'s next item stays apart', () => {
    const legacy = `m1.${Buffer.from(wire.title!.buffer).toString('base64url')}.${Buffer.from(wire.lead!.buffer).toString('base64url')}`;
    const withoutSources = newIndex();
    withoutSources.add({ id: 's1', fingerprint: legacy, updatedAt: T0 });
    // Without its sources the old story knows no feed: every feed, its own too, would match it.
    expect(withoutSources.findSimilar(copy, T0 + HOUR, 'wire')).toMatchObject({ storyId: 's1' });
    const reloaded = newIndex();
    reloaded.add({ id: 's1', fingerprint: legacy, updatedAt: T0, sourceFeeds: ['wire', 'wire'] });
    expect(reloaded.findSimilar(copy, T0 + HOUR, 'wire')).toBeNull();
    expect(reloaded.findSimilar(copy, T0 + HOUR, 'courier')).toMatchObject({ storyId: 's1' });
    expect(parseFingerprint(reloaded.join('s1', 'courier', copy, T0 + HOUR))!.feeds).toHaveLength(2);
  });

  it('merges two stories an item bridges only when they look alike on their own too', () => {
    const index = newIndex();
    const short = memberOf({ title: 'Keeper rescues six sailors | Cape Post', summary: WIRE_LEAD, text: '' });
    const ownLead = memberOf({ title: WIRE_TITLE, summary: `${WIRE_LEAD.slice(0, 120)} our reporter on the cape was told by the crew, who thanked the keeper.`, text: '' });
    index.create('s1', 'cape', short, T0);
    index.create('s2', 'courier', ownLead, T0);
    index.create('s3', 'other', memberOf({ title: 'Ferry crews walk out over weekend rotas', summary: 'Crews on the two harbour ferries stopped work at dawn on Saturday in a dispute over weekend rotas.', text: '' }), T0);
    expect(index.merge('s1', 's3', T0)).toBeNull();
    const merged = parseFingerprint(index.merge('s1', 's2', T0 + HOUR))!;
    expect(merged.members).toHaveLength(2);
    expect(index.size).toBe(2);
    expect(index.hasFeed('s1', 'courier')).toBe(true);
    expect(index.merge('s1', 's2', T0)).toBeNull();
  });

  it('keeps at most eight distinct members and every feed', () => {
    const index = newIndex();
    index.create('s1', 'f0', wire, T0);
    for (let i = 1; i <= 12; i++) {
      const variant = memberOf({ title: `${WIRE_TITLE} variant${i} word${i} extra${i}`, summary: WIRE_LEAD, text: '' });
      index.join('s1', `f${i}`, variant, T0);
    }
    const stored = parseFingerprint(index.join('s1', 'f1', wire, T0))!;
    expect(stored.members).toHaveLength(MAX_MEMBERS);
    expect(stored.feeds).toHaveLength(13);
    expect(index.join('missing', 'f1', wire, T0)).toBeNull();
  });

  it('caps a bucket, so text thousands of stories share costs a bounded scan', () => {
    const index = newIndex();
    // One lead, many headlines: every story shares all 21 lead buckets.
    for (let i = 0; i < 500; i++) {
      index.create(`s${i}`, `f${i}`, memberOf({ title: `Harbour notice number ${i} about berth ${i}`, summary: WIRE_LEAD, text: '' }), T0 + i);
    }
    // The newest stories stay findable by the shared lead; the stalest left the full buckets.
    expect(index.findSimilar(memberOf({ title: 'x', summary: WIRE_LEAD, text: '' }), T0 + 500)).toMatchObject({ by: 'lead' });
    const probe = memberOf({ title: 'Harbour notice', summary: WIRE_LEAD, text: '' });
    expect(Number(index.findSimilar(probe, T0 + 500)!.storyId.slice(1))).toBeGreaterThanOrEqual(500 - BUCKET_CAP);
  });
});
