// What every rota operation shares: lookups that 404 or 409, the rota's week as its rules judge it
// now (compiled, with the fixed facts from outside it), and rescoring the stored score, analysis
// and unfilled list.
import type { Assignment, Problem, Worker as SolverWorker } from '../../solver/model.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow, RotaRow } from '../db/repositories/rota-repo.ts';
import { loadServiceFile, staffWithArchived } from '../db/repositories/service-file-repo.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { ServiceFile } from '../service-file/types.ts';
import { actorName, type Actor } from './actor.ts';
import { uncoveredMinimum } from './bank-places.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { readFixedFacts, withFixedFacts, type CarriedPlace } from './fixed-facts.ts';
import { knownPlaces, toAssignment } from './places.ts';
import { evaluate, explainShortPlaces } from './rota-rules.ts';
import { trimAnalysis } from './rota-views.ts';
import type { WeekCompiler } from './week-compiler.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** The rota's week as its rules judge it now, and its places. */
export interface Judged {
  readonly compiled: CompiledProblem;
  /** The compiled week with the fixed facts laid on (see fixed-facts.ts). */
  readonly problem: Problem;
  readonly rows: AssignmentRow[];
  readonly known: (a: AssignmentRow) => boolean;
  /** The rows that still fit the week, and the places carried in from another version of it, as solver places. */
  readonly current: Assignment[];
  /** Places held in another version of the week that this rota holds too but has not stored yet. */
  readonly carried: readonly CarriedPlace[];
}

export interface StaffInfo {
  readonly name: string;
  readonly kind: 'contracted' | 'bank';
}

export class RotaCore {
  constructor(
    readonly db: Db,
    readonly weeks: WeekCompiler,
    readonly now: () => Date,
    readonly logError: (error: unknown, context: string) => void,
  ) {}

  iso(): string {
    return this.now().toISOString();
  }

  loadFile(serviceId: string): ServiceFile {
    const file = loadServiceFile(this.db, serviceId);
    if (!file) throw new NotFoundError('service', serviceId);
    return file;
  }

  mustGetRota(id: string, db: Tx = this.db): RotaRow {
    const rota = repo.getRota(db, id);
    if (!rota) throw new NotFoundError('rota', id);
    return rota;
  }

  mustGetAssignment(rotaId: string, id: number): AssignmentRow {
    const row = repo.getAssignment(this.db, rotaId, id);
    if (!row) throw new NotFoundError(`assignment in rota ${rotaId}`, String(id));
    return row;
  }

  mustGetWorker(problem: Problem, staffId: string): SolverWorker {
    const worker = problem.workers.find((w) => w.id === staffId);
    if (!worker) throw new NotFoundError('staff member', staffId);
    return worker;
  }

  assertNotSolving(rota: RotaRow): void {
    if (rota.status === 'queued' || rota.status === 'running') {
      throw new ConflictError(`rota ${rota.id} is ${rota.status}; wait for the solve to finish`);
    }
  }

  assertEditable(rota: RotaRow): void {
    this.assertNotSolving(rota);
    if (!this.hasPlan(rota)) throw new ConflictError(`rota ${rota.id} failed before it had a plan; re-plan it first`);
  }

  /** A failed re-plan leaves the previous plan in place, still editable and publishable. */
  hasPlan(rota: RotaRow): boolean {
    return rota.status === 'done' || repo.listSolveRuns(this.db, rota.id).some((r) => r.status === 'done');
  }

  /** Everyone who may appear in a rota, archived staff included (their places are history). */
  staff(serviceId: string): Map<string, StaffInfo> {
    return staffWithArchived(this.db, serviceId);
  }

  staffNames(serviceId: string): Map<string, string> {
    return new Map([...this.staff(serviceId)].map(([id, s]) => [id, s.name]));
  }

  /** Judged with the current service data, the database's history and the facts from outside the rota. */
  judge(rota: RotaRow, db: Tx = this.db): Judged {
    const compiled = this.weeks.compile(this.loadFile(rota.serviceId), rota.weekStart);
    const rows = repo.listAssignments(db, rota.id);
    const facts = readFixedFacts(db, rota, compiled.problem, rows, { forSolve: false, nowMs: this.now().getTime() });
    const problem = withFixedFacts(compiled.problem, { ...facts, carried: [] });
    const known = knownPlaces(problem);
    const carried = facts.carried;
    const current = [...rows.filter(known).map(toAssignment), ...carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }))];
    return { compiled, problem, rows, known, current, carried };
  }

  /**
   * Score and explanations of the rota as it now stands: after a manual change, after places were
   * taken during a solve, and on the first read after an accepted offer (or an offer that closed)
   * marked the rota stale. `touch` is false for that read, which changes nothing the rota says.
   */
  rescore(tx: Tx, rotaId: string, touch = true): void {
    const rota = this.mustGetRota(rotaId, tx);
    const { compiled, problem, rows, known, current, carried } = this.judge(rota, tx);
    const { score, analysis } = evaluate(problem, current);
    // Only a held place covers: a minimum met by a proposal or an open offer is not met yet.
    const held = [...rows.filter((a) => known(a) && !a.proposed), ...carried];
    repo.updateRota(tx, rotaId, {
      scoreHard: score.hard,
      scoreSoft: score.soft,
      feasible: score.hard === 0 && uncoveredMinimum(compiled.problem.slots, held) === 0,
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
  refreshScore(rotaId: string): RotaRow | undefined {
    const rota = repo.getRota(this.db, rotaId);
    if (!rota || !repo.isStale(rota) || rota.status === 'queued' || rota.status === 'running' || !this.hasPlan(rota)) return undefined;
    try {
      // Synchronous on the one connection: no accept can land between the read and markScored.
      this.db.transaction((tx) => this.rescore(tx, rotaId, false));
    } catch (error) {
      // A rota that cannot be rescored (its service can no longer be compiled) still reads as stored.
      if (!(error instanceof ConflictError)) throw error;
      this.logError(error, `rescoring rota ${rotaId}`);
      return undefined;
    }
    return repo.getRota(this.db, rotaId);
  }
}

/** createdBy/updatedBy/publishedBy name the person, as the audit log does (one label, in actor.ts). */
export function actorLabel(actor: Actor): string {
  return actorName(actor);
}

/** Refuses a change that adds hard breaches unless the manager overrides (recorded by the caller). */
export function refuseUnlessOverridden(breaches: string[], override?: boolean): void {
  if (breaches.length > 0 && override !== true) throw new ConflictError(refusalText(breaches), { breaches });
}

/** The words a change that breaks hard rules is refused with (a dry run shows the same). */
export function refusalText(breaches: readonly string[]): string {
  return `this change breaks a hard rule: ${breaches.join('; ')}. Send "override": true to make it anyway.`;
}
