// The walk model against the constraint catalogue: for a one-worker problem with cover weighed at 0,
// evaluateAll of the worker's rota is {hard: 0, soft: scheduleCost} when scheduleCost calls it legal,
// and has a hard penalty when it does not. Also: problems the walk model cannot express are refused,
// with a reason naming the rule.

import { describe, expect, it } from 'vitest';
import { buildDayModels } from '../../solver/colgen/day-model.ts';
import { scheduleCost } from '../../solver/colgen/schedule-rules.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { randomDayProblem, rng } from './day-problem.ts';

function isAvailable(problem: Problem, a: Assignment): boolean {
  const slot = problem.slots.find((s) => s.id === a.slotId)!;
  const worker = problem.workers.find((w) => w.id === a.workerId)!;
  return !worker.unavailability.some((u) => u.startMin < slot.endMin && slot.startMin < u.endMin);
}

const ONE_WORKER = { minDays: 5, maxDays: 9, minWorkers: 1, maxWorkers: 1, maxTypes: 3, coverWeights: false, pinned: true };

describe('walk model and catalogue', () => {
  it('scheduleCost is the catalogue score of a one-worker rota without cover terms', () => {
    let legal = 0;
    let illegal = 0;
    let softPositive = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const raw = randomDayProblem(300 + seed, ONE_WORKER);
      // A pin on a day of leave is a hard breach to the catalogue but a given to the walk model (the
      // master cannot move it either way), so pins stay on days the worker is available.
      const problem = { ...raw, pinned: raw.pinned.filter((a) => isAvailable(raw, a)) };
      const built = buildDayModels(problem);
      if (!built.ok) throw new Error(built.reason);
      const [m] = built.models;
      const r = rng(seed);
      for (let k = 0; k < 25; k++) {
        const picks = Int32Array.from(m.days, (day) => (r() < 0.4 ? -1 : Math.floor(r() * (day.length + 1)) - 1));
        const assignments: Assignment[] = [];
        picks.forEach((i, d) => {
          if (i < 0) return;
          const o = m.days[d][i];
          assignments.push({ slotId: problem.slots[o.slot].id, roleId: problem.slots[o.slot].roles[o.role].roleId, workerId: problem.workers[0].id });
        });
        // A pinned place the rota leaves out is not the worker's to judge here: the catalogue sees only
        // the assignments given, so keep rotas that hold their pins.
        const score = evaluateAll(problem, assignments).score;
        const cost = scheduleCost(m, picks);
        const pinsHeld = problem.pinned.every((p) => assignments.some((a) => a.slotId === p.slotId));
        if (cost === undefined) {
          if (!pinsHeld) continue;
          illegal++;
          expect(score.hard, `seed ${300 + seed} picks ${[...picks]}`).toBeGreaterThan(0);
        } else {
          legal++;
          if (cost > 0) softPositive++;
          expect(score, `seed ${300 + seed} picks ${[...picks]}`).toEqual({ hard: 0, soft: cost });
        }
      }
    }
    expect(legal).toBeGreaterThan(200);
    expect(illegal).toBeGreaterThan(200);
    expect(softPositive).toBeGreaterThan(100);
  });
});

describe('buildDayModels refuses what is not a walk over days', () => {
  const base = (): Problem => randomDayProblem(77, { ...ONE_WORKER, minDays: 7, maxDays: 7, maxTypes: 1 });

  it('accepts the plain day-based problem', () => {
    expect(buildDayModels(base()).ok).toBe(true);
  });

  it('refuses weekly hours', () => {
    const p = base();
    const got = buildDayModels({ ...p, workers: p.workers.map((w) => ({ ...w, minutesPerWeek: { hardMax: 2400 } })) });
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toMatch(/weekly hours/);
  });

  it('refuses weekly rest', () => {
    const p = base();
    const got = buildDayModels({ ...p, workers: p.workers.map((w) => ({ ...w, weeklyRestMinutes: 1440 })) });
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toMatch(/weekly rest/);
  });

  it('refuses two non-overlapping slots on one day without maxShiftsPerDay, and accepts them with it', () => {
    const p = base();
    const slot = p.slots.find((s) => s.dayIndex === 3)!;
    // A second slot the same day, starting when the first ends.
    const second = { ...slot, id: `${slot.id}-late`, startMin: slot.endMin, endMin: slot.endMin + 240, workMinutes: 240, label: 'late' };
    const twoSlots = { ...p, slots: [...p.slots, second] };
    const got = buildDayModels({ ...twoSlots, workers: p.workers.map((w) => ({ ...w, maxShiftsPerDay: undefined, unavailability: [] })) });
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toMatch(/two slots/);
    expect(buildDayModels({ ...twoSlots, workers: p.workers.map((w) => ({ ...w, maxShiftsPerDay: 1, unavailability: [] })) }).ok).toBe(true);
  });
});
