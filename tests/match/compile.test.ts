import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/match/compile.ts';
import { balloonItem, item, satelliteItem, sportItem } from './fixtures.ts';

const named = { balloonItem, satelliteItem, sportItem };

const inText = (text: string, query: string) => compileQuery(query, {}).matches(item({ title: '', text }));

describe('words', () => {
  it.each([
    ['satellite', 'A satellite reached orbit', true],
    ['SATELLITE', 'a satellite reached orbit', true],
    ['missile', 'Two missiles landed at sea', true],
    ['missiles', 'One missile landed at sea', true],
    ['korea', "Korea's envoy left", true],
    ['perez', 'Ana Pérez reports', true],
    ['pérez', 'ANA PEREZ reports', true],
    ['ice', 'The price rose', false],
    ['ice', 'The police came', false],
    ['ice', 'Ice closed the pass', true],
    ['un', 'It sank under the bridge', false],
    ['un', 'The UN met', true],
    ['un', 'Kim Jong-un spoke', true],
    ['dprk', 'Officials in the D.P.R.K. said', false],
    ['balloon', 'ballooning costs', false],
  ])('%s in %j -> %s', (query, text, expected) => {
    expect(inText(text, query)).toBe(expected);
  });
});

describe('phrases', () => {
  it.each([
    ['"kim jong un"', 'Kim Jong-un spoke', true],
    ['"kim jong un"', 'KIM JONG UN spoke', true],
    ['"kim jong un"', 'Kim Jong Un spoke', true],
    ['kim-jong-un', 'kim jong un spoke', true],
    ['"Kim Jong-un"', 'KIM JONG UN', true],
    ['“kim jong un”', 'Kim Jong-un spoke', true],
    ['"kim jong un"', 'Kim Jong-il and Un Ha met', false],
    ['"jong kim"', 'Kim Jong-un spoke', false],
    ['"north korea"', "North Korea's border", true],
    ['"north korea"', 'the north of South Korea', false],
    ['"ballistic missiles"', 'a ballistic missile test', true],
    ['"korea"', 'Korea spoke', true],
  ])('%s in %j -> %s', (query, text, expected) => {
    expect(inText(text, query)).toBe(expected);
  });

  it('does not run a phrase from the title into the text', () => {
    expect(compileQuery('"border talks"', {}).matches(item({ title: 'Fight at the border', text: 'Talks resumed.' }))).toBe(false);
  });

  it('does not run a phrase across two category labels', () => {
    const labels = item({ categories: ['Asia', 'North Korea'] });
    expect(compileQuery('category:"asia north"', {}).matches(labels)).toBe(false);
    expect(compileQuery('category:"north korea"', {}).matches(labels)).toBe(true);
  });
});

describe('prefixes', () => {
  it.each([
    ['balloon*', 'balloons drift', true],
    ['balloon*', 'ballooning costs', true],
    ['balloon*', 'a balloon', true],
    ['balloon*', 'a ball', false],
    ['loud*', 'loudspeakers blared', true],
    ['speaker*', 'loudspeakers blared', false],
    ['pyong*', "Pyongyang's envoy", true],
  ])('%s in %j -> %s', (query, text, expected) => {
    expect(inText(text, query)).toBe(expected);
  });
});

describe('boolean logic', () => {
  it.each([
    ['satellite OR missile', 'a satellite', true],
    ['satellite OR missile', 'a missile', true],
    ['satellite OR missile', 'a balloon', false],
    ['satellite or missile', 'a missile', true],
    ['satellite missile', 'a satellite', false],
    ['satellite missile', 'a satellite and a missile', true],
    ['satellite AND missile', 'a missile and a satellite', true],
    ['satellite and missile', 'a satellite', false],
    ['satellite -missile', 'a satellite', true],
    ['satellite -missile', 'a satellite and a missile', false],
    ['satellite NOT missile', 'a satellite and a missile', false],
    ['satellite not missile', 'a satellite', true],
    ['korea -"live blog"', 'Korea, a live blog', false],
    ['korea -"live blog"', 'Korea live, a blog', true],
    ['korea NOT NOT sport', 'Korea sport', true],
    ['korea NOT NOT sport', 'Korea', false],
    // OR binds loosest: a OR (b AND c)
    ['satellite OR missile launch', 'a satellite', true],
    ['satellite OR missile launch', 'a missile', false],
    ['satellite OR missile launch', 'a missile launch', true],
    // parentheses override it: (a OR b) AND c
    ['(satellite OR missile) launch', 'a satellite', false],
    ['(satellite OR missile) launch', 'a satellite launch', true],
    // NOT binds tightest: (NOT a) AND b
    ['NOT sport korea', 'Korea', true],
    ['NOT sport korea', 'Korea sport', false],
    ['korea -(sport OR football)', 'Korea football', false],
    ['korea -(sport OR football)', 'Korea', true],
    ['korea -(sport football)', 'Korea sport', true],
  ])('%s in %j -> %s', (query, text, expected) => {
    expect(inText(text, query)).toBe(expected);
  });
});

describe('fields', () => {
  it.each([
    ['title:satellite', 'satelliteItem', true],
    ['title:orbit', 'satelliteItem', false],
    ['text:orbit', 'satelliteItem', true],
    ['text:hails', 'satelliteItem', false],
    ['orbit', 'satelliteItem', true],
    ['hails', 'satelliteItem', true],
    ['source:"wire asia"', 'satelliteItem', true],
    ['source:wire-asia', 'satelliteItem', true],
    ['source:example', 'satelliteItem', true],
    ['source:wire', 'balloonItem', false],
    ['category:science', 'satelliteItem', true],
    ['category:"north korea"', 'balloonItem', true],
    ['category:sport', 'balloonItem', false],
    ['author:ekberg', 'satelliteItem', true],
    ['author:ekberg', 'sportItem', false],
    ['url:orbit', 'satelliteItem', true],
    ['url:example.com', 'satelliteItem', true],
    ['url:sport', 'satelliteItem', false],
    ['title:(spy OR kim) satellite', 'satelliteItem', true],
    ['title:(spy orbit)', 'satelliteItem', false],
    ['title:"kim jong un"', 'satelliteItem', true],
    ['title:-korea satellite', 'satelliteItem', true],
    ['Title:satellite', 'satelliteItem', true],
    ['title: satellite', 'satelliteItem', true],
    ['title:(orbit OR text:orbit)', 'satelliteItem', true],
  ] as const)('%s in %s -> %s', (query, name, expected) => {
    expect(compileQuery(query, {}).matches(named[name])).toBe(expected);
  });
});

describe('the empty query', () => {
  it.each(['', '   '])('%j matches every item', (query) => {
    const compiled = compileQuery(query, {});
    expect(compiled.root).toBeNull();
    for (const target of [balloonItem, satelliteItem, sportItem, item({})]) expect(compiled.matches(target)).toBe(true);
  });
});

describe('compiled keys', () => {
  it('are equal for queries that match the same way', () => {
    const key = (query: string) => compileQuery(query, {}).key;
    expect(key('Missiles OR satellite')).toBe(key('satellite or missile'));
    expect(key('"Kim Jong-un"')).toBe(key('kim-jong-un'));
    expect(key('title:korea')).not.toBe(key('korea'));
  });
});
