// The job queue in the database: one live solve per rota (the database refuses a second), a solve
// whose process stopped answering is retried and then failed with the reason, and a process that
// lost its job cannot store a result over the one that took it over.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import { isUniqueViolation } from '../../src/db/errors.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import * as jobs from '../../src/jobs/repository.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';
import { RotaService } from '../../src/services/rota-service.ts';
import { workerPoolRunner, type SolveRunner } from '../../src/services/solve-runner.ts';
import { createToken } from '../../src/services/tokens.ts';
import { sampleService, SAMPLE_WEEK } from '../api/helpers/sample-service.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const FAST = { pollMs: 50, heartbeatMs: 100, timeoutMs: 600 };

function database(): Db {
  const db = openDb(':memory:');
  upsertServiceFile(db, sampleService(), '2026-11-23T00:00:00.000Z');
  closers.push(async () => {
    db.$client.close();
  });
  return db;
}

/** A rota queued for solving with nobody working the queue yet. */
function queuedRota(db: Db): string {
  const noRunner: SolveRunner = { run: () => Promise.reject(new Error('no solves here')), close: async () => {} };
  return new RotaService({ db, runner: noRunner }).create(SYSTEM_ACTOR, { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK }).id;
}

/** A process that claimed the rota's solve job, started it and then died (no heartbeat since `agoMs`). */
function diedWhileSolving(db: Db, rotaId: string, agoMs: number): void {
  const claimed = db.transaction((tx) => jobs.claimJob(tx, ['solve'], 'gone-host:4242:dead', Date.now()));
  expect(claimed?.key).toBe(rotaId);
  db.$client.prepare('UPDATE jobs SET heartbeat_at_ms = ? WHERE id = ?').run(Date.now() - agoMs, claimed!.id);
  const at = new Date(Date.now() - agoMs).toISOString();
  db.$client.prepare("UPDATE rotas SET status = 'running' WHERE id = ?").run(rotaId);
  db.$client
    .prepare("INSERT INTO solve_runs (rota_id, kind, input_hash, seed, status, started_at, requested_by) VALUES (?, 'generate', 'h', 1, 'running', ?, 'system')")
    .run(rotaId, at);
}

async function app(db: Db, options: Parameters<typeof buildApp>[0] extends infer O ? Partial<O> : never = {}): Promise<{ app: FastifyInstance; read: (id: string) => Promise<Record<string, any>> }> {
  const a = await buildApp({ db, solve: { maxMoves: 2000 }, jobs: FAST, ...options });
  closers.push(() => a.close());
  const token = createToken(db, { role: 'manager', name: 'Queue Tester' }).token;
  const read = async (id: string) => (await a.inject({ method: 'GET', url: `/rotas/${id}`, headers: { authorization: `Bearer ${token}` } })).json();
  return { app: a, read };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, limitMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() - t0 > limitMs) throw new Error(`not reached in ${limitMs} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the job queue', () => {
  it('the database refuses a second live solve job for one rota, and allows one again once the first is done', () => {
    const db = database();
    const rotaId = queuedRota(db);
    const again = () => jobs.enqueueJob(db, { kind: 'solve', key: rotaId, runAtMs: Date.now() }, Date.now());
    let error: unknown;
    try {
      again();
    } catch (e) {
      error = e;
    }
    expect(isUniqueViolation(error)).toBe(true);
    const claimed = db.transaction((tx) => jobs.claimJob(tx, ['solve'], 'me', Date.now()))!;
    expect(() => again()).toThrow(); // running is live too
    expect(jobs.finishJob(db, claimed.id, 'me', Date.now())).toBe(true);
    expect(again()).toBeGreaterThan(claimed.id);
  });

  it('a solve whose process stopped answering is queued again with the reason, and solved by another process', async () => {
    const db = database();
    const rotaId = queuedRota(db);
    diedWhileSolving(db, rotaId, 5_000);
    const t = await app(db);
    const rota = await until(() => t.read(rotaId), (r) => r.status === 'done' || r.status === 'failed');
    expect(rota.status, rota.error).toBe('done');
    expect(rota.solveRuns.map((r: { status: string }) => r.status).sort()).toEqual(['done', 'failed']);
    const dead = rota.solveRuns.find((r: { status: string }) => r.status === 'failed');
    expect(dead.error).toBe('the process running it (gone-host:4242:dead) stopped answering: no heartbeat for 0.6 s');
    const job = jobs.liveJob(db, 'solve', rotaId) ?? db.$client.prepare("SELECT attempts, state, last_error FROM jobs WHERE kind = 'solve' AND key = ?").get(rotaId);
    expect(job).toMatchObject({ attempts: 2, state: 'done', last_error: expect.stringContaining('gone-host:4242:dead') });
  });

  it('after its last attempt a solve whose process stopped answering fails, and its rota says why', async () => {
    const db = database();
    const rotaId = queuedRota(db);
    db.$client.prepare("UPDATE jobs SET max_attempts = 1 WHERE kind = 'solve' AND key = ?").run(rotaId);
    diedWhileSolving(db, rotaId, 5_000);
    const t = await app(db);
    const rota = await until(() => t.read(rotaId), (r) => r.status === 'failed');
    expect(rota.error).toBe('the process running it (gone-host:4242:dead) stopped answering: no heartbeat for 0.6 s; re-plan to try again');
    expect(rota.solveRuns).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringContaining('stopped answering') })]);
    // Nothing is left queued or running: the rota can be planned again.
    expect(jobs.liveJob(db, 'solve', rotaId)).toBeUndefined();
  });

  it('a process that lost its solve (late heartbeat) cannot store its result over the process that took it over', async () => {
    const db = database();
    const real = workerPoolRunner({ size: 1 });
    closers.push(() => real.close());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowFinished = false;
    // The slow process: never beats (its heartbeat is hours away), and its solve comes back empty after the gate.
    const slowRunner: SolveRunner = {
      run: async (problem, options, onProgress, limits) => {
        await gate;
        const result = await real.run(problem, options, onProgress, limits);
        slowFinished = true;
        return { ...result, assignments: [] };
      },
      close: async () => release(),
    };
    const slow = await app(db, { runner: slowRunner, jobs: { pollMs: 50, heartbeatMs: 3_600_000, timeoutMs: 3_600_000 } });
    const token = createToken(db, { role: 'manager', name: 'Mo' }).token;
    const created = (await slow.app.inject({ method: 'POST', url: '/rotas', headers: { authorization: `Bearer ${token}` }, payload: { serviceId: 'test-sanctuary', weekStart: SAMPLE_WEEK } })).json();
    await until(() => slow.read(created.id), (r) => r.status === 'running');
    // A second process with the usual heartbeat takes the job back from the silent one and solves it.
    const quick = await app(db);
    const done = await until(() => quick.read(created.id), (r) => r.status === 'done');
    const placed = done.assignments.length;
    expect(placed).toBeGreaterThan(0);
    // The slow process's solve finishes afterwards, empty: it must not replace the stored rota.
    release();
    await until(async () => slowFinished, (f) => f);
    await slow.app.ctx.rotas.idle();
    const after = await quick.read(created.id);
    expect(after.status).toBe('done');
    expect(after.assignments.length).toBe(placed);
    expect(after.solveRuns.filter((r: { status: string }) => r.status === 'done')).toHaveLength(1);
  });
});
