// A manager's changes by hand: add, give to another worker, remove, pin. Each is judged against the
// rota's week with its fixed facts (a worker already booked elsewhere, places under offer): a hard
// breach is refused with the rule in words unless overridden (recorded). A bank worker placed by
// hand is proposed, like the solver's choice: nothing is theirs until they accept an offer.
import type { Assignment } from '../../solver/model.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import type { AssignmentRow, RotaRow } from '../db/repositories/rota-repo.ts';
import { notifyRotaPublished } from '../notifications/hooks.ts';
import { cancelAcceptedPlace } from '../offers/answer.ts';
import { fillOfAssignment } from '../offers/repository.ts';
import { actorName, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from './errors.ts';
import type { CarriedPlace } from './fixed-facts.ts';
import { toAssignment } from './places.ts';
import { actorLabel, refuseUnlessOverridden, type RotaCore } from './rota-core.ts';
import { newHardBreaches } from './rota-rules.ts';

export interface ChangeInput {
  reason: string;
  override?: boolean;
}

export function addAssignment(
  core: RotaCore,
  actor: Actor,
  rotaId: string,
  input: ChangeInput & { slotId: string; roleId: string; staffId: string; pinned?: boolean },
): AssignmentRow {
  const rota = core.mustGetRota(rotaId);
  core.assertEditable(rota);
  const ctx = core.judge(rota);
  const slot = ctx.problem.slots.find((s) => s.id === input.slotId);
  if (!slot) throw new NotFoundError(`slot in rota ${rotaId}`, input.slotId);
  if (!slot.roles.some((r) => r.roleId === input.roleId)) {
    throw new BadRequestError(`slot "${input.slotId}" has no role "${input.roleId}"`, [
      { path: 'body.roleId', message: `one of ${slot.roles.map((r) => r.roleId).join(', ')}` },
    ]);
  }
  const worker = core.mustGetWorker(ctx.problem, input.staffId);
  if (ctx.rows.some((a) => a.slotId === input.slotId && a.staffId === input.staffId)) {
    throw new ConflictError(`${input.staffId} already works in ${slot.label}`);
  }
  const held = ctx.carried.find((c) => c.slotId === input.slotId && c.workerId === input.staffId);
  if (held) throw new ConflictError(`${input.staffId} already works in ${slot.label}: it is theirs in rota ${held.fromRotaId}, and so in this one`);
  const next: Assignment = { slotId: input.slotId, roleId: input.roleId, workerId: input.staffId };
  const breaches = newHardBreaches(ctx.problem, ctx.current, [...ctx.current, next]);
  refuseUnlessOverridden(breaches, input.override);
  const at = core.iso();
  return core.db.transaction((tx) => {
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
      proposed: worker.kind === 'bank',
      overridden: breaches.length > 0,
      note: input.reason,
      updatedAt: at,
      updatedBy: actorLabel(actor),
    });
    recordAudit(tx, core.now(), {
      actor,
      action: breaches.length > 0 ? 'assignment.add.override' : 'assignment.add',
      entity: 'rota',
      entityId: rotaId,
      serviceId: rota.serviceId,
      reason: input.reason,
      details: { assignmentId: inserted.id, ...next, overriddenBreaches: breaches },
    });
    core.rescore(tx, rota.id);
    return inserted;
  });
}

/**
 * Gives a place to another worker. A published place stays published (its new holder sees it at
 * once) unless the new holder is a bank worker: then it is their proposal, offered when the rota is
 * published again. An accepted place taken from its worker closes their offer with the reason.
 */
export function changeAssignment(core: RotaCore, actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput & { staffId: string }): AssignmentRow {
  const rota = core.mustGetRota(rotaId);
  core.assertEditable(rota);
  const row = core.mustGetAssignment(rotaId, assignmentId);
  refuseCarried(core, rota, row);
  const ctx = core.judge(rota);
  const worker = core.mustGetWorker(ctx.problem, input.staffId);
  if (input.staffId === row.staffId) throw new ConflictError(`assignment ${assignmentId} already holds ${input.staffId}`);
  if (ctx.rows.some((a) => a.slotId === row.slotId && a.staffId === input.staffId)) {
    throw new ConflictError(`${input.staffId} already works in ${slotName(rota, row.slotId)}`);
  }
  const others = [...ctx.rows.filter((a) => a.id !== row.id && ctx.known(a)).map(toAssignment), ...carriedPlaces(ctx.carried)];
  const after = [...others, { slotId: row.slotId, roleId: row.roleId, workerId: input.staffId }];
  const breaches = ctx.known(row) ? newHardBreaches(ctx.problem, ctx.current, after) : [];
  refuseUnlessOverridden(breaches, input.override);
  const proposed = worker.kind === 'bank';
  core.db.transaction((tx) => {
    // The old holder is told it went to someone else, not the manager's words (they may be about the new holder).
    const cancelled = releaseAccepted(core, actor, row, 'given to another worker by the manager');
    repo.updateAssignment(tx, row.id, {
      staffId: input.staffId,
      source: 'manual',
      pinned: true,
      published: row.published && !proposed,
      proposed,
      overridden: breaches.length > 0,
      note: input.reason,
      updatedAt: core.iso(),
      updatedBy: actorLabel(actor),
    });
    recordAudit(tx, core.now(), {
      actor,
      action: breaches.length > 0 ? 'assignment.change.override' : 'assignment.change',
      entity: 'rota',
      entityId: rotaId,
      serviceId: rota.serviceId,
      reason: input.reason,
      details: {
        assignmentId,
        slotId: row.slotId,
        roleId: row.roleId,
        from: row.staffId,
        to: input.staffId,
        overriddenBreaches: breaches,
        ...(cancelled ? { cancelledOffer: cancelled } : {}),
      },
    });
    if (row.published || row.source === 'offer') repo.markNeighbourWeeksChanged(tx, rota.serviceId, rota.weekStart);
    // Both workers are told: the new holder of a published shift, and the one who lost it.
    if (row.published) notifyRotaPublished(tx, rota.id, core.now());
    core.rescore(tx, rota.id);
  });
  return core.mustGetAssignment(rotaId, assignmentId);
}

