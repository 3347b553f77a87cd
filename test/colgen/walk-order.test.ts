// The descent's order (walk-descent.ts passOrder): workers whose rota breaks a rule first, then the
// rest by what their last re-plan saved, most first; ties and workers not yet re-planned at random.
// And each re-plan's search starts cold, whatever prices the worker's last walk was found at.

import { describe, expect, it } from 'vitest';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { cheapestLegalWalk } from '../../solver/colgen/walk.ts';
import { coverCostOf, marginalCoverCosts, passOrder, replan, rotasOf } from '../../solver/colgen/walk-descent.ts';
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

describe('a worker re-planned in a descent', () => {
  it('starts cold: the same walk whatever prices their last walk was found at', () => {
    let differs = 0;
    for (const c of [
      { days: 28, staff: 12, shiftTypes: 3, seed: 1 },
      { days: 84, staff: 8, shiftTypes: 5, seed: 4 },
    ]) {
      const problem = curtoisToProblem(parseCurtois(generateInstance({ days: c.days, staff: c.staff, shiftTypes: c.shiftTypes }, c.seed).text));
      const models = modelsOf(problem);
      const { cost, slotOf } = coverCostOf(problem);
      const counts = new Int32Array(slotOf.length);
      const rotas = rotasOf(problem, models, []);
      const prng = new Prng(c.seed);
      models.forEach((m, w) => {
        const cold = { ...rotas[w], strays: [...rotas[w].strays] };
        // Prices far from any the search would reach: a warm search would start (and stay) near them.
        const prices = { perMinute: prng.float() * 0.5, perType: Float64Array.from({ length: m.typeCount }, () => prng.float() * 200), perWeekend: prng.float() * 100 };
        const warm = { ...rotas[w], strays: [...rotas[w].strays], prices };
        replan(m, cold, counts, cost);
        replan(m, warm, counts, cost);
        expect(Array.from(warm.picks), `${JSON.stringify(c)} worker ${w}`).toEqual(Array.from(cold.picks));
        if (Array.from(cheapestLegalWalk(m, marginalCoverCosts(m, counts, cost), Infinity, prices).best?.picks ?? []).join() !== Array.from(cold.picks).join()) differs++;
      });
    }
    // The prices given do change a warm search's walk: the test would see a warm re-plan.
    expect(differs).toBeGreaterThan(0);
  });
});
