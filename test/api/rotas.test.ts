// Managers generate, read, adjust, pin, re-plan and publish rotas through the API.
import { afterEach, describe, expect, it } from 'vitest';
import type { SolveProgress } from '../../solver/model.ts';
import { workerThreadRunner, type SolveRunner } from '../../src/services/solve-runner.ts';
import { testApp, type TestApp } from './helpers/app.ts';
import { SAMPLE_WEEK } from './helpers/sample-service.ts';

const SERVICE = 'test-sanctuary';
const TUE = 'drop-in@2026-12-08';

interface Assignment {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  pinned: boolean;
  published: boolean;
  source: string;
  overridden: boolean;
}

let open: TestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function app(options: Parameters<typeof testApp>[0] = {}): Promise<TestApp> {
  const t = await testApp(options);
  open.push(t);
  return t;
}

async function generate(t: TestApp, seed = 11, weekStart = SAMPLE_WEEK) {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart, seed } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  const rota = await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` });
  expect(rota.statusCode).toBe(200);
  return rota.json();
}

const places = (list: Assignment[]) => list.map((a) => `${a.slotId}/${a.roleId}/${a.staffId}`).sort();

describe('stored scores follow the service data', () => {
  it('sickness added after planning shows on the next read as a hard breach naming the worker', async () => {
    const t = await app();
    const rota = await generate(t);
    expect(rota.feasible).toBe(true);
    const tueLead = rota.assignments.find((a: Assignment) => a.slotId === TUE && a.roleId === 'lead');
    const sick = await t.call('manager', {
      method: 'POST',
      url: `/services/${SERVICE}/staff/${tueLead.staffId}/leave`,
      payload: { kind: 'sickness', from: '2026-12-08', to: '2026-12-08' },
    });
    expect(sick.statusCode).toBe(201);
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.feasible).toBe(false);
    expect(after.score.hard).toBeGreaterThan(0);
    const unavailable = after.scoreByConstraint.find((c: { id: string }) => c.id === 'availability.unavailable');
    expect(unavailable.matches).toHaveLength(1);
    expect(unavailable.matches[0]).toMatchObject({ workerId: tueLead.staffId, slotId: TUE });
    // The rota itself is untouched: the manager decides what to do about it.
    expect(places(after.assignments)).toEqual(places(rota.assignments));
  });
});

describe('generating a rota', () => {
  it('answers 202 at once, then the worker thread fills the week and records the solve', async () => {
    const t = await app();
    const rota = await generate(t);
    expect(rota.status).toBe('done');
    expect(rota.slots.map((s: { id: string }) => s.id)).toEqual([
      'drop-in@2026-12-08',
      'drop-in@2026-12-09',
      'drop-in@2026-12-10',
      'drop-in@2026-12-11',
    ]);
    // Every drop-in has its one lead, and only Ann or Bob can lead (Bob is on leave Mon-Wed).
    for (const slot of rota.slots) {
      const leads = rota.assignments.filter((a: Assignment) => a.slotId === slot.id && a.roleId === 'lead');
      expect(leads).toHaveLength(1);
      expect(['ann', 'bob']).toContain(leads[0].staffId);
    }
    const tueLead = rota.assignments.find((a: Assignment) => a.slotId === TUE && a.roleId === 'lead');
    expect(tueLead.staffId).toBe('ann');
    expect(rota.score).toEqual({ hard: 0, soft: expect.any(Number) });
    // Hours per worker add up the places: 7 h drop-ins, no paid preparation.
    const total = rota.hoursByStaff.reduce((sum: number, h: { workMinutes: number }) => sum + h.workMinutes, 0);
    expect(total).toBe(rota.assignments.length * 420);
    const ann = rota.hoursByStaff.find((h: { staffId: string }) => h.staffId === 'ann');
    expect(ann.places).toBe(rota.assignments.filter((a: Assignment) => a.staffId === 'ann').length);
    expect(rota.feasible).toBe(true);
    expect(rota.scoreByConstraint.map((c: { id: string }) => c.id)).toContain('cover.min');
    expect(rota.solveRuns).toHaveLength(1);
    const run = rota.solveRuns[0];
    expect(run).toMatchObject({ kind: 'generate', status: 'done', seed: 11, maxMoves: 3000 });
    expect(run.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.weights).toEqual({ 'cover.preferredUnder': 10 });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.score).toEqual(rota.score);
  });

  it('the same input and seed give the same hash and the same rota', async () => {
    const t = await app();
    const a = await generate(t, 5);
    const b = await generate(t, 5);
    expect(a.id).not.toBe(b.id);
    expect(b.solveRuns[0].inputHash).toBe(a.solveRuns[0].inputHash);
    expect(places(b.assignments)).toEqual(places(a.assignments));
  });

  it('shows queued/running with progress while the solve runs, and stays responsive', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = workerThreadRunner();
    let best: { slotId: string; roleId: string; staffId: string; staffName: string } | undefined;
    let entered!: () => void;
    const running = new Promise<void>((r) => (entered = r));
    const gated: SolveRunner = {
      async run(problem, options, onProgress) {
        entered();
        const [slot] = problem.slots;
        const [first] = problem.workers;
        best = { slotId: slot.id, roleId: slot.roles[0].roleId, staffId: first.id, staffName: first.name };
        const bestAssignments = [{ slotId: best.slotId, roleId: best.roleId, workerId: first.id, pinned: false }];
        const progress: SolveProgress = { moves: 10, elapsedMs: 5, best: { hard: 2, soft: 40 }, fraction: 0.25, bestAssignments };
        onProgress?.(progress);
        await gate;
        return real.run(problem, options, onProgress);
      },
      close: () => real.close(),
    };
    const t = await app({ runner: gated });
    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK } });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('queued');
    // The job is claimed from the queue (a round trip to the database) before the solve starts.
    await running;
    const during = await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` });
    expect(during.json().status).toBe('running');
    // Best-so-far: the score and the rota behind it, in the API's terms (staff ids and names).
    expect(during.json().progress).toEqual({
      moves: 10,
      elapsedMs: 5,
      best: { hard: 2, soft: 40 },
      fraction: 0.25,
      bestAssignments: [{ ...best!, pinned: false }],
    });
    // A rota being solved cannot be changed or published.
    const publish = await t.call('manager', { method: 'POST', url: `/rotas/${res.json().id}/publish`, payload: {} });
    expect(publish.statusCode).toBe(409);
    release();
    await t.app.ctx.rotas.idle();
    const after = await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` });
    expect(after.json().status).toBe('done');
    expect(typeof after.json().solveRuns[0].seed).toBe('number');
  });

  it('a place taken while the solve runs (an accepted offer) stays, and the solver does not overfill it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = workerThreadRunner();
    let entered!: () => void;
    const running = new Promise<void>((r) => (entered = r));
    const gated: SolveRunner = {
      async run(problem, options, onProgress) {
        entered();
        await gate;
        return real.run(problem, options, onProgress);
      },
      close: () => real.close(),
    };
    const t = await app({ runner: gated });
    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK, seed: 11 } });
    await running;
    const slot = t.app.ctx.rotas.compileFor(SERVICE, SAMPLE_WEEK).problem.slots.find((s) => s.id === 'drop-in@2026-12-10')!;
    t.db.$client
      .prepare(
        `insert into assignments (rota_id, service_id, slot_id, role_id, staff_id, start_min, end_min, work_minutes, pinned, source, published, updated_at, updated_by)
         values (?, ?, ?, 'lead', 'bob', ?, ?, ?, 1, 'offer', 0, '2026-11-23T00:00:00Z', 'offers')`,
      )
      .run(res.json().id, SERVICE, slot.id, slot.startMin, slot.endMin, slot.workMinutes);
    release();
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
    const leads = rota.assignments.filter((a: Assignment) => a.slotId === slot.id && a.roleId === 'lead');
    expect(leads).toEqual([expect.objectContaining({ staffId: 'bob', source: 'offer', pinned: true })]);
    for (const s of rota.slots) {
      const staffIds = rota.assignments.filter((a: Assignment) => a.slotId === s.id).map((a: Assignment) => a.staffId);
      expect(new Set(staffIds).size).toBe(staffIds.length);
    }
  });

  it('answers other requests while a solve runs in the worker thread', async () => {
    // The loop alone, so the solve surely runs its 3 s (the exact stages would prove this week sooner).
    const t = await app({ solve: { timeLimitMs: 3000, exactStages: false } });
    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK, seed: 2 } });
    const url = `/rotas/${res.json().id}`;
    let status = res.json().status;
    while (status === 'queued') {
      await new Promise((r) => setTimeout(r, 25));
      status = (await t.call('manager', { method: 'GET', url })).json().status;
    }
    expect(status).toBe('running');
    const services = await t.call('payroll', { method: 'GET', url: '/services' });
    expect(services.statusCode).toBe(200);
    expect((await t.call('manager', { method: 'GET', url })).json().status).toBe('running');
    await t.app.ctx.rotas.idle();
    expect((await t.call('manager', { method: 'GET', url })).json().status).toBe('done');
  });

  it('compiles a week in the worker thread once, then reuses it until the service changes', async () => {
    const real = workerThreadRunner();
    const compiled: string[] = [];
    const spy: SolveRunner = {
      run: (problem, options, onProgress) => real.run(problem, options, onProgress),
      compile: (file, weekStart) => {
        compiled.push(weekStart);
        return real.compile!(file, weekStart);
      },
      close: () => real.close(),
    };
    const t = await app({ runner: spy });
    const first = await generate(t, 1);
    const second = await generate(t, 1);
    expect(compiled).toEqual([SAMPLE_WEEK]);
    expect(second.solveRuns[0].inputHash).toBe(first.solveRuns[0].inputHash);
    await t.call('manager', { method: 'POST', url: '/services/test-sanctuary/sites', payload: { id: 'kiosk', name: 'Kiosk' } });
    await generate(t, 1);
    expect(compiled).toEqual([SAMPLE_WEEK, SAMPLE_WEEK]);
  });

  it('a solve that fails is reported as failed with the error, and recorded', async () => {
    const failing: SolveRunner = {
      run: async () => {
        throw new Error('solver exploded');
      },
      close: async () => {},
    };
    const t = await app({ runner: failing, logger: false });
    const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: SAMPLE_WEEK } });
    await t.app.ctx.rotas.idle();
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` })).json();
    expect(rota.status).toBe('failed');
    expect(rota.error).toContain('solver exploded');
    expect(rota.solveRuns[0]).toMatchObject({ status: 'failed', error: 'solver exploded' });
    // Without any finished plan there is nothing to change or publish.
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} })).statusCode).toBe(409);
    const add = await t.call('manager', {
      method: 'POST',
      url: `/rotas/${rota.id}/assignments`,
      payload: { slotId: TUE, roleId: 'lead', staffId: 'ann', reason: 'r' },
    });
    expect(add.statusCode).toBe(409);
  });

  it('a failed re-plan keeps the previous plan, which can still be published', async () => {
    let fail = false;
    const real = workerThreadRunner();
    const flaky: SolveRunner = {
      run: async (problem, options, onProgress) => {
        if (fail) throw new Error('no luck this time');
        return real.run(problem, options, onProgress);
      },
      close: () => real.close(),
    };
    const t = await app({ runner: flaky, logger: false });
    const rota = await generate(t);
    fail = true;
    await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: {} });
    await t.app.ctx.rotas.idle();
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.status).toBe('failed');
    expect(places(after.assignments)).toEqual(places(rota.assignments));
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} })).statusCode).toBe(200);
  });

  it('refuses bad requests: unknown service 404, a week not starting on Monday 400', async () => {
    const t = await app();
    const unknown = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: 'nope', weekStart: SAMPLE_WEEK } });
    expect(unknown.statusCode).toBe(404);
    const tuesday = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart: '2026-12-08' } });
    expect(tuesday.statusCode).toBe(400);
    expect(tuesday.json().errors).toEqual([{ path: 'body.weekStart', message: '2026-12-08 is not a Monday' }]);
  });
});

