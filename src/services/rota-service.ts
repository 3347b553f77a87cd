// Rotas: generate (solve in a worker thread), read, adjust by hand, pin, re-plan and publish.
// The one place that joins the database, the service-file compiler and the solver; the work is in
// rota-core (shared lookups, judging and rescoring), solve-job (one solve), rota-store (storing it), rota-edits,
// rota-publish, fixed-facts (what comes from outside the rota) and bank-places (bank states).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import { loadServiceFile } from '../db/repositories/service-file-repo.ts';
import { openInvitesOfRota, openOfferPlaces } from '../offers/repository.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { offeredPlaces, unfilledView } from './bank-places.ts';
import { logEvent, silentLog, type EventLogger } from './event-log.ts';
import { BadRequestError, ConflictError, NotFoundError } from './errors.ts';
import { actorLabel, RotaCore } from './rota-core.ts';
import { addAssignment, changeAssignment, removeAssignment, setPinned, type ChangeInput } from './rota-edits.ts';
import { publishRota, type PublishInput, type PublishResult } from './rota-publish.ts';
import { applyChanges, type ChangesInput, type ChangesOutcome } from './rota-changes.ts';
import { myPlaces } from './my-places.ts';
import {
  assignmentView,
  hoursByStaff,
  progressView,
  rotaHeadline,
  rotaSummary,
  slotLabel,
  storedSlots,
  type AssignmentView,
  type MyPlaceView,
  type RotaSummary,
  type RotaView,
} from './rota-views.ts';
import { liveView, SolveWatch, type LiveSolve } from './solve-live.ts';
import { stopSolve } from './rota-stop.ts';
import type { SolveRunner } from './solve-runner.ts';
import * as jobsRepo from '../jobs/repository.ts';
import type { JobContext, JobHandler } from '../jobs/worker.ts';
import { WeekCompiler } from './week-compiler.ts';
import { runSolve, type SolveJobDeps } from './solve-job.ts';

export type { AssignmentView, MyPlaceView, RotaSummary, RotaView } from './rota-views.ts';
export type { ChangeInput } from './rota-edits.ts';
export type { ChangesInput } from './rota-changes.ts';
export type { PublishInput, PublishResult } from './rota-publish.ts';
export type { LiveSolve } from './solve-live.ts';

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
  /**
   * A solve still running this long after its thread took it is stopped, and the rota and its solve
   * run are marked failed with the reason. Default: twice the time budget plus 30 s (5 minutes
   * when only a move budget is set).
   */
  stopAfterMs?: number;
}

/** What a solve job carries: which solve, who asked, the seed. */
interface SolvePayload {
  readonly kind: 'generate' | 'replan';
  readonly actor: Actor;
  readonly seed?: number;
}
const SYSTEM_SOLVE_ACTOR: Actor = { tokenId: null, role: 'manager', name: 'system' };


export interface RotaServiceDeps {
  db: Db;
  runner: SolveRunner;
  now?: () => Date;
  solve?: SolveSettings;
  /** Unexpected failures inside background solves (the request that queued them has long returned). */
  logError?: (error: unknown, context: string) => void;
  /** Operator events: solves queued, started, finished or failed, and publishing (see event-log.ts). */
  log?: EventLogger;
}

export class RotaService {
  private readonly db: Db;
  private readonly runner: SolveRunner;
  private readonly settings: SolveSettings;
  private readonly core: RotaCore;
  private readonly log: EventLogger;
  /**
   * The job queue this process works (src/jobs/worker.ts): a solve is a job in the database, so any
   * process with solve threads may run it. Solves of one service run one after another (each reads
   * the history the previous may publish): the job's group is its service.
   */
  private queue?: { kick(): void; idle(): Promise<void> };
  /** Solves in flight: progress and time left for watchers, and the stop (solve-live.ts). */
  private readonly live = new SolveWatch();
  /** Whether this process runs solve jobs (an API process may leave them to workers). */
  private runsSolves = false;

  constructor(deps: RotaServiceDeps) {
    this.db = deps.db;
    this.runner = deps.runner;
    this.settings = deps.solve ?? { timeLimitMs: 10_000 };
    const logError = deps.logError ?? ((e, c) => console.error(c, e));
    this.core = new RotaCore(deps.db, new WeekCompiler(deps.db, deps.runner), deps.now ?? (() => new Date()), logError);
    this.log = deps.log ?? silentLog;
  }

