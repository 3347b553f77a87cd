// Several places changed as one: move a worker to another session (take them off one place, put
// them in another), swap two workers, or apply the move an unfilled place suggests. The change is
// judged whole, so a swap is not refused for the moment in between when both workers would hold
// both places. A dry run answers the same check without saving anything: the manager sees which
// hard rule a change breaks before making it, and overriding still needs a reason (recorded).
import type { Assignment } from '../../solver/model.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow } from '../db/repositories/rota-repo.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from './errors.ts';
import { toAssignment } from './places.ts';
import { actorLabel, refusalText, refuseUnlessOverridden, type RotaCore } from './rota-core.ts';
import { carriedPlaces, refuseCarried, releaseAccepted } from './rota-edits.ts';
import { newHardBreaches } from './rota-rules.ts';

export interface PlaceInput {
  slotId: string;
  roleId: string;
  staffId: string;
}

export interface ChangesInput {
  /** Places (assignment ids of this rota) to take their workers off. */
  remove?: number[];
  /** Places to put workers in. */
  add?: PlaceInput[];
  reason: string;
  override?: boolean;
  /** Check only: answer what the change would break, save nothing. */
  dryRun?: boolean;
}

export interface ChangesOutcome {
  dryRun: boolean;
  applied: boolean;
  /** Hard rules the change breaks, in words (made anyway when applied with override). */
  breaches: string[];
  /** What saving it without override is refused with; null when nothing hard is broken. */
  refusal: string | null;
  removed: number[];
  added: AssignmentRow[];
}

type Judged = ReturnType<RotaCore['judge']>;
type Added = Assignment & { slot: Judged['problem']['slots'][number]; bank: boolean };

export function applyChanges(core: RotaCore, actor: Actor, rotaId: string, input: ChangesInput): ChangesOutcome {
  const rota = core.mustGetRota(rotaId);
  core.assertEditable(rota);
  const removeIds = [...new Set(input.remove ?? [])];
  const adds = input.add ?? [];
  if (removeIds.length + adds.length === 0) {
    throw new BadRequestError('say what to change', [{ path: 'body', message: 'needs at least one place in remove or add' }]);
  }
  const removed = removeIds.map((id) => core.mustGetAssignment(rotaId, id));
  for (const row of removed) refuseCarried(core, rota, row);
  const ctx = core.judge(rota);
  const gone = new Set(removeIds);
  const staying = ctx.rows.filter((a) => !gone.has(a.id));
  const added = checkAdds(core, ctx, staying, adds, rotaId);
  const after: Assignment[] = [
    ...staying.filter(ctx.known).map(toAssignment),
    ...carriedPlaces(ctx.carried),
    ...added.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId })),
  ];
  const breaches = newHardBreaches(ctx.problem, ctx.current, after);
  const refusal = breaches.length > 0 ? refusalText(breaches) : null;
  if (input.dryRun) return { dryRun: true, applied: false, breaches, refusal, removed: [], added: [] };
  refuseUnlessOverridden(breaches, input.override);
  const rows = writeChanges(core, actor, rota, input, removed, added, breaches);
  return { dryRun: false, applied: true, breaches, refusal: null, removed: removeIds, added: rows };
}

/** The places to add, each checked: a real slot and role, a known worker, nobody twice on a session. */
function checkAdds(core: RotaCore, ctx: Judged, staying: readonly AssignmentRow[], adds: readonly PlaceInput[], rotaId: string): Added[] {
  const label = (slotId: string) => ctx.problem.slots.find((s) => s.id === slotId)?.label ?? slotId;
  const added: Added[] = [];
  adds.forEach((a, i) => {
    const slot = ctx.problem.slots.find((s) => s.id === a.slotId);
    if (!slot) throw new NotFoundError(`slot in rota ${rotaId}`, a.slotId);
    if (!slot.roles.some((r) => r.roleId === a.roleId)) {
      throw new BadRequestError(`slot "${a.slotId}" has no role "${a.roleId}"`, [
        { path: `body.add[${i}].roleId`, message: `one of ${slot.roles.map((r) => r.roleId).join(', ')}` },
      ]);
    }
    const worker = core.mustGetWorker(ctx.problem, a.staffId);
    const twice = staying.some((r) => r.slotId === a.slotId && r.staffId === a.staffId) || added.some((x) => x.slotId === a.slotId && x.workerId === a.staffId);
    if (twice) throw new ConflictError(`${worker.name} already works in ${label(a.slotId)}`);
    const held = ctx.carried.find((c) => c.slotId === a.slotId && c.workerId === a.staffId);
    if (held) throw new ConflictError(`${worker.name} already works in ${label(a.slotId)}: it is theirs in rota ${held.fromRotaId}, and so in this one`);
    added.push({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId, slot, bank: worker.kind === 'bank' });
  });
  return added;
}

/** Saves a checked change in one transaction: accepted offers of removed places released, new places pinned, audited. */
function writeChanges(
  core: RotaCore,
  actor: Actor,
  rota: ReturnType<RotaCore['mustGetRota']>,
  input: ChangesInput,
  removed: readonly AssignmentRow[],
  added: readonly Added[],
  breaches: string[],
): AssignmentRow[] {
  const at = core.iso();
  return core.db.transaction((tx) => {
    const cancelled = removed.map((row) => releaseAccepted(core, actor, row, `moved by the manager: ${input.reason}`)).filter((c) => c !== undefined);
    repo.deleteAssignments(tx, removed.map((r) => r.id));
    const inserted = added.map((a) =>
      repo.insertAssignment(tx, {
        rotaId: rota.id,
        serviceId: rota.serviceId,
        slotId: a.slotId,
        roleId: a.roleId,
        staffId: a.workerId,
        startMin: a.slot.startMin,
        endMin: a.slot.endMin,
        workMinutes: a.slot.workMinutes,
        // A manager's own choice stays put on re-plan unless they unpin it.
        pinned: true,
        source: 'manual',
        published: false,
        // A bank worker holds nothing until they accept: placed by hand, it is a proposal.
        proposed: a.bank,
        overridden: breaches.length > 0,
        note: input.reason,
        updatedAt: at,
        updatedBy: actorLabel(actor),
      }),
    );
    recordAudit(tx, core.now(), {
      actor,
      action: breaches.length > 0 ? 'rota.changes.override' : 'rota.changes',
      entity: 'rota',
      entityId: rota.id,
      serviceId: rota.serviceId,
      reason: input.reason,
      details: {
        removed: removed.map((r) => ({ assignmentId: r.id, slotId: r.slotId, roleId: r.roleId, staffId: r.staffId })),
        added: inserted.map((r) => ({ assignmentId: r.id, slotId: r.slotId, roleId: r.roleId, staffId: r.staffId })),
        overriddenBreaches: breaches,
        ...(cancelled.length > 0 ? { cancelledOffers: cancelled } : {}),
      },
    });
    if (removed.some((r) => r.published || r.source === 'offer')) repo.markNeighbourWeeksChanged(tx, rota.serviceId, rota.weekStart);
    core.rescore(tx, rota.id);
    return inserted;
  });
}
