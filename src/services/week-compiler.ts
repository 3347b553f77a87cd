// Compiles a service's week for the rota service: a small cache keyed by the service file's content,
// compiling off the request thread when the runner can, and the work each worker has published on
// both sides of the week (history before it, places already published after it) from the database,
// with each worker's fairness ledger of the twelve months before it (src/self-service/fairness-ledger.ts).
import { createHash } from 'node:crypto';
import type { Problem, Worker as SolverWorker, WorkHistory } from '../../solver/model.ts';
import type { Db } from '../db/client.ts';
import { canonicalJson } from '../db/repositories/canonical.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import { compileProblem, type CompiledProblem } from '../service-file/compile.ts';
import { nightAverageFor, showsNightWork } from '../service-file/night-workers.ts';
import { DEFAULT_RULES, DEFAULT_TIME_ZONE, type ServiceFile } from '../service-file/types.ts';
import { ConflictError } from './errors.ts';
import { withFairnessPriors } from '../self-service/fairness-ledger.ts';
import { DAY_MIN, followingFromShifts, historyFromShifts, WEEK_MIN } from './history.ts';
import { RecurrenceTimeLimitError } from '../time/recurrence.ts';
import { WorkerJobError, type SolveRunner } from './solve-runner.ts';

const COMPILE_CACHE_SIZE = 16;
/** Compiling a week in the worker thread past this is stopped (compiles take well under a second). */
export const COMPILE_LIMIT_MS = 30_000;
/** Days after a week read for work already published there (longer than any run of days a rule counts). */
const FOLLOWING_DAYS = 28;

export class WeekCompiler {
  /** Compiled weeks (compiling a large organisation takes most of a second), least recently used first. */
  private readonly compiled = new Map<string, CompiledProblem>();
  /** Weeks that could not be compiled, with why: a bad service fails at once on every later read. */
  private readonly failed = new Map<string, ConflictError>();

  constructor(
    private readonly db: Db,
    private readonly runner: SolveRunner,
  ) {}

  compile(file: ServiceFile, weekStart: string): CompiledProblem {
    const key = compileKey(file, weekStart);
    const compiled = this.cachedCompile(key) ?? this.remember(key, this.compileNow(key, file, weekStart, () => compileProblem(file, { weekStart })));
    return { ...compiled, problem: this.withPublishedWork(file, compiled.problem, weekStart) };
  }

  /** As compile(), but a week not yet compiled is compiled in the worker thread when the runner can. */
  async compileOffThread(file: ServiceFile, weekStart: string): Promise<CompiledProblem> {
    const key = compileKey(file, weekStart);
    let compiled = this.cachedCompile(key);
    if (!compiled) {
      const runner = this.runner;
      if (runner.compile) {
        try {
          compiled = await runner.compile(file, weekStart, { limitMs: COMPILE_LIMIT_MS });
        } catch (error) {
          // A thread that died, a runner that closed or a clock that ran out says nothing lasting about
          // the service: try again next time. The thread's own error (the week cannot be compiled) stays.
          const lasting = error instanceof WorkerJobError && error.errorClass !== RecurrenceTimeLimitError.name;
          throw lasting ? this.rememberFailure(key, file, weekStart, error) : conflict(file, weekStart, error);
        }
      } else {
        compiled = this.compileNow(key, file, weekStart, () => compileProblem(file, { weekStart }));
      }
      this.remember(key, compiled);
    }
    return { ...compiled, problem: this.withPublishedWork(file, compiled.problem, weekStart) };
  }

  private compileNow(key: string, file: ServiceFile, weekStart: string, compile: () => CompiledProblem): CompiledProblem {
    try {
      return compile();
    } catch (error) {
      // A compile stopped by the clock might finish on a quieter machine: not remembered.
      throw error instanceof RecurrenceTimeLimitError ? conflict(file, weekStart, error) : this.rememberFailure(key, file, weekStart, error);
    }
  }

  private rememberFailure(key: string, file: ServiceFile, weekStart: string, error: unknown): ConflictError {
    const failure = conflict(file, weekStart, error);
    if (this.failed.size >= COMPILE_CACHE_SIZE) this.failed.delete(this.failed.keys().next().value!);
    this.failed.set(key, failure);
    return failure;
  }

  /** A compiled week, or the error compiling it gave (thrown again), or undefined when not tried yet. */
  private cachedCompile(key: string): CompiledProblem | undefined {
    const failure = this.failed.get(key);
    if (failure) throw failure;
    const hit = this.compiled.get(key);
    if (hit) {
      this.compiled.delete(key); // re-insert below: most recently used last
      this.compiled.set(key, hit);
    }
    return hit;
  }

  private remember(key: string, compiled: CompiledProblem): CompiledProblem {
    if (this.compiled.size >= COMPILE_CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, compiled);
    return compiled;
  }

