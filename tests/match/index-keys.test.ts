import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/match/ast.ts';
import { compileQuery } from '../../src/match/compile.ts';
import { cover, KeyTable, plan, provingKeys, type IndexKey, type KeyList } from '../../src/match/index-keys.ts';
import { prepareItem } from '../../src/match/prepare.ts';
import { item, satelliteItem } from './fixtures.ts';

const filingsOf = (query: string) =>
  cover(compileQuery(query, {}).root!)!.filings.map(({ key, residual }) => {
    const written = [key.family, key.word, key.next].filter((part) => part !== null).join(' ');
    return residual === null ? written : `${written} if ${canonical(residual)}`;
  });

describe('cover', () => {
  it.each([
    ['satellite', ['w satellite']],
    ['Satellites', ['w satellite']],
    ['title:satellite', ['wt satellite']],
    ['text:satellite', ['w satellite if text:satellite']],
    ['source:wire', ['ws wire']],
    ['category:science', ['wc science']],
    ['author:ekberg', ['wa ekberg']],
    ['url:orbit', ['wu orbit']],
    ['"spy satellite"', ['b spy satellite']],
    ['"kim jong un"', ['b kim jong if :"kim jong un"']],
    ['"the spy satellite"', ['b spy satellite if :"the spy satellite"']],
    ['title:"spy satellite"', ['bt spy satellite']],
    ['satellite OR orbit', ['w satellite', 'w orbit']],
    // each alternative's filings carry only that alternative's residual
    ['satellite OR (orbit launch)', ['w satellite', 'w launch if :orbit']],
    ['(spy satellite) OR orbit', ['w satellite if :spy', 'w orbit']],
    // the longer word looks rarer; common words are never chosen over others; the rest is the residual
    ['spy satellite', ['w satellite if :spy']],
    ['the spy', ['w spy if :the']],
    ['satellite orbit -launch', ['w satellite if and(-:launch,:orbit)']],
    ['"kim jong un" launch -sport', ['b kim jong if and(-:sport,:"kim jong un",:launch)']],
    // outlets, categories and URL sections are shared by many items
    ['url:asia satellite', ['w satellite if url:asia']],
    ['category:world spy', ['w spy if category:world']],
    ['satellite -launch', ['w satellite if -:launch']],
    ['ballo*', ['p ballo']],
    ['balloon*', ['p balloon']],
    ['title:ballo*', ['pt ballo']],
    ['text:ballo*', ['p ballo if text:ballo*']],
    ['ballo* -sport', ['p ballo if -:sport']],
  ])('%s -> %j', (query, filings) => {
    expect(filingsOf(query)).toEqual(filings);
  });
});

describe('plan', () => {
  const keyText = (key: IndexKey) => [key.family, key.word, key.next].filter((part) => part !== null).join(' ');
  const planOf = (query: string) => {
    const { filings, vetoes } = plan(compileQuery(query, {}).root!)!;
    return {
      filings: filings.map(({ key, residual }) => (residual === null ? keyText(key) : `${keyText(key)} if ${canonical(residual)}`)),
      vetoes: vetoes.map(keyText),
    };
  };

  it.each([
    ['satellite -launch', ['w satellite'], ['w launch']],
    ['satellite -"live blog" -(sport OR football)', ['w satellite'], ['b live blog', 'w sport', 'w football']],
    ['satellite orbit -launch', ['w satellite if :orbit'], ['w launch']],
    ['title:satellite -title:launch', ['wt satellite'], ['wt launch']],
    // no single key proves these exclusions, so they stay in the residual
    ['satellite -"kim jong un"', ['w satellite if -:"kim jong un"'], []],
    ['satellite -text:launch', ['w satellite if -text:launch'], []],
    ['satellite -(launch orbit)', ['w satellite if -and(:launch,:orbit)'], []],
    // an exclusion under an OR rules out only its alternative
    ['(satellite -launch) OR orbit', ['w satellite if -:launch', 'w orbit'], []],
  ])('%s', (query, filings, vetoes) => {
    expect(planOf(query)).toEqual({ filings, vetoes });
  });
});

describe('provingKeys', () => {
  const keysOf = (query: string) => provingKeys(compileQuery(query, {}).root!)?.map(({ family, word, next }) => [family, word, next].filter((part) => part !== null).join(' ')) ?? null;

  it.each([
    ['satellite', ['w satellite']],
    ['title:orbit', ['wt orbit']],
    ['source:"wire asia"', ['bs wire asia']],
    ['satellite OR "spy satellite" OR ballo*', ['w satellite', 'b spy satellite', 'p ballo']],
  ])('%s is proven by %j', (query, keys) => {
    expect(keysOf(query)).toEqual(keys);
  });

  // an item offering one of the keys may still not match: these need a check
  it.each(['text:satellite', '"kim jong un"', 'satellite orbit', 'satellite OR (orbit launch)', 'satellite -launch'])('%s has none', (query) => {
    expect(keysOf(query)).toBeNull();
  });
});

interface Values extends KeyList {
  values: string[];
}

