// Runs solves off the main thread, so the API keeps answering while the search uses a core.
// The thread stays up between solves (loading the solver takes a moment), one job at a time.
// Protocol: receives { type: 'solve', jobId, problem, options, stop? }; posts { type: 'progress', jobId }
// messages, then one { type: 'done', jobId, result } or { type: 'error', jobId, message }.
// Also compiles weeks ({ type: 'compile', jobId, file, weekStart } -> { type: 'compiled', jobId, compiled }),
// since compiling a large organisation would hold the API's thread for most of a second.
// At start it loads HiGHS and solves a small LP ({ type: 'warmed' } once done), so the first solve
// does not pay for it. With a time limit, when the pool asks for it (boundAlongside: a core is free,
// or ROTA_BOUND_ALONGSIDE=1, see bound-alongside.ts), the whole model's LP bound is worked out on a
// second thread (bound-thread.ts, this same module started with workerData.role 'bound') while the loop runs.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ExactSolver, Problem, SolveOptions, SolveProgress, SolveResult } from '../../solver/model.ts';
import { legalBoundApplies } from '../../solver/stages/legal-bound.ts';
import { defaultStageSettings } from '../../solver/stages/settings.ts';
import { BoundThread, serveBounds, warmHighs } from './bound-thread.ts';
import type { WorkerRequest, WorkerMessage } from './solve-runner.ts';
import { stoppableClock } from './stop-clock.ts';

const PROGRESS_INTERVAL_MS = 200;

type SolveFn = (p: Problem, o: SolveOptions) => SolveResult | Promise<SolveResult>;
let solveFn: SolveFn | undefined;
// HiGHS (WebAssembly) loads once per thread and then blocks while it solves: here, off the API's thread.
let exact: Promise<ExactSolver> | undefined;
// This module again, as the bound thread (compiled: itself; TypeScript sources: through the bootstrap).
const bounds = new BoundThread(new URL(import.meta.url.endsWith('.js') ? './solve-worker.js' : './solve-worker-bootstrap.mjs', import.meta.url));

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
    const solver = exactStages === false ? undefined : await (exact ??= warmHighs());
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
    // The LP gets the whole model stage's share of the budget, as it would in that stage.
    // The LP on a second thread when the pool found a core free for it (bound-alongside.ts); otherwise
    // the whole model stage works the same LP out after the loop.
    const alongside = solver !== undefined && solveOptions.timeLimitMs !== undefined && request.boundAlongside === true && legalBoundApplies(problem);
    const asked = alongside ? bounds.feedFor(problem, (solveOptions.timeLimitMs! / 1000) * defaultStageSettings.wholeModelShare) : undefined;
    let result: SolveResult;
    try {
      result = await solveFn(problem, { ...solveOptions, exact: solver, clock, onProgress, ...(asked ? { boundFeed: asked.feed } : {}) });
    } finally {
      void asked?.abandon();
    }
    post({ type: 'done', jobId, result });
  } catch (error) {
    post({ type: 'error', jobId, message: error instanceof Error ? error.message : String(error) });
  }
}

const port = parentPort;
if (!port) throw new Error('solve-worker must run in a worker thread');
if ((workerData as { role?: string } | null)?.role === 'bound') {
  serveBounds(port);
} else {
  // Warm HiGHS now, while the thread waits for its first job.
  exact = warmHighs();
  exact.then(
    () => port.postMessage({ type: 'warmed' } satisfies WorkerMessage),
    () => {
      exact = undefined; // tried again, and reported, by the first solve that needs it
    },
  );
  // One solve at a time: a solve blocks this thread, so messages queue up behind it anyway.
  let chain = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    chain = chain.then(() => run(port, request));
  });
}