  /** The shared lookups and judging, for the service layer's other parts (staff self-service). */
  get rotaCore(): RotaCore {
    return this.core;
  }

  /** The queue that runs this service's solve jobs (told when one is queued). */
  attachQueue(queue: { kick(): void; idle(): Promise<void> }): void {
    this.queue = queue;
  }

  /** Resolves when this process runs no solve and none it would take is due (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue?.idle();
  }

  /**
   * Marks rotas left queued or running with no solve job to run them (made before solves were jobs,
   * or by a process stopped between the two), and their solve runs, as failed, so nobody waits for
   * them forever. A solve whose process died is the queue's business (heartbeat, retry).
   */
  recoverInterrupted(): number {
    const error = 'the server stopped during the solve; re-plan to try again';
    const at = this.core.iso();
    return this.db.transaction(
      (tx) => {
        const stale = repo.unfinishedRotas(tx).filter((r) => !jobsRepo.liveJob(tx, 'solve', r.id));
        for (const r of stale) {
          repo.updateRota(tx, r.id, { status: 'failed', error, updatedAt: at });
          repo.failUnfinishedSolveRuns(tx, { error, finishedAt: at }, r.id);
        }
        return stale.length;
      },
      { behavior: 'immediate' },
    );
  }

  // ---------- generate and re-plan ----------

