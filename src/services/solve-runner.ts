// Runs solves (and week compiles) in a small pool of worker threads and reports progress back.
// Each job gets a thread of its own for as long as it runs; jobs beyond the pool's size wait in
// order. A job past its time limit has its thread terminated (a solve blocks its thread, so it
// cannot be asked to stop) and fails with a SolveLimitError; a thread that dies is replaced.
import { Worker } from 'node:worker_threads';
import { boundAlongside, machineReader, type AlongsideDecision, type MachineReading } from './bound-alongside.ts';
import type { Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { ServiceFile } from '../service-file/types.ts';

/**
 * SolveOptions that can cross a thread boundary (no functions). The worker brings its own exact
 * solver, used unless exactStages is false.
 */
export type WorkerSolveOptions = Omit<SolveOptions, 'clock' | 'onProgress' | 'exact'> & { readonly exactStages?: boolean };

export type WorkerRequest =
  | {
      type: 'solve';
      jobId: number;
      problem: Problem;
      options: WorkerSolveOptions;
      /** One Int32 on shared memory: 1 once a stop is asked for (a busy thread cannot read messages). */
      stop?: Int32Array;
      /** Work out the whole model's LP bound on a second thread beside the loop (bound-alongside.ts decides). */
      boundAlongside?: boolean;
    }
  | { type: 'compile'; jobId: number; file: ServiceFile; weekStart: string };

export type WorkerMessage =
  | { type: 'progress'; jobId: number; progress: SolveProgress }
  | { type: 'done'; jobId: number; result: SolveResult }
  | { type: 'compiled'; jobId: number; compiled: CompiledProblem }
  | { type: 'error'; jobId: number; message: string; errorClass?: string }
  /** Sent once at start, no job: HiGHS is loaded and has solved a small LP. */
  | { type: 'warmed'; jobId?: undefined };

export interface JobLimits {
  /** Wall-clock milliseconds from the job's start on a thread (waiting for a thread does not count). */
  readonly limitMs?: number;
  /**
   * Aborting it stops a solve early: its time budget ends at once and it returns the best rota found
   * so far, explained (see solve-worker.ts). A solve with a move budget only runs to that budget.
   */
  readonly signal?: AbortSignal;
}

export interface SolveRunner {
  run(problem: Problem, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void, limits?: JobLimits): Promise<SolveResult>;
  /** Compiles a week off the main thread (a large organisation takes most of a second). Optional. */
  compile?(file: ServiceFile, weekStart: string, limits?: JobLimits): Promise<CompiledProblem>;
  /** Stops every thread; running and waiting jobs reject. */
  close(): Promise<void>;
}

/** A job ran past its limit and its thread was stopped. */
export class SolveLimitError extends Error {}

/** The job itself failed in the thread (e.g. the week cannot be compiled). */
export class WorkerJobError extends Error {
  constructor(
    message: string,
    /** The class of the error thrown in the thread (e.g. "RecurrenceTimeLimitError"), when known. */
    readonly errorClass?: string,
  ) {
    super(message);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// Compiled JavaScript (dist/) loads the worker directly; the TypeScript sources (tests, tsx) go
// through a bootstrap that registers tsx's loader in the new thread first.
const WORKER_URL = import.meta.url.endsWith('.js')
  ? new URL('./solve-worker.js', import.meta.url)
  : new URL('./solve-worker-bootstrap.mjs', import.meta.url);

/**
 * Threads for solves: ROTA_SOLVE_THREADS, else 2 — enough that one slow or stuck service never holds
 * up the others, few enough for a two-core machine that also serves the API.
 */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.ROTA_SOLVE_THREADS);
  return Number.isInteger(asked) && asked >= 1 && asked <= 64 ? asked : 2;
}

interface Job {
  readonly request: DistributiveOmit<WorkerRequest, 'jobId'>;
  readonly jobId: number;
  readonly limitMs?: number;
  readonly resolve: (r: never) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress?: (p: SolveProgress) => void;
}

interface Running {
  readonly job: Job;
  readonly timer?: NodeJS.Timeout;
  /** Threads the job keeps busy: two for a solve with its bound alongside. */
  readonly threads: number;
}

export interface PoolOptions {
  /** Threads at most (default defaultPoolSize()). */
  readonly size?: number;
  /** The thread's entry module (tests use a stand-in). */
  readonly workerUrl?: URL;
  /** Reads the cores and the load when a solve starts, for boundAlongside (default: this machine's). */
  readonly machine?: () => MachineReading;
  /** Told each decision as a solve is handed out (the bench prints it). */
  readonly onAlongside?: (decision: AlongsideDecision) => void;
}

export function workerPoolRunner(options: PoolOptions = {}): SolveRunner {
  const size = Math.max(1, options.size ?? defaultPoolSize());
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const reader = options.machine ? undefined : machineReader();
  const machine = options.machine ?? reader!.read;
  const idle: Worker[] = [];
  const running = new Map<Worker, Running>();
  const waiting: Job[] = [];
  let nextJobId = 1;
  let closed = false;

  const retire = (w: Worker) => {
    const at = idle.indexOf(w);
    if (at >= 0) idle.splice(at, 1);
    running.delete(w);
  };

  const finish = (w: Worker, settle: (job: Job) => void) => {
    const r = running.get(w);
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    running.delete(w);
    idle.push(w);
    w.unref(); // an idle thread must not keep the process alive
    settle(r.job);
    dispatch();
  };

  const spawn = (): Worker => {
    const w = new Worker(workerUrl);
    w.on('message', (message: WorkerMessage) => {
      const r = running.get(w);
      if (!r || message.type === 'warmed' || r.job.jobId !== message.jobId) return;
      if (message.type === 'progress') {
        r.job.onProgress?.(message.progress);
        return;
      }
      finish(w, (job) => {
        if (message.type === 'done') job.resolve(message.result as never);
        else if (message.type === 'compiled') job.resolve(message.compiled as never);
        else job.reject(new WorkerJobError(message.message, message.errorClass));
      });
    });
    const died = (error: Error) => {
      const r = running.get(w);
      if (r?.timer) clearTimeout(r.timer);
      retire(w);
      r?.job.reject(error);
      dispatch();
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`solve worker stopped (exit code ${code})`)));
    return w;
  };

  /** Whether the solve being handed out gets its bound on a second thread, as things stand now. */
  const alongsideNow = (): boolean => {
    let busyThreads = 0;
    for (const r of running.values()) busyThreads += r.threads;
    const decision = boundAlongside({ forced: process.env.ROTA_BOUND_ALONGSIDE, busyThreads, ...machine() });
    options.onAlongside?.(decision);
    return decision.on;
  };

  const dispatch = () => {
    while (!closed && waiting.length > 0 && (idle.length > 0 || running.size + idle.length < size)) {
      const job = waiting.shift()!;
      const w = idle.pop() ?? spawn();
      w.ref();
      const timer =
        job.limitMs === undefined
          ? undefined
          : setTimeout(() => {
              const r = running.get(w);
              if (!r || r.job !== job) return;
              retire(w);
              const what = job.request.type === 'solve' ? 'the solve' : 'compiling the week';
              job.reject(new SolveLimitError(`${what} ran past its limit of ${formatSeconds(job.limitMs!)} and was stopped`));
              void w.terminate();
              dispatch();
            }, job.limitMs);
      const request = job.request.type === 'solve' ? { ...job.request, boundAlongside: alongsideNow() } : job.request;
      running.set(w, { job, timer, threads: request.type === 'solve' && request.boundAlongside ? 2 : 1 });
      w.postMessage({ ...request, jobId: job.jobId });
    }
  };

  const submit = <T>(request: DistributiveOmit<WorkerRequest, 'jobId'>, onProgress?: (p: SolveProgress) => void, limits?: JobLimits): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(new Error('solve runner closed'));
        return;
      }
      const release = stopOnAbort(request, limits?.signal);
      const settle = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
        release();
        f(...a);
      };
      waiting.push({
        request,
        jobId: nextJobId++,
        limitMs: limits?.limitMs,
        resolve: settle(resolve as (r: never) => void),
        reject: settle(reject),
        onProgress,
      });
      dispatch();
    });

  return {
    run(problem, solveOptions, onProgress, limits) {
      const stop = limits?.signal ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      return submit<SolveResult>({ type: 'solve', problem, options: solveOptions, ...(stop ? { stop } : {}) }, onProgress, limits);
    },
    compile(file, weekStart, limits) {
      return submit<CompiledProblem>({ type: 'compile', file, weekStart }, undefined, limits);
    },
    async close() {
      closed = true;
      reader?.stop();
      const error = new Error('solve runner closed');
      for (const job of waiting.splice(0)) job.reject(error);
      const threads = [...idle, ...running.keys()];
      for (const r of running.values()) {
        if (r.timer) clearTimeout(r.timer);
        r.job.reject(error);
      }
      running.clear();
      idle.length = 0;
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}

/**
 * Raises the solve's shared stop flag when the signal aborts (at once if it already has: a job still
 * waiting for a thread then runs its construction only). Returns the unsubscribe.
 */
function stopOnAbort(request: DistributiveOmit<WorkerRequest, 'jobId'>, signal: AbortSignal | undefined): () => void {
  const flag = request.type === 'solve' ? request.stop : undefined;
  if (!signal || !flag) return () => {};
  const raise = () => Atomics.store(flag, 0, 1);
  if (signal.aborted) {
    raise();
    return () => {};
  }
  signal.addEventListener('abort', raise, { once: true });
  return () => signal.removeEventListener('abort', raise);
}

/** The default runner: a pool of worker threads. */
export const workerThreadRunner = workerPoolRunner;

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