describe('how good the rota is', () => {
  it('a solve proves the week optimal, stops long before its budget, and shows the bound on the rota, the list and the solve run', async () => {
    const t = await app({ solve: { timeLimitMs: 120_000 } });
    const started = performance.now();
    const rota = await generate(t);
    // The small week is proven within seconds; the budget is two minutes.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(rota.quality).toEqual({ status: 'optimal', lowerBound: rota.score, gapPercent: 0 });
    const [run] = rota.solveRuns;
    expect(run.quality).toEqual({ status: 'optimal', lowerBound: rota.score, gapPercent: 0 });
    expect(run.stages.map((s: { stage: string }) => s.stage)).toEqual(['allocation loop', 'whole model']);
    expect(run.durationMs).toBeLessThan(60_000);
    const list = (await t.call('manager', { method: 'GET', url: `/rotas?serviceId=${SERVICE}` })).json();
    expect(list.find((r: { id: string }) => r.id === rota.id).quality).toEqual(rota.quality);

    // A change by hand moves the score, not the bound: the rota is now above it.
    const lead: Assignment = rota.assignments.find((a: Assignment) => a.roleId === 'lead');
    const removed = await t.call('manager', { method: 'DELETE', url: `/rotas/${rota.id}/assignments/${lead.id}`, payload: { reason: 'sick', override: true } });
    expect(removed.statusCode).toBe(200);
    const edited = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(edited.score.hard).toBeGreaterThan(0);
    expect(edited.quality).toEqual({ status: 'gap', lowerBound: rota.score, gapPercent: 100 });

    // Once the service changes, the bound is about a week that no longer exists.
    const leave = await t.call('manager', { method: 'POST', url: `/services/${SERVICE}/staff/dan/leave`, payload: { kind: 'leave', from: '2026-12-09', to: '2026-12-09' } });
    expect(leave.statusCode).toBe(201);
    const changed = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(changed.quality).toMatchObject({ status: 'no-bound', note: expect.stringMatching(/service changed/) });
  });

  it('a re-plan, which also keeps changes small, claims no bound on the service score; workers see no quality', async () => {
    const t = await app({ solve: { timeLimitMs: 120_000 } });
    const rota = await generate(t);
    const res = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: { reason: 'check', seed: 3 } });
    expect(res.statusCode, res.body).toBe(202);
    await t.app.ctx.rotas.idle();
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.quality).toMatchObject({ status: 'no-bound', note: expect.stringMatching(/re-plan/) });
    expect(after.solveRuns.map((r: { quality: { status: string } }) => r.quality.status)).toEqual(expect.arrayContaining(['optimal', 'no-bound']));
    const published = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} });
    expect(published.statusCode, published.body).toBe(200);
    const seen = (await t.call('worker', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(seen.quality).toBeNull();
  });
});

