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
let seq = 0;
function reply(message) {
  message.seq = seq;
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function errorInfo(e) {
  return { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, constraint: e && e.constraint, table: e && e.table };
}
port.on('message', async (m) => {
  seq = m.seq;
  try {
    if (m.op === 'connect') {
      const c = new pg.Client({ connectionString: m.url, application_name: m.applicationName });
      c.on('error', () => {});
      await c.connect();
      conns.set(m.conn, c);
      reply({ ok: true, rows: [], rowCount: 0 });
    } else if (m.op === 'query') {
      const c = conns.get(m.conn);
      if (!c) throw new Error('the database connection is closed');
      const r = m.values.length === 0 && !m.array ? await c.query(m.text) : await c.query({ text: m.text, values: m.values, rowMode: m.array ? 'array' : undefined });
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      reply({ ok: true, rows: last ? last.rows : [], rowCount: last ? (last.rowCount ?? 0) : 0 });
    } else if (m.op === 'end') {
      const c = conns.get(m.conn);
      conns.delete(m.conn);
      if (c) await c.end().catch(() => {});
      reply({ ok: true, rows: [], rowCount: 0 });
    }
  } catch (e) {
    reply({ ok: false, error: errorInfo(e) });
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

  call(request: BridgeRequest, timeoutMs: number): BridgeReply {
    const seq = ++this.seq;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ ...request, seq });
    const waited = Atomics.wait(this.flag, 0, 0, timeoutMs);
    if (waited === 'timed-out') {
      throw new PgError({ message: `the database did not answer within ${timeoutMs} ms (ROTA_PG_TIMEOUT_MS)`, code: 'ROTA_TIMEOUT' });
    }
    // The reply is queued before the flag is set. Answers to calls that timed out earlier are
    // dropped (their sequence number is older); a spin of a few tries covers any delivery lag.
    for (let i = 0; i < 10_000; i++) {
      const got = receiveMessageOnPort(this.port);
      if (!got) continue;
      const reply = got.message as BridgeReply;
      if (reply.seq === seq) return reply;
    }
    throw new PgError({ message: 'the database bridge lost an answer' });
  }
}

let shared: Bridge | undefined;

/** The process's bridge thread, started on first use. */
export function bridge(): Bridge {
  shared ??= new Bridge();
  return shared;
}
