// Rotas: generate (solve in a worker thread), read, adjust by hand, pin, re-plan and publish.
// The one place that joins the database, the service-file compiler and the solver; the work is in
// rota-core (shared lookups, judging and rescoring), solve-requests (queueing a solve), solve-job
// (one solve), rota-store (storing it), rota-read (the list and the views), rota-edits, rota-publish,
// fixed-facts (what comes from outside the rota) and bank-places (bank states).
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { Actor } from './actor.ts';
import { logEvent, silentLog, type EventLogger } from './event-log.ts';
import { RotaCore } from './rota-core.ts';
import { addAssignment, changeAssignment, removeAssignment, setPinned, type ChangeInput } from './rota-edits.ts';
import { publishRota, type PublishInput, type PublishResult } from './rota-publish.ts';
import { applyChanges, type ChangesInput, type ChangesOutcome } from './rota-changes.ts';
import { myPlaces } from './my-places.ts';
import { listRotas, rotaFor } from './rota-read.ts';
import { assignmentView, rotaSummary, slotLabel, type AssignmentView, type MyPlaceView, type RotaSummary, type RotaView } from './rota-views.ts';
import { liveView, SolveWatch, type LiveSolve } from './solve-live.ts';
import { stopSolve } from './rota-stop.ts';
import type { SolveRunner } from './solve-runner.ts';
import * as jobsRepo from '../jobs/repository.ts';
import type { JobContext, JobHandler } from '../jobs/worker.ts';
import { WeekCompiler } from './week-compiler.ts';
import { runSolve, type SolveJobDeps } from './solve-job.ts';
import { queueGenerate, queueReplan, solveAbandoned, solvePayloadOf, solveReleased, type QueuedSolve } from './solve-requests.ts';

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
    const { job, weekStart } = queueGenerate(this.core, actor, input);
    this.queued(job, weekStart);
    return rotaSummary(this.core.mustGetRota(job.rotaId));
  }

  replan(actor: Actor, rotaId: string, input: { reason?: string; seed?: number }): RotaSummary {
    const { job, weekStart } = queueReplan(this.core, actor, rotaId, input);
    this.queued(job, weekStart);
    return rotaSummary(this.core.mustGetRota(rotaId));
  }

  private queued(job: QueuedSolve, weekStart: string): void {
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
      abandoned: solveAbandoned(this.core),
      released: solveReleased(this.core),
    };
  }

  private jobDeps(): SolveJobDeps {
    return { db: this.db, runner: this.runner, settings: this.settings, core: this.core, log: this.log, live: this.live };
  }

  private runSolveJob(job: jobsRepo.JobRow, ctx: JobContext): Promise<void> {
    const p = solvePayloadOf(job);
    const signal = this.live.signalOf(job.key) ?? this.live.begin(job.key, p.kind);
    return runSolve(this.jobDeps(), job.key, p.kind, p.actor, signal, p.seed, job, ctx).finally(() => this.live.end(job.key));
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
    return listRotas(this.core, actor, filter);
  }

  get(actor: Actor, rotaId: string): RotaView {
    return rotaFor(this.core, actor, rotaId);
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
}
