import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/match/ast.ts';
import { compileQuery } from '../../src/match/compile.ts';
import { cover, KeyTable, type IndexKey } from '../../src/match/index-keys.ts';
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
