// Whether a solve works out the whole model's LP bound on a second thread while its allocation loop
// runs (bound-thread.ts). With a core free the two run side by side and the loop stops the moment its
// rota meets the bound, instead of running on to its stall with the LP after it (on the 300-staff
// week through the API, about 1.5 s against 3.6 s end to end). With no core free the second thread
// only takes the loop's CPU (on a loaded two-core machine the loop made about 8 times fewer moves):
// then the solve keeps the order it has without it. See bench/results/engine.md.
//
// The pool that runs the solves decides, when it hands a solve to a thread, from what it knows: the
// cores, the threads its own solves keep busy, and how busy the machine's cores were over the last
// seconds, less this process's own use, as a sign of other processes.

import { availableParallelism, cpus, loadavg } from 'node:os';

/** What the decision reads. */
export interface AlongsideFacts {
  /** ROTA_BOUND_ALONGSIDE as set: "1" forces the second thread on, "0" off; else the machine decides. */
  readonly forced: string | undefined;
  /** Cores this process may run on (os.availableParallelism()). */
  readonly cores: number;
  /** Threads this process's solves keep busy already: one per solve, two for a solve with its bound alongside. */
  readonly busyThreads: number;
  /** Cores in use on the whole machine lately, this process included (see machineReader). */
  readonly machineBusy: number;
  /** Cores this process used over the same time. */
  readonly ownBusy: number;
}

export interface AlongsideDecision {
  readonly on: boolean;
  /** Why, in words, for the logs and the bench. */
  readonly why: string;
}

/**
 * The second thread is on when, beside the threads already busy, a core is free for the loop and
 * another for the LP. Other processes count by the machine's busy cores less this process's own,
 * and a core counts as free while less than half of it is in use, so a quiet machine's background
 * does not turn it off.
 */
export function boundAlongside(facts: AlongsideFacts): AlongsideDecision {
  if (facts.forced === '1') return { on: true, why: 'forced on (ROTA_BOUND_ALONGSIDE=1)' };
  if (facts.forced === '0') return { on: false, why: 'forced off (ROTA_BOUND_ALONGSIDE=0)' };
  const others = Math.max(0, facts.machineBusy - facts.ownBusy);
  const free = facts.cores - facts.busyThreads - others;
  const said = `${facts.cores} cores, ${facts.busyThreads} busy with solves here, ${facts.machineBusy.toFixed(1)} in use lately of which ${facts.ownBusy.toFixed(1)} by this process`;
  return free >= 2 - FREE_SLACK ? { on: true, why: `two cores free (${said})` } : { on: false, why: `no core free beside the loop (${said})` };
}

/** How much of a core may be in use while it still counts as free. */
const FREE_SLACK = 0.5;

/** The machine as the pool reads it at each decision. */
export interface MachineReading {
  readonly cores: number;
  readonly machineBusy: number;
  readonly ownBusy: number;
}

/** Where a reader takes its figures from (the system's, or a test's). */
export interface MachineSources {
  now(): number;
  /** CPU milliseconds of this process, all its threads. */
  ownCpuMs(): number;
  /** CPU milliseconds of the whole machine since boot: busy, and all (idle included), over every CPU. */
  machineCpuMs(): { busy: number; all: number; cpus: number };
  cores(): number;
  /** The 1-minute load average, read until the reader has a few seconds of its own samples. */
  loadAverage(): number;
  /** Calls `f` every `ms`; returns the stop. */
  every(f: () => void, ms: number): () => void;
}

/** A sample a second: the busy cores are read over the last 1-3 seconds before a decision. */
const SAMPLE_MS = 1000;
const SAMPLES_KEPT = 3;

interface Sample {
  readonly at: number;
  readonly own: number;
  readonly busy: number;
  readonly all: number;
}

/**
 * Reads the machine: the cores busy over the last seconds (from the kernel's CPU times, every process)
 * and this process's own use over the same time. The load average would serve too but lags by a
 * minute, so a bench started just after another still counts the one that ended. Until it has a
 * second of samples (a process just started) it reads the load average, counting none of it as its own.
 */
export function machineReader(sources: MachineSources = systemSources): { read: () => MachineReading; stop: () => void } {
  const take = (): Sample => {
    const m = sources.machineCpuMs();
    return { at: sources.now(), own: sources.ownCpuMs(), busy: m.busy, all: m.all };
  };
  const kept: Sample[] = [take()];
  const stop = sources.every(() => {
    kept.push(take());
    if (kept.length > SAMPLES_KEPT) kept.shift();
  }, SAMPLE_MS);
  const read = (): MachineReading => {
    const cores = sources.cores();
    const now = take();
    const from = kept.find((k) => now.at - k.at >= SAMPLE_MS / 2);
    if (!from || now.all <= from.all) return { cores, machineBusy: sources.loadAverage(), ownBusy: 0 };
    const { cpus: n } = sources.machineCpuMs();
    return {
      cores,
      machineBusy: ((now.busy - from.busy) / (now.all - from.all)) * n,
      ownBusy: (now.own - from.own) / (now.at - from.at),
    };
  };
  return { read, stop };
}

const systemSources: MachineSources = {
  now: () => performance.now(),
  ownCpuMs() {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  machineCpuMs() {
    let busy = 0;
    let all = 0;
    const list = cpus();
    for (const { times } of list) {
      const b = times.user + times.nice + times.sys + times.irq;
      busy += b;
      all += b + times.idle;
    }
    return { busy, all, cpus: list.length };
  },
  cores: () => availableParallelism(),
  loadAverage: () => loadavg()[0] ?? 0,
  every(f, ms) {
    const timer = setInterval(f, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
