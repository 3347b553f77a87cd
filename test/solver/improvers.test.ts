// The column stages' end game: worker walks again from the LP's rota (columns.ts), and the improvers
// that share the time left (improvers.ts), chosen by what each recently gained per second.

import { beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { runColumnGeneration } from '../../solver/colgen/master.ts';
import { walkDescent } from '../../solver/colgen/walk-descent.ts';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { LpSessionFactory, MilpBackend } from '../../solver/milp/backend.ts';
import { Prng } from '../../solver/search/prng.ts';
import { walkPolishStage } from '../../solver/stages/columns.ts';
import { SolveContext } from '../../solver/stages/context.ts';
import { gainOf, ImproverChooser } from '../../solver/stages/improvers.ts';
import { createHighsBackend } from '../../src/milp/highs-backend.ts';

let highs: MilpBackend & LpSessionFactory;
beforeAll(async () => {
  highs = await createHighsBackend();
});

describe('choosing the next improver', () => {
  it('tries each improver that applies twice (once, when it gains), in order, before preferring any', () => {
    const c = new ImproverChooser(3);
    expect(c.next(() => true)).toBe(0);
    c.record(0, 50, 1);
    expect(c.next(() => true)).toBe(1);
    c.record(1, 0, 1);
    expect(c.next((i) => i !== 2), 'one fruitless step does not judge it').toBe(1);
    c.record(1, 0, 1);
    expect(c.next((i) => i !== 2)).toBe(0);
    expect(c.next(() => true)).toBe(2);
    expect(c.next(() => false)).toBeUndefined();
  });

  it('gives an improver whose first step gained nothing a second step before a dive that expects to gain', () => {
    // 0: a dive, 1: an improver (a first neighbourhood too big for its time finds nothing).
    const c = new ImproverChooser(2, 3, (i) => i === 0);
    c.record(0, 0, 2);
    c.record(1, 0, 1);
    expect(c.next(() => true, (i) => (i === 0 ? 50 : 0))).toBe(1);
    c.record(1, 0, 1);
    expect(c.next(() => true, (i) => (i === 0 ? 50 : 0)), 'two fruitless steps: judged').toBe(0);
  });

  it('does not stall an improver that gains on most of its steps for one fruitless step longer than the stall time', () => {
    // 0: gains on most of its 2 s steps; 1: gains a little. The stall time (1.5 s) is shorter than one step.
    const c = new ImproverChooser(2, 1.5);
    c.record(0, 300, 2);
    c.record(0, 0, 2);
    c.record(0, 400, 2);
    c.record(1, 5, 1);
    c.record(0, 0, 2);
    expect(c.next(() => true), 'one fruitless step: still the faster').toBe(0);
    c.record(0, 0, 2);
    expect(c.next(() => true), 'two in a row and past the stall time: stalled').toBe(1);
  });

  it('gives the next step to the one gaining more per second, however long its steps take', () => {
    const c = new ImproverChooser(2);
    c.record(0, 40, 4); // 10 a second
    c.record(1, 30, 1); // 30 a second
    expect(c.next(() => true)).toBe(1);
    const d = new ImproverChooser(2);
    d.record(0, 400, 4); // 100 a second
    d.record(1, 30, 1);
    expect(d.next(() => true)).toBe(0);
  });

  it('moves away from an improver that stops gaining, to one still gaining slowly', () => {
    const c = new ImproverChooser(2);
    c.record(0, 1000, 2);
    c.record(1, 10, 2);
    let turnsOfFirst = 0;
    for (let step = 0; step < 20 && c.next(() => true) === 0; step++) {
      c.record(0, 0, 2);
      turnsOfFirst++;
    }
    expect(turnsOfFirst).toBeGreaterThan(0);
    expect(turnsOfFirst).toBeLessThan(20);
    expect(c.next(() => true)).toBe(1);
  });

  it('shares the time evenly while none gains', () => {
    const c = new ImproverChooser(2);
    const seconds = [0, 0];
    const stepSeconds = [4, 1];
    for (let step = 0; step < 50; step++) {
      const i = c.next(() => true)!;
      c.record(i, 0, stepSeconds[i]);
      seconds[i] += stepSeconds[i];
    }
    expect(Math.abs(seconds[0] - seconds[1])).toBeLessThanOrEqual(4);
  });

  it('gives the time of a dive that gained nothing in its slice to an improver that gains, and the next slice back once that one stalls', () => {
    // 0: a dive, 1: an improver; an improver stalls after 3 s of steps that gain nothing.
    const c = new ImproverChooser(2, 3, (i) => i === 0);
    c.record(0, 0, 3); // the dive's first slice: no rota
    c.record(1, 100, 1);
    expect(c.next(() => true)).toBe(1);
    c.record(1, 0, 1);
    c.record(1, 0, 1);
    expect(c.next(() => true), 'still within its stall time').toBe(1);
    c.record(1, 0, 1);
    expect(c.next(() => true), 'stalled: the dive, with less time so far, goes on').toBe(0);
    c.record(0, 500, 3); // the dive lands
    expect(c.next(() => true)).toBe(0);
  });

  it('gives the next slice to a dive whose outlook beats what the improvers gain per second', () => {
    const c = new ImproverChooser(2, 3, (i) => i === 0);
    c.record(0, 0, 3);
    c.record(1, 100, 1); // 100 a second
    expect(c.next(() => true, (i) => (i === 0 ? 500 : 0))).toBe(0);
    expect(c.next(() => true, (i) => (i === 0 ? 50 : 0))).toBe(1);
  });

  it('keeps the one-shot searches until every improver has stalled and no dive expects to gain', () => {
    const c = new ImproverChooser(2, 3, (i) => i === 0);
    c.record(0, 0, 3);
    c.record(1, 0, 1);
    expect(c.allStalled(() => true), 'the improver had 1 s of its 3').toBe(false);
    c.record(1, 0, 2);
    expect(c.allStalled(() => true)).toBe(true);
    expect(c.allStalled(() => true, (i) => (i === 0 ? 10 : 0)), 'the dive still expects to gain').toBe(false);
  });

  it('gives an owed step before a dive whose outlook beats the improver, once', () => {
    // 0: a dive, 1: an improver whose steps on the old rota gained a little, long ago.
    const c = new ImproverChooser(2, 3, (i) => i === 0);
    c.record(0, 0, 3);
    c.record(1, 5, 0.05);
    for (let k = 0; k < 5; k++) c.record(1, 0, 0.05);
    const outlook = (i: number): number => (i === 0 ? 50 : 0);
    expect(c.next(() => true, outlook), 'by rate: the dive').toBe(0);
    expect(c.lastStepSeconds(1)).toBe(0.05);
    c.owe(1);
    expect(c.next(() => true, outlook), 'owed a step').toBe(1);
    expect(c.next((i) => i === 0, outlook), 'not while it does not apply').toBe(0);
    c.record(1, 0, 0.05);
    expect(c.next(() => true, outlook), 'one step only').toBe(0);
  });

  it("after a dive's better rota owes steps to the improvers whose last step fit in a slice, not to a dearer one", () => {
    // 0: a dive, 1: an improver with short steps, 2: one whose steps are cut trees (4 s).
    const c = new ImproverChooser(3, 100, (i) => i === 0);
    c.record(0, 0, 3);
    for (let k = 0; k < 3; k++) c.record(1, k === 0 ? 5 : 0, 0.05);
    for (let k = 0; k < 3; k++) c.record(2, k === 0 ? 5 : 0, 4);
    const outlook = (i: number): number => (i === 0 ? 50 : 0);
    expect(c.next(() => true, outlook), 'by rate: the dive').toBe(0);
    c.oweFreshSteps(2, 3, 1.5);
    expect(c.next(() => true, outlook), 'the dear improver is not owed, the cheap one is outside the range').toBe(0);
    c.oweFreshSteps(1, 3, 1.5);
    expect(c.next(() => true, outlook), 'the cheap improver is owed').toBe(1);
    c.record(1, 0, 0.05);
    expect(c.next((i) => i !== 1, outlook), 'and the dear one still is not').toBe(0);
  });

  it("after a dive's better rota gives each cheap improver steps for as long as a slice before the dive goes on, then goes by rate", () => {
    // 0: a dive whose outlook beats everything, 1: windows (0.1 s steps, fruitless on the old rota),
    // 2: another cheap improver (0.5 s steps). A slice is 1.5 s.
    const c = new ImproverChooser(3, 100, (i) => i === 0);
    c.record(0, 0, 1.5);
    for (let k = 0; k < 3; k++) c.record(1, 0, 0.1);
    for (let k = 0; k < 3; k++) c.record(2, 0, 0.5);
    const outlook = (i: number): number => (i === 0 ? 50 : 0);
    expect(c.next(() => true, outlook), 'by rate: the dive').toBe(0);
    c.record(0, 300, 1.5); // the dive finds a better rota
    c.oweFreshSteps(1, 3, 1.5);
    const taken = [0, 0, 0];
    for (let step = 0; step < 40; step++) {
      const i = c.next(() => true, outlook)!;
      if (i === 0) break;
      taken[i]++;
      c.record(i, 0, i === 1 ? 0.1 : 0.5);
    }
    expect(taken[1], "the windows' steps add up to a slice").toBe(15);
    expect(taken[2], "the other's too").toBe(3);
    expect(c.next(() => true, outlook), 'then the dive, by rate').toBe(0);
  });

  it('counts a hard breach mended above any soft change', () => {
    expect(gainOf({ hard: 1, soft: 0 }, { hard: 0, soft: 5000 })).toBeGreaterThan(gainOf({ hard: 0, soft: 9000 }, { hard: 0, soft: 0 }));
    expect(gainOf({ hard: 0, soft: 10 }, { hard: 0, soft: 12 })).toBeLessThan(0);
  });
});

describe('worker walks from the LP rounding', () => {
  it('leave a rota no single worker walk improves, no worse than the rounding, and add its rotas as columns', () => {
    const instance = generateInstance({ days: 28, staff: 12, shiftTypes: 3 }, 2);
    const problem = curtoisToProblem(parseCurtois(instance.text));
    const ctx = new SolveContext(problem, { exact: highs, clock: () => 0, timeLimitMs: 1_000_000, seed: 1 }, {});
    const cg = runColumnGeneration(problem, highs, { incumbents: [] });
    if (!cg.ok) throw new Error(cg.reason);
    try {
      const rounded = cg.state.roundLp();
      ctx.incumbent.consider(rounded, 'LP rounding');
      const roundedScore = ctx.incumbent.score;
      const models = cg.state.models;
      // The rounding is not already a local optimum of the walks (else this case proves nothing).
      expect(walkDescent(problem, models, rounded, { late: () => false, rng: new Prng(3) }).changed).toBeGreaterThan(0);
      const columnsBefore = cg.state.columnCount;
      walkPolishStage({ ctx, cg: cg.state, rotaDiveFound: false });
      const after = evaluateAll(problem, ctx.incumbent.assignments).score;
      expect(after.hard < roundedScore.hard || (after.hard === roundedScore.hard && after.soft < roundedScore.soft), `${JSON.stringify(after)} vs ${JSON.stringify(roundedScore)}`).toBe(true);
      expect(walkDescent(problem, models, ctx.incumbent.assignments, { late: () => false, rng: new Prng(4) }).changed).toBe(0);
      expect(cg.state.columnCount).toBeGreaterThan(columnsBefore);
    } finally {
      cg.state.dispose();
    }
  });
});
