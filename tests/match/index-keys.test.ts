import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/match/compile.ts';
import { cover, KeyTable, type IndexKey } from '../../src/match/index-keys.ts';
import { prepareItem } from '../../src/match/prepare.ts';
import { item, satelliteItem } from './fixtures.ts';

const keysOf = (query: string) => {
  const found = cover(compileQuery(query, {}).root!)!;
  return { keys: found.keys.map((key) => [key.family, key.word, key.next].filter((part) => part !== null).join(' ')), exact: found.exact };
};

describe('cover', () => {
  it.each([
    ['satellite', ['w satellite'], true],
    ['Satellites', ['w satellite'], true],
    ['title:satellite', ['wt satellite'], true],
    ['text:satellite', ['w satellite'], false],
    ['source:wire', ['ws wire'], true],
    ['category:science', ['wc science'], true],
    ['author:ekberg', ['wa ekberg'], true],
    ['url:orbit', ['wu orbit'], true],
    ['"spy satellite"', ['b spy satellite'], true],
    ['"kim jong un"', ['b kim jong'], false],
    ['"the spy satellite"', ['b spy satellite'], false],
    ['title:"spy satellite"', ['bt spy satellite'], true],
    ['satellite OR orbit', ['w satellite', 'w orbit'], true],
    ['satellite OR (orbit launch)', ['w satellite', 'w launch'], false],
    // the longer word looks rarer; common words are never chosen over others
    ['spy satellite', ['w satellite'], false],
    ['the spy', ['w spy'], false],
    // outlets, categories and URL sections are shared by many items
    ['url:asia satellite', ['w satellite'], false],
    ['category:world spy', ['w spy'], false],
    ['satellite -launch', ['w satellite'], false],
    ['ballo*', ['p ballo'], true],
    ['balloon*', ['p balloon'], true],
    ['title:ballo*', ['pt ballo'], true],
    ['text:ballo*', ['p ballo'], false],
    ['ballo* -sport', ['p ballo'], false],
  ])('%s -> %j (exact: %s)', (query, keys, exact) => {
    expect(keysOf(query)).toEqual({ keys, exact });
  });
});

describe('KeyTable', () => {
  const word = (family: IndexKey['family'], text: string, next: string | null = null): IndexKey => ({ family, word: text, next });
  const offered = (table: KeyTable<string>, target = satelliteItem) => {
    const lists: string[] = [];
    table.forEachOffered(prepareItem(target), (list) => lists.push(...list));
    return [...new Set(lists)].sort();
  };

  it('offers only the lists filed under keys the item holds, in the right scope', () => {
    const table = new KeyTable<string>();
    table.add(word('w', 'satellite'), 'any-satellite');
    table.add(word('wt', 'orbit'), 'title-orbit');
    table.add(word('w', 'orbit'), 'any-orbit');
    table.add(word('ws', 'wire'), 'source-wire');
    table.add(word('b', 'spy', 'satellite'), 'spy-satellite');
    table.add(word('b', 'satellite', 'spy'), 'satellite-spy');
    table.add(word('p', 'sate'), 'sate-prefix');
    table.add(word('p', 'ballo'), 'ballo-prefix');
    table.add(word('w', 'balloon'), 'balloon');
    expect(offered(table)).toEqual(['any-orbit', 'any-satellite', 'sate-prefix', 'source-wire', 'spy-satellite']);
  });

  it('does not offer a bigram across two values of a field', () => {
    const table = new KeyTable<string>();
    table.add(word('bc', 'asia', 'north'), 'across');
    table.add(word('bc', 'north', 'korea'), 'within');
    expect(offered(table, item({ categories: ['Asia', 'North Korea'] }))).toEqual(['within']);
  });

  it('forgets what is deleted', () => {
    const table = new KeyTable<string>();
    table.add(word('w', 'satellite'), 'a');
    table.add(word('w', 'satellite'), 'b');
    table.add(word('b', 'spy', 'satellite'), 'c');
    table.delete(word('w', 'satellite'), 'a');
    table.delete(word('b', 'spy', 'satellite'), 'c');
    table.delete(word('w', 'never'), 'x');
    expect(offered(table)).toEqual(['b']);
  });

  it('keeps shorter prefixes when a longer one on the same branch is deleted', () => {
    const table = new KeyTable<string>();
    table.add(word('p', 'sat'), 'sat');
    table.add(word('p', 'satel'), 'satel');
    table.add(word('p', 'satur'), 'satur');
    expect(offered(table)).toEqual(['sat', 'satel']);
    table.delete(word('p', 'satel'), 'satel');
    table.delete(word('p', 'sat'), 'nothing-filed');
    expect(offered(table)).toEqual(['sat']);
    table.delete(word('p', 'sat'), 'sat');
    table.delete(word('p', 'satur'), 'satur');
    expect(offered(table)).toEqual([]);
  });
});