  /**
   * Published work on both sides of the week: each worker's history from the weeks before it (where
   * the database records any) and what is already published after it (a later week published first).
   */
  private withPublishedWork(file: ServiceFile, problem: Problem, weekStart: string): Problem {
    // Fairness balances against the ledger: each worker's counts of the twelve months before the week.
    return withFairnessPriors(this.db, file, this.withFollowing(file, this.withHistory(file, problem, weekStart)));
  }

  /**
   * Sets each worker's work fixed after the horizon from the published places that start in the
   * FOLLOWING_DAYS after it (enough for the runs of days any rule counts). Published places only, the
   * same as history reads: an accepted offer counts once its rota is published (the accept itself
   * checks the worker's places in the weeks either side, published or not).
   */
  private withFollowing(file: ServiceFile, problem: Problem): Problem {
    if (problem.days.length === 0) return problem;
    const horizonEnd = problem.days[problem.days.length - 1].endMin;
    const shifts = repo.publishedAssignmentsBetween(this.db, file.organisation.id, horizonEnd, horizonEnd + FOLLOWING_DAYS * DAY_MIN);
    if (shifts.length === 0) return problem;
    const following = followingFromShifts(shifts, horizonEnd);
    return {
      ...problem,
      workers: problem.workers.map((w) => {
        const next = following.get(w.id);
        return next ? { ...w, following: next } : w;
      }),
    };
  }

  /** Replaces each worker's history with what the database records, where it records anything. */
  private withHistory(file: ServiceFile, problem: Problem, weekStart: string): Problem {
    if (problem.days.length === 0) return problem;
    const weeksBack = (file.rules?.averageReferenceWeeks ?? DEFAULT_RULES.averageReferenceWeeks) - 1;
    if (weeksBack <= 0) return problem;
    const horizonStart = problem.days[0].startMin;
    const published = repo
      .listRotas(this.db, { serviceId: file.organisation.id, publishedOnly: true })
      .map((r) => r.weekStart)
      .filter((w) => w < weekStart && daysBetween(w, weekStart) <= weeksBack * 7);
    if (published.length === 0) return problem;
    const earliest = published.reduce((a, b) => (a < b ? a : b));
    const firstKnown = horizonStart - Math.ceil(daysBetween(earliest, weekStart) / 7) * WEEK_MIN;
    const shifts = repo.publishedAssignmentsBetween(this.db, file.organisation.id, horizonStart - weeksBack * WEEK_MIN, horizonStart);
    const history = historyFromShifts(shifts, horizonStart, weeksBack, firstKnown);
    const knownWeeks = Math.min(weeksBack, Math.ceil((horizonStart - firstKnown) / WEEK_MIN));
    const nightFlags = new Map(file.staff.map((s) => [s.id, s.nightWorker]));
    const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
    const rules = { ...DEFAULT_RULES, ...(file.rules ?? {}) };
    const workers: SolverWorker[] = problem.workers.map((w) => {
      const recorded = history.get(w.id) ?? {
        minutesByWeek: new Array<number>(knownWeeks).fill(0),
        consecutiveDaysWorked: 0,
        consecutiveDaysOff: knownWeeks * 7,
      };
      // Weeks the file states (w.history, compiled from it) come before the first week the database knows.
      const older = w.history?.minutesByWeek ?? [];
      const merged: WorkHistory = {
        ...recorded,
        minutesByWeek: [...older, ...recorded.minutesByWeek].slice(-weeksBack),
        ...(recorded.lastShiftEndMin === undefined && w.history?.lastShiftEndMin !== undefined
          ? { lastShiftEndMin: w.history.lastShiftEndMin }
          : {}),
      };
      // A night worker without a flag is one whose recorded shifts show night work as a normal course.
      let nightAverage = w.nightAverage;
      if (nightFlags.get(w.id) === undefined) {
        const mine = shifts.filter((s) => s.staffId === w.id && s.startMin < horizonStart);
        nightAverage = showsNightWork(mine, zone) ? nightAverageFor(rules.weeklyRestMinutes, rules.averageReferenceWeeks) : undefined;
      }
      const { nightAverage: _was, ...rest } = w;
      return { ...rest, history: merged, ...(nightAverage ? { nightAverage } : {}) };
    });
    return { ...problem, workers };
  }
}

function conflict(file: ServiceFile, weekStart: string, error: unknown): ConflictError {
  return new ConflictError(`service ${file.organisation.id} cannot be planned for ${weekStart}: ${(error as Error).message}`);
}

/** Compiled weeks are keyed by the service file's content, so any change to the service compiles afresh. */
function compileKey(file: ServiceFile, weekStart: string): string {
  return createHash('sha256').update(canonicalJson(file)).update(`\u0000${weekStart}`).digest('hex');
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
