// When a solve gets the whole model's LP bound on a second thread beside its loop: only when a core is
// free for it (the loop's own and another), or when forced by ROTA_BOUND_ALONGSIDE. The table is
// written from what the machine has, not from the code: two cores and nothing else running is on;
// another solve of this process, or another process keeping a core busy, is off; the variable wins
// either way. Then this process's own part of the load: its CPU use averaged over the load's minute.
import { describe, expect, it } from 'vitest';
import { boundAlongside, machineReader, type AlongsideFacts } from '../../src/services/bound-alongside.ts';

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
