import { describe, expect, it } from 'vitest';
import { explainMatch, formatExplanation } from '../../src/match/explain.ts';
import { balloonItem, satelliteItem, sportItem } from './fixtures.ts';

const topics = { 'north-korea': '"north korea" OR pyongyang OR dprk OR "kim jong un"' };

describe('explainMatch', () => {
  it('says which terms matched, in which field, at which span', () => {
    const explanation = explainMatch('"kim jong un" satellite*', topics, satelliteItem);
    expect(explanation).toEqual({
      query: '"kim jong un" satellite*',
      matched: true,
      matchesEverything: false,
      found: [
        { term: '"kim jong un"', topic: null, field: 'title', start: 0, end: 11, value: 0, text: 'Kim Jong-un' },
        { term: 'satellite*', topic: null, field: 'title', start: 24, end: 33, value: 0, text: 'satellite' },
        { term: 'satellite*', topic: null, field: 'text', start: 33, end: 42, value: 0, text: 'satellite' },
      ],
      missing: [],
      excluded: [],
    });
  });

  it('names the topic a term came from and the value of a multi-valued field', () => {
    const explanation = explainMatch('topic:north-korea category:"north korea"', topics, balloonItem);
    expect(explanation.matched).toBe(true);
    expect(explanation.found).toEqual([
      { term: 'pyongyang', topic: 'north-korea', field: 'title', start: 14, end: 25, value: 0, text: "Pyongyang's" },
      { term: 'dprk', topic: 'north-korea', field: 'text', start: 106, end: 110, value: 0, text: 'DPRK' },
      { term: '"kim jong un"', topic: 'north-korea', field: 'text', start: 0, end: 11, value: 0, text: 'KIM JONG UN' },
      { term: 'category:"north korea"', topic: null, field: 'category', start: 0, end: 11, value: 1, text: 'North Korea' },
    ]);
  });

  it('names the required terms a miss lacked', () => {
    const explanation = explainMatch('title:satellite launch (orbit OR rocket)', topics, balloonItem);
    expect(explanation.matched).toBe(false);
    expect(explanation.missing).toEqual(['title:satellite', 'one of orbit, rocket']);
    expect(explanation.found.map((hit) => hit.term)).toEqual(['launch']);
  });

  it('names the excluded terms a miss contained', () => {
    const explanation = explainMatch('topic:north-korea -category:sport -"live blog"', topics, sportItem);
    expect(explanation.matched).toBe(false);
    expect(explanation.missing).toEqual([]);
    expect(explanation.excluded).toEqual([
      { term: 'category:sport', topic: null, field: 'category', start: 0, end: 5, value: 0, text: 'Sport' },
      { term: '"live blog"', topic: null, field: 'text', start: 69, end: 78, value: 0, text: 'live blog' },
    ]);
  });

  it('explains the empty query', () => {
    expect(explainMatch('', topics, sportItem)).toEqual({
      query: '',
      matched: true,
      matchesEverything: true,
      found: [],
      missing: [],
      excluded: [],
    });
  });

  it('throws query_invalid for a bad query', () => {
    expect(() => explainMatch('korea AND', topics, sportItem)).toThrow(expect.objectContaining({ code: 'query_invalid' }));
  });
});

describe('formatExplanation', () => {
  it('prints a match', () => {
    expect(formatExplanation(explainMatch('topic:north-korea balloon*', topics, balloonItem))).toBe(
      [
        'matched',
        `  found pyongyang (topic:north-korea) in title at 14-25: "Pyongyang's"`,
        '  found dprk (topic:north-korea) in text at 106-110: "DPRK"',
        '  found "kim jong un" (topic:north-korea) in text at 0-11: "KIM JONG UN"',
        '  found balloon* in title at 26-34: "balloons"',
        '  found balloon* in text at 55-63: "balloons"',
      ].join('\n'),
    );
  });

  it('prints a miss with what was missing and what was excluded', () => {
    expect(formatExplanation(explainMatch('korea -category:sport missile', topics, sportItem))).toBe(
      ['missed', '  found korea in title at 6-13: "Korea’s"', '  missing missile', '  excluded category:sport in category at 0-5: "Sport"'].join('\n'),
    );
  });

  it('prints the empty query', () => {
    expect(formatExplanation(explainMatch('', topics, sportItem))).toBe('matched: the empty query matches every item');
  });
});