describe('adjusting a rota by hand', () => {
  it('refuses a change that breaks a hard rule with the rule in words, unless overridden (and recorded)', async () => {
    const t = await app();
    const rota = await generate(t);
    const tueLead: Assignment = rota.assignments.find((a: Assignment) => a.slotId === TUE && a.roleId === 'lead');
    const url = `/rotas/${rota.id}/assignments/${tueLead.id}`;

    const onLeave = await t.call('manager', { method: 'PATCH', url, payload: { staffId: 'bob', reason: 'swap' } });
    expect(onLeave.statusCode).toBe(409);
    expect(onLeave.json().breaches.length).toBeGreaterThan(0);
    expect(onLeave.json().breaches.join(' ')).toMatch(/Bob Lead|bob/);
    expect(onLeave.json().message).toContain('override');

    const noRole = await t.call('manager', { method: 'PATCH', url, payload: { staffId: 'cat', reason: 'swap' } });
    expect(noRole.statusCode).toBe(409);

    const forced = await t.call('manager', { method: 'PATCH', url, payload: { staffId: 'bob', reason: 'Bob cut his leave short', override: true } });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json()).toMatchObject({ id: tueLead.id, staffId: 'bob', source: 'manual', pinned: true, overridden: true });

    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.score.hard).toBeGreaterThan(0);
    expect(after.feasible).toBe(false);

    const audit = (await t.call('manager', { method: 'GET', url: `/audit?entity=rota&entityId=${rota.id}` })).json();
    const entry = audit.find((e: { action: string }) => e.action === 'assignment.change.override');
    expect(entry).toMatchObject({ reason: 'Bob cut his leave short', actor: expect.stringContaining('manager') });
    expect(entry.details.from).toBe('ann');
    expect(entry.details.overriddenBreaches.length).toBeGreaterThan(0);
  });

  it('removing the only lead is refused (below minimum cover) unless overridden', async () => {
    const t = await app();
    const rota = await generate(t);
    const lead: Assignment = rota.assignments.find((a: Assignment) => a.roleId === 'lead');
    const url = `/rotas/${rota.id}/assignments/${lead.id}`;
    const refused = await t.call('manager', { method: 'DELETE', url, payload: { reason: 'sick' } });
    expect(refused.statusCode).toBe(409);
    const done = await t.call('manager', { method: 'DELETE', url, payload: { reason: 'sick', override: true } });
    expect(done.statusCode).toBe(200);
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.assignments.some((a: Assignment) => a.id === lead.id)).toBe(false);
    const short = after.unfilled.find((u: { slotId: string; roleId: string; level: string }) => u.slotId === lead.slotId && u.roleId === 'lead' && u.level === 'hard');
    expect(short).toMatchObject({ missing: 1 });
    // Every other lead-capable worker not already on the session is explained, in words.
    const others = ['ann', 'bob'].filter((id) => !after.assignments.some((a: Assignment) => a.slotId === lead.slotId && a.staffId === id));
    expect(others).toContain(lead.staffId);
    expect(short.reasons.map((r: { workerId: string }) => r.workerId).sort()).toEqual(others.sort());
    for (const r of short.reasons) expect(r.blocks.length).toBeGreaterThan(0);
  });

  it('a place left empty is headlined as a place that cannot be filled, with reasons by category and a move that fills it', async () => {
    const t = await app();
    const rota = await generate(t);
    expect(rota.headline).toEqual({ kind: 'feasible', text: 'Feasible: no hard rule broken' });
    const lead: Assignment = rota.assignments.find((a: Assignment) => a.slotId === TUE && a.roleId === 'lead');
    const done = await t.call('manager', { method: 'DELETE', url: `/rotas/${rota.id}/assignments/${lead.id}`, payload: { reason: 'sick', override: true } });
    expect(done.statusCode).toBe(200);
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.headline).toEqual({
      kind: 'unfilled',
      text: '1 place cannot be filled (Tue 8 Dec drop-in 17:30-00:30 at Hub: Project worker (lead)); no other hard rule broken',
    });
    const short = after.unfilled.find((u: { slotId: string; roleId: string; level: string }) => u.slotId === TUE && u.roleId === 'lead' && u.level === 'hard');
    expect(short.roleName).toBe('Project worker (lead)');
    // Bob is on leave: his own fact. The worker just removed has nothing hard in the way.
    const bob = short.reasons.find((r: { workerId: string }) => r.workerId === 'bob');
    expect(bob.blockers).toEqual([
      { constraintId: 'availability.unavailable', category: 'worker', movable: false, message: 'Bob Lead: on leave for 7 h of Tue 8 Dec drop-in 17:30-00:30 at Hub' },
    ]);
    expect(short.move.add).toEqual([{ slotId: TUE, roleId: 'lead', workerId: lead.staffId }]);
    expect(short.move.delta.hard).toBeLessThan(0);
    // The manager applies the move as it says, and the rota is whole again.
    const [add] = short.move.add;
    const res = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/assignments`, payload: { slotId: add.slotId, roleId: add.roleId, staffId: add.workerId, reason: short.move.words } });
    expect(res.statusCode, res.body).toBe(201);
    const whole = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(whole.headline.kind).toBe('feasible');
    expect(whole.score.hard).toBe(0);
  });

  it('adding: unknown slot 404, unknown role 400, someone already on the session 409, unknown assignment 404', async () => {
    const t = await app();
    const rota = await generate(t);
    const base = `/rotas/${rota.id}/assignments`;
    const noSlot = await t.call('manager', { method: 'POST', url: base, payload: { slotId: 'x@2026-12-08', roleId: 'lead', staffId: 'ann', reason: 'r' } });
    expect(noSlot.statusCode).toBe(404);
    const noRole = await t.call('manager', { method: 'POST', url: base, payload: { slotId: TUE, roleId: 'chef', staffId: 'ann', reason: 'r' } });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.json().errors[0].path).toBe('body.roleId');
    const twice = await t.call('manager', { method: 'POST', url: base, payload: { slotId: TUE, roleId: 'support', staffId: 'ann', reason: 'r' } });
    expect(twice.statusCode).toBe(409);
    const missing = await t.call('manager', { method: 'PATCH', url: `${base}/424242`, payload: { staffId: 'ann', reason: 'r' } });
    expect(missing.statusCode).toBe(404);
  });

  it('re-plan keeps pinned and published places and records a second solve', async () => {
    const t = await app();
    const rota = await generate(t, 3);
    const support: Assignment = rota.assignments.find((a: Assignment) => a.roleId === 'support');
    const pin = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/assignments/${support.id}/pin`, payload: { reason: 'agreed with worker' } });
    expect(pin.statusCode).toBe(200);
    expect(pin.json().pinned).toBe(true);

    const replan = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: { seed: 99, reason: 'new leave' } });
    expect(replan.statusCode).toBe(202);
    await t.app.ctx.rotas.idle();
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.status).toBe('done');
    expect(after.assignments).toContainEqual(expect.objectContaining({ id: support.id, staffId: support.staffId, pinned: true }));
    expect(after.solveRuns.map((r: { kind: string }) => r.kind)).toEqual(['generate', 'replan']);

    const unpin = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/assignments/${support.id}/unpin`, payload: {} });
    expect(unpin.json().pinned).toBe(false);

    // Publish, then re-plan: every published place survives untouched.
    expect((await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: {} })).statusCode).toBe(200);
    const published = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(published.assignments.every((a: Assignment) => a.published)).toBe(true);
    await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: { seed: 7 } });
    await t.app.ctx.rotas.idle();
    const again = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    for (const a of published.assignments as Assignment[]) {
      expect(again.assignments).toContainEqual(expect.objectContaining({ id: a.id, staffId: a.staffId, published: true }));
    }
  });
});

describe('re-planning after a change', () => {
  it('moves the worker who went sick and keeps the rest of the week', async () => {
    const t = await app({ solve: { maxMoves: 30_000 } });
    // Several interchangeable bank workers: many equally good rotas, so a fresh solve would reshuffle.
    for (const id of ['b1', 'b2', 'b3', 'b4', 'b5', 'b6']) {
      const res = await t.call('manager', {
        method: 'POST',
        url: '/services/test-sanctuary/staff',
        payload: { id, name: `Bank ${id}`, kind: 'bank', roles: ['support'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1400 },
      });
      expect(res.statusCode).toBe(201);
    }
    const rota = await generate(t, 6);
    const thu = 'drop-in@2026-12-10';
    const sick: Assignment = rota.assignments.find((a: Assignment) => a.slotId === thu && a.roleId === 'support');
    const leave = await t.call('manager', {
      method: 'POST',
      url: `/services/test-sanctuary/staff/${sick.staffId}/leave`,
      // From noon: a whole-day absence would also catch the last 30 minutes of Wednesday's drop-in.
      payload: { kind: 'sickness', from: '2026-12-10', to: '2026-12-10', startTime: '12:00', endTime: '23:59' },
    });
    expect(leave.statusCode).toBe(201);
    await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/replan`, payload: { seed: 60, reason: 'sickness' } });
    await t.app.ctx.rotas.idle();
    const after = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(after.score.hard).toBe(0);
    expect(after.assignments.some((a: Assignment) => a.slotId === thu && a.staffId === sick.staffId)).toBe(false);
    // Who works which session: everyone but the sick worker keeps theirs (roles within a session may swap).
    const shifts = (list: Assignment[]) => list.map((a) => `${a.slotId}/${a.staffId}`);
    const now = new Set(shifts(after.assignments));
    const others = shifts(rota.assignments).filter((p) => p !== `${thu}/${sick.staffId}`);
    expect(others.filter((p) => !now.has(p))).toEqual([]);
  });
});