describe('KeyTable', () => {
  const word = (family: IndexKey['family'], text: string, next: string | null = null): IndexKey => ({ family, word: text, next });
  const table = () => new KeyTable<Values>(() => ({ stamp: 0, values: [] }), (list) => list.values.length === 0);
  const add = (into: KeyTable<Values>, key: IndexKey, value: string) => into.listOf(key).values.push(value);
  const remove = (from: KeyTable<Values>, key: IndexKey, value: string) => {
    const { values } = from.listOf(key);
    if (values.includes(value)) values.splice(values.indexOf(value), 1);
    from.prune(key);
  };
  /** The values of the offered lists, in offering order, so a list offered twice would show. */
  const offered = (from: KeyTable<Values>, target = satelliteItem) => {
    const lists: Values[] = [];
    const count = from.offered(prepareItem(target), lists);
    return lists.slice(0, count).flatMap((list) => list.values);
  };

  it('offers only the lists filed under keys the item holds, in the right scope', () => {
    const keys = table();
    add(keys, word('w', 'satellite'), 'any-satellite');
    add(keys, word('wt', 'orbit'), 'title-orbit');
    add(keys, word('w', 'orbit'), 'any-orbit');
    add(keys, word('ws', 'wire'), 'source-wire');
    add(keys, word('b', 'spy', 'satellite'), 'spy-satellite');
    add(keys, word('b', 'satellite', 'spy'), 'satellite-spy');
    add(keys, word('p', 'sate'), 'sate-prefix');
    add(keys, word('p', 'ballo'), 'ballo-prefix');
    add(keys, word('w', 'balloon'), 'balloon');
    expect(offered(keys).sort()).toEqual(['any-orbit', 'any-satellite', 'sate-prefix', 'source-wire', 'spy-satellite']);
  });

  it('offers each list once however often the item holds its key', () => {
    const keys = table();
    add(keys, word('w', 'satellite'), 'satellite');
    add(keys, word('b', 'spy', 'satellite'), 'spy-satellite');
    add(keys, word('p', 'sat'), 'sat-prefix');
    const repeated = item({ title: 'Spy satellite', text: 'A spy satellite, then satellites and a satchel: spy satellite.' });
    expect(offered(keys, repeated).sort()).toEqual(['sat-prefix', 'satellite', 'spy-satellite']);
    expect(offered(keys, repeated).sort()).toEqual(['sat-prefix', 'satellite', 'spy-satellite']);
  });

  it('sees prefixes filed or deleted after a word was walked', () => {
    const keys = table();
    add(keys, word('p', 'sat'), 'sat');
    expect(offered(keys)).toEqual(['sat']);
    add(keys, word('p', 'satel'), 'satel');
    expect(offered(keys).sort()).toEqual(['sat', 'satel']);
    add(keys, word('p', 'satel'), 'satel-again');
    expect(offered(keys).sort()).toEqual(['sat', 'satel', 'satel-again']);
    remove(keys, word('p', 'sat'), 'sat');
    expect(offered(keys).sort()).toEqual(['satel', 'satel-again']);
  });

  it('does not offer a bigram across two values of a field', () => {
    const keys = table();
    add(keys, word('bc', 'asia', 'north'), 'across');
    add(keys, word('bc', 'north', 'korea'), 'within');
    expect(offered(keys, item({ categories: ['Asia', 'North Korea'] }))).toEqual(['within']);
  });

  it('forgets what is deleted', () => {
    const keys = table();
    add(keys, word('w', 'satellite'), 'a');
    add(keys, word('w', 'satellite'), 'b');
    add(keys, word('b', 'spy', 'satellite'), 'c');
    remove(keys, word('w', 'satellite'), 'a');
    remove(keys, word('b', 'spy', 'satellite'), 'c');
    keys.prune(word('w', 'never'));
    expect(offered(keys)).toEqual(['b']);
  });

  it('keeps the bigrams starting with a word when the word is deleted, and the word when they are', () => {
    const keys = table();
    add(keys, word('w', 'spy'), 'spy');
    add(keys, word('b', 'spy', 'satellite'), 'spy-satellite');
    add(keys, word('b', 'spy', 'plane'), 'spy-plane');
    add(keys, word('wt', 'spy'), 'title-spy');
    remove(keys, word('w', 'spy'), 'spy');
    expect(offered(keys).sort()).toEqual(['spy-satellite', 'title-spy']);
    remove(keys, word('b', 'spy', 'satellite'), 'spy-satellite');
    add(keys, word('w', 'spy'), 'spy-again');
    remove(keys, word('b', 'spy', 'plane'), 'spy-plane');
    expect(offered(keys).sort()).toEqual(['spy-again', 'title-spy']);
    remove(keys, word('w', 'spy'), 'spy-again');
    remove(keys, word('wt', 'spy'), 'title-spy');
    expect(offered(keys)).toEqual([]);
    add(keys, word('b', 'spy', 'satellite'), 'spy-satellite');
    expect(offered(keys)).toEqual(['spy-satellite']);
  });

  it('keeps shorter prefixes when a longer one on the same branch is deleted', () => {
    const keys = table();
    add(keys, word('p', 'sat'), 'sat');
    add(keys, word('p', 'satel'), 'satel');
    add(keys, word('p', 'satur'), 'satur');
    expect(offered(keys).sort()).toEqual(['sat', 'satel']);
    remove(keys, word('p', 'satel'), 'satel');
    keys.prune(word('p', 'sat'));
    keys.prune(word('p', 'nowhere'));
    expect(offered(keys)).toEqual(['sat']);
    remove(keys, word('p', 'sat'), 'sat');
    remove(keys, word('p', 'satur'), 'satur');
    expect(offered(keys)).toEqual([]);
  });
});
