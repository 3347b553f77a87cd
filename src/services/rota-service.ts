// Rotas: generate (solve in a worker thread), read, adjust by hand, pin, re-plan and publish.
// The one place that joins the database, the service-file compiler and the solver.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Assignment, Problem, SolveResult, UnfilledPlace, Worker as SolverWorker } from '../../solver/model.ts';
import type { Db } from '../db/client.ts';
import { canonicalJson } from '../db/repositories/canonical.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow, RotaRow } from '../db/repositories/rota-repo.ts';
import { loadServiceFile } from '../db/repositories/service-file-repo.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { ServiceFile } from '../service-file/types.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from './errors.ts';
import { dedupePlaces, knownPlaces, placeKey, toAssignment, withStability } from './places.ts';
import { evaluate, explainShortPlaces, newHardBreaches } from './rota-rules.ts';
import {
  assignmentView,
  hoursByStaff,
  progressView,
  rotaSummary,
  slotLabel,
  storedSlots,
  trimAnalysis,
  type AssignmentView,
  type RotaSummary,
  type RotaView,
} from './rota-views.ts';
import type { SolveRunner, WorkerSolveOptions } from './solve-runner.ts';
import { WeekCompiler } from './week-compiler.ts';

export type { AssignmentView, RotaSummary, RotaView } from './rota-views.ts';

export interface SolveSettings {
  /** Wall-clock budget of one solve. */
  timeLimitMs?: number;
  /** Move budget of one solve (tests use this for speed and determinism). */
  maxMoves?: number;
  /**
   * Re-plans: soft penalty for moving a worker off a session they already had, so the search changes
   * as little as it can (a tie or a small gain does not reshuffle the week). 0 turns it off.
   */
  replanStabilityWeight?: number;
  /**
   * After the allocation loop, the exact stages (HiGHS, in the worker thread) improve the rota and
   * prove how good it is, within the time limit. Default true; false keeps the loop alone.
   */
  exactStages?: boolean;
}

const DEFAULT_STABILITY_WEIGHT = 50;

export interface RotaServiceDeps {
  db: Db;
  runner: SolveRunner;
  now?: () => Date;
  solve?: SolveSettings;
  /** Unexpected failures inside background solves (the request that queued them has long returned). */
  logError?: (error: unknown, context: string) => void;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface ChangeInput {
  reason: string;
  override?: boolean;
}

export class RotaService {
  private readonly db: Db;
  private readonly runner: SolveRunner;
  private readonly now: () => Date;
  private readonly settings: SolveSettings;
  private readonly logError: (error: unknown, context: string) => void;
  /** Solves run one at a time (the machine may have two cores shared with the API). */
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly weeks: WeekCompiler;

  constructor(deps: RotaServiceDeps) {
    this.db = deps.db;
    this.runner = deps.runner;
    this.weeks = new WeekCompiler(deps.db, deps.runner);
    this.now = deps.now ?? (() => new Date());
    this.settings = deps.solve ?? { timeLimitMs: 10_000 };
    this.logError = deps.logError ?? ((e, c) => console.error(c, e));
  }

  /** Resolves when every queued solve has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /** Marks rotas a stopped process left queued or running as failed, so nobody waits for them forever. */
  recoverInterrupted(): number {
    const stale = repo.unfinishedRotas(this.db);
    for (const r of stale) {
      repo.updateRota(this.db, r.id, { status: 'failed', error: 'the server stopped during the solve; re-plan to try again', updatedAt: this.iso() });
    }
    return stale.length;
  }

  // ---------- generate and re-plan ----------

  create(actor: Actor, input: { serviceId: string; weekStart: string; seed?: number }): RotaSummary {
    this.loadFile(input.serviceId);
    checkWeekStart(input.weekStart);
    // Compiling waits for the background solve: it can take most of a second for a large organisation.
    const id = randomUUID();
    const at = this.iso();
    this.db.transaction((tx) => {
      repo.insertRota(tx, {
        id,
        serviceId: input.serviceId,
        weekStart: input.weekStart,
        status: 'queued',
        createdAt: at,
        createdBy: actorLabel(actor),
        updatedAt: at,
      });
      recordAudit(tx, this.now(), {
        actor,
        action: 'rota.generate',
        entity: 'rota',
        entityId: id,
        serviceId: input.serviceId,
        details: { weekStart: input.weekStart, seed: input.seed ?? null },
      });
    });
    this.enqueue(id, 'generate', actor, input.seed);
    return rotaSummary(this.mustGetRota(id));
  }

