// Runs solves (and week compiles) in a small pool of worker threads and reports progress back.
// Each job gets a thread of its own for as long as it runs; jobs beyond the pool's size wait in
// order. A job past its time limit has its thread terminated (a solve blocks its thread, so it
// cannot be asked to stop) and fails with a SolveLimitError; a thread that dies is replaced.
import { pathToFileURL } from 'node:url';
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
// through a bootstrap that registers tsx's loader in the new thread first, unless ROTA_SOLVE_WORKER
// names a JavaScript build of the worker: the tests bundle it once per run (test/support/
// global-setup.ts), since every new thread otherwise spends about a second on tsx and the sources.
const WORKER_URL = solveWorkerUrl();

function solveWorkerUrl(env: NodeJS.ProcessEnv = process.env): URL {
  const asked = env.ROTA_SOLVE_WORKER?.trim();
  if (asked) return pathToFileURL(asked);
  return import.meta.url.endsWith('.js') ? new URL('./solve-worker.js', import.meta.url) : new URL('./solve-worker-bootstrap.mjs', import.meta.url);
}

/**
 * Threads for solves: ROTA_SOLVE_THREADS, else 2 — enough that one slow or stuck service never holds
 * up the others, few enough for a two-core machine that also serves the API.
 */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.ROTA_SOLVE_THREADS);
  return Number.isInteger(asked) && asked >= 1 && asked <= 64 ? asked : 2;
}

type JobRequest = DistributiveOmit<WorkerRequest, 'jobId'>;

interface Job {
  readonly request: JobRequest;
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
  const pool = new ThreadPool(options);
  return {
    run(problem, solveOptions, onProgress, limits) {
      const stop = limits?.signal ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      return pool.submit<SolveResult>({ type: 'solve', problem, options: solveOptions, ...(stop ? { stop } : {}) }, onProgress, limits);
    },
    compile(file, weekStart, limits) {
      return pool.submit<CompiledProblem>({ type: 'compile', file, weekStart }, undefined, limits);
    },
    close: () => pool.close(),
  };
}

/**
 * The pool's state: idle threads, the thread each running job holds, and the jobs waiting in order.
 * Every change of state ends in dispatch(), which hands waiting jobs to free threads.
 */
class ThreadPool {
  private readonly size: number;
  private readonly workerUrl: URL;
  private readonly reader: ReturnType<typeof machineReader> | undefined;
  private readonly machine: () => MachineReading;
  private readonly onAlongside: ((decision: AlongsideDecision) => void) | undefined;
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Running>();
  private readonly waiting: Job[] = [];
  private nextJobId = 1;
  private closed = false;

  constructor(options: PoolOptions) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.workerUrl = options.workerUrl ?? WORKER_URL;
    this.reader = options.machine ? undefined : machineReader();
    this.machine = options.machine ?? this.reader!.read;
    this.onAlongside = options.onAlongside;
  }

  /** Queues a job; it settles with the thread's answer, its limit's error, or the pool's closing. */
  submit<T>(request: JobRequest, onProgress?: (p: SolveProgress) => void, limits?: JobLimits): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new Error('solve runner closed'));
        return;
      }
      const release = stopOnAbort(request, limits?.signal);
      const settle = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
        release();
        f(...a);
      };
      this.waiting.push({
        request,
        jobId: this.nextJobId++,
        limitMs: limits?.limitMs,
        resolve: settle(resolve as (r: never) => void),
        reject: settle(reject),
        onProgress,
      });
      this.dispatch();
    });
  }

  /** Stops every thread; running and waiting jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    this.reader?.stop();
    const error = new Error('solve runner closed');
    for (const job of this.waiting.splice(0)) job.reject(error);
    const threads = [...this.idle, ...this.running.keys()];
    for (const r of this.running.values()) {
      if (r.timer) clearTimeout(r.timer);
      r.job.reject(error);
    }
    this.running.clear();
    this.idle.length = 0;
    await Promise.all(threads.map((w) => w.terminate()));
  }

  /** Hands waiting jobs out while there is an idle thread or room for a new one. */
  private dispatch(): void {
    while (!this.closed && this.waiting.length > 0 && (this.idle.length > 0 || this.running.size + this.idle.length < this.size)) {
      this.start(this.waiting.shift()!, this.idle.pop() ?? this.spawn());
    }
  }

  private start(job: Job, w: Worker): void {
    w.ref();
    const timer = job.limitMs === undefined ? undefined : setTimeout(() => this.overLimit(w, job), job.limitMs);
    const request = job.request.type === 'solve' ? { ...job.request, boundAlongside: this.alongsideNow() } : job.request;
    this.running.set(w, { job, timer, threads: request.type === 'solve' && request.boundAlongside ? 2 : 1 });
    w.postMessage({ ...request, jobId: job.jobId });
  }

  /** The job's limit passed: its thread is stopped (a solve blocks it, so it cannot be asked). */
  private overLimit(w: Worker, job: Job): void {
    const r = this.running.get(w);
    if (!r || r.job !== job) return;
    this.retire(w);
    const what = job.request.type === 'solve' ? 'the solve' : 'compiling the week';
    job.reject(new SolveLimitError(`${what} ran past its limit of ${formatSeconds(job.limitMs!)} and was stopped`));
    void w.terminate();
    this.dispatch();
  }

  /** Whether the solve being handed out gets its bound on a second thread, as things stand now. */
  private alongsideNow(): boolean {
    let busyThreads = 0;
    for (const r of this.running.values()) busyThreads += r.threads;
    const decision = boundAlongside({ forced: process.env.ROTA_BOUND_ALONGSIDE, busyThreads, ...this.machine() });
    this.onAlongside?.(decision);
    return decision.on;
  }

  private spawn(): Worker {
    const w = new Worker(this.workerUrl);
    w.on('message', (message: WorkerMessage) => this.onMessage(w, message));
    const died = (error: Error) => this.died(w, error);
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`solve worker stopped (exit code ${code})`)));
    return w;
  }

  private onMessage(w: Worker, message: WorkerMessage): void {
    const r = this.running.get(w);
    if (!r || message.type === 'warmed' || r.job.jobId !== message.jobId) return;
    if (message.type === 'progress') {
      r.job.onProgress?.(message.progress);
      return;
    }
    this.finish(w, (job) => {
      if (message.type === 'done') job.resolve(message.result as never);
      else if (message.type === 'compiled') job.resolve(message.compiled as never);
      else job.reject(new WorkerJobError(message.message, message.errorClass));
    });
  }

  /** The thread died (an error, or it exited): its job fails and the thread is not reused. */
  private died(w: Worker, error: Error): void {
    const r = this.running.get(w);
    if (r?.timer) clearTimeout(r.timer);
    this.retire(w);
    r?.job.reject(error);
    this.dispatch();
  }

  /** The job answered: its thread goes back to the idle ones. */
  private finish(w: Worker, settle: (job: Job) => void): void {
    const r = this.running.get(w);
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    this.running.delete(w);
    this.idle.push(w);
    w.unref(); // an idle thread must not keep the process alive
    settle(r.job);
    this.dispatch();
  }

  private retire(w: Worker): void {
    const at = this.idle.indexOf(w);
    if (at >= 0) this.idle.splice(at, 1);
    this.running.delete(w);
  }
}

/**
 * Raises the solve's shared stop flag when the signal aborts (at once if it already has: a job still
 * waiting for a thread then runs its construction only). Returns the unsubscribe.
 */
function stopOnAbort(request: JobRequest, signal: AbortSignal | undefined): () => void {
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
