// Ranking and the accept re-check judged by the real constraint catalogue.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import { randomAssignments, randomProblem } from '../support/random-problem.ts';
import { catalogueRankOptions, checkWorker, rankPlace, rankSeries } from '../../solver/offers/index.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { FullEvalScorer } from '../solver/support/toy-engine.ts';
import { HOUR, bank, problem, session } from './support/problem.ts';

/** The catalogue's truth, re-evaluated whole on every question: the reference for the incremental scorer. */
const createEvaluatingScorer = (problem: Problem, initial: readonly Assignment[] = []) =>
  new FullEvalScorer(problem, (q, a) => evaluateAll(q, a).score, initial);

describe('ranking with the constraint catalogue', () => {
  const slots = [session('offered', 2, 9), session('evening', 1, 20), session('same-time', 2, 10, { siteId: 'dartford' })];
  const workers = [
    bank('cheap', { costPencePerHour: 1000 }),
    bank('dear', { costPencePerHour: 1600 }),
    bank('tired'),
    bank('double'),
    bank('refuses', { refusedSiteIds: ['gravesend'] }),
  ];
  const p = problem(slots, workers);
  const held = [
    { slotId: 'evening', roleId: 'support', workerId: 'tired' },
    { slotId: 'same-time', roleId: 'support', workerId: 'double' },
  ];

  it('excludes with the catalogue\'s own words and orders the rest by soft change', () => {
    const r = rankPlace(p, held, { slotId: 'offered', roleId: 'support' }, catalogueRankOptions);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['cheap', 'dear']);
    expect(r.eligible[0].softDelta).toBeLessThan(r.eligible[1].softDelta);
    expect(r.excluded.map((e) => e.workerId)).toEqual(['double', 'refuses', 'tired']);
    for (const e of r.excluded) {
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.reasons.join(' ')).not.toMatch(/breaks hard rules \(hard/);
    }
  });

  it('the accept re-check agrees with the whole-rota ranking', () => {
    const r = rankPlace(p, held, { slotId: 'offered', roleId: 'support' }, catalogueRankOptions);
    for (const w of workers) {
      const c = checkWorker(p, held, [{ slotId: 'offered', roleId: 'support' }], w.id, catalogueRankOptions);
      expect(c.ok).toBe(r.eligible.some((e) => e.workerId === w.id));
    }
  });

  it('a series over the weekly cap is refused though each session alone fits', () => {
    const weekly = [session('w1', 0, 9), session('w2', 2, 9), session('w3', 4, 9)];
    const q = problem(weekly, [bank('capped', { minutesPerWeek: { hardMax: 8 * HOUR } }), bank('free')]);
    const places = weekly.map((s) => ({ slotId: s.id, roleId: 'support' }));
    expect(rankSeries(q, [], places.slice(0, 2), catalogueRankOptions).eligible.map((e) => e.workerId)).toEqual(['capped', 'free']);
    const r = rankSeries(q, [], places, catalogueRankOptions);
    expect(r.eligible.map((e) => e.workerId)).toEqual(['free']);
    expect(r.excluded[0].reasons[0]).toMatch(/^w3 /);
  });

  it('the evaluating scorer\'s deltas match two full evaluations', () => {
    const s = createEvaluatingScorer(p, held);
    const base = evaluateAll(p, held).score;
    expect(s.score()).toEqual(base);
    let place = -1;
    for (let k = 0; k < s.placeCount; k++) if (s.placeSlot(k) === 0 && s.workerOf(k) === -1) place = k;
    s.deltaAssign(place, 0);
    const after = evaluateAll(p, [...held, { slotId: 'offered', roleId: 'support', workerId: 'cheap' }]).score;
    expect([s.dHard, s.dSoft]).toEqual([after.hard - base.hard, after.soft - base.soft]);
  });
});

describe('scorers agree', () => {
  it('ranking through the incremental scorer equals ranking through full re-evaluation (property)', () => {
    fc.assert(
      fc.property(
        randomProblem().chain((p) => fc.tuple(fc.constant(p), randomAssignments(p, 12), fc.integer({ min: 0, max: 1000 }))),
        ([p, held, pick]) => {
          const bankProblem = { ...p, workers: p.workers.map((w) => ({ ...w, kind: 'bank' as const })) };
          // The generator may make a problem with no slots (or a slot with no roles): no place to offer.
          fc.pre(bankProblem.slots.length > 0);
          const slot = bankProblem.slots[pick % bankProblem.slots.length];
          fc.pre(slot.roles.length > 0);
          const role = slot.roles[pick % slot.roles.length];
          // Offer a place of this (slot, role) only if one is free.
          const taken = held.filter((a) => a.slotId === slot.id && a.roleId === role.roleId).length;
          fc.pre(taken < role.max);
          const place = { slotId: slot.id, roleId: role.roleId };
          const fast = rankPlace(bankProblem, held, place, { createScorer });
          const slow = rankPlace(bankProblem, held, place, { createScorer: createEvaluatingScorer });
          expect(fast.eligible).toEqual(slow.eligible);
          expect(fast.excluded.map((e) => e.workerId)).toEqual(slow.excluded.map((e) => e.workerId));
        },
      ),
      { numRuns: 60 },
    );
  });
});