  replan(actor: Actor, rotaId: string, input: { reason?: string; seed?: number }): RotaSummary {
    const rota = this.mustGetRota(rotaId);
    this.assertNotSolving(rota);
    this.db.transaction((tx) => {
      repo.updateRota(tx, rotaId, { status: 'queued', progress: null, error: null, updatedAt: this.iso() });
      recordAudit(tx, this.now(), {
        actor,
        action: 'rota.replan',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.reason ?? null,
        details: { seed: input.seed ?? null },
      });
    });
    this.enqueue(rotaId, 'replan', actor, input.seed);
    return rotaSummary(this.mustGetRota(rotaId));
  }

  private enqueue(rotaId: string, kind: 'generate' | 'replan', actor: Actor, seed?: number): void {
    this.pending++;
    this.queue = this.queue
      .then(() => this.runSolve(rotaId, kind, actor, seed))
      .catch((error) => this.logError(error, `solve of rota ${rotaId}`))
      .finally(() => {
        this.pending--;
      });
  }

  private async runSolve(rotaId: string, kind: 'generate' | 'replan', actor: Actor, seedIn?: number): Promise<void> {
    const rota = repo.getRota(this.db, rotaId);
    if (!rota) return; // deleted with its service while queued
    const startedAt = this.iso();
    const t0 = performance.now();
    let runId: number | undefined;
    try {
      // Let the request that queued this solve answer first.
      await new Promise((resolve) => setImmediate(resolve));
      const file = this.loadFile(rota.serviceId);
      const compiled = await this.weeks.compileOffThread(file, rota.weekStart);
      const existing = repo.listAssignments(this.db, rotaId);
      const known = knownPlaces(compiled.problem);
      // Pinned and published places are fixed; the rest is where the search starts, so it moves little.
      const keep = existing.filter((a) => (a.pinned || a.published) && known(a));
      const pinned = dedupePlaces(keep.map(toAssignment));
      const initial = dedupePlaces(existing.filter(known).map(toAssignment));
      const problem: Problem = { ...compiled.problem, pinned };
      const stabilityWeight = kind === 'replan' ? (this.settings.replanStabilityWeight ?? DEFAULT_STABILITY_WEIGHT) : 0;
      const solveProblem = withStability(problem, initial, stabilityWeight);
      const seed = seedIn ?? randomInt(1, 2 ** 31 - 1);
      const options: WorkerSolveOptions = {
        seed,
        ...(this.settings.timeLimitMs !== undefined ? { timeLimitMs: this.settings.timeLimitMs } : {}),
        ...(this.settings.maxMoves !== undefined ? { maxMoves: this.settings.maxMoves } : {}),
        ...(kind === 'replan' && initial.length > 0 ? { initial } : {}),
        exactStages: this.settings.exactStages ?? true,
      };
      const inputHash = createHash('sha256').update(canonicalJson({ problem: solveProblem, options })).digest('hex');
      runId = repo.insertSolveRun(this.db, {
        rotaId,
        kind,
        inputHash,
        seed,
        weights: problem.weights ? { ...problem.weights } : null,
        timeLimitMs: options.timeLimitMs ?? null,
        maxMoves: options.maxMoves ?? null,
        status: 'running',
        startedAt,
        requestedBy: actorLabel(actor),
      });
      repo.updateRota(this.db, rotaId, {
        status: 'running',
        solveCount: rota.solveCount + 1,
        slots: storedSlots(compiled),
        updatedAt: this.iso(),
      });

      const result = await this.runner.run(solveProblem, options, (progress) => {
        repo.updateRota(this.db, rotaId, { progress, updatedAt: this.iso() });
      });

      const durationMs = Math.round(performance.now() - t0);
      // The stability wishes steer the search only: score and explain the rota by the service's own rules.
      // The solve's bound was for the wishes too, so it says nothing of the service's own score then.
      const scored =
        stabilityWeight > 0
          ? { ...evaluate(problem, result.assignments), quality: REPLAN_QUALITY }
          : { score: result.score, analysis: result.analysis, quality: result.quality };
      this.db.transaction((tx) => {
        this.storeResult(tx, rotaId, rota.serviceId, compiled, existing, keep, { ...result, ...scored }, actor, stabilityWeight);
        repo.updateSolveRun(tx, runId!, {
          status: 'done',
          finishedAt: this.iso(),
          durationMs,
          scoreHard: scored.score.hard,
          scoreSoft: scored.score.soft,
          moves: result.stats.moves,
          quality: scored.quality,
          stages: [...(result.stats.stages ?? [])],
        });
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (runId !== undefined) {
        repo.updateSolveRun(this.db, runId, {
          status: 'failed',
          finishedAt: this.iso(),
          durationMs: Math.round(performance.now() - t0),
          error: message,
        });
      }
      repo.updateRota(this.db, rotaId, { status: 'failed', error: message, updatedAt: this.iso() });
      if (!(error instanceof ConflictError)) this.logError(error, `solve of rota ${rotaId}`);
    }
  }

  private storeResult(
    tx: Tx,
    rotaId: string,
    serviceId: string,
    compiled: CompiledProblem,
    existing: AssignmentRow[],
    kept: AssignmentRow[],
    result: SolveResult,
    actor: Actor,
    stabilityWeight: number,
  ): void {
    const slots = new Map(compiled.problem.slots.map((s) => [s.id, s]));
    const keptIds = new Set(kept.map((a) => a.id));
    const previous = new Map(existing.map((a) => [placeKey(toAssignment(a)), a]));
    repo.deleteAssignments(
      tx,
      existing.filter((a) => !keptIds.has(a.id)).map((a) => a.id),
    );
    // Places taken while the solve ran (e.g. an accepted bank offer) stay, and count against the demand.
    const staying = repo.listAssignments(tx, rotaId);
    const keptPlaces = new Set(staying.map((a) => placeKey(toAssignment(a))));
    const inSlot = new Set(staying.map((a) => `${a.slotId}\u0000${a.staffId}`));
    const filled = new Map<string, number>();
    for (const a of staying) filled.set(`${a.slotId}\u0000${a.roleId}`, (filled.get(`${a.slotId}\u0000${a.roleId}`) ?? 0) + 1);
    const at = this.iso();
    for (const a of result.assignments) {
      const key = placeKey(a);
      if (keptPlaces.has(key)) continue;
      const slot = slots.get(a.slotId);
      if (!slot) continue;
      const roleKey = `${a.slotId}\u0000${a.roleId}`;
      const max = slot.roles.find((r) => r.roleId === a.roleId)?.max ?? 0;
      if (inSlot.has(`${a.slotId}\u0000${a.workerId}`) || (filled.get(roleKey) ?? 0) >= max) continue;
      keptPlaces.add(key);
      inSlot.add(`${a.slotId}\u0000${a.workerId}`);
      filled.set(roleKey, (filled.get(roleKey) ?? 0) + 1);
      const before = previous.get(key);
      repo.insertAssignment(tx, {
        rotaId,
        serviceId,
        slotId: a.slotId,
        roleId: a.roleId,
        staffId: a.workerId,
        startMin: slot.startMin,
        endMin: slot.endMin,
        workMinutes: slot.workMinutes,
        pinned: false,
        // A place the search left as it was keeps its origin (e.g. a manager's unpinned choice).
        source: before?.source ?? 'solver',
        published: false,
        overridden: before?.overridden ?? false,
        note: before?.note ?? null,
        updatedAt: at,
        updatedBy: before ? before.updatedBy : 'solver',
      });
    }
    repo.updateRota(tx, rotaId, {
      status: 'done',
      feasible: result.score.hard === 0,
      scoreHard: result.score.hard,
      scoreSoft: result.score.soft,
      analysis: trimAnalysis(result.analysis),
      unfilled: result.unfilled as UnfilledPlace[],
      quality: result.quality,
      error: null,
      updatedAt: at,
    });
    repo.markScored(tx, rotaId);
    if (staying.length > kept.length) {
      // The stored score must describe the rota as it stands, places taken during the solve included.
      this.rescore(tx, rotaId, compiled.problem);
    }
    recordAudit(tx, this.now(), {
      actor,
      action: 'rota.solved',
      entity: 'rota',
      entityId: rotaId,
      serviceId,
      details: {
        score: result.score,
        quality: result.quality.status,
        feasible: result.score.hard === 0,
        assignments: result.assignments.length,
        unfilled: result.unfilled.length,
        ...(stabilityWeight > 0 ? { replanStabilityWeight: stabilityWeight } : {}),
      },
    });
  }

  // ---------- reading ----------

  list(actor: Actor, filter: { serviceId?: string; weekStart?: string }): RotaSummary[] {
    if (actor.role === 'worker') {
      if (filter.serviceId && filter.serviceId !== actor.serviceId) return [];
      return repo
        .listRotas(this.db, { ...filter, serviceId: actor.serviceId, publishedOnly: true })
        .map((r) => ({ ...rotaSummary(r), score: null, feasible: null, quality: null }));
    }
    const rows = repo.listRotas(this.db, filter);
    if (!rows.some(repo.isStale)) return rows.map((r) => rotaSummary(r));
    for (const r of rows) if (repo.isStale(r)) this.refreshScore(r.id);
    return repo.listRotas(this.db, filter).map((r) => rotaSummary(r));
  }

  get(actor: Actor, rotaId: string): RotaView {
    let rota = this.mustGetRota(rotaId);
    // Workers see neither score nor unfilled places, so only other readers pay for a rescore.
    if (actor.role !== 'worker' && repo.isStale(rota)) rota = this.refreshScore(rotaId) ?? rota;
    const view = this.view(rota);
    if (actor.role !== 'worker') return view;
    // A worker sees a published rota of their own service, and in it only their own places.
    if (rota.serviceId !== actor.serviceId || rota.publishedAt === null) throw new NotFoundError('rota', rotaId);
    const mine = view.assignments.filter((a) => a.staffId === actor.staffId && a.published);
    const mySlots = new Set(mine.map((a) => a.slotId));
    const myHours = mine.reduce((sum, a) => sum + a.workMinutes, 0);
    return {
      ...view,
      score: null,
      feasible: null,
      quality: null,
      progress: null,
      slots: view.slots.filter((s) => mySlots.has(s.id)),
      assignments: mine,
      hoursByStaff: mine.length > 0 ? [{ staffId: actor.staffId!, staffName: mine[0].staffName, places: mine.length, workMinutes: myHours }] : [],
      unfilled: [],
      scoreByConstraint: [],
      solveRuns: [],
    };
  }

  /** A worker's own published assignments across rotas, newest first. */
  myAssignments(actor: Actor): AssignmentView[] {
    if (!actor.serviceId || !actor.staffId) return [];
    const rows = repo.publishedAssignmentsOf(this.db, actor.serviceId, actor.staffId);
    const names = this.staffNames(actor.serviceId);
    const labels = new Map<string, string>();
    for (const r of rows) {
      if (labels.has(r.rotaId)) continue;
      const rota = repo.getRota(this.db, r.rotaId);
      for (const s of rota?.slots ?? []) labels.set(`${r.rotaId} ${s.id}`, s.label);
      labels.set(r.rotaId, '');
    }
    return rows.map((r) => assignmentView(r, names, (slotId) => labels.get(`${r.rotaId} ${slotId}`)));
  }

  // ---------- manual changes ----------

  addAssignment(
    actor: Actor,
    rotaId: string,
    input: ChangeInput & { slotId: string; roleId: string; staffId: string; pinned?: boolean },
  ): AssignmentView {
    const rota = this.mustGetRota(rotaId);
    this.assertEditable(rota);
    const ctx = this.changeContext(rota);
    const slot = ctx.problem.slots.find((s) => s.id === input.slotId);
    if (!slot) throw new NotFoundError(`slot in rota ${rotaId}`, input.slotId);
    if (!slot.roles.some((r) => r.roleId === input.roleId)) {
      throw new BadRequestError(`slot "${input.slotId}" has no role "${input.roleId}"`, [
        { path: 'body.roleId', message: `one of ${slot.roles.map((r) => r.roleId).join(', ')}` },
      ]);
    }
    this.mustGetWorker(ctx.problem, input.staffId);
    if (ctx.rows.some((a) => a.slotId === input.slotId && a.staffId === input.staffId)) {
      throw new ConflictError(`${input.staffId} already works in ${slot.label}`);
    }
    const next: Assignment = { slotId: input.slotId, roleId: input.roleId, workerId: input.staffId };
    const breaches = newHardBreaches(ctx.problem, ctx.current, [...ctx.current, next]);
    this.refuseUnlessOverridden(breaches, input.override);
    const at = this.iso();
    const row = this.db.transaction((tx) => {
      const inserted = repo.insertAssignment(tx, {
        rotaId,
        serviceId: rota.serviceId,
        slotId: slot.id,
        roleId: input.roleId,
        staffId: input.staffId,
        startMin: slot.startMin,
        endMin: slot.endMin,
        workMinutes: slot.workMinutes,
        // A manager's own choice stays put on re-plan unless they unpin it.
        pinned: input.pinned ?? true,
        source: 'manual',
        published: false,
        overridden: breaches.length > 0,
        note: input.reason,
        updatedAt: at,
        updatedBy: actorLabel(actor),
      });
      recordAudit(tx, this.now(), {
        actor,
        action: breaches.length > 0 ? 'assignment.add.override' : 'assignment.add',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.reason,
        details: { assignmentId: inserted.id, ...next, overriddenBreaches: breaches },
      });
      this.rescore(tx, rota.id, ctx.problem);
      return inserted;
    });
    return assignmentView(row, this.staffNames(rota.serviceId), (id) => slotLabel(rota, id));
  }

  changeAssignment(actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput & { staffId: string }): AssignmentView {
    const rota = this.mustGetRota(rotaId);
    this.assertEditable(rota);
    const row = this.mustGetAssignment(rotaId, assignmentId);
    const ctx = this.changeContext(rota);
    this.mustGetWorker(ctx.problem, input.staffId);
    if (input.staffId === row.staffId) throw new ConflictError(`assignment ${assignmentId} already holds ${input.staffId}`);
    if (ctx.rows.some((a) => a.slotId === row.slotId && a.staffId === input.staffId)) {
      throw new ConflictError(`${input.staffId} already works in ${slotLabel(rota, row.slotId)}`);
    }
    const others = ctx.rows.filter((a) => a.id !== row.id && ctx.known(a)).map(toAssignment);
    const before = ctx.current;
    const after = [...others, { slotId: row.slotId, roleId: row.roleId, workerId: input.staffId }];
    const breaches = ctx.known(row) ? newHardBreaches(ctx.problem, before, after) : [];
    this.refuseUnlessOverridden(breaches, input.override);
    this.db.transaction((tx) => {
      repo.updateAssignment(tx, row.id, {
        staffId: input.staffId,
        source: 'manual',
        pinned: true,
        published: false,
        overridden: breaches.length > 0,
        note: input.reason,
        updatedAt: this.iso(),
        updatedBy: actorLabel(actor),
      });
      recordAudit(tx, this.now(), {
        actor,
        action: breaches.length > 0 ? 'assignment.change.override' : 'assignment.change',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.reason,
        details: { assignmentId, slotId: row.slotId, roleId: row.roleId, from: row.staffId, to: input.staffId, overriddenBreaches: breaches },
      });
      this.rescore(tx, rota.id, ctx.problem);
    });
    return assignmentView(this.mustGetAssignment(rotaId, assignmentId), this.staffNames(rota.serviceId), (id) => slotLabel(rota, id));
  }

  removeAssignment(actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput): void {
    const rota = this.mustGetRota(rotaId);
    this.assertEditable(rota);
    const row = this.mustGetAssignment(rotaId, assignmentId);
    const ctx = this.changeContext(rota);
    const after = ctx.rows.filter((a) => a.id !== row.id && ctx.known(a)).map(toAssignment);
    const breaches = newHardBreaches(ctx.problem, ctx.current, after);
    this.refuseUnlessOverridden(breaches, input.override);
    this.db.transaction((tx) => {
      repo.deleteAssignments(tx, [row.id]);
      recordAudit(tx, this.now(), {
        actor,
        action: breaches.length > 0 ? 'assignment.remove.override' : 'assignment.remove',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.reason,
        details: { assignmentId, slotId: row.slotId, roleId: row.roleId, staffId: row.staffId, overriddenBreaches: breaches },
      });
      this.rescore(tx, rota.id, ctx.problem);
    });
  }

  setPinned(actor: Actor, rotaId: string, assignmentId: number, pinned: boolean, reason?: string): AssignmentView {
    const rota = this.mustGetRota(rotaId);
    this.assertEditable(rota);
    const row = this.mustGetAssignment(rotaId, assignmentId);
    this.db.transaction((tx) => {
      repo.updateAssignment(tx, row.id, { pinned, updatedAt: this.iso(), updatedBy: actorLabel(actor) });
      recordAudit(tx, this.now(), {
        actor,
        action: pinned ? 'assignment.pin' : 'assignment.unpin',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: reason ?? null,
        details: { assignmentId, slotId: row.slotId, roleId: row.roleId, staffId: row.staffId },
      });
    });
    return assignmentView(this.mustGetAssignment(rotaId, assignmentId), this.staffNames(rota.serviceId), (id) => slotLabel(rota, id));
  }

  publish(actor: Actor, rotaId: string, input: { note?: string }): RotaSummary {
    const rota = this.mustGetRota(rotaId);
    this.assertNotSolving(rota);
    if (!this.hasPlan(rota)) throw new ConflictError(`rota ${rotaId} has no finished plan to publish; re-plan it first`);
    const other = repo.otherPublishedRota(this.db, rota);
    if (other) {
      throw new ConflictError(`rota ${other.id} is already published for ${rota.serviceId} in the week of ${rota.weekStart}`, {
        publishedRotaId: other.id,
      });
    }
    const at = this.iso();
    this.db.transaction((tx) => {
      repo.publishAssignments(tx, rotaId);
      repo.updateRota(tx, rotaId, { publishedAt: at, publishedBy: actorLabel(actor), updatedAt: at });
      recordAudit(tx, this.now(), {
        actor,
        action: 'rota.publish',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.note ?? null,
        details: { assignments: repo.listAssignments(tx, rotaId).length },
      });
    });
    return rotaSummary(this.mustGetRota(rotaId));
  }

  // ---------- helpers ----------

  /** Compiles the rota's week from the current service data, with history from the database. */
  compileFor(serviceId: string, weekStart: string): CompiledProblem {
    return this.weeks.compile(this.loadFile(serviceId), weekStart);
  }

  private changeContext(rota: RotaRow) {
    const compiled = this.weeks.compile(this.loadFile(rota.serviceId), rota.weekStart);
    const rows = repo.listAssignments(this.db, rota.id);
    const known = knownPlaces(compiled.problem);
    const current = rows.filter(known).map(toAssignment);
    return { problem: compiled.problem, rows, known, current };
  }

  private refuseUnlessOverridden(breaches: string[], override?: boolean): void {
    if (breaches.length > 0 && override !== true) {
      throw new ConflictError(`this change breaks a hard rule: ${breaches.join('; ')}. Send "override": true to make it anyway.`, {
        breaches,
      });
    }
  }

  /**
   * Score and explanations of the rota as it now stands: after a manual change, after places were
   * taken during a solve, and on the first read after an accepted offer marked the rota stale.
   * `touch` is false for that read, which changes nothing the rota says, only catches its score up.
   */
  private rescore(tx: Tx, rotaId: string, problem: Problem, touch = true): void {
    const current = repo.listAssignments(tx, rotaId).filter(knownPlaces(problem)).map(toAssignment);
    const { score, analysis } = evaluate(problem, current);
    repo.updateRota(tx, rotaId, {
      scoreHard: score.hard,
      scoreSoft: score.soft,
      feasible: score.hard === 0,
      analysis: trimAnalysis(analysis),
      unfilled: explainShortPlaces(problem, current),
      ...(touch ? { updatedAt: this.iso() } : {}),
    });
    repo.markScored(tx, rotaId);
  }

  /**
   * Rescores a rota marked stale (an accepted offer bumps its change version and leaves the work to
   * here, off the accept path). A rota being solved is left alone: the solve's result is scored as
   * it is stored. Returns the row as it now stands, or undefined if there was nothing to do.
   */
  private refreshScore(rotaId: string): RotaRow | undefined {
    const rota = repo.getRota(this.db, rotaId);
    if (!rota || !repo.isStale(rota) || rota.status === 'queued' || rota.status === 'running' || !this.hasPlan(rota)) return undefined;
    try {
      const problem = this.weeks.compile(this.loadFile(rota.serviceId), rota.weekStart).problem;
      // Synchronous on the one connection: no accept can land between the read and markScored.
      this.db.transaction((tx) => this.rescore(tx, rotaId, problem, false));
    } catch (error) {
      // A rota that cannot be rescored (its service can no longer be compiled) still reads as stored.
      if (!(error instanceof ConflictError)) throw error;
      this.logError(error, `rescoring rota ${rotaId}`);
      return undefined;
    }
    return repo.getRota(this.db, rotaId);
  }


  private loadFile(serviceId: string): ServiceFile {
    const file = loadServiceFile(this.db, serviceId);
    if (!file) throw new NotFoundError('service', serviceId);
    return file;
  }

  private mustGetRota(id: string): RotaRow {
    const rota = repo.getRota(this.db, id);
    if (!rota) throw new NotFoundError('rota', id);
    return rota;
  }

  private mustGetAssignment(rotaId: string, id: number): AssignmentRow {
    const row = repo.getAssignment(this.db, rotaId, id);
    if (!row) throw new NotFoundError(`assignment in rota ${rotaId}`, String(id));
    return row;
  }

  private mustGetWorker(problem: Problem, staffId: string): SolverWorker {
    const worker = problem.workers.find((w) => w.id === staffId);
    if (!worker) throw new NotFoundError('staff member', staffId);
    return worker;
  }

  private assertNotSolving(rota: RotaRow): void {
    if (rota.status === 'queued' || rota.status === 'running') {
      throw new ConflictError(`rota ${rota.id} is ${rota.status}; wait for the solve to finish`);
    }
  }

  private assertEditable(rota: RotaRow): void {
    this.assertNotSolving(rota);
    if (!this.hasPlan(rota)) throw new ConflictError(`rota ${rota.id} failed before it had a plan; re-plan it first`);
  }

  /** A failed re-plan leaves the previous plan in place, still editable and publishable. */
  private hasPlan(rota: RotaRow): boolean {
    return rota.status === 'done' || repo.listSolveRuns(this.db, rota.id).some((r) => r.status === 'done');
  }

  private staffNames(serviceId: string): Map<string, string> {
    const file = loadServiceFile(this.db, serviceId);
    return new Map((file?.staff ?? []).map((s) => [s.id, s.name]));
  }

  private view(rota: RotaRow): RotaView {
    const names = this.staffNames(rota.serviceId);
    const rows = repo.listAssignments(this.db, rota.id);
    return {
      ...rotaSummary(rota),
      progress: progressView(rota.progress, names),
      error: rota.error,
      slots: rota.slots ?? [],
      assignments: rows.map((r) => assignmentView(r, names, (id) => slotLabel(rota, id))),
      hoursByStaff: hoursByStaff(rows, names),
      unfilled: rota.unfilled ?? [],
      scoreByConstraint: rota.analysis ?? [],
      solveRuns: repo.listSolveRuns(this.db, rota.id).map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        inputHash: r.inputHash,
        seed: r.seed,
        weights: r.weights,
        timeLimitMs: r.timeLimitMs,
        maxMoves: r.maxMoves,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        score: r.scoreHard === null || r.scoreSoft === null ? null : { hard: r.scoreHard, soft: r.scoreSoft },
        moves: r.moves,
        quality: r.quality,
        stages: r.stages ?? [],
        error: r.error,
      })),
    };
  }

  private iso(): string {
    return this.now().toISOString();
  }
}

// ---------- pure helpers ----------

/** A re-plan's solve minimises changes too, so its bound is not a bound on the service's own score. */
const REPLAN_QUALITY = {
  status: 'no-bound' as const,
  note: 'a re-plan also keeps changes small, so its bound is not a bound on the service score; generate the week again for one',
};





function actorLabel(actor: Actor): string {
  return actor.tokenId === null ? 'system' : `token:${actor.tokenId}`;
}

function checkWeekStart(weekStart: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(weekStart);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== weekStart) {
    throw new BadRequestError('weekStart is not a date', [{ path: 'body.weekStart', message: `"${weekStart}" is not a date YYYY-MM-DD` }]);
  }
  if (date.getUTCDay() !== 1) {
    throw new BadRequestError('weekStart must be a Monday', [{ path: 'body.weekStart', message: `${weekStart} is not a Monday` }]);
  }
}










