// Walk kicks (solver/colgen/walk-kicks.ts) from the rota worker walks stop at (no single worker's walk
// improves it), on small instances of the generator's real style, where cover and the staff's minutes,
// runs and weekends conflict: a kick walks a worker onto a short place and lets the others re-plan.
// Every kick that stands lowers the catalogue's score by what it says it gained, the rota stays legal,
// and on some of these instances a kick stands where the walks had stopped.

import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { buildDayModels } from '../../solver/colgen/day-model.ts';
import { walkDescent } from '../../solver/colgen/walk-descent.ts';
import { walkKicks } from '../../solver/colgen/walk-kicks.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { Prng } from '../../solver/search/prng.ts';

describe('walk kicks', () => {
  it('lower the score where worker walks stop, by what they say they gained, and keep the rota legal', () => {
    let gains = 0;
    let cases = 0;
    for (const shape of [
      { days: 14, staff: 8, shiftTypes: 2 },
      { days: 28, staff: 12, shiftTypes: 3 },
    ]) {
      for (let seed = 1; seed <= 4; seed++) {
        const problem = curtoisToProblem(parseCurtois(generateInstance(shape, seed, 'real').text));
        const built = buildDayModels(problem);
        if (!built.ok) throw new Error(built.reason);
        const walked = walkDescent(problem, built.models, [], { late: () => false, rng: new Prng(seed) });
        const before = evaluateAll(problem, walked.assignments).score;
        if (!walked.converged || before.hard > 0) continue;
        cases++;
        const kicked = walkKicks(problem, built.models, walked.assignments, { late: () => false, rng: new Prng(seed) });
        const after = evaluateAll(problem, kicked.assignments).score;
        expect(after.hard, `${shape.days}x${shape.staff} seed ${seed}`).toBe(0);
        expect(before.soft - after.soft, `${shape.days}x${shape.staff} seed ${seed}`).toBeCloseTo(kicked.gained, 6);
        expect(kicked.exhausted).toBe(true);
        if (kicked.kept > 0) gains++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(6);
    expect(gains).toBeGreaterThanOrEqual(cases / 2);
  });
});
