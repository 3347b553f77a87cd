// The invariants hold with two API processes on one database, by the database's own transactions and
// constraints (nothing is shared between the processes but the database): exactly one winner per
// place from 100 concurrent accepts, no double booking across two versions of a week, one lock per
// pay period. Runs on whichever database the suite runs on: the SQLite file, or PostgreSQL when
// DATABASE_URL is set (.ci/run runs the suite on both).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, databaseUrlFromEnv, openDb, type Db } from '../../src/db/client.ts';
import { WRITE_LOCK_KEY, type PgSyncClient } from '../../src/db/pg/sync-client.ts';
import { createOffers } from '../../src/offers/service.ts';
import { createToken } from '../../src/services/tokens.ts';
import { bankService, seed } from '../offers/support/bank-service.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVICE = 'race-bank';
const WORKERS = 100;

/** A Monday at least two weeks ahead of the real clock: the servers answer on it. */
function futureMonday(): string {
  const d = new Date(Date.now() + 14 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
}

async function startServer(path: string): Promise<Server> {
  const { HOST: _host, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...env, ROTA_DB: path, PORT: '0', LOG_LEVEL: 'warn', ROTA_API_SOLVES: '0', ROTA_AUTH_FAILURES_PER_MINUTE: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const deadline = Date.now() + 50_000;
  for (;;) {
    const m = /rota API listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m && /OpenAPI JSON/.test(out)) return { child, base: m[1] };
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dir: string;
let path: string;
let servers: Server[] = [];
const tokens = new Map<string, string>();
let manager: string;
let payroll: string;
let week: string;
const offerIds: Record<'single' | 'versionA' | 'versionB' | 'thursday', string> = { single: '', versionA: '', versionB: '', thursday: '' };
/** The PostgreSQL URL of the shared database (when the suite runs on PostgreSQL). */
let pgUrl: string | undefined;

/** A fresh connection to the shared database for checking what was stored. */
function check<T>(read: (db: Db) => T): T {
  const db = openDb(path);
  try {
    return read(db);
  } finally {
    closeDb(db);
  }
}

const bank = (i: number) => `bank-${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rota-race-'));
  path = join(dir, 'rota.db');
  week = futureMonday();
  const db = openDb(path);
  const file = bankService(SERVICE, WORKERS);
  // Two versions of one week: a place offered in each is the same booking.
  seed(db, file, 'rota-a', week);
  seed(db, file, 'rota-b', week);
  const nowMs = Date.now();
  const all = Array.from({ length: WORKERS }, (_, i) => bank(i));
  const offer = (rotaId: string, slotId: string, workerIds: string[]) => {
    const made = createOffers(db, { name: 'manager' }, rotaId, { mode: 'broadcast', ttlMinutes: 600, places: [{ slotId, roleId: 'support' }], workerIds }, nowMs);
    expect(made.offers).toHaveLength(1);
    expect(made.offers[0].offeredTo).toHaveLength(workerIds.length);
    return made.offers[0].offerId;
  };
  offerIds.single = offer('rota-a', `evening@${week}`, all);
  const tuesday = `wellbeing@${addDays(week, 1)}`;
  offerIds.versionA = offer('rota-a', tuesday, all.slice(0, WORKERS / 2));
  offerIds.versionB = offer('rota-b', tuesday, all.slice(WORKERS / 2));
  offerIds.thursday = offer('rota-a', `wellbeing@${addDays(week, 3)}`, all);
  pgUrl = databaseUrlFromEnv() ? (db.$client as unknown as PgSyncClient).url : undefined;
  for (const id of all) tokens.set(id, createToken(db, { role: 'worker', staffId: id }).token);
  manager = createToken(db, { role: 'manager', name: 'Race Manager' }).token;
  payroll = createToken(db, { role: 'payroll', name: 'Race Payroll' }).token;
  closeDb(db);
  servers = await Promise.all([startServer(path), startServer(path)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise((resolve) => {
          if (s.child.exitCode !== null) return resolve(null);
          s.child.once('exit', resolve);
          s.child.kill('SIGTERM');
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

async function post(server: Server, url: string, token: string, body: unknown = {}): Promise<number> {
  const res = await fetch(`${server.base}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

const tally = (codes: number[]) => codes.reduce<Record<number, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

describe(`two API processes on one ${databaseUrlFromEnv() ? 'PostgreSQL' : 'SQLite'} database`, () => {
  it('100 concurrent accepts of one place, half through each process: exactly one winner', async () => {
    const codes = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => post(servers[i % 2], `/me/offers/${offerIds.single}/accept`, tokens.get(bank(i))!)),
    );
    expect(tally(codes)).toEqual({ 200: 1, 409: WORKERS - 1 });
    const stored = check((db) => ({
      fills: db.$client.prepare('SELECT COUNT(*) AS n FROM offer_fills WHERE offer_id = ?').get(offerIds.single) as { n: number },
      held: db.$client
        .prepare("SELECT COUNT(*) AS n FROM assignments WHERE rota_id = 'rota-a' AND slot_id = ? AND proposed = 0")
        .get(`evening@${week}`) as { n: number },
    }));
    expect([Number(stored.fills.n), Number(stored.held.n)]).toEqual([1, 1]);
  });

  it('one place offered in two versions of the week, 100 accepts across both processes: one booking in all versions', async () => {
    const codes = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        post(servers[(i >> 1) % 2], `/me/offers/${i < WORKERS / 2 ? offerIds.versionA : offerIds.versionB}/accept`, tokens.get(bank(i))!),
      ),
    );
    expect(tally(codes)).toEqual({ 200: 1, 409: WORKERS - 1 });
    const held = check(
      (db) =>
        db.$client
          .prepare("SELECT COUNT(*) AS n FROM assignments WHERE rota_id IN ('rota-a', 'rota-b') AND slot_id = ? AND proposed = 0")
          .get(`wellbeing@${addDays(week, 1)}`) as { n: number },
    );
    expect(Number(held.n)).toBe(1);
  });

  it("an accept waits for another process's open transaction that books the place, then is refused", async () => {
    const thursday = `wellbeing@${addDays(week, 3)}`;
    const competitor = [week, 'rota-b', SERVICE, thursday, 'support', 'bank-099'];
    const insert = (p: (i: number) => string) =>
      `INSERT INTO assignments (rota_id, service_id, slot_id, role_id, staff_id, start_min, end_min, work_minutes, pinned, source, published, proposed, overridden, updated_at, updated_by)
       SELECT ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, start_min, end_min, work_minutes, 1, 'offer', 0, 0, 0, 'x', 'another process'
       FROM offer_places WHERE slot_id = ${p(4)} AND role_id = ${p(5)} AND rota_id = 'rota-a' AND ${p(1)} <> ''`;
    // Another process, mid-accept: its transaction has booked Thursday's place in version B of the
    // week and not committed yet. It holds the write lock every transaction of the app takes.
    let commit: () => Promise<void>;
    if (pgUrl) {
      const other = new pg.Client({ connectionString: pgUrl });
      await other.connect();
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      await other.query(insert((i) => `$${i}`), competitor);
      commit = async () => {
        await other.query('COMMIT');
        await other.end();
      };
    } else {
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      try {
        other.prepare(insert((i) => `@p${i}`)).run(Object.fromEntries(competitor.map((v, i) => [`p${i + 1}`, v])));
      } catch (error) {
        other.close();
        throw error;
      }
      commit = async () => {
        other.exec('COMMIT');
        other.close();
      };
    }
    const answer = post(servers[0], `/me/offers/${offerIds.thursday}/accept`, tokens.get(bank(0))!);
    let answered = false;
    void answer.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 400));
    // The accept waits for the other transaction rather than judging the place from before it...
    expect(answered).toBe(false);
    await commit!();
    // ...and then sees the booking: the place is taken in the week.
    expect(await answer).toBe(409);
    const held = check(
      (db) => db.$client.prepare("SELECT staff_id FROM assignments WHERE slot_id = ? AND proposed = 0 ORDER BY staff_id").all(thursday) as { staff_id: string }[],
    );
    expect(held.map((r) => r.staff_id)).toEqual(['bank-099']);
  });

  it('20 concurrent locks of one pay period through both processes: one lock', async () => {
    const settings = await fetch(`${servers[0].base}/payroll/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: SERVICE, frequency: 'weekly', anchorDate: week, nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual', firstPeriodStart: week }),
    });
    expect(settings.status, await settings.text()).toBe(200);
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(servers[i % 2], `/payroll/periods/${week}/lock`, payroll, { serviceId: SERVICE, allowPending: true })),
    );
    expect(tally(codes)).toEqual({ 200: 1, 409: 19 });
    const locks = check((db) => db.$client.prepare('SELECT COUNT(*) AS n FROM pay_period_locks WHERE service_id = ?').get(SERVICE) as { n: number });
    expect(Number(locks.n)).toBe(1);
  });
});
