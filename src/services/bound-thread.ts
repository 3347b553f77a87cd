// The whole model's LP bound on a second thread, while the solve thread runs the allocation loop
// (solver/stages/legal-bound.ts). A solve blocks its thread, so the bound comes back through shared
// memory and a message port it reads synchronously (receiveMessageOnPort): the loop polls it and
// stops the moment its rota meets it; the whole model stage waits for it rather than solving the
// same LP again. The thread loads HiGHS and solves a small LP as soon as it starts, so the first
// bound does not pay for loading it.

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BoundFeed, ExactSolver, LegalBound, Problem } from '../../solver/model.ts';

export interface BoundRequest {
  readonly type: 'bound';
  readonly problem: Problem;
  readonly seconds: number;
  /** Where the bound goes, and one Int32 on shared memory set to 1 once it is there. */
  readonly port: MessagePort;
  readonly flag: Int32Array;
}

/** The flag's values: the bound is queued, has come, is no longer wanted (its solve ended first), or
 *  is being worked out (the thread is inside its LP). */
const PENDING = 0;
const ANSWERED = 1;
const ABANDONED = 2;
const WORKING = 3;

/** A small LP with a known optimum (x + y >= 2, x <= 1, minimise x + 2y: 3), solved once at start. */
const WARM_LP = 'Minimize\n obj: x + 2 y\nSubject To\n c1: x + y >= 2\nBounds\n 0 <= x <= 1\n y >= 0\nEnd\n';

/** Loads HiGHS and solves the small LP; returns the backend. Throws when HiGHS does not answer right. */
export async function warmHighs(): Promise<ExactSolver> {
  const exact = await (await import('../milp/highs-backend.ts')).createHighsBackend();
  const r = exact.solve(WARM_LP, { timeLimitSeconds: 10 });
  if (r.status !== 'optimal' || Math.abs(r.objective - 3) > 1e-6) throw new Error(`HiGHS warm-up: ${r.status} ${r.objective}`);
  return exact;
}

/** The bound thread's side: warm HiGHS at once, then answer each request in turn. */
export function serveBounds(port: { on(event: 'message', f: (r: BoundRequest) => void): void; postMessage(m: unknown): void }): void {
  const ready = warmHighs();
  const legal = import('../../solver/stages/legal-bound.ts');
  ready.then(
    () => port.postMessage({ type: 'warmed' }),
    (error: unknown) => port.postMessage({ type: 'warm-failed', message: String(error) }),
  );
  let chain = Promise.resolve();
  port.on('message', (request) => {
    chain = chain.then(async () => {
      // Its solve ended while an earlier bound was being worked out: nobody waits for this one. Once
      // WORKING, an abandon stops the whole thread (BoundThread.feedFor): an LP cannot be interrupted.
      if (Atomics.compareExchange(request.flag, 0, PENDING, WORKING) !== PENDING) {
        request.port.close();
        return;
      }
      let answer: LegalBound;
      try {
        answer = (await legal).legalSoftBound(request.problem, await ready, request.seconds);
      } catch (error) {
        answer = { notes: [`the bound alongside failed: ${error instanceof Error ? error.message : String(error)}`] };
      }
      request.port.postMessage(answer);
      request.port.close();
      Atomics.store(request.flag, 0, ANSWERED);
      Atomics.notify(request.flag, 0);
    });
  });
}

/** The solve thread's side: one bound thread, started on first use, one request per solve. */
export class BoundThread {
  private worker?: Worker;

  constructor(private readonly url: URL) {}

  /**
   * Asks for the bound of `problem` (its LP within `seconds`): the feed the solve reads it from, and
   * `abandon`, called when the solve is over, so a request still queued is skipped and one whose LP
   * is under way is stopped with its thread: HiGHS blocks its thread until the LP ends (up to
   * `seconds`), and nothing wants the answer, so the thread would otherwise burn a core after the
   * solve returned (a stopped solve, or one whose loop ended with hard breaches and never waited).
   * The next request starts a new thread, which loads HiGHS again (a second or less, beside the loop).
   */
  feedFor(problem: Problem, seconds: number): { feed: BoundFeed; abandon: () => Promise<number> | undefined } {
    const worker = (this.worker ??= this.start());
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const request: BoundRequest = { type: 'bound', problem, seconds, port: port2, flag };
    worker.postMessage(request, [port2]);
    let got: LegalBound | undefined;
    const poll = (): LegalBound | undefined => {
      if (got || Atomics.load(flag, 0) !== ANSWERED) return got;
      got = receiveMessageOnPort(port1)?.message as LegalBound | undefined;
      if (got) port1.close();
      return got;
    };
    const feed: BoundFeed = {
      poll,
      wait(ms) {
        // Until the answer (which notifies) or the time is up, whether the LP has started or not.
        const until = performance.now() + Math.max(0, ms);
        for (let now = performance.now(); now < until; now = performance.now()) {
          const state = Atomics.load(flag, 0);
          if (state !== PENDING && state !== WORKING) break;
          Atomics.wait(flag, 0, state, until - now);
        }
        return poll();
      },
    };
    // Returns the thread's stop when it stopped one (the solve does not wait for it).
    const abandon = (): Promise<number> | undefined => {
      const was = Atomics.compareExchange(flag, 0, PENDING, ABANDONED);
      if (was === ANSWERED) poll();
      port1.close();
      if (was !== WORKING || this.worker !== worker) return undefined;
      this.worker = undefined;
      return worker.terminate();
    };
    return { feed, abandon };
  }

  private start(): Worker {
    const w = new Worker(this.url, { workerData: { role: 'bound' } });
    // A bound thread that dies leaves its feeds pending: the solve goes on as it would without one.
    w.on('error', () => {
      if (this.worker === w) this.worker = undefined;
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    w.unref();
    return w;
  }

  close(): Promise<number> | undefined {
    return this.worker?.terminate();
  }
}
