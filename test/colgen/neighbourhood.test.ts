// Re-planning a few workers as a problem of their own: the score of the whole rota must split into a
// constant (the fixed workers and their share of cover) plus the sub-problem's score, and
// reoptimiseWorkers must keep everyone else's places and only ever return strictly better rotas,
// reaching the best plan of the freed workers (checked against the compact MILP with the others fixed).

import { beforeAll, describe, expect, it } from 'vitest';
import { reoptimiseWorkers, restrictToWorkers } from '../../solver/colgen/neighbourhood.ts';
import { runColumnGeneration } from '../../solver/colgen/master.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { coverBlindRota } from './cover-blind.ts';
import { randomDayProblem } from './day-problem.ts';

let highs: MilpBackend & LpSessionFactory;

beforeAll(async () => {
  highs = await createHighsBackend();
});

const OPTIONS = { minDays: 7, maxDays: 9, minWorkers: 4, maxWorkers: 5, maxTypes: 2, coverWeights: true, pinned: false, minMaxWeekends: 0 };

/** Two different legal rotas of a problem: the LP rounding and the best one branch and price finds. */
function twoRotas(problem: Problem): [Assignment[], Assignment[]] | undefined {
  const cg = runColumnGeneration(problem, highs, {});
  if (!cg.ok) return undefined;
  try {
    const rounded = cg.state.roundLp();
    let best: Assignment[] | undefined;
    cg.state.branchAndPrice({ onIncumbent: (a) => (best = a) });
    if (!best || evaluateAll(problem, rounded).score.hard > 0) return undefined;
    return [rounded, best];
  } finally {
    cg.state.dispose();
  }
}

function seededSubset(seed: number, n: number, k: number): Set<number> {
  let x = seed >>> 0;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return new Set(order.slice(0, k));
}

/** The best score reachable by changing only the free workers, by the compact MILP. */
function bestWithOthersFixed(problem: Problem, rota: readonly Assignment[], free: ReadonlySet<number>): number {
  const encoded = encodeProblem(problem, { fixed: { current: rota, isFree: (w) => free.has(w) }, hardSlackWeight: 1e6 });
  const r = highs.solve(encoded.lp, {});
  expect(r.status).toBe('optimal');
  return evaluateAll(problem, encoded.decode(r.values)).score.soft;
}

describe('re-planning a few workers', () => {
  it('splits the score into a constant and the sub-problem score', () => {
    let checked = 0;
    for (let seed = 1; seed <= 30 && checked < 8; seed++) {
      const problem = randomDayProblem(4100 + seed, OPTIONS);
      const rotas = twoRotas(problem);
      if (!rotas) continue;
      const [a, b] = rotas;
      const free = seededSubset(seed, problem.workers.length, 2);
      // Both rotas with the same fixed part: the free workers' plans from a and b, the rest from a.
      const freeIds = new Set([...free].map((w) => problem.workers[w].id));
      const mixed = [...a.filter((x) => !freeIds.has(x.workerId)), ...b.filter((x) => freeIds.has(x.workerId))];
      const sub = restrictToWorkers(problem, a, free);
      expect(sub).toBeDefined();
      const subA = evaluateAll(sub!, a.filter((x) => freeIds.has(x.workerId))).score.soft;
      const subMixed = evaluateAll(sub!, mixed.filter((x) => freeIds.has(x.workerId))).score.soft;
      const wholeA = evaluateAll(problem, a).score.soft;
      const wholeMixed = evaluateAll(problem, mixed).score.soft;
      expect(wholeMixed - wholeA, `seed ${4100 + seed}`).toBe(subMixed - subA);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('keeps the other workers, improves strictly, and reaches the best plan for the freed workers', () => {
    let improvedSome = 0;
    let checked = 0;
    for (let seed = 1; seed <= 30 && checked < 8; seed++) {
      const problem = randomDayProblem(4200 + seed, OPTIONS);
      const start = coverBlindRota(problem, highs);
      if (!start) continue;
      const before = evaluateAll(problem, start).score.soft;
      const free = seededSubset(seed * 7, problem.workers.length, 3);
      const freeIds = new Set([...free].map((w) => problem.workers[w].id));
      const r = reoptimiseWorkers(problem, start, free, highs);
      expect(r.complete, `seed ${4200 + seed}`).toBe(true);
      const target = bestWithOthersFixed(problem, start, free);
      if (r.improved) {
        improvedSome++;
        const after = evaluateAll(problem, r.improved).score;
        expect(after.hard).toBe(0);
        expect(after.soft).toBeLessThan(before);
        expect(after.soft, `seed ${4200 + seed}`).toBe(target);
        const key = (x: Assignment): string => `${x.workerId}|${x.slotId}|${x.roleId}`;
        const keptBefore = start.filter((x) => !freeIds.has(x.workerId)).map(key).sort();
        const keptAfter = r.improved.filter((x) => !freeIds.has(x.workerId)).map(key).sort();
        expect(keptAfter).toEqual(keptBefore);
      } else {
        // A closed tree with nothing better: the start was already best for these workers.
        expect(before, `seed ${4200 + seed}`).toBe(target);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(improvedSome).toBeGreaterThan(0);
  });
});
