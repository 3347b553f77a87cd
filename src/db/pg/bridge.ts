// One helper thread per process holds the PostgreSQL connections (the `pg` driver, asynchronous);
// the main thread posts a statement and waits on a shared flag until the answer is back, so a
// statement runs to completion before the caller's next line, as with better-sqlite3.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface PgErrorInfo {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
  readonly constraint?: string;
  readonly table?: string;
}

export type BridgeRequest =
  | { op: 'connect'; conn: number; url: string; applicationName: string }
  | { op: 'query'; conn: number; text: string; values: unknown[]; array: boolean }
  | { op: 'end'; conn: number };

export type BridgeReply = { seq: number } & ({ ok: true; rows: unknown[]; rowCount: number } | { ok: false; error: PgErrorInfo });

/** A PostgreSQL error as the caller sees it: SQLSTATE in `code` (23505 unique violation, ...). */
export class PgError extends Error {
  readonly code?: string;
  readonly detail?: string;
  readonly constraint?: string;
  constructor(info: PgErrorInfo) {
    super(info.message);
    this.name = 'PgError';
    this.code = info.code;
    this.detail = info.detail;
    this.constraint = info.constraint;
  }
}

// Plain JavaScript evaluated in the thread (no TypeScript loader needed, in tests or in dist/).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
// Numbers as SQLite gives them: bigint and numeric as JavaScript numbers, booleans as 1/0.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
const flag = new Int32Array(workerData.shared);
const port = workerData.port;
const conns = new Map();
// Each answer carries the number of the call it answers (several may be in flight once a call has
// timed out), and the flag counts answers posted, so the caller wakes for every one of them.
function reply(seq, message) {
  message.seq = seq;
  port.postMessage(message);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function errorInfo(e) {
  return { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, constraint: e && e.constraint, table: e && e.table };
}
port.on('message', async (m) => {
  const seq = m.seq;
  try {
    if (m.op === 'connect') {
      const c = new pg.Client({ connectionString: m.url, application_name: m.applicationName });
      c.on('error', () => {});
      await c.connect();
      conns.set(m.conn, c);
      reply(seq, { ok: true, rows: [], rowCount: 0 });
    } else if (m.op === 'query') {
      const c = conns.get(m.conn);
      if (!c) throw new Error('the database connection is closed');
      const r = m.values.length === 0 && !m.array ? await c.query(m.text) : await c.query({ text: m.text, values: m.values, rowMode: m.array ? 'array' : undefined });
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      reply(seq, { ok: true, rows: last ? last.rows : [], rowCount: last ? (last.rowCount ?? 0) : 0 });
    } else if (m.op === 'end') {
      const c = conns.get(m.conn);
      conns.delete(m.conn);
      if (c) await c.end().catch(() => {});
      reply(seq, { ok: true, rows: [], rowCount: 0 });
    }
  } catch (e) {
    reply(seq, { ok: false, error: errorInfo(e) });
  }
});
`;

class Bridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private nextConn = 1;
  private seq = 0;

  constructor() {
    const shared = new SharedArrayBuffer(4);
    this.flag = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, port: port2, pgPath }, transferList: [port2] });
    // The thread never keeps the process alive: connections end with the process.
    this.worker.unref();
    this.port.unref();
  }

  newConnectionId(): number {
    return this.nextConn++;
  }

  /**
   * Posts one request and blocks until its own answer is back. A call that times out leaves its
   * statement running in the thread; its late answer is recognised by its number and dropped by a
   * later call, never taken for that call's answer (the connection's next statement queues behind
   * the slow one in the driver, so it also answers after it).
   */
  call(request: BridgeRequest, timeoutMs: number): BridgeReply {
    const seq = ++this.seq;
    const deadline = performance.now() + timeoutMs;
    this.port.postMessage({ ...request, seq });
    for (;;) {
      // Read the count before draining: an answer posted after the drain changes it, so the wait
      // below returns at once instead of sleeping through it.
      const posted = Atomics.load(this.flag, 0);
      for (let got = receiveMessageOnPort(this.port); got; got = receiveMessageOnPort(this.port)) {
        const reply = got.message as BridgeReply;
        if (reply.seq === seq) return reply;
      }
      const leftMs = deadline - performance.now();
      if (leftMs <= 0) {
        throw new PgError({ message: `the database did not answer within ${timeoutMs} ms (ROTA_PG_TIMEOUT_MS)`, code: 'ROTA_TIMEOUT' });
      }
      Atomics.wait(this.flag, 0, posted, leftMs);
    }
  }
}

let shared: Bridge | undefined;

/** The process's bridge thread, started on first use. */
export function bridge(): Bridge {
  shared ??= new Bridge();
  return shared;
}