/** Takes a worker off a place; an accepted place's offer is closed with the reason, which the worker sees. */
export function removeAssignment(core: RotaCore, actor: Actor, rotaId: string, assignmentId: number, input: ChangeInput): void {
  const rota = core.mustGetRota(rotaId);
  core.assertEditable(rota);
  const row = core.mustGetAssignment(rotaId, assignmentId);
  refuseCarried(core, rota, row);
  const ctx = core.judge(rota);
  const after = [...ctx.rows.filter((a) => a.id !== row.id && ctx.known(a)).map(toAssignment), ...carriedPlaces(ctx.carried)];
  const breaches = newHardBreaches(ctx.problem, ctx.current, after);
  refuseUnlessOverridden(breaches, input.override);
  core.db.transaction((tx) => {
    const cancelled = releaseAccepted(core, actor, row, `removed by the manager: ${input.reason}`);
    repo.deleteAssignments(tx, [row.id]);
    recordAudit(tx, core.now(), {
      actor,
      action: breaches.length > 0 ? 'assignment.remove.override' : 'assignment.remove',
      entity: 'rota',
      entityId: rotaId,
      serviceId: rota.serviceId,
      reason: input.reason,
      details: {
        assignmentId,
        slotId: row.slotId,
        roleId: row.roleId,
        staffId: row.staffId,
        overriddenBreaches: breaches,
        ...(cancelled ? { cancelledOffer: cancelled } : {}),
      },
    });
    if (row.published || row.source === 'offer') repo.markNeighbourWeeksChanged(tx, rota.serviceId, rota.weekStart);
    if (row.published) notifyRotaPublished(tx, rota.id, core.now());
    core.rescore(tx, rota.id);
  });
}

export function setPinned(core: RotaCore, actor: Actor, rotaId: string, assignmentId: number, pinned: boolean, reason?: string): AssignmentRow {
  const rota = core.mustGetRota(rotaId);
  core.assertEditable(rota);
  const row = core.mustGetAssignment(rotaId, assignmentId);
  core.db.transaction((tx) => {
    repo.updateAssignment(tx, row.id, { pinned, updatedAt: core.iso(), updatedBy: actorLabel(actor) });
    recordAudit(tx, core.now(), {
      actor,
      action: pinned ? 'assignment.pin' : 'assignment.unpin',
      entity: 'rota',
      entityId: rotaId,
      serviceId: rota.serviceId,
      reason: reason ?? null,
      details: { assignmentId, slotId: row.slotId, roleId: row.roleId, staffId: row.staffId },
    });
  });
  return core.mustGetAssignment(rotaId, assignmentId);
}

/**
 * The offer an accepted place was won through is told the place was taken away, and why. Called
 * inside the caller's transaction: the offers module runs on the same connection.
 */
export function releaseAccepted(core: RotaCore, actor: Actor, row: AssignmentRow, reason: string): string | undefined {
  if (row.source !== 'offer') return undefined;
  return cancelAcceptedPlace(core.db, { name: actorName(actor) }, row.id, reason, core.now().getTime());
}

/**
 * A place this rota holds only because the worker holds it in another version of the week (carried
 * in) is changed where it was accepted or published: here it would only come back.
 */
export function refuseCarried(core: RotaCore, rota: RotaRow, row: AssignmentRow): void {
  if (row.source !== 'offer' || fillOfAssignment(core.db, row.id)) return;
  const origin = repo
    .fixedPlacesAround(core.db, rota.serviceId, rota.id, row.startMin, row.endMin)
    .find((f) => f.slotId === row.slotId && f.roleId === row.roleId && f.staffId === row.staffId);
  if (origin) {
    throw new ConflictError(
      `${row.staffId} holds this place in rota ${origin.rotaId} (${origin.source === 'offer' ? 'accepted' : 'published'}); change it there`,
      { rotaId: origin.rotaId },
    );
  }
}

export function carriedPlaces(carried: readonly CarriedPlace[]): Assignment[] {
  return carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }));
}

function slotName(rota: RotaRow, slotId: string): string {
  return rota.slots?.find((s) => s.id === slotId)?.label ?? slotId;
}
