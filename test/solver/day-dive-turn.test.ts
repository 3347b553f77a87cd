// The day dive's turns among the improvers (dayDiveTurn, solver/stages/columns.ts): a first dive that
// has not landed within its own share of the budget hurries (day-dive.ts: rises within the room below
// the best rota stand), one that lands in time is left as it is, and the dives after a landing are
// guided by the best rota. The dives here are stand-ins with a scripted pace (what hurrying does to a
// real dive is tested in test/colgen/search.test.ts); what is under test is who dives how, and when.

import { describe, expect, it } from 'vitest';
import type { DayDiveOptions, UnfixedLp } from '../../solver/colgen/day-dive.ts';
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
  hurriedAt: number | undefined;
  /** The LP with nothing fixed: the unguided dive solves it at its first slice; a guided one keeps what it was given. */
  unfixed: UnfixedLp | undefined;
  hurry(): void;
  run(limitMs: number | undefined): string;
  lowerCutoff(objective: number): void;
  fixedOption(): number;
}

/**
 * A solve of `limitMs` on a clock that only the dives move: every slice takes its whole length. The
 * unguided dive lands after `firstSlices` slices (never, by default: a dive of many nodes on a long
 * horizon); a guided one ends after `guidedSlices` slices without a better rota.
 */
function harness(limitMs: number, guidedSlices: number, firstSlices = Infinity) {
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
        hurriedAt: undefined,
        unfixed: options.unfixed,
        hurry() {
          this.hurriedAt ??= this.slices;
        },
        run(sliceMs) {
          clockMs += sliceMs ?? 0;
          this.slices++;
          if (!options.guide && this.nodes === 0) this.unfixed = { lpValue: 900, candidates: [] };
          this.nodes += 3;
          this.lpValue = 900;
          // Far from landing: its outlook stays high enough to keep its turns.
          this.progress = Math.min(0.99, this.progress + 0.1);
          if (options.guide && this.slices >= guidedSlices) this.state = 'ended';
          if (!options.guide && this.slices >= firstSlices) this.state = 'landed';
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

/** The guided levels a ladder that finds nothing runs through (columns.ts, GUIDE_LEVELS). */
const GUIDED_LEVELS = 3;

describe('the day dive turn', () => {
  it('makes a first dive that has not landed within its share hurry, and only then', () => {
    const h = harness(60_000, 2);
    for (let i = 0; i < 8 && h.turn.applies(); i++) h.turn.step(h.budget.now() + h.budget.remainingMs());
    const first = h.dives[0];
    expect(first.state, 'the first dive has not landed').toBe('running');
    // Its share is 0.2 of 60 s: 4 slices of 3 s tracking its LP strictly, the rest hurrying.
    expect(first.hurriedAt, 'it hurries once its share is used').toBe(4);
    expect(h.dives.length, 'the same dive goes on (no other dive starts while it runs)').toBe(1);
  });

  it('leaves a first dive that lands within its share as it is, and guides the next dives by the best rota', () => {
    const h = harness(60_000, 2, 3);
    for (let i = 0; i < 8 && h.turn.applies(); i++) h.turn.step(h.budget.now() + h.budget.remainingMs());
    expect(h.dives[0].state).toBe('landed');
    expect(h.dives[0].hurriedAt).toBeUndefined();
    const guided = h.dives.slice(1);
    expect(guided.length).toBeGreaterThan(0);
    for (const g of guided) {
      expect(g.options.guide, 'guided by the best rota').toBe(h.bestRota);
      expect(g.options.riseWithinRoom).toBe(true);
    }
  });

  it('hands every guided dive the LP with nothing fixed that the first dive solved, so none solves it again', () => {
    const h = harness(60_000, 1, 2);
    for (let i = 0; i < 8 && h.turn.applies(); i++) h.turn.step(h.budget.now() + h.budget.remainingMs());
    const [first, ...guided] = h.dives;
    expect(first.unfixed, 'the first dive solved it').toBeDefined();
    expect(guided.length, 'the ladder ran').toBe(GUIDED_LEVELS);
    for (const g of guided) expect(g.options.unfixed, 'given to each guided dive').toBe(first.unfixed);
  });
});
