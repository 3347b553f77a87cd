// The independent checker on small hand-written instances: objective by hand, each hard rule broken
// once and detected, and the edge exemptions of the minimum-run rules.

import { describe, expect, it } from 'vitest';
import { checkRoster, readInstance, readRoster, type HardRule } from './checker.ts';

// 14 days (two weeks: Saturdays 5 and 12, Sundays 6 and 13), shifts D (480) and N (600, no D after N).
const TINY = `# tiny instance
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=14|N=3,4800,960,5,2,2,1
B,D=14|N=0,4800,0,4,3,2,2

SECTION_DAYS_OFF
A,13
B,0,1

SECTION_SHIFT_ON_REQUESTS
A,2,D,2
B,3,D,5

SECTION_SHIFT_OFF_REQUESTS
A,3,D,4

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
2,D,2,100,1
3,D,1,100,1
4,N,1,50,3
`;

const inst = readInstance(TINY);

function roster(rows: [string, number, string][]): string {
  return ['employee,day,shift', ...rows.map((r) => r.join(','))].join('\n');
}

function rulesOf(rows: [string, number, string][]): HardRule[] {
  return checkRoster(inst, readRoster(roster(rows))).violations.map((v) => v.rule);
}

/** A roster for A and B that breaks no hard rule (A: days 0-3 D, B: days 2-4 D). */
const LEGAL: [string, number, string][] = [
  ['A', 0, 'D'], ['A', 1, 'D'], ['A', 2, 'D'], ['A', 3, 'D'],
  ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D'],
];

describe('curtois checker', () => {
  it('reads the sections', () => {
    expect(inst.days).toBe(14);
    expect(inst.shifts.get('N')).toEqual({ length: 600, forbiddenAfter: new Set(['D']) });
    expect(inst.staff[1].maxShifts.get('N')).toBe(0);
    expect(inst.daysOff.get('B')).toEqual(new Set([0, 1]));
    expect(inst.cover).toHaveLength(5);
  });

  it('computes the objective of a legal roster by hand', () => {
    const result = checkRoster(inst, readRoster(roster(LEGAL)));
    expect(result.violations).toEqual([]);
    // Requests: A on day 2 D met (0), B on day 3 D met (0), A off day 3 D broken (+4) => 4.
    // Cover: day 0 D has 1 of 1; day 1 D 1 of 1; day 2 D 2 of 2; day 3 D 2 of 1 => over 1 x 1;
    // day 4 D has 1 with no requirement row (no penalty); day 4 N 0 of 1 => under 1 x 50. Total 51.
    expect(result.requestPenalty).toBe(4);
    expect(result.coverPenalty).toBe(51);
    expect(result.objective).toBe(55);
  });

  it('counts an unmet on-request when a different shift is worked', () => {
    const rows: [string, number, string][] = [['A', 0, 'D'], ['A', 1, 'D'], ['A', 2, 'N'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    // A asked for D on day 2 and works N: +2. A off-request on day 3 not worked: 0. B's request met.
    expect(checkRoster(inst, readRoster(roster(rows))).requestPenalty).toBe(2);
  });

  it('detects two shifts on one day', () => {
    expect(rulesOf([...LEGAL, ['A', 3, 'N']])).toContain('one-shift-per-day');
  });

  it('detects a forbidden succession', () => {
    // A: N on day 1 then D on day 2.
    const rows: [string, number, string][] = [['A', 0, 'D'], ['A', 1, 'N'], ['A', 2, 'D'], ['A', 3, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    expect(rulesOf(rows)).toEqual(['forbidden-succession']);
  });

  it('detects a shift type over its maximum (0 means never)', () => {
    const rows: [string, number, string][] = [['A', 0, 'D'], ['A', 1, 'D'], ['A', 2, 'D'], ['A', 3, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'N']];
    expect(rulesOf(rows)).toEqual(['max-shifts-of-type']);
  });

  it('detects total minutes outside the band', () => {
    // A works one run of 1 day at the edge: 480 < 960.
    expect(rulesOf([['A', 0, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']])).toEqual(['total-minutes']);
  });

  it('detects a run longer than the maximum, even touching day 0', () => {
    const rows: [string, number, string][] = [...[0, 1, 2, 3, 4, 5].map((d): [string, number, string] => ['A', d, 'D']), ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    expect(rulesOf(rows)).toEqual(['max-consecutive-shifts']);
  });

  it('detects a short run of work inside the horizon but exempts runs touching the edges', () => {
    // B: a 1-day run on day 8 (min 3) is a breach ...
    expect(rulesOf([...LEGAL.slice(0, 4), ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D'], ['B', 8, 'D']])).toEqual(['min-consecutive-shifts']);
    // ... a 1-day run on the last day is not (B's two weekends allow it).
    expect(rulesOf([...LEGAL, ['B', 13, 'D']])).toEqual([]);
  });

  it('exempts a short run of work touching day 0', () => {
    // A works day 0 alone (run of 1 < 2 touching day 0), then days 3-4: legal.
    const rows: [string, number, string][] = [['A', 0, 'D'], ['A', 3, 'D'], ['A', 4, 'D'], ['A', 5, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    expect(rulesOf(rows)).toEqual([]);
  });

  it('detects a short run of days off inside the horizon but exempts it at the edges', () => {
    // A: works 0-1, off 2 (1 day < 2), works 3-4: breach.
    const inside: [string, number, string][] = [['A', 0, 'D'], ['A', 1, 'D'], ['A', 3, 'D'], ['A', 4, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    expect(rulesOf(inside)).toEqual(['min-consecutive-days-off']);
    // A: off day 0 only (1 day, touching day 0), then works 1-4: legal.
    const edge: [string, number, string][] = [['A', 1, 'D'], ['A', 2, 'D'], ['A', 3, 'D'], ['A', 4, 'D'], ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D']];
    expect(rulesOf(edge)).toEqual([]);
  });

  it('detects too many weekends', () => {
    // A works Saturday 5 and Saturday 12: two weekends, at most one.
    const rows: [string, number, string][] = [
      ['A', 4, 'D'], ['A', 5, 'D'], ['A', 11, 'D'], ['A', 12, 'D'],
      ['B', 2, 'D'], ['B', 3, 'D'], ['B', 4, 'D'],
    ];
    expect(rulesOf(rows)).toEqual(['max-weekends']);
  });

  it('detects work on a day off', () => {
    const rows: [string, number, string][] = [...LEGAL.slice(0, 4), ['B', 1, 'D'], ['B', 2, 'D'], ['B', 3, 'D']];
    expect(rulesOf(rows)).toEqual(['day-off']);
  });

  it('rejects a roster with an unknown employee or a wrong header', () => {
    expect(() => checkRoster(inst, readRoster(roster([['Z', 0, 'D']])))).toThrow(/unknown employee/);
    expect(() => readRoster('who,when,what\n')).toThrow(/header/);
  });
});
