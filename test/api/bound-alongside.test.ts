// When a solve gets the whole model's LP bound on a second thread beside its loop: only when a core is
// free for it (the loop's own and another), or when forced by ROTA_BOUND_ALONGSIDE. The table is
// written from what the machine has, not from the code: two cores and nothing else running is on;
// another solve of this process, or another process keeping a core busy, is off; the variable wins
// either way. Then this process's own part of the load: its CPU use averaged over the load's minute;
// and the pool, which counts the threads its own solves keep busy when it hands each one out.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../solver/model.ts';
import { boundAlongside, machineReader, type AlongsideFacts } from '../../src/services/bound-alongside.ts';
import { workerPoolRunner } from '../../src/services/solve-runner.ts';

const quiet = { forced: undefined, busyThreads: 0, loadAverage: 0, ownLoad: 0 };

const cases: { what: string; facts: AlongsideFacts; on: boolean }[] = [
  // Free cores.
  { what: 'two cores, nothing running', facts: { ...quiet, cores: 2 }, on: true },
  { what: 'two cores, a quiet machine background (load 0.3)', facts: { ...quiet, cores: 2, loadAverage: 0.3 }, on: true },
  { what: 'two cores, the load is this process\'s own last solves', facts: { ...quiet, cores: 2, loadAverage: 1.6, ownLoad: 1.4 }, on: true },
  { what: 'four cores, one solve of this process running with its bound alongside', facts: { ...quiet, cores: 4, busyThreads: 2, loadAverage: 2, ownLoad: 2 }, on: true },
  { what: 'eight cores, a busy neighbour on two of them', facts: { ...quiet, cores: 8, loadAverage: 2 }, on: true },
  // No free core.
  { what: 'one core', facts: { ...quiet, cores: 1 }, on: false },
  { what: 'two cores, another solve of this process running', facts: { ...quiet, cores: 2, busyThreads: 1, loadAverage: 1, ownLoad: 1 }, on: false },
  { what: 'two cores, another process keeping one core busy', facts: { ...quiet, cores: 2, loadAverage: 1 }, on: false },
  { what: 'two cores, a loaded machine (load 12)', facts: { ...quiet, cores: 2, loadAverage: 12, ownLoad: 0.3 }, on: false },
  { what: 'four cores, two solves here with their bounds', facts: { ...quiet, cores: 4, busyThreads: 4, loadAverage: 4, ownLoad: 4 }, on: false },
  { what: 'four cores, others at load 3', facts: { ...quiet, cores: 4, loadAverage: 3 }, on: false },
  // Forced.
  { what: 'forced on, on a loaded machine', facts: { ...quiet, forced: '1', cores: 2, loadAverage: 12 }, on: true },
  { what: 'forced on, one core', facts: { ...quiet, forced: '1', cores: 1 }, on: true },
  { what: 'forced off, on an idle machine', facts: { ...quiet, forced: '0', cores: 8 }, on: false },
  { what: 'forced off, two idle cores', facts: { ...quiet, forced: '0', cores: 2 }, on: false },
  // Anything else leaves it to the machine.
  { what: 'an empty variable, two idle cores', facts: { ...quiet, forced: '', cores: 2 }, on: true },
  { what: 'an unknown value, a loaded machine', facts: { ...quiet, forced: 'yes', cores: 2, loadAverage: 12 }, on: false },
];

describe('the bound alongside: on when a core is free, or forced', () => {
  it.each(cases)('$what: $on', ({ facts, on }) => {
    const d = boundAlongside(facts);
    expect(d.on).toBe(on);
    expect(d.why.length).toBeGreaterThan(0);
  });
});

describe("this process's own part of the load", () => {
  it('comes near one after minutes of one busy core, and near none after minutes idle', () => {
    let t = 0;
    let cpu = 0;
    const read = machineReader(
      () => t,
      () => cpu,
    );
    // Five minutes of one core, read every 5 s as a pool would at each solve.
    for (let i = 0; i < 60; i++) {
      t += 5000;
      cpu += 5000;
      read();
    }
    expect(read().ownLoad).toBeGreaterThan(0.95);
    expect(read().ownLoad).toBeLessThanOrEqual(1.0001);
    // Five minutes idle, read once at the end.
    t += 300_000;
    expect(read().ownLoad).toBeLessThan(0.05);
  });

  it('counts two busy threads as two', () => {
    let t = 0;
    let cpu = 0;
    const read = machineReader(
      () => t,
      () => cpu,
    );
    t += 600_000;
    cpu += 1_200_000;
    expect(read().ownLoad).toBeGreaterThan(1.9);
  });
});

describe('the pool asks for the bound alongside only while a core is free', () => {
  const ECHO = new URL('../support/alongside-echo-worker.mjs', import.meta.url);
  const problem = { slots: [], workers: [], pinned: [] } as unknown as Problem;
  const asked = async (r: Promise<unknown>) => ((await r) as { boundAlongside: boolean }).boundAlongside;

  it('on two idle cores the first solve gets it; a second one started while the first runs does not; once both end, the next does', async () => {
    const saved = process.env.ROTA_BOUND_ALONGSIDE;
    delete process.env.ROTA_BOUND_ALONGSIDE;
    const runner = workerPoolRunner({ size: 2, workerUrl: ECHO, machine: () => ({ cores: 2, loadAverage: 0, ownLoad: 0 }) });
    try {
      // Both handed out at once: the second finds the first's loop and bound thread on the two cores.
      const first = runner.run(problem, { seed: 1 });
      const second = runner.run(problem, { seed: 2 });
      expect([await asked(first), await asked(second)]).toEqual([true, false]);
      expect(await asked(runner.run(problem, { seed: 3 }))).toBe(true);
    } finally {
      await runner.close();
      if (saved !== undefined) process.env.ROTA_BOUND_ALONGSIDE = saved;
    }
  }, 60_000);

  it('ROTA_BOUND_ALONGSIDE=0 keeps it off on idle cores, =1 puts it on a loaded machine', async () => {
    const saved = process.env.ROTA_BOUND_ALONGSIDE;
    const idle = workerPoolRunner({ size: 1, workerUrl: ECHO, machine: () => ({ cores: 8, loadAverage: 0, ownLoad: 0 }) });
    const loaded = workerPoolRunner({ size: 1, workerUrl: ECHO, machine: () => ({ cores: 2, loadAverage: 14, ownLoad: 0.2 }) });
    try {
      process.env.ROTA_BOUND_ALONGSIDE = '0';
      expect(await asked(idle.run(problem, { seed: 1 }))).toBe(false);
      process.env.ROTA_BOUND_ALONGSIDE = '1';
      expect(await asked(loaded.run(problem, { seed: 1 }))).toBe(true);
    } finally {
      await idle.close();
      await loaded.close();
      if (saved === undefined) delete process.env.ROTA_BOUND_ALONGSIDE;
      else process.env.ROTA_BOUND_ALONGSIDE = saved;
    }
  }, 60_000);
});
