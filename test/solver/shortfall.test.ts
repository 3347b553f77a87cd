// A role left below its minimum with every holder busy: the MILP neighbourhoods re-plan the role's
// holders over the days around it (neighbourhoods.ts, 'shortfall'), since the fix is a chain of moves
// of those holders, not a single move or swap.

import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { solve } from '../../solver/solve.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import type { Assignment } from '../../solver/model.ts';
import { Prng } from '../../solver/search/prng.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { MilpNeighbourhoods } from '../../solver/stages/milp-lns.ts';
import { chooseNeighbourhood, focusOf, KindScores, NeighbourhoodSizes } from '../../solver/stages/neighbourhoods.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { DAY, days, problem, role, slot, T0, worker } from './support/build.ts';

let highs: MilpBackend & LpSessionFactory;
beforeAll(async () => {
  highs = await createHighsBackend();
});

// Two weeks (from Mon 23 Nov). Each day an early (07:00-15:00) and a late (14:00-22:00) need a lead
// each, and a day shift needs two of the ten support workers. Three leads; Cy is on leave on days
// 8-10 (Tue 1 to Thu 3 Dec), when Al and Bo must take both lead places every day: Al the earlies and
// Bo the lates, since a late and the next day's early are 9 h apart (11 h rest) and the two overlap.
const leads = ['al', 'bo', 'cy'];
const support = Array.from({ length: 10 }, (_, i) => `s${i}`);
const p = problem({
  days: days(14),
  slots: Array.from({ length: 14 }, (_, d) => [
    slot(`early@${d}`, d, 7, 8, [role('lead', 1)], 'early'),
    slot(`late@${d}`, d, 14, 8, [role('lead', 1)], 'late'),
    slot(`day@${d}`, d, 9, 8, [role('support', 2)], 'day'),
  ]).flat(),
  workers: [
    worker('al', 'Al', ['lead']),
    worker('bo', 'Bo', ['lead']),
    worker('cy', 'Cy', ['lead'], { unavailability: [{ startMin: T0 + 8 * DAY, endMin: T0 + 11 * DAY, reason: 'leave' }] }),
    ...support.map((id) => worker(id, id.toUpperCase(), ['support'])),
  ],
});

// A legal fortnight but for Wed 2 Dec's late (day 9): Al has that day's early and Bo Thu's early,
// 9 h after the late, with Al on Thu's late. Filling it takes a chain, e.g. Bo to Wed's late, Al to
// Thu's early and Bo again to Thu's late: no single move or swap does it.
function rotaWithShortLate(): Assignment[] {
  const out: Assignment[] = [];
  for (let d = 0; d < 14; d++) {
    const [early, late] = d < 8 ? ['cy', 'bo'] : d < 10 ? ['al', 'bo'] : d === 10 ? ['bo', 'al'] : ['cy', 'al'];
    out.push({ slotId: `early@${d}`, roleId: 'lead', workerId: early });
    if (d !== 9) out.push({ slotId: `late@${d}`, roleId: 'lead', workerId: late });
    out.push({ slotId: `day@${d}`, roleId: 'support', workerId: support[(2 * d) % 10] });
    out.push({ slotId: `day@${d}`, roleId: 'support', workerId: support[(2 * d + 1) % 10] });
  }
  return out;
}

describe('MILP neighbourhood around a role below its minimum', () => {
  it('the rota under test breaks only that minimum, and no single place change fixes it', () => {
    const rota = rotaWithShortLate();
    const { score, analysis } = evaluateAll(p, rota);
    expect(analysis.filter((c) => c.level === 'hard' && c.matches.length > 0).map((c) => c.id)).toEqual(['cover.min']);
    expect(analysis.find((c) => c.id === 'cover.min')!.matches.map((m) => m.slotId)).toEqual(['late@9']);
    for (const w of leads) {
      const moved = evaluateAll(p, [...rota, { slotId: 'late@9', roleId: 'lead', workerId: w }]).score;
      expect(moved.hard).toBeGreaterThan(0);
    }
    expect(score.hard).toBeGreaterThan(0);
  });

  it('frees the holders of the short role (and no one else) on its day and the days either side', () => {
    const rota = rotaWithShortLate();
    const focus = focusOf(p, evaluateAll(p, rota).analysis, rota);
    const sizes = new NeighbourhoodSizes(p);
    const rng = new Prng(7);
    const late9 = p.slots.findIndex((s) => s.id === 'late@9');
    const early10 = p.slots.findIndex((s) => s.id === 'early@10');
    const early12 = p.slots.findIndex((s) => s.id === 'early@12');
    const day9 = p.slots.findIndex((s) => s.id === 'day@9');
    let around = 0;
    for (let i = 0; i < 20; i++) {
      const hood = chooseNeighbourhood(p, focus, sizes, new KindScores(), rng, i);
      const leadsFree = [0, 1, 2].every((w) => hood.isFree(w, late9) && hood.isFree(w, early10));
      const othersFixed = support.every((_, k) => !hood.isFree(3 + k, day9));
      if (leadsFree && othersFixed) {
        around++;
        expect(hood.isFree(0, early12)).toBe(false);
      }
    }
    // Most draws target the hard breach (the rest explore as before).
    expect(around).toBeGreaterThanOrEqual(10);
  });

  it('fills it within three neighbourhoods, leaving a legal rota', () => {
    let clockMs = 0;
    const ctx = new SolveContext(p, { exact: highs, seed: 1, clock: () => clockMs, timeLimitMs: 60_000 }, {});
    ctx.incumbent.consider(rotaWithShortLate(), 'start');
    const hoods = new MilpNeighbourhoods(ctx);
    for (let i = 0; i < 3 && ctx.incumbent.score.hard > 0; i++) {
      hoods.step(10);
      clockMs += 1;
    }
    expect(ctx.incumbent.score.hard).toBe(0);
    expect(ctx.incumbent.assignments.filter((a) => a.slotId === 'late@9')).toHaveLength(1);
  });
});

describe('shortfall repair in solve', () => {
  it('repairs a role the loop left below its minimum before the whole model, which then bounds the legal rota', () => {
    // The loop makes no move (maxMoves 0) from the rota with Wed's late empty; the whole model is not
    // solved outright (exactBinaryLimit 0), as on a problem of real size.
    let ticks = 0;
    const r = solve(
      p,
      { exact: highs, seed: 1, clock: () => ticks++, timeLimitMs: 1_000_000, maxMoves: 0, initial: rotaWithShortLate() },
      { stages: { exactBinaryLimit: 0 } },
    );
    const stages = r.stats.stages!.map((s) => s.stage);
    const repair = stages.indexOf('shortfall repair');
    expect(repair).toBeGreaterThan(stages.indexOf('allocation loop'));
    expect(repair).toBeLessThan(stages.indexOf('whole model'));
    expect(r.stats.stages![repair].outcome).toMatch(/^1 short -> 0 /);
    // With a legal rota in hand the whole model goes straight to the soft score's bound.
    expect(r.stats.stages![stages.indexOf('whole model')].outcome).toMatch(/^\d+ binaries: .*bound \d+$/);
    expect(r.score.hard).toBe(0);
    expect(r.quality.lowerBound?.hard).toBe(0);
  });
});
