// Solves of different services run side by side in a pool of threads; a solve past its limit is
// stopped and marked failed with the reason; a restart leaves no solve "running".
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDb } from '../../src/db/client.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { defaultPoolSize, workerPoolRunner } from '../../src/services/solve-runner.ts';
import { createToken } from '../../src/services/tokens.ts';
import { sampleService, SAMPLE_WEEK } from './helpers/sample-service.ts';

const STUCK_WORKER = new URL('../support/stuck-solve-worker.mjs', import.meta.url);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Three services; "stuck-service" has a staff member whose id makes the test worker spin for ever. */
async function services(stopAfterMs: number) {
  const db = openDb(':memory:');
  upsertServiceFile(db, sampleService('ok-service'), '2026-11-23T00:00:00.000Z');
  upsertServiceFile(db, sampleService('other-service'), '2026-11-23T00:00:00.000Z');
  const stuck = sampleService('stuck-service');
  stuck.staff.push({ ...stuck.staff[0], id: 'stuck', name: 'Stuck Solve' });
  upsertServiceFile(db, stuck, '2026-11-23T00:00:00.000Z');
  const app = await buildApp({ db, runner: workerPoolRunner({ size: 2, workerUrl: STUCK_WORKER }), solve: { maxMoves: 3000, stopAfterMs } });
  closers.push(() => app.close());
  const token = createToken(db, { role: 'manager' }).token;
  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) });
  return { app, db, call };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, limitMs: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() - t0 > limitMs) throw new Error(`not reached in ${limitMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the solve queue', () => {
  it('a stuck solve of one service does not hold up another service, and is stopped at its limit with the reason', async () => {
    const t = await services(8_000);
    // Start both threads first (loading the solver takes seconds on a busy machine).
    await t.call('POST', '/rotas', { serviceId: 'ok-service', weekStart: SAMPLE_WEEK });
    await t.call('POST', '/rotas', { serviceId: 'other-service', weekStart: SAMPLE_WEEK });
    await t.app.ctx.rotas.idle();
    const stuck = (await t.call('POST', '/rotas', { serviceId: 'stuck-service', weekStart: SAMPLE_WEEK })).json();
    await until(() => t.call('GET', `/rotas/${stuck.id}`).then((r) => r.json()), (r) => r.status === 'running', 30_000);
    const ok = (await t.call('POST', '/rotas', { serviceId: 'ok-service', weekStart: SAMPLE_WEEK })).json();
    const done = await until(() => t.call('GET', `/rotas/${ok.id}`).then((r) => r.json()), (r) => r.status !== 'queued' && r.status !== 'running', 60_000);
    expect(done.status).toBe('done');
    // The other service finished while the stuck solve still held its thread.
    expect((await t.call('GET', `/rotas/${stuck.id}`)).json().status).toBe('running');
    expect((await t.call('GET', '/health')).statusCode).toBe(200);

    await t.app.ctx.rotas.idle();
    const failed = (await t.call('GET', `/rotas/${stuck.id}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('the solve ran past its limit of 8 s and was stopped');
    expect(failed.solveRuns).toEqual([expect.objectContaining({ status: 'failed', error: 'the solve ran past its limit of 8 s and was stopped' })]);
    // The pool replaced the stopped thread: the service can be planned again (and is stopped again).
    const again = (await t.call('POST', '/rotas', { serviceId: 'ok-service', weekStart: SAMPLE_WEEK })).json();
    await t.app.ctx.rotas.idle();
    expect((await t.call('GET', `/rotas/${again.id}`)).json().status).toBe('done');
  });

  it('solves of one service run one after another', async () => {
    const t = await services(60_000);
    const first = (await t.call('POST', '/rotas', { serviceId: 'ok-service', weekStart: SAMPLE_WEEK })).json();
    const second = (await t.call('POST', '/rotas', { serviceId: 'ok-service', weekStart: SAMPLE_WEEK })).json();
    await until(() => t.call('GET', `/rotas/${first.id}`).then((r) => r.json()), (r) => r.status === 'running', 30_000);
    expect((await t.call('GET', `/rotas/${second.id}`)).json().status).toBe('queued');
    await t.app.ctx.rotas.idle();
    const a = (await t.call('GET', `/rotas/${first.id}`)).json();
    const b = (await t.call('GET', `/rotas/${second.id}`)).json();
    expect([a.status, b.status]).toEqual(['done', 'done']);
    expect(Date.parse(b.solveRuns[0].startedAt)).toBeGreaterThanOrEqual(Date.parse(a.solveRuns[0].startedAt) + a.solveRuns[0].durationMs);
  });

  it('after a restart no rota and no solve run is left queued or running', async () => {
    const db = openDb(':memory:');
    upsertServiceFile(db, sampleService('ok-service'), '2026-11-23T00:00:00.000Z');
    const at = '2026-11-23T10:00:00.000Z';
    db.$client
      .prepare(`insert into rotas (id, service_id, week_start, status, created_at, created_by, updated_at) values (?, 'ok-service', ?, ?, ?, 'token:1', ?)`)
      .run('r-running', SAMPLE_WEEK, 'running', at, at);
    db.$client
      .prepare(
        `insert into solve_runs (rota_id, kind, input_hash, seed, status, started_at, requested_by) values ('r-running', 'generate', 'h', 1, 'running', ?, 'token:1')`,
      )
      .run(at);
    // The process that ran this solve was killed; a new one starts on the same database.
    const app = await buildApp({ db, solve: { maxMoves: 100 } });
    closers.push(() => app.close());
    const token = createToken(db, { role: 'manager' }).token;
    const rota = (await app.inject({ method: 'GET', url: '/rotas/r-running', headers: { authorization: `Bearer ${token}` } })).json();
    expect(rota.status).toBe('failed');
    expect(rota.solveRuns).toEqual([expect.objectContaining({ status: 'failed', error: 'the server stopped during the solve; re-plan to try again' })]);
    expect(db.$client.prepare(`select count(*) n from solve_runs where status = 'running'`).get()).toEqual({ n: 0 });
  });

  it('runs two solve threads unless ROTA_SOLVE_THREADS says otherwise', () => {
    expect(defaultPoolSize({})).toBe(2);
    expect(defaultPoolSize({ ROTA_SOLVE_THREADS: '3' })).toBe(3);
    expect(defaultPoolSize({ ROTA_SOLVE_THREADS: 'many' })).toBe(2);
    expect(defaultPoolSize({ ROTA_SOLVE_THREADS: '0' })).toBe(2);
  });
});
