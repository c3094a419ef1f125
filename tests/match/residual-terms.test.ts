import { describe, expect, it } from 'vitest';
import type { QueryNode } from '../../src/match/ast.ts';
import { compileQuery } from '../../src/match/compile.ts';
import { prepareItem } from '../../src/match/prepare.ts';
import { TermTable } from '../../src/match/residual-terms.ts';
import { balloonItem, satelliteItem } from './fixtures.ts';

const rootOf = (query: string): QueryNode => compileQuery(query, {}).root!;

describe('TermTable', () => {
  it('turns required and excluded terms into one clause, sharing numbers between clauses', () => {
    const terms = new TermTable();
    const first = terms.clauseOf(rootOf('satellite -balloon url:orbit'))!;
    const second = terms.clauseOf(rootOf('-balloon "spy satellite"'))!;
    // each alternative is its length, then its literals
    expect([...first].filter((_, at) => at % 2 === 0)).toEqual([1, 1, 1]);
    expect(second).toHaveLength(4);
    const excludedBalloon = [...first].find((literal) => literal < 0);
    expect(second).toContain(excludedBalloon);
  });

  it('keeps an alternative of terms as one part of the clause', () => {
    const terms = new TermTable();
    const clause = terms.clauseOf(rootOf('kim (balloon OR -orbit OR "spy satellite")'))!;
    expect(clause[0]).toBe(1);
    expect(clause[2]).toBe(3);
    expect(clause).toHaveLength(6);
  });

  it('leaves other shapes to a check of their own', () => {
    const terms = new TermTable();
    expect(terms.clauseOf(rootOf('satellite OR (balloon launch)'))).toBeNull();
    expect(terms.clauseOf(rootOf('satellite -(balloon launch)'))).toBeNull();
  });

  it.each([
    ['satellite -balloon url:orbit', true, false],
    ['-balloon "spy satellite"', true, false],
    ['title:balloons pyongyang', false, true],
    ['source:"wire asia" -"kim jong un"', false, false],
    ['kim* -sport', true, true],
    ['kim AND (orbit OR loudspeakers)', true, true],
    ['kim AND (orbit OR -seoul) AND (balloon OR -launch)', false, false],
    ['launch (price OR police)', false, true],
  ])('%s holds for the satellite item: %s, the balloon item: %s', (query, onSatellite, onBalloon) => {
    const terms = new TermTable();
    const clause = terms.clauseOf(rootOf(query))!;
    expect(terms.holds(clause, prepareItem(satelliteItem), 1)).toBe(onSatellite);
    expect(terms.holds(clause, prepareItem(balloonItem), 2)).toBe(onBalloon);
    // the memo answers for the same call, and a new call looks again
    expect(terms.holds(clause, prepareItem(balloonItem), 2)).toBe(onBalloon);
    expect(terms.holds(clause, prepareItem(satelliteItem), 3)).toBe(onSatellite);
  });

  it('reuses the number of a term no clause uses any more', () => {
    const terms = new TermTable();
    const gone = terms.clauseOf(rootOf('satellite -balloon'))!;
    const kept = terms.clauseOf(rootOf('satellite orbit'))!;
    terms.release(gone);
    const next = terms.clauseOf(rootOf('launch'))!;
    expect(next[1]).toBe(~gone.find((literal) => literal < 0)!);
    expect(terms.holds(kept, prepareItem(satelliteItem), 1)).toBe(true);
    expect(terms.holds(next, prepareItem(satelliteItem), 1)).toBe(true);
  });
});
