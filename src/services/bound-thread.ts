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

/** The flag's values: the bound is pending, has come, or is no longer wanted (its solve ended first). */
const PENDING = 0;
const ANSWERED = 1;
const ABANDONED = 2;

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
      // Its solve ended while an earlier bound was being worked out: nobody waits for this one.
      if (Atomics.load(request.flag, 0) === ABANDONED) {
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
   * `abandon`, called when the solve is over, so a request still queued is skipped.
   */
  feedFor(problem: Problem, seconds: number): { feed: BoundFeed; abandon: () => void } {
    this.worker ??= this.start();
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const request: BoundRequest = { type: 'bound', problem, seconds, port: port2, flag };
    this.worker.postMessage(request, [port2]);
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
        if (Atomics.load(flag, 0) === PENDING) Atomics.wait(flag, 0, PENDING, Math.max(0, ms));
        return poll();
      },
    };
    const abandon = (): void => {
      if (Atomics.compareExchange(flag, 0, PENDING, ABANDONED) !== PENDING) poll();
      port1.close();
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
