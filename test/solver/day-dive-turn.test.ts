// The day dive's turns among the improvers (dayDiveTurn, solver/stages/columns.ts): when the first
// dive has not landed within its own share of the budget, it is put aside and dives guided by the
// best rota take its turns, and the first dive goes on from where it stopped once they have nothing
// left to try. The dives here are stand-ins with a scripted pace (the real dive's landing and its
// guided start are tested in test/colgen/search.test.ts); what is under test is who dives when.

import { describe, expect, it } from 'vitest';
import type { DayDiveOptions } from '../../solver/colgen/day-dive.ts';
import type { Assignment } from '../../solver/model.ts';
import { Budget } from '../../solver/stages/budget.ts';
import { dayDiveTurn, type ColumnSearch } from '../../solver/stages/columns.ts';

interface FakeDive {
  readonly options: DayDiveOptions;
  state: 'running' | 'landed' | 'ended';
  nodes: number;
  lpValue: number | undefined;
  progress: number;
  best: number;
  slices: number;
  run(limitMs: number | undefined): string;
  lowerCutoff(objective: number): void;
  fixedOption(): number;
}

/**
 * A solve of `limitMs` on a clock that only the dives move: every slice takes its whole length. The
 * unguided dive never lands (a dive of many nodes on a long horizon); a guided one ends after
 * `guidedSlices` slices without a better rota.
 */
function harness(limitMs: number, guidedSlices: number) {
  let clockMs = 0;
  const budget = new Budget(() => clockMs, limitMs);
  const bestRota: Assignment[] = [{ workerId: 'w0', slotId: 's0', roleId: 'r0' }];
  const dives: FakeDive[] = [];
  const cg = {
    converged: true,
    roundLp: () => bestRota,
    dayDiver: (options: DayDiveOptions): FakeDive => {
      const dive: FakeDive = {
        options,
        state: 'running',
        nodes: 0,
        lpValue: undefined,
        progress: 0,
        best: options.incumbent ?? Infinity,
        slices: 0,
        run(sliceMs) {
          clockMs += sliceMs ?? 0;
          this.slices++;
          this.nodes += 3;
          this.lpValue = 900;
          // Far from landing: its outlook stays high enough to keep its turns.
          this.progress = Math.min(0.99, this.progress + 0.1);
          if (options.guide && this.slices >= guidedSlices) this.state = 'ended';
          return this.state;
        },
        lowerCutoff(objective) {
          this.best = Math.min(this.best, objective);
        },
        fixedOption: () => -1,
      };
      dives.push(dive);
      return dive;
    },
  };
  const ctx = {
    budget,
    stages: { diveSliceShare: 0.05, dayDiveShare: 0.2 },
    incumbent: { legalSoft: 1000, assignments: bestRota, consider: () => false },
  };
  const turn = dayDiveTurn({ ctx, cg, rotaDiveFound: false } as unknown as ColumnSearch);
  return { turn, dives, budget, bestRota, elapsed: () => clockMs };
}

describe('the day dive turn', () => {
  it('puts aside a first dive that has not landed within its share and dives from the best rota instead', () => {
    const h = harness(60_000, 2);
    // Its turns as long as it applies and the budget lasts (the chooser would give it these while its outlook leads).
    while (h.turn.applies() && h.budget.remainingMs() > 0 && h.dives.filter((d) => d.options.guide).length === 0) h.turn.step(h.budget.now() + h.budget.remainingMs());
    const guided = h.dives.filter((d) => d.options.guide);
    expect(guided.length, 'a guided dive starts before the first dive lands').toBe(1);
    expect(h.dives[0].state, 'the first dive has not landed').toBe('running');
    // It started once the first dive had its share (0.2 of 60 s: 4 slices of 3 s), not at the end of the budget.
    expect(h.dives[0].slices).toBe(4);
    expect(h.elapsed()).toBe(15_000);
    expect(guided[0].options.guide, 'guided by the best rota').toBe(h.bestRota);
    expect(guided[0].options.incumbent).toBe(1000);
    expect(guided[0].options.riseWithinRoom).toBe(true);
  });

  it('goes on with the first dive from where it stopped once the guided dives have nothing left to try', () => {
    const h = harness(120_000, 2);
    while (h.turn.applies() && h.budget.remainingMs() > 0) h.turn.step(h.budget.now() + h.budget.remainingMs());
    const first = h.dives[0];
    const guided = h.dives.filter((d) => d.options.guide);
    // One guided dive per level from the same best rota, each ended, then the first dive again.
    expect(guided.map((d) => d.options.guideAbove)).toEqual([0, 0.5, 0.9]);
    expect(guided.every((d) => d.state === 'ended')).toBe(true);
    expect(h.dives.length, 'the first dive is taken up again, not started anew').toBe(4);
    // Its share (0.2 of 120 s: 4 slices of 6 s), the guided dives' (3 x 2 slices), then the rest of the budget (20 slices in all).
    expect(first.slices).toBe(20 - 6);
    expect(first.state).toBe('running');
    expect(h.turn.summary()).toContain('parked dive resumed');
  });
});
