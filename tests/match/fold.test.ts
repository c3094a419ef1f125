import { describe, expect, it } from 'vitest';
import { stem, tokenize } from '../../src/match/fold.ts';

const stems = (text: string) => tokenize(text).map((token) => token.stem);

describe('tokenize', () => {
  it.each([
    ['Kim Jong-un', ['kim', 'jong', 'un']],
    ['KIM JONG UN', ['kim', 'jong', 'un']],
    ['Kim Jong Un', ['kim', 'jong', 'un']],
    ["Korea's", ['korea']],
    ['Korea’s', ['korea']],
    ['nations’ talks', ['nation', 'talk']],
    ["O'Brien", ['obrien']],
    ['Pérez Núñez', ['perez', 'nunez']],
    ['ÉLYSÉE', ['elysee']],
    ['D.P.R.K.', ['d', 'p', 'r', 'k']],
    ['missiles, balloons & satellites!', ['missile', 'balloon', 'satellite']],
    ['2031-launch', ['2031', 'launch']],
    ['ﬁnal ½', ['final', '1', '2']],
    ['', []],
    ['… — ', []],
  ])('%j -> %j', (text, expected) => {
    expect(stems(text)).toEqual(expected);
  });

  it('keeps each word span in the original text, accents and all', () => {
    const text = 'Ana Pérez, in Seoul';
    expect(tokenize(text).map((token) => text.slice(token.start, token.end))).toEqual(['Ana', 'Pérez', 'in', 'Seoul']);
  });

  it('keeps the unstemmed word for prefixes', () => {
    expect(tokenize('Ballooning balloons').map((token) => [token.raw, token.stem])).toEqual([
      ['ballooning', 'ballooning'],
      ['balloons', 'balloon'],
    ]);
  });

  it('folds text given in decomposed form the same as composed', () => {
    expect(stems('Pe\u0301rez')).toEqual(stems('Pérez'));
  });
});

describe('stem', () => {
  it.each([
    ['missiles', 'missile'],
    ['balloons', 'balloon'],
    ['countries', 'country'],
    ['launches', 'launch'],
    ['boxes', 'box'],
    ['classes', 'class'],
    ['crisis', 'crisis'],
    ['status', 'status'],
    ['news', 'news'],
    ['gas', 'gas'],
    ['its', 'its'],
    ['price', 'price'],
    ['2030s', '2030s'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
