// Progress reports carry the best rota so far, so the API can show best-so-far while a solve runs.

import { describe, expect, it } from 'vitest';
import { evaluateAll, solve } from '../../solver/index.ts';
import type { SolveProgress } from '../../solver/model.ts';
import { problem, role, slot, worker } from './support/build.ts';

describe('solve() progress', () => {
  const workers = ['Ana', 'Ben', 'Cal', 'Dee'].map((name) => worker(`w-${name}`, name, ['support']));
  const slots = [0, 1, 2, 3, 4, 5, 6].map((d) => slot(`d${d}`, d, 9, 8, [role('support', 1, 2, 2)], 'day'));
  const p = problem({ slots, workers });

  it('reports the best rota found so far, scoring exactly the reported best score', () => {
    const reports: SolveProgress[] = [];
    const result = solve(p, { seed: 3, maxMoves: 4000, onProgress: (r) => reports.push(r) });
    const withRota = reports.filter((r) => r.bestAssignments !== undefined);
    expect(withRota.length).toBeGreaterThan(0);
    for (const r of withRota) {
      const rota = r.bestAssignments!.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
      expect(evaluateAll(p, rota).score).toEqual(r.best);
    }
    const last = withRota[withRota.length - 1];
    const sortKey = (a: { slotId: string; roleId: string; workerId: string }) => `${a.slotId}/${a.roleId}/${a.workerId}`;
    expect(last.bestAssignments!.map(sortKey).sort()).toEqual(result.assignments.map(sortKey).sort());
  });
});
