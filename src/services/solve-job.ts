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

export async function runSolve(d: SolveJobDeps, rotaId: string, kind: 'generate' | 'replan', actor: Actor, signal: AbortSignal, seedIn: number | undefined, job: jobsRepo.JobRow, ctx: JobContext): Promise<void> {
  const rota = repo.getRota(d.db, rotaId);
  if (!rota) return; // deleted with its service while queued
  /** Writes only while this process still holds the job (another may have taken it over). */
  const owned = (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => {
    if (!jobsRepo.ownsJob(tx, job.id, ctx.workerId)) throw new LostJobError();
  };
  const startedAt = d.core.iso();
  const t0 = performance.now();
  const about = { rotaId, serviceId: rota.serviceId, weekStart: rota.weekStart, kind };
  let runId: number | undefined;
  try {
    // Let the request that queued this solve answer first.
    await new Promise((resolve) => setImmediate(resolve));
    const { compiled, existing, keep, facts, problem, judged, initial, stabilityWeight, solveProblem, seed, options, inputHash } = await prepareSolve(d, rota, kind, seedIn);
    ctx.signal.throwIfAborted();
    runId = d.db.transaction((tx) => {
      owned(tx);
      const id = repo.insertSolveRun(tx, {
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
      repo.updateRota(tx, rotaId, {
        status: 'running',
        solveCount: rota.solveCount + 1,
        slots: storedSlots(compiled),
        warnings: [...compiled.warnings],
        updatedAt: d.core.iso(),
      });
      return id;
    }, { behavior: 'immediate' });
    logEvent(d.log, 'solve.started', actor, { ...about, seed, waitedSeconds: seconds(Date.parse(startedAt) - Date.parse(rota.updatedAt)) });
    d.live.started(rotaId);

    const result = await d.runner.run(
      solveProblem,
      options,
      (progress) => {
        if (ctx.signal.aborted) return;
        repo.updateRota(d.db, rotaId, { progress, updatedAt: d.core.iso() });
        d.live.progress(rotaId, progress);
      },
      // A stop ends the solve's time budget at once: it returns its best rota so far, stored as any other.
      { limitMs: solveLimitMs(d.settings), signal },
    );

    const durationMs = Math.round(performance.now() - t0);
    // The solve keeps clear of sessions offered and not answered; the rota is scored without them.
    // Its bound is about the solve's week: a re-plan's also counts the wish to keep places, so it
    // claims none.
    const offersOut = facts.busy.size > 0;
    const quality =
      stabilityWeight > 0
        ? REPLAN_QUALITY
        : offersOut
          ? { ...result.quality, note: [result.quality.note, 'the bound keeps workers clear of sessions offered to them and not answered yet'].filter(Boolean).join('; ') }
          : result.quality;
    const scored = { ...evaluate(judged, result.assignments), quality };
    ctx.signal.throwIfAborted();
    d.db.transaction((tx) => {
      owned(tx);
      storeResult(d.core, tx, {
        rotaId,
        serviceId: rota.serviceId,
        compiled,
        existing,
        kept: keep,
        carried: facts.carried,
        result: { ...result, ...scored },
        actor,
        stabilityWeight,
      });
      repo.updateSolveRun(tx, runId!, {
        status: 'done',
        finishedAt: d.core.iso(),
        durationMs,
        scoreHard: scored.score.hard,
        scoreSoft: scored.score.soft,
        moves: result.stats.moves,
        quality,
        stages: [...(result.stats.stages ?? [])],
      });
      jobsRepo.finishJob(tx, job.id, ctx.workerId, d.core.now().getTime());
    }, { behavior: 'immediate' });
    const stopped = d.live.stopOf(rotaId);
    logEvent(d.log, 'solve.finished', actor, {
      ...about,
      seconds: seconds(durationMs),
      score: scored.score,
      moves: result.stats.moves,
      ...(stopped ? { stoppedBy: stopped.by } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Another process took the job over, or this one is stopping: whoever holds it now writes.
    const stillOurs = d.db.transaction((tx) => {
      if (!jobsRepo.ownsJob(tx, job.id, ctx.workerId)) return false;
      if (runId !== undefined) {
        repo.updateSolveRun(tx, runId, {
          status: 'failed',
          finishedAt: d.core.iso(),
          durationMs: Math.round(performance.now() - t0),
          error: message,
        });
      }
      repo.updateRota(tx, rotaId, { status: 'failed', error: message, updatedAt: d.core.iso() });
      jobsRepo.failJob(tx, job.id, ctx.workerId, message, d.core.now().getTime());
      return true;
    }, { behavior: 'immediate' });
    if (!stillOurs) {
      logEvent(d.log, 'solve.handed-over', actor, { ...about, seconds: seconds(performance.now() - t0), reason: ctx.signal.aborted ? String((ctx.signal.reason as Error)?.message ?? ctx.signal.reason) : message });
      return;
    }
    logEvent(d.log, 'solve.failed', actor, { ...about, seconds: seconds(performance.now() - t0), error: message });
    if (!(error instanceof ConflictError) && !(error instanceof SolveLimitError)) d.core.logError(error, `solve of rota ${rotaId}`);
  }
}

