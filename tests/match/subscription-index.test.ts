import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/types.ts';
import { compileQuery } from '../../src/match/compile.ts';
import { evaluate } from '../../src/match/evaluate.ts';
import { prepareItem } from '../../src/match/prepare.ts';
import { SubscriptionIndex } from '../../src/match/subscription-index.ts';
import { balloonItem, item, satelliteItem, sportItem } from './fixtures.ts';

const topics = { 'north-korea': '"north korea" OR pyongyang OR dprk OR "kim jong un"', space: 'satellite* OR orbit' };

const sorted = (ids: string[]) => [...ids].sort();

describe('SubscriptionIndex', () => {
  it('returns the subscriptions whose queries match', () => {
    const index = new SubscriptionIndex(topics);
    index.set('nk', 'topic:north-korea');
    index.set('space', 'topic:space -sport');
    index.set('balloons', 'balloon*');
    index.set('everything', '');
    index.set('titles', 'title:"kim jong un"');
    index.set('wire', 'source:"wire asia"');
    index.set('ice', 'ice');
    expect(index.size).toBe(7);
    expect(sorted(index.match(balloonItem))).toEqual(['balloons', 'everything', 'nk']);
    expect(sorted(index.match(satelliteItem))).toEqual(['everything', 'nk', 'space', 'titles', 'wire']);
    expect(sorted(index.match(sportItem))).toEqual(['everything', 'ice', 'nk']);
  });

  it('shares one entry between subscriptions with the same query and keeps both', () => {
    const index = new SubscriptionIndex({});
    index.set('a', 'Satellite OR orbit');
    index.set('b', 'orbit or satellites');
    expect(sorted(index.match(satelliteItem))).toEqual(['a', 'b']);
    index.remove('a');
    expect(index.match(satelliteItem)).toEqual(['b']);
  });

  it('keeps the other holders of a shared query whichever one is removed', () => {
    const index = new SubscriptionIndex({});
    for (const id of ['a', 'b', 'c', 'd']) index.set(id, 'satellite -balloon');
    index.remove('a');
    expect(sorted(index.match(satelliteItem))).toEqual(['b', 'c', 'd']);
    index.remove('c');
    expect(sorted(index.match(satelliteItem))).toEqual(['b', 'd']);
    index.remove('d');
    index.remove('b');
    expect(index.match(satelliteItem)).toEqual([]);
    index.set('e', 'satellite -balloon');
    expect(index.match(satelliteItem)).toEqual(['e']);
  });

  it('replaces a query on set and forgets it on remove', () => {
    const index = new SubscriptionIndex({});
    index.set('a', 'satellite');
    index.set('a', 'balloon');
    expect(index.size).toBe(1);
    expect(index.match(satelliteItem)).toEqual([]);
    expect(index.match(balloonItem)).toEqual(['a']);
    index.set('a', '');
    expect(index.match(satelliteItem)).toEqual(['a']);
    index.remove('a');
    index.remove('never-added');
    expect(index.size).toBe(0);
    expect(index.match(balloonItem)).toEqual([]);
  });

  it('matches through any filing whose residual holds, whichever is offered first', () => {
    const index = new SubscriptionIndex({});
    index.set('either', '(orbit launch) OR satellite');
    index.set('both', 'satellite launch -balloon');
    const launchFirst = item({ title: 'A launch', text: 'The satellite flew.' });
    const satelliteFirst = item({ title: 'A satellite', text: 'The launch slipped.' });
    const neither = item({ title: 'A launch', text: 'The rocket flew.' });
    const excluded = item({ title: 'A satellite launch', text: 'A balloon too.' });
    expect(sorted(index.match(launchFirst))).toEqual(['both', 'either']);
    expect(sorted(index.match(satelliteFirst))).toEqual(['both', 'either']);
    expect(index.match(neither)).toEqual([]);
    expect(index.match(excluded)).toEqual(['either']);
  });

  it('reports a subscription once when its key is offered many times', () => {
    const index = new SubscriptionIndex({});
    index.set('phrase', '"spy satellite" orbit');
    index.set('word', 'satellite OR orbit');
    const repeated = item({ title: 'Spy satellite, spy satellite', text: 'A spy satellite reached orbit; the satellite is a spy satellite.' });
    expect(sorted(index.match(repeated))).toEqual(['phrase', 'word']);
  });

  it('reports a query reached through several keys once, alongside queries its keys prove alone', () => {
    const index = new SubscriptionIndex({});
    index.set('or', 'satellite OR orbit OR "spy satellite"');
    index.set('word', 'satellite');
    index.set('prefix', 'sat*');
    const both = item({ title: 'Spy satellite in orbit', text: 'The satellites, a satchel, a spy satellite, the orbit.' });
    expect(sorted(index.match(both))).toEqual(['or', 'prefix', 'word']);
    expect(sorted(index.match(item({ title: 'Orbit', text: 'A low orbit.' })))).toEqual(['or']);
  });

  it('keeps the ids of a query proven by its key in step with its holders', () => {
    const index = new SubscriptionIndex({});
    for (const id of ['a', 'b', 'c']) index.set(id, 'satellite');
    index.set('b', 'orbit');
    index.remove('a');
    expect(sorted(index.match(satelliteItem))).toEqual(['b', 'c']);
    index.remove('c');
    expect(index.match(item({ title: 'A satellite', text: 'Nothing else.' }))).toEqual([]);
    index.set('a', 'satellite');
    expect(index.match(item({ title: 'A satellite', text: 'Nothing else.' }))).toEqual(['a']);
  });

  it('rules a query out when the item holds an exclusion, whichever key is offered first', () => {
    const index = new SubscriptionIndex({});
    index.set('plain', 'satellite -launch');
    index.set('shared', 'orbit -launch');
    index.set('either', '(satellite OR launch) -"spy satellite"');
    index.set('alternative', '(satellite -launch) OR orbit');
    const launched = item({ title: 'A satellite launch', text: 'The orbit was low.' });
    const quiet = item({ title: 'A satellite', text: 'The orbit was low.' });
    const spy = item({ title: 'A spy satellite', text: 'Nothing about the launch.' });
    expect(sorted(index.match(launched))).toEqual(['alternative', 'either']);
    expect(sorted(index.match(quiet))).toEqual(['alternative', 'either', 'plain', 'shared']);
    expect(index.match(spy)).toEqual([]);
    index.remove('plain');
    index.remove('either');
    expect(sorted(index.match(quiet))).toEqual(['alternative', 'shared']);
    expect(index.match(spy)).toEqual([]);
  });

  it('matches a query whose residual other keys prove only when the item offers one of them', () => {
    const index = new SubscriptionIndex({});
    index.set('either', 'satellite AND (orbit OR launch*)');
    index.set('wire', 'source:"wire asia" satellite');
    index.set('title', 'title:spy satellite -balloon');
    const orbit = item({ title: 'A satellite', text: 'It reached orbit.', sourceName: 'Wire Asia' });
    const both = item({ title: 'A spy satellite', text: 'It reached orbit after the launches.' });
    const ballooned = item({ title: 'A spy satellite', text: 'A balloon, no orbit.' });
    expect(sorted(index.match(orbit))).toEqual(['either', 'wire']);
    expect(sorted(index.match(both))).toEqual(['either', 'title']);
    expect(sorted(index.match(ballooned))).toEqual(['either']);
    expect(index.match(item({ title: 'A spy', text: 'It reached orbit after the launch.' }))).toEqual([]);
  });

  it('keeps a partner key offered while any pair names it, and forgets it after', () => {
    const index = new SubscriptionIndex({});
    index.set('a', 'satellite orbit');
    index.set('b', 'launch orbit');
    index.set('c', 'satellite orbit');
    const launched = item({ title: 'A satellite launch', text: 'It reached orbit.' });
    expect(sorted(index.match(launched))).toEqual(['a', 'b', 'c']);
    index.remove('a');
    index.remove('b');
    expect(index.match(launched)).toEqual(['c']);
    index.remove('c');
    expect(index.match(launched)).toEqual([]);
    index.set('d', 'orbit');
    index.set('e', 'satellite AND (orbit OR launch)');
    expect(sorted(index.match(launched))).toEqual(['d', 'e']);
    index.remove('d');
    expect(index.match(launched)).toEqual(['e']);
    expect(index.match(item({ title: 'A satellite', text: 'It reached orbit.' }))).toEqual(['e']);
  });

  it('keeps the old query when a new one is invalid', () => {
    const index = new SubscriptionIndex({});
    index.set('a', 'satellite');
    expect(() => index.set('a', 'satellite AND')).toThrow(expect.objectContaining({ code: 'query_invalid' }));
    expect(() => index.set('b', 'topic:nowhere')).toThrow(expect.objectContaining({ code: 'query_invalid' }));
    expect(index.size).toBe(1);
    expect(index.match(satelliteItem)).toEqual(['a']);
  });
});

