// The descent's order (walk-descent.ts passOrder): workers whose rota breaks a rule first, then the
// rest by what their last re-plan saved, most first; ties and workers not yet re-planned at random.

import { describe, expect, it } from 'vitest';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { passOrder, rotasOf } from '../../solver/colgen/walk-descent.ts';
import { Prng } from '../../solver/search/prng.ts';
import { modelsOf, randomDayProblem } from './day-problem.ts';

describe('a pass of worker walks', () => {
  it('takes broken rotas first, then the workers whose last re-plan saved most', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const problem = randomDayProblem(seed, { minDays: 7, maxDays: 10, minWorkers: 4, maxWorkers: 8, maxTypes: 3, coverWeights: true, pinned: false });
      const models = modelsOf(problem);
      const rotas = rotasOf(problem, models, []);
      const prng = new Prng(seed);
      // Some workers not yet re-planned (no gain), some that kept their rota (0), some that saved.
      rotas.forEach((r, w) => (r.gain = w % 4 === 0 ? undefined : w % 4 === 1 ? 0 : 1 + prng.int(50)));
      const order = passOrder(models, rotas, new Prng(seed * 31));
      expect([...order].sort((a, b) => a - b)).toEqual(models.map((_, w) => w));
      const broken = (w: number) => rotas[w].strays.length > 0 || scheduleCost(models[w], rotas[w].picks) === undefined;
      const firstLegal = order.findIndex((w) => !broken(w));
      if (firstLegal < 0) continue;
      expect(order.slice(firstLegal).every((w) => !broken(w))).toBe(true);
      const gains = order.slice(firstLegal).map((w) => rotas[w].gain ?? Infinity);
      for (let j = 1; j < gains.length; j++) expect(gains[j - 1]).toBeGreaterThanOrEqual(gains[j]);
      checked += gains.length;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
