// Runs one solve off the main thread, so the API keeps answering while the search uses a core.
// Protocol: workerData = { problem, options }; posts { type: 'progress' } messages, then one
// { type: 'done', result } or { type: 'error', message }.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';
import type { WorkerMessage, WorkerSolveOptions } from './solve-runner.ts';

const PROGRESS_INTERVAL_MS = 200;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('solve-worker must run in a worker thread');
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    const { problem, options } = workerData as { problem: Problem; options: WorkerSolveOptions };
    const { solve } = (await import('../../solver/index.ts')) as {
      solve: (p: Problem, o: SolveOptions) => SolveResult | Promise<SolveResult>;
    };
    let lastPost = -Infinity;
    const onProgress = (progress: SolveProgress) => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      post({ type: 'progress', progress });
    };
    const result = await solve(problem, { ...options, clock: () => performance.now(), onProgress });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

await main();
