// The improvers' loop (solver/stages/improvers.ts) around window passes: each whole pass of windows
// owes the worker walks one step on the rota it leaves, however far the windows' rate is ahead. The
// searches are replaced by scripted steps on a clock of their own (the walks' module is mocked; the
// neighbourhoods' methods are spied), so only the loop's choices are seen.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import type { ColumnGenerationState } from '../../solver/colgen/master.ts';
import { ColumnNeighbourhoods } from '../../solver/stages/column-lns.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { improversStage } from '../../solver/stages/improvers.ts';
import { MilpNeighbourhoods } from '../../solver/stages/milp-lns.ts';
import { WindowNeighbourhoods } from '../../solver/stages/window-lns.ts';

const shared = vi.hoisted(() => ({ ms: 0, steps: [] as string[] }));

vi.mock('../../solver/stages/walks.ts', () => ({
  // A walk that finds nothing better, in 50 ms.
  walkStage: () => {
    shared.ms += 50;
    shared.steps.push('walks');
    return 'scripted';
  },
}));

afterEach(() => vi.restoreAllMocks());

describe('the improvers around window passes', () => {
  it('give the worker walks a step after each whole pass of windows, though the windows gain faster', () => {
    const problem = curtoisToProblem(parseCurtois(generateInstance({ days: 56, staff: 8, shiftTypes: 2 }, 4).text));
    const ctx = new SolveContext(problem, { clock: () => shared.ms, timeLimitMs: 20_000, seed: 1 }, {});
    // The rota as the searches leave it: every window step 10 points better (a new rota each time).
    const rota = { assignments: [] as unknown[], score: { hard: 0, soft: 100_000 }, analysis: [], consider: () => false };
    Object.defineProperty(ctx, 'incumbent', { value: rota });
    const cg = { firstPriced: problem.workers.length, converged: true, models: [] } as unknown as ColumnGenerationState;
    vi.spyOn(ColumnNeighbourhoods.prototype, 'applies').mockReturnValue(false);
    vi.spyOn(MilpNeighbourhoods.prototype, 'step').mockImplementation(() => {
      shared.ms += 100;
      shared.steps.push('MILP');
      return false;
    });
    vi.spyOn(WindowNeighbourhoods.prototype, 'applies').mockReturnValue(true);
    // A window: 100 ms, 10 points; every fourth ends a whole pass.
    vi.spyOn(WindowNeighbourhoods.prototype, 'step').mockImplementation(function (this: WindowNeighbourhoods) {
      shared.ms += 100;
      rota.score = { hard: 0, soft: rota.score.soft - 10 };
      rota.assignments = [];
      const count = shared.steps.filter((s) => s.startsWith('window')).length + 1;
      if (count % 4 === 0) this.passes++;
      shared.steps.push(count % 4 === 0 ? 'window, pass ended' : 'window');
      return true;
    });
    improversStage({ ctx, cg, rotaDiveFound: false });
    const { steps } = shared;
    const passEnds = steps.flatMap((s, i) => (s === 'window, pass ended' && i + 1 < steps.length ? [i] : []));
    expect(passEnds.length).toBeGreaterThan(3);
    // The walks' first steps found nothing while the windows gained 100 points a second: by rate they
    // would not be chosen again, but every pass's end gets them one step, and only one.
    for (const i of passEnds) {
      expect(steps[i + 1], `step ${i + 1}`).toBe('walks');
      if (i + 2 < steps.length) expect(steps[i + 2]).not.toBe('walks');
    }
  });
});
