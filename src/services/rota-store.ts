// Storing a solve's result: the rota's places (kept, carried in, and the solver's new ones), its
// score, analysis and unfilled list, and the audit entry.
import type { SolveResult, UnfilledPlace } from '../../solver/model.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow } from '../db/repositories/rota-repo.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { uncoveredMinimum } from './bank-places.ts';
import type { CarriedPlace } from './fixed-facts.ts';
import { placeKey, toAssignment } from './places.ts';
import type { RotaCore, Tx } from './rota-core.ts';
import { trimAnalysis } from './rota-views.ts';

export interface StoreInput {
  readonly rotaId: string;
  readonly serviceId: string;
  readonly compiled: CompiledProblem;
  /** Every place the rota had when the solve started, and the ones it kept (pinned, published). */
  readonly existing: readonly AssignmentRow[];
  readonly kept: readonly AssignmentRow[];
  /** Places of another version of the week carried in (pinned in the solve). */
  readonly carried: readonly CarriedPlace[];
  readonly result: SolveResult;
  readonly actor: Actor;
  readonly stabilityWeight: number;
}

export function storeResult(core: RotaCore, tx: Tx, input: StoreInput): void {
  const { rotaId, compiled, existing, kept, result } = input;
  const keptIds = new Set(kept.map((a) => a.id));
  repo.deleteAssignments(
    tx,
    existing.filter((a) => !keptIds.has(a.id)).map((a) => a.id),
  );
  // Places taken while the solve ran (e.g. an accepted bank offer) stay, and count against the demand.
  const staying = repo.listAssignments(tx, rotaId);
  const at = core.iso();
  insertSolvedPlaces(tx, input, staying, at);
  // Only a held place covers: a minimum met by a proposal (a bank worker's, until they accept) is not met yet.
  const held = repo.listAssignments(tx, rotaId).filter((a) => !a.proposed);
  repo.updateRota(tx, rotaId, {
    status: 'done',
    feasible: result.score.hard === 0 && uncoveredMinimum(compiled.problem.slots, held) === 0,
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
    core.rescore(tx, rotaId);
  }
  recordSolved(core, tx, input);
}

/**
 * Inserts the solver's places around the ones staying: a place already held is skipped, and so is one
 * that would put a worker twice on a session or a role past its maximum (a place taken while the solve
 * ran may have filled it).
 */
function insertSolvedPlaces(tx: Tx, input: StoreInput, staying: readonly AssignmentRow[], at: string): void {
  const { rotaId, serviceId, compiled, existing, carried, result } = input;
  const slots = new Map(compiled.problem.slots.map((s) => [s.id, s]));
  const bank = new Set(compiled.problem.workers.filter((w) => w.kind === 'bank').map((w) => w.id));
  const previous = new Map(existing.map((a) => [placeKey(toAssignment(a)), a]));
  const carriedByKey = new Map(carried.map((c) => [placeKey(c), c]));
  const keptPlaces = new Set(staying.map((a) => placeKey(toAssignment(a))));
  const inSlot = new Set(staying.map((a) => `${a.slotId}\u0000${a.staffId}`));
  const filled = new Map<string, number>();
  for (const a of staying) filled.set(`${a.slotId}\u0000${a.roleId}`, (filled.get(`${a.slotId}\u0000${a.roleId}`) ?? 0) + 1);
  // Written together at the end: a statement per place was most of a large week's storing time.
  const rows: repo.NewAssignment[] = [];
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
    const from = carriedByKey.get(key);
    const common = {
      rotaId,
      serviceId,
      slotId: a.slotId,
      roleId: a.roleId,
      staffId: a.workerId,
      startMin: slot.startMin,
      endMin: slot.endMin,
      workMinutes: slot.workMinutes,
      published: false,
      updatedAt: at,
    };
    if (from) {
      rows.push(carriedRow(common, from));
      continue;
    }
    rows.push({
      ...common,
      pinned: false,
      // A place the search left as it was keeps its origin (e.g. a manager's unpinned choice).
      source: before?.source ?? 'solver',
      // A bank worker holds nothing until they accept: the solver's (or manager's) choice is a proposal.
      proposed: bank.has(a.workerId),
      overridden: before?.overridden ?? false,
      note: before?.note ?? null,
      updatedBy: before ? before.updatedBy : 'solver',
    });
  }
  repo.insertAssignments(tx, rows);
}

function recordSolved(core: RotaCore, tx: Tx, input: StoreInput): void {
  const { rotaId, serviceId, carried, result, actor, stabilityWeight } = input;
  recordAudit(tx, core.now(), {
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
      ...(carried.length > 0 ? { carried: carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, staffId: c.workerId, fromRotaId: c.fromRotaId })) } : {}),
      ...(stabilityWeight > 0 ? { replanStabilityWeight: stabilityWeight } : {}),
    },
  });
}

/** The same booking as in another version of the week (the worker holds it there already), as stored in this rota. */
function carriedRow(common: Omit<repo.NewAssignment, 'pinned' | 'source' | 'updatedBy'>, from: CarriedPlace): repo.NewAssignment {
  return {
    ...common,
    pinned: true,
    source: from.source,
    proposed: false,
    overridden: false,
    note: `carried from rota ${from.fromRotaId}, where it is ${from.source === 'offer' ? 'accepted' : 'published'}`,
    updatedBy: 'solver',
  };
}

/** Stores the places a rota holds through another version of its week (publishing one makes them its own). */
export function storeCarried(core: RotaCore, tx: Tx, rota: { id: string; serviceId: string }, compiled: CompiledProblem, carried: readonly CarriedPlace[]): number {
  const slots = new Map(compiled.problem.slots.map((sl) => [sl.id, sl]));
  let stored = 0;
  for (const c of carried) {
    const slot = slots.get(c.slotId);
    if (!slot) continue;
    repo.insertAssignment(
      tx,
      carriedRow(
        {
          rotaId: rota.id,
          serviceId: rota.serviceId,
          slotId: c.slotId,
          roleId: c.roleId,
          staffId: c.workerId,
          startMin: slot.startMin,
          endMin: slot.endMin,
          workMinutes: slot.workMinutes,
          published: false,
          updatedAt: core.iso(),
        },
        c,
      ),
    );
    stored++;
  }
  return stored;
}
