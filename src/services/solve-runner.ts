// Runs solves in a worker thread and reports progress back. One long-lived thread runs the solves
// one after another; it is started on the first solve and replaced if it dies.
import { Worker } from 'node:worker_threads';
import type { Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { ServiceFile } from '../service-file/types.ts';

/**
 * SolveOptions that can cross a thread boundary (no functions). The worker brings its own exact
 * solver, used unless exactStages is false.
 */
export type WorkerSolveOptions = Omit<SolveOptions, 'clock' | 'onProgress' | 'exact'> & { readonly exactStages?: boolean };

export type WorkerRequest =
  | { type: 'solve'; jobId: number; problem: Problem; options: WorkerSolveOptions }
  | { type: 'compile'; jobId: number; file: ServiceFile; weekStart: string };

export type WorkerMessage =
  | { type: 'progress'; jobId: number; progress: SolveProgress }
  | { type: 'done'; jobId: number; result: SolveResult }
  | { type: 'compiled'; jobId: number; compiled: CompiledProblem }
  | { type: 'error'; jobId: number; message: string };

export interface SolveRunner {
  run(problem: Problem, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void): Promise<SolveResult>;
  /** Compiles a week off the main thread (a large organisation takes most of a second). Optional. */
  compile?(file: ServiceFile, weekStart: string): Promise<CompiledProblem>;
  /** Stops the thread; running and queued jobs reject. */
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const BOOTSTRAP = new URL('./solve-worker-bootstrap.mjs', import.meta.url);

interface Job {
  resolve: (r: never) => void;
  reject: (e: Error) => void;
  onProgress?: (p: SolveProgress) => void;
}

export function workerThreadRunner(): SolveRunner {
  let worker: Worker | undefined;
  let nextJobId = 1;
  const jobs = new Map<number, Job>();

  const failAll = (error: Error) => {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
  };

  const spawn = (): Worker => {
    const w = new Worker(BOOTSTRAP);
    w.on('message', (message: WorkerMessage) => {
      const job = jobs.get(message.jobId);
      if (!job) return;
      if (message.type === 'progress') {
        job.onProgress?.(message.progress);
        return;
      }
      jobs.delete(message.jobId);
      if (jobs.size === 0) w.unref(); // an idle thread must not keep the process alive
      if (message.type === 'done') job.resolve(message.result as never);
      else if (message.type === 'compiled') job.resolve(message.compiled as never);
      else job.reject(new Error(message.message));
    });
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      failAll(error);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`solve worker stopped (exit code ${code})`));
    });
    return w;
  };

  const submit = <T>(request: DistributiveOmit<WorkerRequest, 'jobId'>, onProgress?: (p: SolveProgress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker ??= spawn();
      worker.ref();
      const jobId = nextJobId++;
      jobs.set(jobId, { resolve: resolve as (r: never) => void, reject, onProgress });
      worker.postMessage({ ...request, jobId });
    });

  return {
    run(problem, options, onProgress) {
      return submit<SolveResult>({ type: 'solve', problem, options }, onProgress);
    },
    compile(file, weekStart) {
      return submit<CompiledProblem>({ type: 'compile', file, weekStart });
    },
    async close() {
      const w = worker;
      worker = undefined;
      failAll(new Error('solve runner closed'));
      if (w) await w.terminate();
    },
  };
}
