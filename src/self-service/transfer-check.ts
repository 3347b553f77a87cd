// "Every hard rule for both workers at that moment": a swap or give-away moves published places
// between workers. Each rota involved is judged as it stands now (its week compiled from the current
// service data, with the fixed facts from the service's other rotas and each worker's fairness
// ledger, as every edit is judged) with the places moved and without, and the hard breaches the move
// adds are attributed to the worker they name, in words; the soft change is the rotas' soft score
// change. A colleague's breaches are shown to a worker by rule only: never their leave or its reason.
import type { Assignment, Problem, Violation } from '../../solver/model.ts';
import { getConstraint } from '../../solver/constraints/index.ts';
import type { AssignmentRow } from '../db/repositories/rota-repo.ts';
import { NotFoundError } from '../services/errors.ts';
import { toAssignment } from '../services/places.ts';
import type { RotaCore, Tx } from '../services/rota-core.ts';
import { evaluate } from '../services/rota-rules.ts';

/** One published place to hand to another worker. */
export interface Transfer {
  readonly rotaId: string;
  readonly assignmentId: number;
  readonly toStaffId: string;
}

export interface Breach {
  readonly constraintId: string;
  /** The rule's words as a manager reads them (may name leave, sickness, an expired approval...). */
  readonly message: string;
  /** What another worker may read: the rule only, availability as "not available then". */
  readonly publicMessage: string;
}

export interface TransferCheck {
  /** No hard rule breaks for anyone. */
  readonly ok: boolean;
  /** New hard breaches per worker named by them. */
  readonly byWorker: ReadonlyMap<string, readonly Breach[]>;
  /** New hard breaches naming no worker (a session's cover). */
  readonly other: readonly Breach[];
  /** Soft score change of the rotas (negative: better). */
  readonly softDelta: number;
}

/**
 * Judges the transfers together (a swap is two). Throws NotFound when a place is no longer in its
 * rota; callers check holders, publication and start times first.
 */
export function checkTransfers(core: RotaCore, transfers: readonly Transfer[], tx: Tx = core.db): TransferCheck {
  const byWorker = new Map<string, Breach[]>();
  const other: Breach[] = [];
  let softDelta = 0;
  for (const rotaId of [...new Set(transfers.map((t) => t.rotaId))]) {
    const rota = core.mustGetRota(rotaId, tx);
    const judged = core.judge(rota, tx);
    const moves = new Map(transfers.filter((t) => t.rotaId === rotaId).map((t) => [t.assignmentId, t.toStaffId]));
    for (const id of moves.keys()) {
      const row = judged.rows.find((r) => r.id === id);
      if (!row || !judged.known(row)) throw new NotFoundError(`place in rota ${rotaId}`, String(id));
    }
    const carried: Assignment[] = judged.carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }));
    const kept = judged.rows.filter(judged.known);
    const before = [...kept.map(toAssignment), ...carried];
    const after = [...kept.map((r) => moved(r, moves.get(r.id))), ...carried];
    const was = evaluate(judged.problem, before);
    const now = evaluate(judged.problem, after);
    softDelta += now.score.soft - was.score.soft;
    for (const v of addedHard(was.analysis, now.analysis)) {
      const b = breachOf(judged.problem, v);
      if (v.workerId) byWorker.set(v.workerId, [...(byWorker.get(v.workerId) ?? []), b]);
      else other.push(b);
    }
  }
  const ok = other.length === 0 && [...byWorker.values()].every((l) => l.length === 0);
  return { ok, byWorker, other, softDelta };
}

function moved(row: AssignmentRow, to: string | undefined): Assignment {
  const a = toAssignment(row);
  return to === undefined ? a : { ...a, workerId: to };
}

type Analysis = ReturnType<typeof evaluate>['analysis'];

/** Hard violations in `after` beyond those in `before` (a multiset difference by rule and words). */
function addedHard(before: Analysis, after: Analysis): Violation[] {
  const key = (v: Violation) => `${v.constraintId}\u0000${v.workerId ?? ''}\u0000${v.message}`;
  const seen = new Map<string, number>();
  for (const c of before) if (c.level === 'hard') for (const v of c.matches) seen.set(key(v), (seen.get(key(v)) ?? 0) + 1);
  const added: Violation[] = [];
  for (const c of after) {
    if (c.level !== 'hard') continue;
    for (const v of c.matches) {
      const n = seen.get(key(v)) ?? 0;
      if (n > 0) seen.set(key(v), n - 1);
      else added.push(v);
    }
  }
  return added;
}

const PRIVATE_RULES = new Set(['availability.unavailable', 'availability.window']);

function breachOf(problem: Problem, v: Violation): Breach {
  const worker = v.workerId ? problem.workers.find((w) => w.id === v.workerId) : undefined;
  const slot = v.slotId ? problem.slots.find((s) => s.id === v.slotId) : undefined;
  const who = worker ? `${worker.name}: ` : '';
  const rule = PRIVATE_RULES.has(v.constraintId)
    ? `not available at the time of ${slot?.label ?? 'the session'}`
    : getConstraint(v.constraintId).name.replace(/^./, (c) => c.toLowerCase());
  return { constraintId: v.constraintId, message: v.message, publicMessage: `${who}${PRIVATE_RULES.has(v.constraintId) ? rule : `breaks the rule "${rule}"`}` };
}

/** The breaches as `viewer` may read them: their own in full, anyone else's by rule only. */
export function wordsFor(check: TransferCheck, viewer: string | 'manager'): string[] {
  const out: string[] = [];
  for (const [staffId, list] of check.byWorker) {
    for (const b of list) out.push(viewer === 'manager' || viewer === staffId ? b.message : b.publicMessage);
  }
  for (const b of check.other) out.push(viewer === 'manager' ? b.message : b.publicMessage);
  return out;
}