// Few words, so random queries and items overlap often; spelled several ways on purpose.
const WORDS = ['korea', 'Korea’s', 'KOREA', 'north', 'kim', 'jong', 'un', 'Jong-un', 'missiles', 'missile', 'balloon', 'ballooning', 'ice', 'price', 'under', 'sport', 'Pyongyang', 'dprk'];
const QUERY_WORDS = ['korea', 'north', 'kim', 'jong', 'un', 'missile', 'balloon', 'ice', 'sport', 'pyongyang', 'dprk', 'price'];
const FIELD_NAMES = ['title', 'text', 'source', 'category', 'author', 'url'];

const term = fc.oneof(
  fc.constantFrom(...QUERY_WORDS),
  fc.constantFrom('ball*', 'kor*', 'pyong*', 'mis*'),
  fc.array(fc.constantFrom(...QUERY_WORDS), { minLength: 2, maxLength: 3 }).map((words) => `"${words.join(' ')}"`),
);

const { query } = fc.letrec<{ query: string; factor: string }>((tie) => ({
  factor: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.tuple(fc.constantFrom(...FIELD_NAMES), term).map(([field, value]) => `${field}:${value}`),
    tie('factor').map((inner) => `-${inner}`),
    tie('query').map((inner) => `(${inner})`),
    fc.constantFrom('topic:north-korea', 'topic:space'),
  ),
  query: fc
    .array(fc.tuple(fc.constantFrom(' ', ' AND ', ' OR ', ' NOT '), tie('factor')), { minLength: 0, maxLength: 3 })
    .chain((rest) => tie('factor').map((first) => first + rest.map(([operator, factor]) => operator + factor).join(''))),
}));