  create(actor: Actor, input: { serviceId: string; weekStart: string; seed?: number }): RotaSummary {
    this.core.loadFile(input.serviceId);
    checkWeekStart(input.weekStart);
    // Compiling waits for the background solve: it can take most of a second for a large organisation.
    const id = randomUUID();
    const at = this.core.iso();
    const job = { rotaId: id, serviceId: input.serviceId, kind: 'generate' as const, actor, seed: input.seed };
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
      recordAudit(tx, this.core.now(), {
        actor,
        action: 'rota.generate',
        entity: 'rota',
        entityId: id,
        serviceId: input.serviceId,
        details: { weekStart: input.weekStart, seed: input.seed ?? null },
      });
      this.queueSolve(tx, job);
    });
    this.queued(job, input.weekStart);
    return rotaSummary(this.core.mustGetRota(id));
  }

  replan(actor: Actor, rotaId: string, input: { reason?: string; seed?: number }): RotaSummary {
    const rota = this.core.mustGetRota(rotaId);
    this.core.assertNotSolving(rota);
    const job = { rotaId, serviceId: rota.serviceId, kind: 'replan' as const, actor, seed: input.seed };
    this.db.transaction((tx) => {
      // Checked again under the write lock: another process may have queued a solve meanwhile.
      this.core.assertNotSolving(repo.getRota(tx, rotaId) ?? rota);
      repo.updateRota(tx, rotaId, { status: 'queued', progress: null, error: null, updatedAt: this.core.iso() });
      recordAudit(tx, this.core.now(), {
        actor,
        action: 'rota.replan',
        entity: 'rota',
        entityId: rotaId,
        serviceId: rota.serviceId,
        reason: input.reason ?? null,
        details: { seed: input.seed ?? null },
      });
      this.queueSolve(tx, job);
    });
    this.queued(job, rota.weekStart);
    return rotaSummary(this.core.mustGetRota(rotaId));
  }

  /** The solve job, in the caller's transaction: the unique index refuses a second live solve of the rota. */
  private queueSolve(tx: Parameters<Parameters<Db['transaction']>[0]>[0], job: SolvePayload & { rotaId: string; serviceId: string }): void {
    const { rotaId, serviceId, ...payload } = job;
    jobsRepo.enqueueJob(tx, { kind: 'solve', key: rotaId, groupKey: serviceId, payload: { ...payload }, runAtMs: this.core.now().getTime() }, this.core.now().getTime());
  }

  private queued(job: SolvePayload & { rotaId: string; serviceId: string }, weekStart: string): void {
    logEvent(this.log, 'solve.queued', job.actor, { rotaId: job.rotaId, serviceId: job.serviceId, weekStart, kind: job.kind });
    // Watched (and stoppable, even while it waits) in the process that queued it, when this process
    // runs solves; a solve another process runs is watched there.
    if (this.runsSolves) this.live.begin(job.rotaId, job.kind);
    this.queue?.kick();
  }

  /**
   * The queue's handler for solve jobs: `concurrency` at once in this process (0 for an API process
   * that leaves solves to workers). A job whose process stopped answering is retried or failed by
   * the queue; its rota follows here.
   */
  solveJobHandler(concurrency: number): JobHandler {
    this.runsSolves = concurrency > 0;
    return {
      concurrency,
      run: (job, ctx) => this.runSolveJob(job, ctx),
      abandoned: (tx, job, outcome, reason) => {
        const at = this.core.iso();
        repo.failUnfinishedSolveRuns(tx, { error: reason, finishedAt: at }, job.key);
        if (outcome === 'retry') repo.updateRota(tx, job.key, { status: 'queued', progress: null, error: null, updatedAt: at });
        else repo.updateRota(tx, job.key, { status: 'failed', error: `${reason}; re-plan to try again`, updatedAt: at });
      },
      released: (tx, job, reason) => {
        const at = this.core.iso();
        repo.failUnfinishedSolveRuns(tx, { error: `${reason}; the solve is queued again`, finishedAt: at }, job.key);
        repo.updateRota(tx, job.key, { status: 'queued', progress: null, updatedAt: at });
      },
    };
  }

  private jobDeps(): SolveJobDeps {
    return { db: this.db, runner: this.runner, settings: this.settings, core: this.core, log: this.log, live: this.live };
  }

  private runSolveJob(job: jobsRepo.JobRow, ctx: JobContext): Promise<void> {
    const p = (job.payload ?? {}) as Partial<SolvePayload>;
    const kind = p.kind === 'replan' ? 'replan' : 'generate';
    const signal = this.live.signalOf(job.key) ?? this.live.begin(job.key, kind);
    return runSolve(this.jobDeps(), job.key, kind, p.actor ?? SYSTEM_SOLVE_ACTOR, signal, typeof p.seed === 'number' ? p.seed : undefined, job, ctx).finally(() =>
      this.live.end(job.key),
    );
  }

  // ---------- watching and stopping a solve ----------

  /** The rota's solve as it stands: best score so far and time left while it runs, else the stored result. */
  liveState(rotaId: string): LiveSolve {
    const row = this.core.mustGetRota(rotaId);
    return liveView(row, this.live.get(rotaId), this.live.stopOf(rotaId), this.settings);
  }

  /** Calls `listener` on every change of the rota's solve (queued, started, progress, stop, end); returns the unsubscribe. */
  watch(rotaId: string, listener: () => void): () => void {
    return this.live.subscribe(rotaId, listener);
  }

  /**
   * Ends the rota's solve early and keeps the best rota it has found so far (stored as any finished
   * solve, explained; a solve still waiting for its turn keeps its first construction). 409 when no
   * solve is queued or running.
   */
  stop(actor: Actor, rotaId: string, input: { reason?: string }): LiveSolve {
    stopSolve(this.core, this.live, actor, rotaId, input);
    return this.liveState(rotaId);
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
    for (const r of rows) if (repo.isStale(r)) this.core.refreshScore(r.id);
    return repo.listRotas(this.db, filter).map((r) => rotaSummary(r));
  }

  get(actor: Actor, rotaId: string): RotaView {
    let rota = this.core.mustGetRota(rotaId);
    if (actor.role !== 'worker') {
      if (repo.isStale(rota)) rota = this.core.refreshScore(rotaId) ?? rota;
      return this.view(rota);
    }
    // A worker sees a published rota of their own service, and in it only their own published places.
    if (rota.serviceId !== actor.serviceId || rota.publishedAt === null) throw new NotFoundError('rota', rotaId);
    const staff = this.core.staff(rota.serviceId);
    const mine = repo
      .listAssignments(this.db, rota.id)
      .filter((a) => a.staffId === actor.staffId && a.published)
      .map((r) => assignmentView(r, staff, (id) => slotLabel(rota, id), true));
    const mySlots = new Set(mine.map((a) => a.slotId));
    const myHours = mine.reduce((sum, a) => sum + a.workMinutes, 0);
    return {
      ...rotaSummary(rota),
      score: null,
      feasible: null,
      quality: null,
      headline: null,
      progress: null,
      error: null,
      warnings: [],
      slots: (rota.slots ?? []).filter((s) => mySlots.has(s.id)),
      roles: [],
      assignments: mine,
      hoursByStaff: mine.length > 0 ? [{ staffId: actor.staffId!, staffName: mine[0].staffName, places: mine.length, workMinutes: myHours }] : [],
      offered: [],
      unfilled: [],
      scoreByConstraint: [],
      solveRuns: [],
    };
  }

  /** A worker's own places: published ones and sessions offered to them awaiting their answer (my-places.ts). */
  myAssignments(actor: Actor): MyPlaceView[] {
    return myPlaces(this.core, actor);
  }

  // ---------- manual changes and publishing ----------

  addAssignment(actor: Actor, rotaId: string, input: ChangeInput & { slotId: string; roleId: string; staffId: string; pinned?: boolean }): AssignmentView {
    return this.viewOf(rotaId, addAssignment(this.core, actor, rotaId, input));
  }

  changeAssignment(actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput & { staffId: string }): AssignmentView {
    return this.viewOf(rotaId, changeAssignment(this.core, actor, rotaId, assignmentId, input));
  }

  removeAssignment(actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput): void {
    removeAssignment(this.core, actor, rotaId, assignmentId, input);
  }

  /** Several places changed as one (a move, a swap, a suggested move), or only checked (dryRun). */
  changePlaces(actor: Actor, rotaId: string, input: ChangesInput): Omit<ChangesOutcome, 'added'> & { added: AssignmentView[] } {
    const outcome = applyChanges(this.core, actor, rotaId, input);
    const rota = this.core.mustGetRota(rotaId);
    const staff = this.core.staff(rota.serviceId);
    return { ...outcome, added: outcome.added.map((r) => assignmentView(r, staff, (id) => slotLabel(rota, id))) };
  }

  setPinned(actor: Actor, rotaId: string, assignmentId: number, pinned: boolean, reason?: string): AssignmentView {
    return this.viewOf(rotaId, setPinned(this.core, actor, rotaId, assignmentId, pinned, reason));
  }

  publish(actor: Actor, rotaId: string, input: PublishInput): PublishResult {
    const result = publishRota(this.core, actor, rotaId, input);
    const p = result.publishing;
    logEvent(this.log, 'rota.published', actor, {
      rotaId,
      serviceId: result.serviceId,
      weekStart: result.weekStart,
      changed: p.changed,
      placesPublished: p.placesPublished,
      offersSent: p.offers.length,
    });
    // Publishing offers the bank places it proposed: the same line as offers sent by hand.
    if (p.offers.length > 0) {
      logEvent(this.log, 'offers.sent', actor, {
        rotaId,
        byPublish: true,
        offers: p.offers.map((o) => ({ offerId: o.offerId, places: o.places.length, offeredTo: o.offeredTo.length })),
        notSent: p.notSent.length,
      });
    }
    return result;
  }

  // ---------- helpers ----------

  /** Compiles the rota's week from the current service data, with history from the database. */
  compileFor(serviceId: string, weekStart: string): CompiledProblem {
    return this.core.weeks.compile(this.core.loadFile(serviceId), weekStart);
  }

  private viewOf(rotaId: string, row: repo.AssignmentRow): AssignmentView {
    const rota = this.core.mustGetRota(rotaId);
    return assignmentView(row, this.core.staff(rota.serviceId), (id) => slotLabel(rota, id));
  }

  /** The slots' demand as frozen at solve time; a rota never solved (made elsewhere) is compiled for it. */
  private demandOf(rota: repo.RotaRow): repo.RotaRow['slots'] {
    if (rota.slots) return rota.slots;
    try {
      return storedSlots(this.compileFor(rota.serviceId, rota.weekStart));
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) return [];
      throw error;
    }
  }

  private view(rota: repo.RotaRow): RotaView {
    const staff = this.core.staff(rota.serviceId);
    const names = new Map([...staff].map(([id, s]) => [id, s.name]));
    const rows = repo.listAssignments(this.db, rota.id);
    const offered = offeredPlaces(openOfferPlaces(this.db, rota.id), openInvitesOfRota(this.db, rota.id), staff);
    const roles = (loadServiceFile(this.db, rota.serviceId)?.roles ?? []).map((r) => ({ id: r.id, name: r.name }));
    const roleNames = new Map(roles.map((r) => [r.id, r.name]));
    const unfilled = unfilledView({ unfilled: rota.unfilled, slots: this.demandOf(rota) }, rows, offered, staff, roleNames);
    return {
      ...rotaSummary(rota),
      headline: rotaHeadline(rota, unfilled),
      progress: progressView(rota.progress, names),
      error: rota.error,
      slots: rota.slots ?? [],
      roles,
      warnings: rota.warnings ?? [],
      assignments: rows.map((r) => assignmentView(r, staff, (id) => slotLabel(rota, id))),
      hoursByStaff: hoursByStaff(rows, names),
      offered,
      unfilled,
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
