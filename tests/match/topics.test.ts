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

describe('bounded topic expansion', () => {
  // Issue 18, finding 5: each topic uses the next one twice, so the expanded query doubles per level.
  function doubling(levels: number): Record<string, string> {
    const topics: Record<string, string> = {};
    for (let i = 0; i < levels; i += 1) topics[`t${i}`] = i === levels - 1 ? 'x' : `(topic:t${i + 1} OR x) topic:t${i + 1}`;
    return topics;
  }

  it('refuses a doubling chain of 24 topics, naming the chain, instead of expanding 2^24 terms', () => {
    const problems = validateTopics(doubling(24));
    const top = problems.find((problem) => problem.topic === 't0');
    expect(top?.message).toMatch(/^topic(s nest more than 8 deep:| chain) t0 -> t1 -> t2 -> /);
    expect(problems.map((problem) => problem.topic)).toContain('t15');
    expect(() => compileQuery('topic:t0', doubling(24))).toThrow(/t0 -> t1 -> t2/);
  });

  it('refuses a shallow chain whose expansion is too large, naming the chain and the limit', () => {
    const words = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' OR ');
    const topics = { big: words, twice: 'topic:big topic:big', more: 'topic:twice (topic:twice OR x)', most: 'topic:more topic:more topic:more topic:more' };
    const problems = validateTopics(topics);
    expect(problems.find((problem) => problem.topic === 'most')?.message).toContain('topic chain most -> more expands to more than 10000');
    expect(problems.find((problem) => problem.topic === 'most')?.message).toContain('limit 10000');
    expect(problems.filter((problem) => problem.topic !== 'most')).toEqual([]);
  });

  it('refuses a user query repeating a large topic past the limit', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' OR ');
    expect(() => compileQuery(Array(6).fill('topic:big').join(' OR '), { big: words })).toThrow(
      /the query's topics expand to more than 10000 query terms and operators \(limit 10000, reached at 'topic:big', column \d+\)/,
    );
    expect(compileQuery('topic:big korea', { big: words }).matches(balloonItem)).toBe(false);
  });

  it('still refuses cycles and accepts nesting up to the depth limit', () => {
    expect(validateTopics({ a: 'topic:b', b: 'topic:a' })[0]?.message).toContain('topic cycle: a -> b -> a');
    const nested: Record<string, string> = {};
    for (let i = 0; i < 8; i += 1) nested[`n${i}`] = i === 7 ? 'korea' : `topic:n${i + 1} OR x${i}`;
    expect(validateTopics(nested)).toEqual([]);
  });
});
