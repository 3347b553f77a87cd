// The allocation loop driven by a small reference engine (test/solver/support/toy-engine.ts), so these
// tests pin down the loop's own behaviour: explanations, pinning, re-plan, determinism, limits, input checks.

import { describe, expect, it } from 'vitest';
import { defaultMoveBudget, solveWith } from '../../solver/search/run.ts';
import { HOUR, problem, role, slot, worker } from './support/build.ts';
import { toyEngine, toyEvaluateAll } from './support/toy-engine.ts';

const sam = worker('w-sam', 'Sam', ['lead']);
const alex = worker('w-alex', 'Alex', ['lead', 'support']);
const jo = worker('w-jo', 'Jo', ['support']);

describe('allocation loop (reference engine)', () => {
  it('leaves an over-constrained place unfilled and says which worker and rule block it', () => {
    // Sam is pinned to the Monday drop-in ending 00:30; the only other lead place starts Tuesday 09:00.
    const p = problem({
      slots: [slot('mon', 0, 17.5, 7, [role('lead', 1)]), slot('tue', 1, 9, 8, [role('lead', 1)], 'duty')],
      workers: [sam],
      pinned: [{ slotId: 'mon', roleId: 'lead', workerId: 'w-sam' }],
    });
    const result = solveWith(toyEngine, p, { seed: 7, maxMoves: 500 });
    expect(result.status).toBe('infeasible');
    expect(result.assignments).toEqual([{ slotId: 'mon', roleId: 'lead', workerId: 'w-sam', pinned: true }]);
    const tue = result.unfilled.find((u) => u.slotId === 'tue');
    expect(tue).toMatchObject({ roleId: 'lead', missing: 1, level: 'hard' });
    expect(tue!.reasons).toHaveLength(1);
    expect(tue!.reasons[0].workerName).toBe('Sam');
    expect(tue!.reasons[0].blocks).toEqual(['Sam: only 8 h 30 min rest after Mon 23 Nov drop-in 17:30-00:30; needs 11 h (placed elsewhere in this rota; pinned)']);
    // The Monday place is pinned, so the rota made the block but cannot move it.
    expect(tue!.reasons[0].blockers).toEqual([
      { constraintId: '', category: 'rota', movable: false, message: 'Sam: only 8 h 30 min rest after Mon 23 Nov drop-in 17:30-00:30; needs 11 h' },
    ]);
  });

  it('reports soft shortfall below preferred separately from the hard one below min', () => {
    const p = problem({ slots: [slot('mon', 0, 9, 8, [role('support', 1, 3, 3)])], workers: [jo] });
    const result = solveWith(toyEngine, p, { seed: 1, maxMoves: 200 });
    expect(result.status).toBe('feasible');
    expect(result.unfilled).toEqual([
      expect.objectContaining({ slotId: 'mon', roleId: 'support', missing: 2, level: 'soft' }),
    ]);
  });

  it('never moves a pinned place, even when another worker would be cheaper', () => {
    const dear = worker('w-dear', 'Dear', ['lead'], { costPencePerHour: 5000 });
    const cheap = worker('w-cheap', 'Cheap', ['lead'], { costPencePerHour: 100 });
    const p = problem({
      slots: [slot('a', 0, 9, 8, [role('lead', 1)]), slot('b', 2, 9, 8, [role('lead', 1)])],
      workers: [dear, cheap],
      pinned: [{ slotId: 'a', roleId: 'lead', workerId: 'w-dear' }],
    });
    const result = solveWith(toyEngine, p, { seed: 3, maxMoves: 2000 });
    expect(result.assignments).toContainEqual({ slotId: 'a', roleId: 'lead', workerId: 'w-dear', pinned: true });
    expect(result.assignments).toContainEqual({ slotId: 'b', roleId: 'lead', workerId: 'w-cheap', pinned: false });
    expect(result.score).toEqual(toyEvaluateAll(p, result.assignments).score);
  });

  it('keeps an initial rota that is already optimal, although other rotas score the same', () => {
    // Two identical workers, two non-clashing slots: four optimal rotas; the re-plan must keep the given one.
    const p = problem({
      slots: [slot('a', 0, 9, 8, [role('support', 1)]), slot('b', 2, 9, 8, [role('support', 1)])],
      workers: [jo, worker('w-kim', 'Kim', ['support'])],
    });
    const initial = [
      { slotId: 'a', roleId: 'support', workerId: 'w-kim' },
      { slotId: 'b', roleId: 'support', workerId: 'w-kim' },
    ];
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = solveWith(toyEngine, p, { seed, maxMoves: 3000, initial });
      expect(result.score).toEqual({ hard: 0, soft: 0 });
      expect(result.assignments.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }))).toEqual(initial);
    }
  });

  it('repairs an initial rota that has become infeasible, keeping the valid part', () => {
    const kim = worker('w-kim', 'Kim', ['support'], {
      unavailability: [{ startMin: slot('b', 2, 9, 8, []).startMin, endMin: slot('b', 2, 9, 8, []).endMin, reason: 'sickness' }],
    });
    const p = problem({
      slots: [slot('a', 0, 9, 8, [role('support', 1)]), slot('b', 2, 9, 8, [role('support', 1)])],
      workers: [jo, kim],
    });
    const initial = [
      { slotId: 'a', roleId: 'support', workerId: 'w-kim' },
      { slotId: 'b', roleId: 'support', workerId: 'w-kim' },
      { slotId: 'zzz', roleId: 'support', workerId: 'w-kim' },
    ];
    const result = solveWith(toyEngine, p, { seed: 1, maxMoves: 3000, initial });
    expect(result.status).toBe('feasible');
    expect(result.assignments).toContainEqual({ slotId: 'a', roleId: 'support', workerId: 'w-kim', pinned: false });
    expect(result.assignments).toContainEqual({ slotId: 'b', roleId: 'support', workerId: 'w-jo', pinned: false });
  });

  it('gives the same rota for the same seed', () => {
    const workers = [sam, alex, jo, worker('w-kim', 'Kim', ['support', 'lead'], { costPencePerHour: 900 })];
    const slots = Array.from({ length: 6 }, (_, d) => slot(`s${d}`, d, d % 2 ? 9 : 17.5, 7, [role('lead', 1), role('support', 1, 2, 2)]));
    const p = problem({ slots, workers });
    const a = solveWith(toyEngine, p, { seed: 42, maxMoves: 1500 });
    const b = solveWith(toyEngine, p, { seed: 42, maxMoves: 1500 });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.score).toEqual(a.score);
    expect(a.stats.moves).toBe(1500);
  });

  it('stops on the injected clock and reports progress', () => {
    let now = 0;
    const clock = () => (now += 1);
    const seen: number[] = [];
    const p = problem({
      // Kim's cost or a short place always remains, so the search cannot stop early on a perfect score.
      slots: Array.from({ length: 4 }, (_, d) => slot(`s${d}`, d, 9, 8, [role('support', 1, 3, 3)])),
      workers: [jo, alex, worker('w-kim', 'Kim', ['support'], { costPencePerHour: 100 })],
    });
    const result = solveWith(toyEngine, p, { seed: 1, timeLimitMs: 50, clock, onProgress: (pr) => seen.push(pr.moves) }, { progressEvery: 1000 });
    // Each clock read advances 1 ms and the loop reads it every 1024 attempts, so it stops near 50 * 1024 attempts.
    expect(result.stats.moves).toBeGreaterThan(0);
    expect(result.stats.moves).toBeLessThan(50 * 1024);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toBe(0); // the constructed rota is reported before the search starts
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('without a clock or maxMoves, spends the default move budget for its size', () => {
    // Kim's cost keeps the score above 0/0, so the search cannot stop early.
    const p = problem({
      slots: [slot('a', 0, 9, 8, [role('support', 1, 2, 2)])],
      workers: [jo, worker('w-kim', 'Kim', ['support'], { costPencePerHour: 100 })],
    });
    let lastFraction = 0;
    const result = solveWith(toyEngine, p, { seed: 1, onProgress: (pr) => (lastFraction = pr.fraction) }, { progressEvery: 5000 });
    expect(result.stats.moves).toBe(defaultMoveBudget(2));
    expect(lastFraction).toBe(1);
    expect(result.stats.constructionMs).toBe(0);
  });

  it('throws a clear error naming the field for dangling ids and broken intervals', () => {
    const base = { slots: [slot('a', 0, 9, 8, [role('lead', 1)])], workers: [sam] };
    expect(() => solveWith(toyEngine, problem({ ...base, pinned: [{ slotId: 'a', roleId: 'lead', workerId: 'nobody' }] }))).toThrow(
      /pinned\[0\]\.workerId: unknown worker "nobody"/,
    );
    expect(() => solveWith(toyEngine, problem({ ...base, pinned: [{ slotId: 'x', roleId: 'lead', workerId: 'w-sam' }] }))).toThrow(/pinned\[0\]\.slotId/);
    expect(() => solveWith(toyEngine, problem({ ...base, pinned: [{ slotId: 'a', roleId: 'cook', workerId: 'w-sam' }] }))).toThrow(/pinned\[0\]\.roleId/);
    expect(() => solveWith(toyEngine, problem({ ...base, slots: [{ ...base.slots[0], dayIndex: 9 }] }))).toThrow(/slots\[0\]\.dayIndex/);
    expect(() => solveWith(toyEngine, problem({ ...base, slots: [{ ...base.slots[0], endMin: base.slots[0].startMin }] }))).toThrow(/slots\[0\]\.endMin/);
    expect(() => solveWith(toyEngine, problem(base), { timeLimitMs: 10 })).toThrow(/options\.clock/);
  });

  it('does not throw when no worker can fill anything', () => {
    const p = problem({ slots: [slot('a', 0, 9, 8 * HOUR / 60, [role('amhp', 2)])], workers: [sam] });
    const result = solveWith(toyEngine, p, { seed: 1 });
    expect(result.status).toBe('infeasible');
    expect(result.unfilled).toEqual([expect.objectContaining({ slotId: 'a', roleId: 'amhp', missing: 2, level: 'hard', reasons: [] })]);
  });
});
