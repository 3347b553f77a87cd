// The spread (fairness) rules in the MILP: each chord of a worker's convex spread penalty is a row on
// one count variable, not on every place counted, so the model grows linearly with the places counted.

import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import { encodeProblem } from '../../solver/milp/encode.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';
import { days, problem, role, slot, worker } from '../solver/support/build.ts';

// Three weeks of lates (tagged 'late'), one place each, two workers: the lates go to whoever, and the
// spread prices each worker's count squared.
const p = problem({
  days: days(21),
  slots: Array.from({ length: 21 }, (_, d) => ({ ...slot(`late@${d}`, d, 14, 8, [role('nurse', 1)], 'late'), tags: ['late'] })),
  workers: [worker('a', 'A', ['nurse']), worker('b', 'B', ['nurse'])],
});

/** Rows of the LP text whose name starts with `prefix`, as their number of variable terms. */
function termsOfRows(lp: string, prefix: string): number[] {
  const body = lp.slice(lp.indexOf('Subject To'), lp.search(/\n(Bounds|Binar|General|End)/));
  return body
    .split(/\n(?=\s*[A-Za-z_][\w.#\[\]-]*:)/)
    .filter((r) => r.trim().startsWith(prefix))
    .map((r) => (r.split(':')[1].split(/[<>=]/)[0].match(/[A-Za-z_][\w.#\[\]-]*/g) ?? []).length);
}

describe('spread rules in the MILP', () => {
  it('each chord row has the penalty and the count, whatever the number of places counted', () => {
    const { lp } = encodeProblem(p);
    const chords = termsOfRows(lp, 'spr_lates_');
    expect(chords.length).toBeGreaterThanOrEqual(2 * 20);
    expect(Math.max(...chords)).toBe(2);
  });

  it('keeps the relaxation: the LP bound is the catalogue optimum here (the lates split 11 / 10)', async () => {
    const highs = await createHighsBackend();
    const enc = encodeProblem(p);
    const r = highs.solve(enc.relaxedLp(), { relaxation: true });
    const split = p.slots.map((s, d) => ({ slotId: s.id, roleId: 'nurse', workerId: d % 2 === 0 ? 'a' : 'b' }));
    const best = evaluateAll(p, split).score;
    expect(best.hard).toBe(0);
    expect(r.status).toBe('optimal');
    expect(r.bound! + enc.offset).toBeCloseTo(best.soft, 6);
  });
});

describe('the LP by the interior point method', () => {
  it('gives the same bound as simplex (crossover makes it exact)', async () => {
    const highs = await createHighsBackend();
    const lp = encodeProblem(p).relaxedLp();
    const simplex = highs.solve(lp, { relaxation: true });
    const ipm = highs.solve(lp, { relaxation: true, interiorPoint: true });
    expect(ipm.status).toBe('optimal');
    expect(ipm.bound!).toBeCloseTo(simplex.bound!, 6);
  });
});
