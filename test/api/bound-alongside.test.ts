// When a solve gets the whole model's LP bound on a second thread beside its loop: only when a core is
// free for it (the loop's own and another), or when forced by ROTA_BOUND_ALONGSIDE. The table is
// written from what the machine has, not from the code: two cores and nothing else running is on;
// another solve of this process, or another process keeping a core busy, is off; the variable wins
// either way. Then how the machine is read (the cores busy over the last seconds, and this process's
// part of them); and the pool, which counts the threads its own solves keep busy as it hands each out.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../solver/model.ts';
import { boundAlongside, machineReader, type AlongsideFacts, type MachineSources } from '../../src/services/bound-alongside.ts';
import { workerPoolRunner } from '../../src/services/solve-runner.ts';

const quiet = { forced: undefined, busyThreads: 0, machineBusy: 0, ownBusy: 0 };

const cases: { what: string; facts: AlongsideFacts; on: boolean }[] = [
  // Free cores.
  { what: 'two cores, nothing running', facts: { ...quiet, cores: 2 }, on: true },
  { what: 'two cores, a quiet machine background (0.3 of a core)', facts: { ...quiet, cores: 2, machineBusy: 0.3 }, on: true },
  { what: 'two cores, the busy ones this process\'s own last solves', facts: { ...quiet, cores: 2, machineBusy: 1.6, ownBusy: 1.4 }, on: true },
  { what: 'four cores, one solve of this process running with its bound alongside', facts: { ...quiet, cores: 4, busyThreads: 2, machineBusy: 2, ownBusy: 2 }, on: true },
  { what: 'eight cores, a busy neighbour on two of them', facts: { ...quiet, cores: 8, machineBusy: 2 }, on: true },
  // No free core.
  { what: 'one core', facts: { ...quiet, cores: 1 }, on: false },
  { what: 'two cores, another solve of this process running', facts: { ...quiet, cores: 2, busyThreads: 1, machineBusy: 1, ownBusy: 1 }, on: false },
  { what: 'two cores, another process keeping one core busy', facts: { ...quiet, cores: 2, machineBusy: 1 }, on: false },
  { what: 'two cores, a loaded machine (both busy)', facts: { ...quiet, cores: 2, machineBusy: 2, ownBusy: 0.3 }, on: false },
  { what: 'four cores, two solves here with their bounds', facts: { ...quiet, cores: 4, busyThreads: 4, machineBusy: 4, ownBusy: 4 }, on: false },
  { what: 'four cores, others using three', facts: { ...quiet, cores: 4, machineBusy: 3 }, on: false },
  // Forced.
  { what: 'forced on, on a loaded machine', facts: { ...quiet, forced: '1', cores: 2, machineBusy: 2 }, on: true },
  { what: 'forced on, one core', facts: { ...quiet, forced: '1', cores: 1 }, on: true },
  { what: 'forced off, on an idle machine', facts: { ...quiet, forced: '0', cores: 8 }, on: false },
  { what: 'forced off, two idle cores', facts: { ...quiet, forced: '0', cores: 2 }, on: false },
  // Anything else leaves it to the machine.
  { what: 'an empty variable, two idle cores', facts: { ...quiet, forced: '', cores: 2 }, on: true },
  { what: 'an unknown value, a loaded machine', facts: { ...quiet, forced: 'yes', cores: 2, machineBusy: 2 }, on: false },
];

describe('the bound alongside: on when a core is free, or forced', () => {
  it.each(cases)('$what: $on', ({ facts, on }) => {
    const d = boundAlongside(facts);
    expect(d.on).toBe(on);
    expect(d.why.length).toBeGreaterThan(0);
  });
});

describe('reading the machine', () => {
  /** A machine of `cpus` CPUs whose figures a test moves by hand; samples taken when it says. */
  function fakeMachine(cpus: number) {
    const m = { t: 0, own: 0, busy: 0, all: 0, load: 0, tick: (): void => {} };
    const sources: MachineSources = {
      now: () => m.t,
      ownCpuMs: () => m.own,
      machineCpuMs: () => ({ busy: m.busy, all: m.all, cpus }),
      cores: () => cpus,
      loadAverage: () => m.load,
      every(f) {
        m.tick = f;
        return () => {
          m.tick = () => {};
        };
      },
    };
    /** `ms` pass with `busyCores` of the machine in use, `ownCores` of them this process's. */
    const pass = (ms: number, busyCores: number, ownCores: number): void => {
      m.t += ms;
      m.busy += busyCores * ms;
      m.all += cpus * ms;
      m.own += ownCores * ms;
      m.tick();
    };
    return { m, sources, pass };
  }

  it('reads the cores busy over the last seconds, and how many of them were this process', () => {
    const { sources, pass } = fakeMachine(2);
    const reader = machineReader(sources);
    // A minute of another process on both cores, then three seconds of this one on one core alone.
    for (let i = 0; i < 60; i++) pass(1000, 2, 0);
    for (let i = 0; i < 3; i++) pass(1000, 1, 1);
    const r = reader.read();
    expect(r.cores).toBe(2);
    expect(r.machineBusy).toBeCloseTo(1, 5);
    expect(r.ownBusy).toBeCloseTo(1, 5);
    reader.stop();
  });

  it('sees another process that started a few seconds ago, and one that ended a few seconds ago', () => {
    const { sources, pass } = fakeMachine(2);
    const reader = machineReader(sources);
    for (let i = 0; i < 60; i++) pass(1000, 0.1, 0);
    for (let i = 0; i < 3; i++) pass(1000, 1.1, 0);
    expect(reader.read().machineBusy).toBeGreaterThan(1);
    for (let i = 0; i < 3; i++) pass(1000, 0.1, 0);
    expect(reader.read().machineBusy).toBeLessThan(0.2);
    reader.stop();
  });

  it('just started, with no second of samples yet, it reads the load average and claims none of it', () => {
    const { m, sources } = fakeMachine(2);
    m.load = 1.7;
    const reader = machineReader(sources);
    expect(reader.read()).toEqual({ cores: 2, machineBusy: 1.7, ownBusy: 0 });
    reader.stop();
  });
});

describe('the pool asks for the bound alongside only while a core is free', () => {
  const ECHO = new URL('../support/alongside-echo-worker.mjs', import.meta.url);
  const problem = { slots: [], workers: [], pinned: [] } as unknown as Problem;
  const asked = async (r: Promise<unknown>) => ((await r) as { boundAlongside: boolean }).boundAlongside;

  it('on two idle cores the first solve gets it; a second one started while the first runs does not; once both end, the next does', async () => {
    const saved = process.env.ROTA_BOUND_ALONGSIDE;
    delete process.env.ROTA_BOUND_ALONGSIDE;
    const runner = workerPoolRunner({ size: 2, workerUrl: ECHO, machine: () => ({ cores: 2, machineBusy: 0, ownBusy: 0 }) });
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
    const idle = workerPoolRunner({ size: 1, workerUrl: ECHO, machine: () => ({ cores: 8, machineBusy: 0, ownBusy: 0 }) });
    const loaded = workerPoolRunner({ size: 1, workerUrl: ECHO, machine: () => ({ cores: 2, machineBusy: 14, ownBusy: 0.2 }) });
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
