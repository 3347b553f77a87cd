// A PostgreSQL connection with the part of better-sqlite3's interface that drizzle's better-sqlite3
// driver and our repositories use (prepare/run/get/all/raw, transaction, close), run synchronously
// through the bridge thread. See ../README.md for why.
import { bridge, PgError, type BridgeReply } from './bridge.ts';
import { translate } from './translate.ts';

/** pg_advisory_xact_lock key every transaction takes: one writer at a time per database, as on SQLite. */
export const WRITE_LOCK_KEY = 7_406_153_201;

function timeoutMs(): number {
  const v = Number(process.env.ROTA_PG_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 60_000;
}

type RunResult = { changes: number; lastInsertRowid: number };
type TxFn<T> = ((...args: unknown[]) => T) & { deferred: (...args: unknown[]) => T; immediate: (...args: unknown[]) => T; exclusive: (...args: unknown[]) => T };

function toParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export class PgSyncClient {
  readonly dialect = 'postgres' as const;
  private readonly conn: number;
  private depth = 0;
  open = true;
  /** Statements run, for tests and benchmarks. */
  statements = 0;

  constructor(
    readonly url: string,
    applicationName = 'rota',
  ) {
    this.conn = bridge().newConnectionId();
    this.call({ op: 'connect', conn: this.conn, url, applicationName });
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  private call(request: Parameters<ReturnType<typeof bridge>['call']>[0]): Extract<BridgeReply, { ok: true }> {
    const reply = bridge().call(request, timeoutMs());
    if (!reply.ok) throw new PgError(reply.error);
    return reply;
  }

  /** Runs one statement (PostgreSQL SQL, `$n` parameters). */
  query(text: string, values: readonly unknown[] = [], array = false): { rows: unknown[]; rowCount: number } {
    if (!this.open) throw new PgError({ message: 'the database connection is closed' });
    this.statements++;
    return this.call({ op: 'query', conn: this.conn, text, values: values.map(toParam), array });
  }

  /** Runs SQL text that may hold several statements and no parameters. */
  exec(text: string): this {
    this.query(text);
    return this;
  }

  prepare(sql: string): PgStatement {
    return new PgStatement(this, sql);
  }

  transaction<T>(fn: (...args: unknown[]) => T): TxFn<T> {
    const run = (...args: unknown[]): T => {
      if (this.depth > 0) {
        const name = `rota_sp${this.depth}`;
        this.query(`SAVEPOINT ${name}`);
        this.depth++;
        try {
          const result = fn(...args);
          this.query(`RELEASE SAVEPOINT ${name}`);
          return result;
        } catch (error) {
          this.query(`ROLLBACK TO SAVEPOINT ${name}`);
          this.query(`RELEASE SAVEPOINT ${name}`);
          throw error;
        } finally {
          this.depth--;
        }
      }
      this.query('BEGIN');
      this.depth = 1;
      try {
        // One writer at a time per database, as SQLite's write lock: a check-then-write transaction
        // means the same on both databases.
        this.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
        const result = fn(...args);
        if (result && typeof (result as { then?: unknown }).then === 'function') throw new TypeError('Transaction function cannot return a promise');
        this.query('COMMIT');
        return result;
      } catch (error) {
        try {
          this.query('ROLLBACK');
        } catch {
          // The connection is gone: the server rolled back.
        }
        throw error;
      } finally {
        this.depth = 0;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  /** SQLite pragmas have no meaning here; asked for one, answers undefined. */
  pragma(_source: string): undefined {
    return undefined;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.call({ op: 'end', conn: this.conn });
  }
}

export class PgStatement {
  private readonly text: string;
  private readonly returnsId: boolean;
  private rawMode = false;

  constructor(
    private readonly client: PgSyncClient,
    readonly source: string,
  ) {
    const t = translate(source);
    this.text = t.text;
    this.returnsId = t.returnsId;
  }

  get reader(): boolean {
    return /^\s*(select|with)\b/i.test(this.text) || /\breturning\b/i.test(this.text);
  }

  raw(toggle = true): this {
    this.rawMode = toggle;
    return this;
  }

  private params(args: unknown[]): unknown[] {
    return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  }

  run(...args: unknown[]): RunResult {
    const r = this.client.query(this.text, this.params(args), this.returnsId);
    const last = r.rows[r.rows.length - 1] as unknown[] | undefined;
    return { changes: r.rowCount, lastInsertRowid: this.returnsId && last ? Number(last[last.length - 1]) : 0 };
  }

  all(...args: unknown[]): unknown[] {
    return this.client.query(this.text, this.params(args), this.rawMode).rows;
  }

  get(...args: unknown[]): unknown {
    return this.client.query(this.text, this.params(args), this.rawMode).rows[0];
  }
}
