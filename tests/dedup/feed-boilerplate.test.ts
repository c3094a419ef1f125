import { describe, expect, it } from 'vitest';
import { learnBoilerplate, MAX_PER_FEED } from '../../src/dedup/feed-boilerplate.ts';

const BLURB = 'The Estuary Post brings you the stories that matter to the river towns.';
const FOLDED = 'the estuary post brings you the stories that matter to the river towns';
const item = (summary: string, text = '') => ({ summary, text });

describe('learnBoilerplate', () => {
  it('learns the lead sentences two items of the poll share, folded', () => {
    const learned = learnBoilerplate([], [item(`${BLURB} Council approves new bridge tolls.`), item(`${BLURB} Library reopens after roof repairs.`)]);
    expect(learned).toEqual([FOLDED]);
  });

  it('looks in the text of an item without a summary', () => {
    expect(learnBoilerplate([], [item('', `${BLURB} Ferry timetable cut.`), item('', `${BLURB} Market traders protest.`)])).toEqual([FOLDED]);
  });

  it('learns nothing from a sentence only one item has: returns what was known, itself', () => {
    const known = ['sign up for our morning newsletter today'];
    expect(learnBoilerplate(known, [item(`${BLURB} Council approves new bridge tolls.`)])).toBe(known);
    expect(learnBoilerplate(known, [])).toBe(known);
  });

  it('a sentence repeated again that is already the most recent changes nothing', () => {
    const known = ['sign up for our morning newsletter today', FOLDED];
    expect(learnBoilerplate(known, [item(`${BLURB} One.`), item(`${BLURB} Two.`)])).toBe(known);
  });

  it('keeps what it knew and moves a sentence repeated again last', () => {
    const known = [FOLDED, 'sign up for our morning newsletter today'];
    const learned = learnBoilerplate(known, [item(`${BLURB} One.`), item(`${BLURB} Two.`)]);
    expect(learned).toEqual(['sign up for our morning newsletter today', FOLDED]);
    expect(known).toEqual([FOLDED, 'sign up for our morning newsletter today']);
  });

  it(`keeps at most ${MAX_PER_FEED}, the least recently repeated going first`, () => {
    const known = Array.from({ length: MAX_PER_FEED }, (_, i) => `an old sentence of the site number ${i}`);
    const learned = learnBoilerplate(known, [item(`${BLURB} One.`), item(`${BLURB} Two.`)]);
    expect(learned).toHaveLength(MAX_PER_FEED);
    expect(learned[0]).toBe('an old sentence of the site number 1');
    expect(learned.at(-1)).toBe(FOLDED);
  });
});
