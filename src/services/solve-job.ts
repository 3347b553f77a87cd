// One solve job, run where the job queue hands it: compile the week, solve off the thread, store the
// result only while this process still holds the job (another may have taken it over).

import { createHash, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/client.ts';
import { canonicalJson } from '../db/repositories/canonical.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import * as jobsRepo from '../jobs/repository.ts';
import type { JobContext } from '../jobs/worker.ts';
import type { Actor } from './actor.ts';
import { ConflictError } from './errors.ts';
import { logEvent, seconds, type EventLogger } from './event-log.ts';
import { readFixedFacts, withFixedFacts } from './fixed-facts.ts';
import { dedupePlaces, knownPlaces, toAssignment, withStability } from './places.ts';
import { actorLabel, type RotaCore } from './rota-core.ts';
import { evaluate } from './rota-rules.ts';
import { storeResult } from './rota-store.ts';
import { storedSlots } from './rota-views.ts';
import type { SolveWatch } from './solve-live.ts';
import { SolveLimitError, type SolveRunner, type WorkerSolveOptions } from './solve-runner.ts';
import type { SolveSettings } from './rota-service.ts';
import type { SolveResult } from '../../solver/model.ts';

/** What a solve job needs of the rota service. */
export interface SolveJobDeps {
  readonly db: Db;
  readonly runner: SolveRunner;
  readonly settings: SolveSettings;
  readonly core: RotaCore;
  readonly log: EventLogger;
  readonly live: SolveWatch;
}

const DEFAULT_STABILITY_WEIGHT = 50;

/** A re-plan's solve minimises changes too, so its bound is not a bound on the service's own score. */
const REPLAN_QUALITY = {
  status: 'no-bound' as const,
  note: 'a re-plan also keeps changes small, so its bound is not a bound on the service score; generate the week again for one',
};

/** This process no longer holds the solve's job: its result is not written. */
class LostJobError extends Error {
  constructor() {
    super('another process holds this solve now');
  }
}
/** The hard stop of one solve (see SolveSettings.stopAfterMs). */
function solveLimitMs(settings: SolveSettings): number {
  if (settings.stopAfterMs !== undefined) return settings.stopAfterMs;
  return settings.timeLimitMs !== undefined ? 2 * settings.timeLimitMs + 30_000 : 300_000;
}

/** The solve's problem and options: fixed places and outside facts read, the week compiled off the thread. */
async function prepareSolve(d: SolveJobDeps, rota: repo.RotaRow, kind: 'generate' | 'replan', seedIn: number | undefined) {
  const file = d.core.loadFile(rota.serviceId);
  const compiled = await d.core.weeks.compileOffThread(file, rota.weekStart);
  const existing = repo.listAssignments(d.db, rota.id);
  const known = knownPlaces(compiled.problem);
  // Pinned, published and accepted places are fixed; the rest is where the search starts, so it moves little.
  // A published place stays even when its worker is no longer planned (archived): it is history.
  const keep = existing.filter((a) => a.published || ((a.pinned || a.source === 'offer') && known(a)));
  const base = { ...compiled.problem, pinned: dedupePlaces(keep.filter(known).map(toAssignment)) };
  const nowMs = d.core.now().getTime();
  const facts = readFixedFacts(d.db, rota, compiled.problem, existing, { forSolve: true, nowMs });
  const problem = withFixedFacts(base, facts);
  // The rota is scored as the rules judge it (an unanswered offer steers the search only).
  const judged = withFixedFacts(base, readFixedFacts(d.db, rota, compiled.problem, existing, { forSolve: false, nowMs }));
  const initial = dedupePlaces(existing.filter(known).map(toAssignment));
  const stabilityWeight = kind === 'replan' ? (d.settings.replanStabilityWeight ?? DEFAULT_STABILITY_WEIGHT) : 0;
  const solveProblem = withStability(problem, initial, stabilityWeight);
  const seed = seedIn ?? randomInt(1, 2 ** 31 - 1);
  const options: WorkerSolveOptions = {
    seed,
    ...(d.settings.timeLimitMs !== undefined ? { timeLimitMs: d.settings.timeLimitMs } : {}),
    ...(d.settings.maxMoves !== undefined ? { maxMoves: d.settings.maxMoves } : {}),
    ...(kind === 'replan' && initial.length > 0 ? { initial } : {}),
    exactStages: d.settings.exactStages ?? true,
  };
  const inputHash = createHash('sha256').update(canonicalJson({ problem: solveProblem, options })).digest('hex');
  return { compiled, existing, keep, facts, problem, judged, initial, stabilityWeight, solveProblem, seed, options, inputHash };
}

type Prepared = Awaited<ReturnType<typeof prepareSolve>>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** One attempt at a solve job by this process: what every stage of it reads. */
interface Attempt {
  readonly d: SolveJobDeps;
  readonly rota: repo.RotaRow;
  readonly kind: 'generate' | 'replan';
  readonly actor: Actor;
  readonly job: jobsRepo.JobRow;
  readonly ctx: JobContext;
  readonly startedAt: string;
  /** performance.now() at the start, for durations. */
  readonly t0: number;
  /** What every event of this solve says about it. */
  readonly about: { rotaId: string; serviceId: string; weekStart: string; kind: 'generate' | 'replan' };
}

export async function runSolve(d: SolveJobDeps, rotaId: string, kind: 'generate' | 'replan', actor: Actor, signal: AbortSignal, seedIn: number | undefined, job: jobsRepo.JobRow, ctx: JobContext): Promise<void> {
  const rota = repo.getRota(d.db, rotaId);
  if (!rota) return; // deleted with its service while queued
  const a: Attempt = {
    d,
    rota,
    kind,
    actor,
    job,
    ctx,
    startedAt: d.core.iso(),
    t0: performance.now(),
    about: { rotaId, serviceId: rota.serviceId, weekStart: rota.weekStart, kind },
  };
  let runId: number | undefined;
  try {
    // Let the request that queued this solve answer first.
    await new Promise((resolve) => setImmediate(resolve));
    const prepared = await prepareSolve(d, rota, kind, seedIn);
    ctx.signal.throwIfAborted();
    runId = markRunning(a, prepared);
    const result = await solveOffThread(a, prepared, signal);
    const durationMs = Math.round(performance.now() - a.t0);
    const scored = scoreResult(prepared, result);
    ctx.signal.throwIfAborted();
    storeSolved(a, prepared, runId, result, scored, durationMs);
  } catch (error) {
    recordFailure(a, runId, error);
  }
}

/** Writes only while this process still holds the job (another may have taken it over). */
function assertOwned(a: Attempt, tx: Tx): void {
  if (!jobsRepo.ownsJob(tx, a.job.id, a.ctx.workerId)) throw new LostJobError();
}

/** Records the solve run and marks the rota running with the week's slots; returns the run's id. */
function markRunning(a: Attempt, p: Prepared): number {
  const { d, rota, kind } = a;
  const runId = d.db.transaction((tx) => {
    assertOwned(a, tx);
    const id = repo.insertSolveRun(tx, {
      rotaId: rota.id,
      kind,
      inputHash: p.inputHash,
      seed: p.seed,
      weights: p.problem.weights ? { ...p.problem.weights } : null,
      timeLimitMs: p.options.timeLimitMs ?? null,
      maxMoves: p.options.maxMoves ?? null,
      status: 'running',
      startedAt: a.startedAt,
      requestedBy: actorLabel(a.actor),
    });
    repo.updateRota(tx, rota.id, {
      status: 'running',
      solveCount: rota.solveCount + 1,
      slots: storedSlots(p.compiled),
      warnings: [...p.compiled.warnings],
      updatedAt: d.core.iso(),
    });
    return id;
  }, { behavior: 'immediate' });
  logEvent(d.log, 'solve.started', a.actor, { ...a.about, seed: p.seed, waitedSeconds: seconds(Date.parse(a.startedAt) - Date.parse(rota.updatedAt)) });
  d.live.started(rota.id);
  return runId;
}

/** Runs the solve on a thread, passing its progress to the rota and to whoever watches it live. */
function solveOffThread(a: Attempt, p: Prepared, signal: AbortSignal): Promise<SolveResult> {
  const { d, ctx } = a;
  const rotaId = a.rota.id;
  return d.runner.run(
    p.solveProblem,
    p.options,
    (progress) => {
      if (ctx.signal.aborted) return;
      repo.updateRota(d.db, rotaId, { progress, updatedAt: d.core.iso() });
      d.live.progress(rotaId, progress);
    },
    // A stop ends the solve's time budget at once: it returns its best rota so far, stored as any other.
    { limitMs: solveLimitMs(d.settings), signal },
  );
}

/**
 * The rota scored as the rules judge it, with the quality it may claim. The solve keeps clear of
 * sessions offered and not answered; the rota is scored without them. Its bound is about the solve's
 * week: a re-plan's also counts the wish to keep places, so it claims none.
 */
function scoreResult(p: Prepared, result: SolveResult) {
  const offersOut = p.facts.busy.size > 0;
  const quality =
    p.stabilityWeight > 0
      ? REPLAN_QUALITY
      : offersOut
        ? { ...result.quality, note: [result.quality.note, 'the bound keeps workers clear of sessions offered to them and not answered yet'].filter(Boolean).join('; ') }
        : result.quality;
  return { ...evaluate(p.judged, result.assignments), quality };
}

/** Stores the rota, closes the solve run and the job in one transaction, then says so in the log. */
function storeSolved(a: Attempt, p: Prepared, runId: number, result: SolveResult, scored: ReturnType<typeof scoreResult>, durationMs: number): void {
  const { d, rota, ctx } = a;
  d.db.transaction((tx) => {
    assertOwned(a, tx);
    storeResult(d.core, tx, {
      rotaId: rota.id,
      serviceId: rota.serviceId,
      compiled: p.compiled,
      existing: p.existing,
      kept: p.keep,
      carried: p.facts.carried,
      result: { ...result, ...scored },
      actor: a.actor,
      stabilityWeight: p.stabilityWeight,
    });
    repo.updateSolveRun(tx, runId, {
      status: 'done',
      finishedAt: d.core.iso(),
      durationMs,
      scoreHard: scored.score.hard,
      scoreSoft: scored.score.soft,
      moves: result.stats.moves,
      quality: scored.quality,
      stages: [...(result.stats.stages ?? [])],
    });
    jobsRepo.finishJob(tx, a.job.id, ctx.workerId, d.core.now().getTime());
  }, { behavior: 'immediate' });
  const stopped = d.live.stopOf(rota.id);
  logEvent(d.log, 'solve.finished', a.actor, {
    ...a.about,
    seconds: seconds(durationMs),
    score: scored.score,
    moves: result.stats.moves,
    ...(stopped ? { stoppedBy: stopped.by } : {}),
  });
}

/**
 * Marks the run, the rota and the job failed, if this process still holds the job. Another process
 * took the job over, or this one is stopping: whoever holds it now writes.
 */
function recordFailure(a: Attempt, runId: number | undefined, error: unknown): void {
  const { d, ctx, job } = a;
  const rotaId = a.rota.id;
  const message = error instanceof Error ? error.message : String(error);
  const stillOurs = d.db.transaction((tx) => {
    if (!jobsRepo.ownsJob(tx, job.id, ctx.workerId)) return false;
    if (runId !== undefined) {
      repo.updateSolveRun(tx, runId, {
        status: 'failed',
        finishedAt: d.core.iso(),
        durationMs: Math.round(performance.now() - a.t0),
        error: message,
      });
    }
    repo.updateRota(tx, rotaId, { status: 'failed', error: message, updatedAt: d.core.iso() });
    jobsRepo.failJob(tx, job.id, ctx.workerId, message, d.core.now().getTime());
    return true;
  }, { behavior: 'immediate' });
  if (!stillOurs) {
    logEvent(d.log, 'solve.handed-over', a.actor, { ...a.about, seconds: seconds(performance.now() - a.t0), reason: ctx.signal.aborted ? String((ctx.signal.reason as Error)?.message ?? ctx.signal.reason) : message });
    return;
  }
  logEvent(d.log, 'solve.failed', a.actor, { ...a.about, seconds: seconds(performance.now() - a.t0), error: message });
  if (!(error instanceof ConflictError) && !(error instanceof SolveLimitError)) d.core.logError(error, `solve of rota ${rotaId}`);
}