describe('publishing and who sees what', () => {
  it('a worker sees only published rotas and only their own places; payroll reads all; a second publish of the week is 409', async () => {
    const t = await app();
    const generated = await generate(t);
    // A Friday support place goes to Dan (the worker token, a bank worker) by hand: a proposal, not his until he accepts.
    const fridaySupport = generated.assignments.find((a: Assignment) => a.slotId === 'drop-in@2026-12-11' && a.roleId === 'support' && a.staffId !== 'dan');
    const danFriday = await t.call('manager', {
      method: 'PATCH',
      url: `/rotas/${generated.id}/assignments/${fridaySupport.id}`,
      payload: { staffId: 'dan', reason: 'cover' },
    });
    expect(danFriday.statusCode, danFriday.body).toBe(200);
    expect(danFriday.json()).toMatchObject({ bankState: 'proposed', published: false });
    const rota = (await t.call('manager', { method: 'GET', url: `/rotas/${generated.id}` })).json();
    expect((await t.call('worker', { method: 'GET', url: `/rotas/${rota.id}` })).statusCode).toBe(404);
    expect((await t.call('worker', { method: 'GET', url: '/rotas' })).json()).toEqual([]);

    const pub = await t.call('manager', { method: 'POST', url: `/rotas/${rota.id}/publish`, payload: { note: 'week 50' } });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().published).toBe(true);
    // Dan's proposals went out as offers to him first; none of them is published as his.
    const danOffers = pub.json().publishing.offers.filter((o: { offeredTo: string[] }) => o.offeredTo[0] === 'dan');
    expect(danOffers.map((o: { places: { slotId: string }[] }) => o.places[0].slotId)).toContain('drop-in@2026-12-11');
    const before = (await t.call('worker', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(before.assignments).toEqual([]);
    const friday = danOffers.find((o: { places: { slotId: string }[] }) => o.places[0].slotId === 'drop-in@2026-12-11');
    const accepted = await t.call('worker', { method: 'POST', url: `/me/offers/${friday.offerId}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const mine = (await t.call('worker', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(mine.assignments.every((a: Assignment) => a.staffId === 'dan')).toBe(true);
    expect(mine.assignments.map((a: Assignment) => a.id)).toEqual(accepted.json().assignmentIds);
    expect(mine.assignments[0]).toMatchObject({ slotId: 'drop-in@2026-12-11', bankState: 'accepted', published: true, note: null });
    expect(mine.slots.map((s: { id: string }) => s.id)).toEqual(['drop-in@2026-12-11']);
    const eves = (await t.call('otherWorker', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(eves.assignments.length).toBeGreaterThan(0);
    expect(eves.assignments.every((a: Assignment) => a.staffId === 'eve')).toBe(true);
    expect(mine.unfilled).toEqual([]);
    expect(mine.scoreByConstraint).toEqual([]);
    expect(mine.score).toBeNull();
    expect(mine.hoursByStaff).toEqual([{ staffId: 'dan', staffName: 'Dan Bank', places: 1, workMinutes: 420 }]);
    const myList = (await t.call('worker', { method: 'GET', url: '/me/assignments' })).json();
    expect(myList.filter((a: { id: number | null }) => a.id !== null).map((a: Assignment) => a.id)).toEqual(accepted.json().assignmentIds);

    const payroll = (await t.call('payroll', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    const managers = (await t.call('manager', { method: 'GET', url: `/rotas/${rota.id}` })).json();
    expect(payroll.assignments).toHaveLength(managers.assignments.length);

    const other = await generate(t, 2);
    const second = await t.call('manager', { method: 'POST', url: `/rotas/${other.id}/publish`, payload: {} });
    expect(second.statusCode).toBe(409);
    expect(second.json().publishedRotaId).toBe(rota.id);
  });
});

describe('working-time history across weeks', () => {
  it('a solve of the next week carries the published week as history (minutes, last shift end, days off)', async () => {
    const t = await app();
    // Ann's file states two earlier weeks; the database's weeks follow them.
    const ann = (await t.call('manager', { method: 'GET', url: '/services/test-sanctuary/staff/ann' })).json();
    const put = await t.call('manager', {
      method: 'PUT',
      url: '/services/test-sanctuary/staff/ann',
      payload: { ...ann, history: { minutesByWeek: [1000, 1200], consecutiveDaysWorked: 0 } },
    });
    expect(put.statusCode).toBe(200);
    const week1 = await generate(t, 4);
    await t.call('manager', { method: 'POST', url: `/rotas/${week1.id}/publish`, payload: {} });
    const compiled = t.app.ctx.rotas.compileFor(SERVICE, '2026-12-14');
    for (const worker of compiled.problem.workers) {
      const worked = (week1.assignments as (Assignment & { workMinutes: number; endMin: number; startMin: number })[]).filter(
        (a) => a.staffId === worker.id,
      );
      const history = worker.history!;
      const stated = worker.id === 'ann' ? [1000, 1200] : [];
      expect(history.minutesByWeek).toEqual([...stated, worked.reduce((sum, a) => sum + a.workMinutes, 0)]);
      if (worked.length > 0) expect(history.lastShiftEndMin).toBe(Math.max(...worked.map((a) => a.endMin)));
      const fridayWorker = worked.some((a) => a.slotId === 'drop-in@2026-12-11');
      // Sat and Sun off after a Friday drop-in; no work at all means a whole known week off.
      if (fridayWorker) expect(history.consecutiveDaysOff).toBe(2);
      if (worked.length === 0) expect(history.consecutiveDaysOff).toBe(7);
      expect(history.consecutiveDaysWorked).toBe(0);
    }
    // Unpublished weeks are not history.
    const without = t.app.ctx.rotas.compileFor(SERVICE, '2026-12-07');
    expect(without.problem.workers.filter((w) => w.history !== undefined).map((w) => w.id)).toEqual(['ann']);
  });
});
