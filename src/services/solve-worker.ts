// Runs solves off the main thread, so the API keeps answering while the search uses a core.
// The thread stays up between solves (loading the solver takes a moment), one job at a time.
// Protocol: receives { type: 'solve', jobId, problem, options, stop? }; posts { type: 'progress', jobId }
// messages, then one { type: 'done', jobId, result } or { type: 'error', jobId, message }.
// Also compiles weeks ({ type: 'compile', jobId, file, weekStart } -> { type: 'compiled', jobId, compiled }),
// since compiling a large organisation would hold the API's thread for most of a second.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { ExactSolver, Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';
import type { WorkerRequest, WorkerMessage } from './solve-runner.ts';
import { stoppableClock } from './stop-clock.ts';

const PROGRESS_INTERVAL_MS = 200;

type SolveFn = (p: Problem, o: SolveOptions) => SolveResult | Promise<SolveResult>;
let solveFn: SolveFn | undefined;
// HiGHS (WebAssembly) loads once per thread and then blocks while it solves: here, off the API's thread.
let exact: ExactSolver | undefined;

type CompileFn = typeof import('../service-file/compile.ts').compileProblem;
let compileFn: CompileFn | undefined;

async function run(port: NonNullable<typeof parentPort>, request: WorkerRequest): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  if (request.type === 'compile') {
    try {
      compileFn ??= (await import('../service-file/compile.ts')).compileProblem;
      post({ type: 'compiled', jobId: request.jobId, compiled: compileFn(request.file, { weekStart: request.weekStart }) });
    } catch (error) {
      post({ type: 'error', jobId: request.jobId, message: error instanceof Error ? error.message : String(error), errorClass: error instanceof Error ? error.constructor.name : undefined });
    }
    return;
  }
  const { jobId, problem, options } = request;
  try {
    solveFn ??= ((await import('../../solver/index.ts')) as { solve: SolveFn }).solve;
    const { exactStages, ...solveOptions } = options;
    if (exactStages !== false) exact ??= await (await import('../milp/highs-backend.ts')).createHighsBackend();
    let lastPost = -Infinity;
    const onProgress = (progress: SolveProgress) => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      post({ type: 'progress', jobId, progress });
    };
    // A stop raised from the main thread ends the time budget at once (stop-clock.ts); a MILP call
    // already running keeps its own time limit, which the stages keep within their shares.
    const clock = stoppableClock(() => performance.now(), request.stop, solveOptions.timeLimitMs);
    const result = await solveFn(problem, { ...solveOptions, exact: exactStages === false ? undefined : exact, clock, onProgress });
    post({ type: 'done', jobId, result });
  } catch (error) {
    post({ type: 'error', jobId, message: error instanceof Error ? error.message : String(error) });
  }
}

const port = parentPort;
if (!port) throw new Error('solve-worker must run in a worker thread');
// One solve at a time: a solve blocks this thread, so messages queue up behind it anyway.
let chain = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  chain = chain.then(() => run(port, request));
});
