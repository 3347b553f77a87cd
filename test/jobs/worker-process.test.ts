// `npm run worker` as an operator runs it: a separate process that works the queue in the database.
// Killed mid-solve (no goodbye, no heartbeat), its solve is taken over by another worker after the
// heartbeat timeout and finished there; an offer's expiry is run by a worker with no API process up.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../src/db/client.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { createOffers, myOffers } from '../../src/offers/service.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';
import { RotaService } from '../../src/services/rota-service.ts';
import { sampleService, SAMPLE_WEEK } from '../api/helpers/sample-service.ts';
import { bankService, seed } from '../offers/support/bank-service.ts';

/** A Monday at least two weeks ahead of the real clock (the worker runs on it). */
function futureMonday(): string {
  const d = new Date(Date.now() + 14 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startWorker(dbPath: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ROTA_DB: dbPath, LOG_LEVEL: 'warn', ROTA_SOLVE_THREADS: '1', ROTA_JOB_HEARTBEAT_MS: '200', ROTA_JOB_TIMEOUT_MS: '1500', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const deadline = Date.now() + 50_000;
  while (!out.includes('working the job queue')) {
    if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rota-worker-'));
  dirs.push(dir);
  return join(dir, 'rota.db');
}

function read<T>(path: string, fn: (db: Db) => T): T {
  const db = openDb(path);
  try {
    return fn(db);
  } finally {
    closeDb(db);
  }
}

async function until(check: () => boolean, limitMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm run worker', () => {
  it('a worker killed mid-solve has its solve taken over and finished by another worker', async () => {
    const path = dbFile();
    const rotaId = read(path, (db) => {
      upsertServiceFile(db, sampleService(), '2026-11-23T00:00:00.000Z');
      const idle = new RotaService({ db, runner: { run: () => Promise.reject(new Error('not here')), close: async () => {} } });
      return idle.create(SYSTEM_ACTOR, { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK }).id;
    });
    const status = () => read(path, (db) => (db.$client.prepare('SELECT status FROM rotas WHERE id = ?').get(rotaId) as { status: string }).status);
    // The first worker takes the solve (a long one) and dies while solving it.
    const first = await startWorker(path, { ROTA_SOLVE_SECONDS: '120' });
    await until(() => status() === 'running', 60_000, 'the first worker starts the solve');
    first.kill('SIGKILL');
    // The second worker sees no heartbeat for 1.5 s, takes the job back and solves it (quickly).
    await startWorker(path, { ROTA_SOLVE_SECONDS: '1' });
    await until(() => status() === 'done' || status() === 'failed', 90_000, 'the second worker finishes the solve');
    const stored = read(path, (db) => ({
      status: status(),
      runs: db.$client.prepare('SELECT status, error FROM solve_runs WHERE rota_id = ? ORDER BY id').all(rotaId) as { status: string; error: string | null }[],
      job: db.$client.prepare("SELECT state, attempts, last_error FROM jobs WHERE kind = 'solve' AND key = ?").get(rotaId) as Record<string, unknown>,
    }));
    expect(stored.status).toBe('done');
    expect(stored.runs.map((r) => r.status)).toEqual(['failed', 'done']);
    expect(stored.runs[0].error).toMatch(/^the process running it \(.+\) stopped answering: no heartbeat for 1\.5 s$/);
    expect(stored.job).toMatchObject({ state: 'done', attempts: 2, last_error: expect.stringMatching(/stopped answering/) });
  });

  it('two workers on one database share the queue: every solve done once, none failed', async () => {
    const path = dbFile();
    const ids = read(path, (db) => {
      const services = ['svc-a', 'svc-b', 'svc-c'];
      for (const id of services) upsertServiceFile(db, sampleService(id), '2026-11-23T00:00:00.000Z');
      const idle = new RotaService({ db, runner: { run: () => Promise.reject(new Error('not here')), close: async () => {} } });
      return services.flatMap((serviceId) =>
        ['2026-12-07', '2026-12-14'].map((weekStart) => idle.create(SYSTEM_ACTOR, { serviceId, weekStart }).id),
      );
    });
    await Promise.all([startWorker(path, { ROTA_SOLVE_SECONDS: '1' }), startWorker(path, { ROTA_SOLVE_SECONDS: '1' })]);
    const open = () => read(path, (db) => Number((db.$client.prepare("SELECT COUNT(*) AS n FROM rotas WHERE status IN ('queued', 'running')").get() as { n: number }).n));
    await until(() => open() === 0, 120_000, 'the workers finish every solve');
    const stored = read(path, (db) => ({
      rotas: db.$client.prepare('SELECT status, error FROM rotas ORDER BY id').all() as { status: string; error: string | null }[],
      runs: Number((db.$client.prepare("SELECT COUNT(*) AS n FROM solve_runs WHERE status = 'done'").get() as { n: number }).n),
      by: db.$client.prepare("SELECT COUNT(DISTINCT locked_by) AS n FROM jobs WHERE kind = 'solve'").get() as { n: number },
    }));
    expect(stored.rotas.filter((r) => r.status !== 'done')).toEqual([]);
    expect(stored.rotas).toHaveLength(ids.length);
    expect(stored.runs).toBe(ids.length);
    expect(Number(stored.by.n)).toBe(2);
  });

  it('stays up with nothing to do, waiting for jobs, until told to stop', async () => {
    const path = dbFile();
    read(path, () => undefined);
    const child = await startWorker(path, {});
    await new Promise((r) => setTimeout(r, 2000));
    expect(child.exitCode).toBeNull();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it("runs an offer's expiry (a delayed job) with no API process up, and the cascade moves on", async () => {
    const path = dbFile();
    const offerId = read(path, (db) => {
      const week = futureMonday();
      const rotaId = seed(db, bankService(), 'rota-1', week);
      // Made an hour ago with 30 minutes to answer: the first worker's time is already up.
      const tuesday = new Date(Date.parse(`${week}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const made = createOffers(db, { name: 'mgr' }, rotaId, { mode: 'cascade', ttlMinutes: 30, places: [{ slotId: `wellbeing@${tuesday}`, roleId: 'support' }] }, Date.now() - 3_600_000);
      return made.offers[0].offerId;
    });
    const invite = (staffId: string) =>
      read(path, (db) => (db.$client.prepare('SELECT status FROM offer_invites WHERE offer_id = ? AND staff_id = ?').get(offerId, staffId) as { status: string }).status);
    expect(invite('bank-000')).toBe('open');
    await startWorker(path, {});
    await until(() => invite('bank-000') === 'expired', 30_000, 'the worker expires the first invite');
    // The next worker of the cascade was asked, and the offer's next step waits as a job.
    const next = read(path, (db) => myOffers(db, { name: 'b1', serviceId: 'kent-bank', staffId: 'bank-001' }, Date.now()).map((o) => o.offerId));
    expect(next).toEqual([offerId]);
    const step = read(path, (db) => db.$client.prepare("SELECT state, run_at_ms FROM jobs WHERE kind = 'offer-step' AND key = ?").get(offerId) as { state: string; run_at_ms: number });
    expect(step.state).toBe('queued');
    expect(Number(step.run_at_ms)).toBeGreaterThan(Date.now());
  });
});