const words = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((list) => list.join(' '));
const randomItem: fc.Arbitrary<Item> = fc
  .record({
    title: words,
    text: words,
    categories: fc.array(words, { maxLength: 2 }),
    author: fc.option(words),
    sourceName: words,
    path: fc.array(fc.constantFrom(...QUERY_WORDS), { maxLength: 3 }),
  })
  .map(({ path, ...fields }) => item({ ...fields, url: `https://news.example.org/${path.join('/')}` }));

function compiles(text: string): boolean {
  try {
    compileQuery(text, topics);
    return true;
  } catch {
    return false;
  }
}

const validQuery = query.filter(compiles);

describe('SubscriptionIndex agrees with a naive loop over compileQuery', () => {
  it('for random queries and items', () => {
    fc.assert(
      fc.property(fc.array(validQuery, { minLength: 1, maxLength: 30 }), fc.array(randomItem, { minLength: 1, maxLength: 5 }), (queries, items) => {
        const index = new SubscriptionIndex(topics);
        queries.forEach((text, id) => index.set(String(id), text));
        const compiled = queries.map((text) => compileQuery(text, topics));
        for (const target of items) {
          // The tree interpreter is the oracle; the compiled predicates must agree with it too.
          const prepared = prepareItem(target);
          const expected = compiled.flatMap((predicate, id) => (evaluate(predicate.root!, prepared) ? [String(id)] : []));
          expect(compiled.flatMap((predicate, id) => (predicate.matches(target) ? [String(id)] : []))).toEqual(expected);
          expect(sorted(index.match(target))).toEqual(sorted(expected));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('through any sequence of set and remove', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: 6 }), query: validQuery }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), randomItem, (operations, target) => {
        const index = new SubscriptionIndex(topics);
        const model = new Map<string, string>();
        for (const step of operations) {
          if (step.kind === 'set') {
            index.set(String(step.id), step.query);
            model.set(String(step.id), step.query);
          } else {
            index.remove(String(step.id));
            model.delete(String(step.id));
          }
        }
        expect(index.size).toBe(model.size);
        const prepared = prepareItem(target);
        const expected = [...model].flatMap(([id, text]) => (evaluate(compileQuery(text, topics).root!, prepared) ? [id] : []));
        expect(sorted(index.match(target))).toEqual(sorted(expected));
      }),
      { numRuns: 200 },
    );
  });
});
