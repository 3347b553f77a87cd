// Runs solves in worker threads (one thread per solve) and reports progress back.
import { Worker } from 'node:worker_threads';
import type { Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';

/** SolveOptions that can cross a thread boundary (no functions). */
export type WorkerSolveOptions = Omit<SolveOptions, 'clock' | 'onProgress'>;

export type WorkerMessage =
  | { type: 'progress'; progress: SolveProgress }
  | { type: 'done'; result: SolveResult }
  | { type: 'error'; message: string };

export interface SolveRunner {
  run(problem: Problem, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void): Promise<SolveResult>;
  /** Stops every running solve (their promises reject). */
  close(): Promise<void>;
}

const BOOTSTRAP = new URL('./solve-worker-bootstrap.mjs', import.meta.url);

export function workerThreadRunner(): SolveRunner {
  const running = new Set<Worker>();
  return {
    run(problem, options, onProgress) {
      return new Promise<SolveResult>((resolve, reject) => {
        const worker = new Worker(BOOTSTRAP, { workerData: { problem, options } });
        running.add(worker);
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          running.delete(worker);
          fn();
          void worker.terminate();
        };
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'progress') onProgress?.(message.progress);
          else if (message.type === 'done') finish(() => resolve(message.result));
          else finish(() => reject(new Error(message.message)));
        });
        worker.on('error', (error) => finish(() => reject(error)));
        worker.on('exit', (code) => finish(() => reject(new Error(`solve worker stopped (exit code ${code})`))));
      });
    },
    async close() {
      await Promise.all([...running].map((w) => w.terminate()));
      running.clear();
    },
  };
}
