import { describe, expect, it } from 'vitest';
import { compileQuery, validateTopics } from '../../src/match/compile.ts';
import { balloonItem, satelliteItem, sportItem } from './fixtures.ts';

const topics = {
  'north-korea': '"north korea" OR pyongyang OR dprk OR "kim jong un"',
  space: 'satellite* OR rocket OR orbit',
  'nk-space': 'topic:north-korea topic:space',
  'nk-no-sport': 'topic:north-korea -category:sport -football',
};

describe('topics', () => {
  it.each([
    ['topic:north-korea', balloonItem, true],
    ['topic:north-korea', satelliteItem, true],
    ['topic:north-korea', sportItem, true],
    ['topic:space', balloonItem, false],
    ['topic:nk-space', satelliteItem, true],
    ['topic:nk-space', balloonItem, false],
    ['topic:nk-no-sport', sportItem, false],
    ['topic:nk-no-sport', balloonItem, true],
    ['topic:North-Korea', balloonItem, true],
    ['topic:space OR loudspeaker', balloonItem, true],
    ['topic:north-korea -topic:space', satelliteItem, false],
    ['title:topic:north-korea', balloonItem, true],
    ['title:topic:space', satelliteItem, true],
    ['title:topic:space', item2(), false],
  ])('%s -> %s', (query, target, expected) => {
    expect(compileQuery(query, topics).matches(target)).toBe(expected);
  });

  it('names the topic and lists the known ones for an unknown topic', () => {
    expect(() => compileQuery('korea topic:nk', topics)).toThrow(
      "unknown topic 'nk' at column 7 (topics: nk-no-sport, nk-space, north-korea, space)",
    );
    expect(() => compileQuery('topic:spaec', topics)).toThrow("unknown topic 'spaec' at column 1 (did you mean 'topic:space'?");
    expect(() => compileQuery('topic:space', {})).toThrow("unknown topic 'space' at column 1 (no topics are configured)");
  });

  it('reports problems inside a topic under the topic name', () => {
    expect(() => compileQuery('topic:broken', { broken: 'korea AND' })).toThrow(
      "topic 'broken': 'AND' needs a term on its right (column 7): add a word after it or remove it",
    );
  });
});

function item2() {
  return { ...satelliteItem, title: 'Engineers cheer', text: 'A satellite reached orbit.' };
}

describe('validateTopics', () => {
  it('accepts good topics', () => {
    expect(validateTopics(topics)).toEqual([]);
  });

  it('reports every problem, cycles with their chain', () => {
    expect(
      validateTopics({
        a: 'korea topic:b',
        b: 'sport OR topic:a',
        self: 'topic:self',
        lost: 'korea OR topic:nowhere',
        quote: '"kim jong',
        empty: '   ',
        negative: '-sport',
        fine: 'satellite',
        'uses-bad': 'topic:quote',
      }),
    ).toEqual([
      { topic: 'a', message: 'topic cycle: a -> b -> a; remove one of these topic: references' },
      { topic: 'b', message: 'topic cycle: b -> a -> b; remove one of these topic: references' },
      { topic: 'empty', message: "topic 'empty' is empty; give it a query or remove it" },
      { topic: 'lost', message: "topic 'lost': unknown topic 'nowhere' at column 10 (topics: a, b, empty, fine, lost, negative, quote, self, uses-bad)" },
      {
        topic: 'negative',
        message: "topic 'negative': '-sport' has nothing to look for: exclusions alone would match almost every item; add a word to find, like korea -sport",
      },
      { topic: 'quote', message: `topic 'quote': unclosed quote at column 1: add the closing " or remove the opening one` },
      { topic: 'self', message: 'topic cycle: self -> self; remove one of these topic: references' },
      { topic: 'uses-bad', message: `topic 'quote': unclosed quote at column 1: add the closing " or remove the opening one` },
    ]);
  });
});
