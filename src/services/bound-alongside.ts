// Whether a solve works out the whole model's LP bound on a second thread while its allocation loop
// runs (bound-thread.ts). With a core free the two run side by side and the loop stops the moment its
// rota meets the bound, instead of running on to its stall with the LP after it (on the 300-staff
// week through the API, about 1.5 s against 3.6 s end to end). With no core free the second thread
// only takes the loop's CPU (on a loaded two-core machine the loop made about 8 times fewer moves):
// then the solve keeps the order it has without it. See bench/results/engine.md.
//
// The pool that runs the solves decides, when it hands a solve to a thread, from what it knows: the
// cores, the threads its own solves keep busy, and the load average as a sign of other processes.

import { availableParallelism, loadavg } from 'node:os';

/** What the decision reads. */
export interface AlongsideFacts {
  /** ROTA_BOUND_ALONGSIDE as set: "1" forces the second thread on, "0" off; else the machine decides. */
  readonly forced: string | undefined;
  /** Cores this process may run on (os.availableParallelism()). */
  readonly cores: number;
  /** Threads this process's solves keep busy already: one per solve, two for a solve with its bound alongside. */
  readonly busyThreads: number;
  /** The machine's load average over the last minute (os.loadavg()[0]): runnable threads, ours included. */
  readonly loadAverage: number;
  /** This process's own part of that load: its CPU use averaged as the kernel averages the load. */
  readonly ownLoad: number;
}

export interface AlongsideDecision {
  readonly on: boolean;
  /** Why, in words, for the logs and the bench. */
  readonly why: string;
}

/**
 * The second thread is on when, beside the threads already busy, a core is free for the loop and
 * another for the LP. Other processes count by the load average less this process's own part (a
 * lagging sign: it rises a few seconds after they start), and a core counts as free while less than
 * half of it is in use, so a quiet machine's background does not turn it off.
 */
export function boundAlongside(facts: AlongsideFacts): AlongsideDecision {
  if (facts.forced === '1') return { on: true, why: 'forced on (ROTA_BOUND_ALONGSIDE=1)' };
  if (facts.forced === '0') return { on: false, why: 'forced off (ROTA_BOUND_ALONGSIDE=0)' };
  const others = Math.max(0, facts.loadAverage - facts.ownLoad);
  const free = facts.cores - facts.busyThreads - others;
  const said = `${facts.cores} cores, ${facts.busyThreads} busy with solves here, load ${facts.loadAverage.toFixed(1)} of which ${facts.ownLoad.toFixed(1)} this process`;
  return free >= 2 - FREE_SLACK ? { on: true, why: `two cores free (${said})` } : { on: false, why: `no core free beside the loop (${said})` };
}

/** How much of a core may be in use while it still counts as free. */
const FREE_SLACK = 0.5;

/** The load average's time constant (Linux: one minute), for this process's own part of it. */
const LOAD_WINDOW_MS = 60_000;

/** The machine as the pool reads it at each decision: cores, load, and this process's own part of the load. */
export interface MachineReading {
  readonly cores: number;
  readonly loadAverage: number;
  readonly ownLoad: number;
}

/**
 * Reads the machine, keeping this process's CPU use (all its threads) averaged over the same one-minute
 * window as the load average, so a process whose own last solves make up the load does not count them
 * as other processes.
 */
export function machineReader(now: () => number = () => performance.now(), cpuMs: () => number = ownCpuMs): () => MachineReading {
  let at = now();
  let cpu = cpuMs();
  // Before the first reading, the process's CPU since it started, spread evenly over its life.
  const lifeMs = Math.max(1, process.uptime() * 1000);
  let own = (cpu / lifeMs) * (1 - Math.exp(-lifeMs / LOAD_WINDOW_MS));
  return () => {
    const t = now();
    const c = cpuMs();
    const dt = t - at;
    if (dt > 0) {
      const keep = Math.exp(-dt / LOAD_WINDOW_MS);
      own = own * keep + ((c - cpu) / dt) * (1 - keep);
      at = t;
      cpu = c;
    }
    return { cores: availableParallelism(), loadAverage: loadavg()[0] ?? 0, ownLoad: own };
  };
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
