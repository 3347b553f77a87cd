// The public entry point (solver/index.ts): solve() on the catalogue's incremental scorer.

import { describe, expect, it } from 'vitest';
import { constraints, evaluateAll, solve } from '../../solver/index.ts';
import { problem, role, slot, worker } from './support/build.ts';

describe('solve() from solver/index.ts', () => {
  const sam = worker('w-sam', 'Sam', ['lead']);
  const base = { slots: [slot('mon', 0, 17.5, 7, [role('lead', 1)]), slot('tue', 1, 9, 8, [role('lead', 1)], 'duty')], workers: [sam] };

  it('rejects dangling ids and broken intervals with an error naming the field', () => {
    expect(() => solve(problem({ ...base, pinned: [{ slotId: 'mon', roleId: 'lead', workerId: 'w-nobody' }] }))).toThrow(
      /pinned\[0\]\.workerId/,
    );
    expect(() => solve(problem({ ...base, slots: [{ ...base.slots[0], dayIndex: -1 }] }))).toThrow(/slots\[0\]\.dayIndex/);
    expect(() => solve(problem({ ...base, slots: [{ ...base.slots[0], endMin: base.slots[0].startMin - 1 }] }))).toThrow(/slots\[0\]\.endMin/);
  });

  it('rejects an hours band whose minimum is past its maximum, naming the field, and accepts one at the limit', () => {
    const withBand = (key: 'minutesPerWeek' | 'minutesTotal', band: object) => problem({ ...base, workers: [{ ...sam, [key]: band }] });
    expect(() => solve(withBand('minutesTotal', { hardMin: 780, hardMax: 480 }))).toThrow(/workers\[0\]\.minutesTotal\.hardMin: hardMin 780 exceeds hardMax 480/);
    expect(() => solve(withBand('minutesPerWeek', { softMin: 600, softMax: 300 }))).toThrow(/workers\[0\]\.minutesPerWeek\.softMin/);
    expect(() => solve(withBand('minutesPerWeek', { hardMax: 90.5 }))).toThrow(/workers\[0\]\.minutesPerWeek\.hardMax/);
    expect(() => solve(withBand('minutesTotal', { hardMin: 480, hardMax: 480 }), { seed: 1, maxMoves: 200 })).not.toThrow();
  });

  it('returns an over-constrained rota with its analysis per catalogue constraint instead of throwing', () => {
    const p = problem({ ...base, pinned: [{ slotId: 'mon', roleId: 'lead', workerId: 'w-sam' }] });
    const result = solve(p, { seed: 1, maxMoves: 500 });
    expect(result.status).toBe('infeasible');
    expect(result.analysis.map((c) => c.id)).toEqual(constraints.map((c) => c.id));
    expect(result.analysis.map((c) => c.total)).toEqual(evaluateAll(p, result.assignments).analysis.map((c) => c.total));
    const cover = result.analysis.find((c) => c.id === 'cover.min')!;
    expect(cover.level).toBe('hard');
    expect(cover.matches.map((m) => m.slotId)).toEqual(['tue']);
    expect(result.unfilled).toEqual([
      expect.objectContaining({ slotId: 'tue', roleId: 'lead', missing: 1, level: 'hard', reasons: [expect.objectContaining({ workerId: 'w-sam' })] }),
    ]);
    expect(result.unfilled[0].reasons[0].blocks.join(' ')).toMatch(/Sam: only 8 h 30 min rest/);
  });
});
