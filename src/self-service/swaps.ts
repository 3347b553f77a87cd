// Swaps and give-aways of published places. A worker offers one of their published places that has
// not started: to a named colleague, to anyone eligible, or as a swap for one of the colleague's.
// Every hard rule for both workers is checked when it is previewed and offered (refused with the
// breaches in words), again when the colleague accepts, and again when a manager approves (a swap
// that became illegal meanwhile, say new leave or an approval that expired, is refused with the
// reason). The service may approve at once when nothing breaks and the soft cost rises by at most a
// set amount. Accepting runs in one IMMEDIATE transaction with a primary key on the take: exactly one
// winner. Approving moves the places (they stay published), closes any offer a bank place was won
// through, rescores the rotas and leaves the rest to the places' new holders: calendars and payroll
// read who holds a place, and a session that has started cannot be swapped, so no payroll outcome
// exists for the old holder (checked all the same).
import { randomUUID } from 'node:crypto';
import * as rotaRepo from '../db/repositories/rota-repo.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { SwapRow } from '../db/repositories/self-service-repo.ts';
import { cancelAcceptedPlace } from '../offers/answer.ts';
import { immediate } from '../offers/common.ts';
import { actorName, SYSTEM_ACTOR, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { ConflictError, NotFoundError } from '../services/errors.ts';
import { actorLabel } from '../services/rota-core.ts';
import { settingsOf, staffName, text, workerOf, type SelfServiceDeps } from './context.ts';
import { notify } from './notify.ts';
import { swapView, type SwapView } from './swap-views.ts';
import { labelOf, managedSwap, planSwap, rankTakers, refuseUnlessOk, staleReason, transfersOf, transfersOfRow, visibleSwap } from './swap-checks.ts';
import { checkTransfers, wordsFor } from './transfer-check.ts';

export interface SwapInput {
  /** My published place to give away or swap. */
  readonly assignmentId: number;
  /** The colleague; absent: anyone eligible. */
  readonly toStaffId?: string;
  /** A swap: the colleague's published place I take in return (needs toStaffId). */
  readonly forAssignmentId?: number;
  readonly note?: string;
}

export interface SwapPreview {
  readonly ok: boolean;
  readonly kind: 'giveaway' | 'swap';
  /** The breaches the move would add, in words (mine in full, a colleague's by rule only). */
  readonly breaches: readonly string[];
  /** Soft score change of the rota(s) (named colleague only; negative is better). */
  readonly softDelta: number | null;
  /**
   * For anyone eligible: how many colleagues may take it now (not who: whether a colleague may take
   * a place says something of their own circumstances, which are theirs).
   */
  readonly eligibleCount: number | null;
  /** Whether the service would approve it as soon as the colleague accepts, as things stand. */
  readonly wouldAutoApprove: boolean;
}

export function previewSwap(deps: SelfServiceDeps, actor: Actor, input: SwapInput): SwapPreview {
  const me = workerOf(actor);
  const plan = planSwap(deps, me, input);
  const settings = settingsOf(deps.db, me.serviceId);
  if (plan.toStaffId === null) {
    const r = rankTakers(deps, plan.mine, me.staffId);
    const breaches = r.eligible.length === 0 ? [...r.giverBreaches, 'no colleague may take this place now without breaking a hard rule'] : r.giverBreaches;
    return { ok: breaches.length === 0, kind: 'giveaway', breaches, softDelta: null, eligibleCount: r.eligible.length, wouldAutoApprove: false };
  }
  const check = checkTransfers(deps.core, transfersOf(plan, plan.toStaffId, me.staffId));
  return {
    ok: check.ok,
    kind: plan.kind,
    breaches: wordsFor(check, me.staffId),
    softDelta: check.softDelta,
    eligibleCount: null,
    wouldAutoApprove: check.ok && settings.swapAutoApprove && check.softDelta <= settings.swapMaxSoftRise,
  };
}

export function offerSwap(deps: SelfServiceDeps, actor: Actor, input: SwapInput): SwapView {
  const me = workerOf(actor);
  const note = text(input.note, 'note', false);
  return immediate(deps.db, () => {
    const plan = planSwap(deps, me, input);
    let invited: string[];
    let softDelta: number | null = null;
    if (plan.toStaffId === null) {
      const r = rankTakers(deps, plan.mine, me.staffId);
      if (r.giverBreaches.length > 0) throw new ConflictError(`giving this place away breaks a hard rule: ${r.giverBreaches.join('; ')}`, { breaches: r.giverBreaches });
      if (r.eligible.length === 0) throw new ConflictError('no colleague may take this place now without breaking a hard rule', { breaches: [] });
      invited = r.eligible.map((e) => e.staffId);
    } else {
      const check = checkTransfers(deps.core, transfersOf(plan, plan.toStaffId, me.staffId));
      refuseUnlessOk(check, me.staffId, 'this');
      invited = [plan.toStaffId];
      softDelta = check.softDelta;
    }
    const nowMs = deps.now().getTime();
    const id = randomUUID();
    repo.insertSwap(deps.db, {
      id,
      serviceId: me.serviceId,
      kind: plan.kind,
      fromStaffId: me.staffId,
      rotaId: plan.mine.rotaId,
      assignmentId: plan.mine.id,
      slotId: plan.mine.slotId,
      roleId: plan.mine.roleId,
      label: labelOf(deps, plan.mine),
      startMin: plan.mine.startMin,
      endMin: plan.mine.endMin,
      toStaffId: plan.toStaffId,
      ...(plan.theirs
        ? {
            counterRotaId: plan.theirs.rotaId,
            counterAssignmentId: plan.theirs.id,
            counterSlotId: plan.theirs.slotId,
            counterRoleId: plan.theirs.roleId,
            counterLabel: labelOf(deps, plan.theirs),
            counterStartMin: plan.theirs.startMin,
            counterEndMin: plan.theirs.endMin,
          }
        : {}),
      invited,
      status: 'offered',
      note,
      softDelta,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    });
    const row = repo.getSwap(deps.db, id)!;
    recordAudit(deps.db, deps.now(), {
      actor,
      action: `swap.offer`,
      entity: 'swap',
      entityId: id,
      serviceId: me.serviceId,
      reason: note,
      details: { kind: plan.kind, assignmentId: plan.mine.id, toStaffId: plan.toStaffId, forAssignmentId: plan.theirs?.id ?? null, invited },
    });
    const giver = staffName(deps, me.serviceId, me.staffId);
    for (const staffId of invited) {
      notify(
        deps.db,
        {
          kind: 'swap-offered',
          serviceId: me.serviceId,
          staffId,
          subject: plan.kind === 'swap' ? `${giver} asks to swap shifts with you` : `${giver} offers you a shift`,
          text: `${giver} offers you ${row.label}${row.counterLabel ? ` in exchange for your ${row.counterLabel}` : ''}.${note ? ` "${note}"` : ''}`,
          dedupeKey: `swap:${id}:${staffId}`,
        },
        deps.now(),
      );
    }
    return swapView(deps, row, { viewer: me.staffId });
  });
}

/** A colleague takes the offer. Exactly one winner; every hard rule is checked again now. */
export function acceptSwap(deps: SelfServiceDeps, actor: Actor, swapId: string): SwapView {
  const me = workerOf(actor);
  const outcome = (() => {
    try {
      return immediate(deps.db, () => acceptInTransaction(deps, actor, me, swapId));
    } catch (e) {
      // The take's primary key refused a second taker: the transaction rolled back.
      if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT')) {
        throw new ConflictError('another colleague has already taken this', { state: 'taken' });
      }
      throw e;
    }
  })();
  if (outcome instanceof ConflictError) throw outcome;
  return outcome;
}

function acceptInTransaction(deps: SelfServiceDeps, actor: Actor, me: { serviceId: string; staffId: string }, swapId: string): SwapView | ConflictError {
  const swap = visibleSwap(deps, me, swapId);
  if (swap.fromStaffId === me.staffId) throw new ConflictError('you cannot accept your own offer');
  if (swap.status !== 'offered') {
    if (swap.takerStaffId === me.staffId) return swapView(deps, swap, { viewer: me.staffId });
    throw new ConflictError(swap.takerStaffId ? 'another colleague has already taken this' : `this is ${swap.status}`, { state: swap.takerStaffId ? 'taken' : swap.status });
  }
  if (repo.declinesOf(deps.db, swapId).includes(me.staffId)) throw new ConflictError('you declined this', { state: 'declined' });
  const stale = staleReason(deps, swap);
  if (stale) return close(deps, actor, swap, 'refused', stale, 'swap.refuse');
  const check = checkTransfers(deps.core, transfersOfRow(swap, me.staffId));
  if (!check.ok) {
    const words = wordsFor(check, me.staffId);
    // A named colleague who cannot take it ends it; an open give-away stays open for the others.
    if (swap.toStaffId !== null) {
      close(deps, actor, swap, 'refused', `it now breaks a hard rule: ${wordsFor(check, swap.fromStaffId).join('; ')}`, 'swap.refuse');
    }
    recordAudit(deps.db, deps.now(), { actor, action: 'swap.accept.refused', entity: 'swap', entityId: swap.id, serviceId: swap.serviceId, details: { breaches: wordsFor(check, 'manager') } });
    return new ConflictError(`you cannot take this now: ${words.join('; ')}`, { breaches: words });
  }
  const nowMs = deps.now().getTime();
  repo.insertTake(deps.db, swap.id, me.staffId, nowMs);
  repo.updateSwap(deps.db, swap.id, { status: 'accepted', takerStaffId: me.staffId, acceptedAtMs: nowMs, softDelta: check.softDelta, updatedAtMs: nowMs });
  recordAudit(deps.db, deps.now(), { actor, action: 'swap.accept', entity: 'swap', entityId: swap.id, serviceId: swap.serviceId, details: { softDelta: check.softDelta } });
  const settings = settingsOf(deps.db, swap.serviceId);
  const accepted = repo.getSwap(deps.db, swap.id)!;
  if (settings.swapAutoApprove && check.softDelta <= settings.swapMaxSoftRise) {
    applySwap(deps, actor, accepted, `approved automatically: no rule breaks and the soft cost changes by ${check.softDelta} (at most ${settings.swapMaxSoftRise} allowed)`, true);
  } else {
    const taker = staffName(deps, swap.serviceId, me.staffId);
    tell(deps, accepted, 'swap-accepted', [accepted.fromStaffId, null], `${taker} accepted: ${accepted.label}`, `${taker} accepted ${accepted.label}; it waits for a manager's approval.`);
  }
  return swapView(deps, repo.getSwap(deps.db, swap.id)!, { viewer: me.staffId });
}

export function declineSwap(deps: SelfServiceDeps, actor: Actor, swapId: string, reasonIn?: string): SwapView {
  const me = workerOf(actor);
  const reason = text(reasonIn, 'reason', false);
  return immediate(deps.db, () => {
    const swap = visibleSwap(deps, me, swapId);
    if (swap.fromStaffId === me.staffId) throw new ConflictError('this is your own offer: withdraw it instead');
    if (swap.status !== 'offered') return swapView(deps, swap, { viewer: me.staffId });
    const nowMs = deps.now().getTime();
    repo.insertDecline(deps.db, swap.id, me.staffId, reason, nowMs);
    recordAudit(deps.db, deps.now(), { actor, action: 'swap.decline', entity: 'swap', entityId: swap.id, serviceId: swap.serviceId, reason });
    const declined = new Set(repo.declinesOf(deps.db, swap.id));
    if (swap.invited.every((s) => declined.has(s))) {
      repo.updateSwap(deps.db, swap.id, { status: 'declined', decisionReason: reason, decidedBy: actorName(actor), decidedAtMs: nowMs, updatedAtMs: nowMs });
      const who = staffName(deps, swap.serviceId, me.staffId);
      tell(deps, swap, 'swap-declined', [swap.fromStaffId], `Declined: ${swap.label}`, `${swap.toStaffId ? who : 'Every colleague asked'} declined ${swap.label}.${reason && swap.toStaffId ? ` "${reason}"` : ''}`);
    }
    return swapView(deps, repo.getSwap(deps.db, swap.id)!, { viewer: me.staffId });
  });
}

export function withdrawSwap(deps: SelfServiceDeps, actor: Actor, swapId: string, reasonIn?: string): SwapView {
  const me = workerOf(actor);
  const reason = text(reasonIn, 'reason', false);
  return immediate(deps.db, () => {
    const swap = visibleSwap(deps, me, swapId);
    if (swap.fromStaffId !== me.staffId) throw new NotFoundError('swap', swapId);
    if (swap.status !== 'offered' && swap.status !== 'accepted') throw new ConflictError(`this is already ${swap.status}`, { state: swap.status });
    close(deps, actor, swap, 'withdrawn', reason ?? 'withdrawn by the colleague who offered it', 'swap.withdraw');
    return swapView(deps, repo.getSwap(deps.db, swap.id)!, { viewer: me.staffId });
  });
}

/** The manager approves an accepted swap: checked once more, then the places move. */
export function approveSwap(deps: SelfServiceDeps, actor: Actor, serviceId: string, swapId: string, reasonIn?: string): SwapView {
  const reason = text(reasonIn, 'reason', false);
  const result = immediate(deps.db, () => {
    const swap = managedSwap(deps, serviceId, swapId);
    if (swap.status !== 'accepted') throw new ConflictError(`only an accepted swap can be approved; this is ${swap.status}`, { state: swap.status });
    const stale = staleReason(deps, swap);
    if (stale) return close(deps, actor, swap, 'refused', stale, 'swap.refuse');
    const check = checkTransfers(deps.core, transfersOfRow(swap, swap.takerStaffId!));
    if (!check.ok) {
      const words = wordsFor(check, 'manager');
      return close(deps, actor, swap, 'refused', `it now breaks a hard rule: ${words.join('; ')}`, 'swap.refuse', words);
    }
    applySwap(deps, actor, swap, reason, false);
    return swapView(deps, repo.getSwap(deps.db, swap.id)!, { viewer: 'manager' });
  });
  if (result instanceof ConflictError) throw result;
  return result;
}

export function rejectSwap(deps: SelfServiceDeps, actor: Actor, serviceId: string, swapId: string, reasonIn: unknown): SwapView {
  const reason = text(reasonIn, 'reason', true)!;
  return immediate(deps.db, () => {
    const swap = managedSwap(deps, serviceId, swapId);
    if (swap.status !== 'offered' && swap.status !== 'accepted') throw new ConflictError(`this is already ${swap.status}`, { state: swap.status });
    close(deps, actor, swap, 'rejected', reason, 'swap.reject');
    return swapView(deps, repo.getSwap(deps.db, swap.id)!, { viewer: 'manager' });
  });
}

export function listSwapsFor(deps: SelfServiceDeps, actor: Actor): SwapView[] {
  const me = workerOf(actor);
  return repo
    .listSwaps(deps.db, me.serviceId)
    .filter((s) => s.fromStaffId === me.staffId || s.invited.includes(me.staffId))
    .map((s) => swapView(deps, s, { viewer: me.staffId }));
}

export function managerSwaps(deps: SelfServiceDeps, serviceId: string, status?: SwapRow['status']): SwapView[] {
  deps.core.loadFile(serviceId);
  return repo.listSwaps(deps.db, serviceId, status ? [status] : undefined).map((s) => swapView(deps, s, { viewer: 'manager' }));
}

// ---------- internals ----------

/** Moves the places, closes what they were won through, rescores, audits and tells both workers. */
function applySwap(deps: SelfServiceDeps, actor: Actor, swap: SwapRow, reason: string | null, auto: boolean): void {
  const taker = swap.takerStaffId!;
  const nowIso = deps.now().toISOString();
  const takerName = staffName(deps, swap.serviceId, taker);
  const giverName = staffName(deps, swap.serviceId, swap.fromStaffId);
  const moves = transfersOfRow(swap, taker);
  const cancelled: string[] = [];
  for (const m of moves) {
    const from = m.toStaffId === taker ? giverName : takerName;
    const to = m.toStaffId === taker ? takerName : giverName;
    // A bank place won through an offer: the offer records that it went to someone else, and why.
    const offer = cancelAcceptedPlace(deps.db, { name: actorName(actor) }, m.assignmentId, `${from} gave it to ${to} (swap ${swap.id})`, deps.now().getTime());
    if (offer) cancelled.push(offer);
    rotaRepo.updateAssignment(deps.db, m.assignmentId, {
      staffId: m.toStaffId,
      source: 'manual',
      pinned: true,
      proposed: false,
      overridden: false,
      note: `swap ${swap.id}: ${from} to ${to}`,
      updatedAt: nowIso,
      updatedBy: auto ? 'system' : actorLabel(actor),
    });
  }
  const nowMs = deps.now().getTime();
  repo.updateSwap(deps.db, swap.id, {
    status: 'approved',
    autoApproved: auto,
    decidedBy: auto ? 'system' : actorName(actor),
    decidedAtMs: nowMs,
    decisionReason: reason,
    updatedAtMs: nowMs,
  });
  recordAudit(deps.db, deps.now(), {
    actor: auto ? SYSTEM_ACTOR : actor,
    action: auto ? 'swap.approve.auto' : 'swap.approve',
    entity: 'swap',
    entityId: swap.id,
    serviceId: swap.serviceId,
    reason,
    details: { moves, ...(cancelled.length > 0 ? { cancelledOffers: cancelled } : {}) },
  });
  for (const rotaId of new Set(moves.map((m) => m.rotaId))) {
    const rota = deps.core.mustGetRota(rotaId);
    rotaRepo.markNeighbourWeeksChanged(deps.db, rota.serviceId, rota.weekStart);
    deps.core.rescore(deps.db, rotaId);
  }
  tell(deps, swap, 'swap-approved', [swap.fromStaffId, taker], `Approved: ${swap.label}`, `${swap.label} now belongs to ${takerName}${swap.counterLabel ? ` and ${swap.counterLabel} to ${giverName}` : ''}.${reason ? ` ${reason}` : ''}`);
}

function close(deps: SelfServiceDeps, actor: Actor, swap: SwapRow, status: 'refused' | 'withdrawn' | 'rejected', reason: string, action: string, breaches?: string[]): ConflictError {
  const nowMs = deps.now().getTime();
  repo.deleteTake(deps.db, swap.id);
  repo.updateSwap(deps.db, swap.id, { status, decidedBy: actorName(actor), decidedAtMs: nowMs, decisionReason: reason, updatedAtMs: nowMs });
  recordAudit(deps.db, deps.now(), { actor, action, entity: 'swap', entityId: swap.id, serviceId: swap.serviceId, reason, ...(breaches ? { details: { breaches } } : {}) });
  const people = [swap.fromStaffId, ...(swap.takerStaffId ? [swap.takerStaffId] : swap.status === 'offered' ? swap.invited : [])].filter((s) => s !== (actor.staffId ?? ''));
  const kind = status === 'refused' ? 'swap-refused' : status === 'rejected' ? 'swap-rejected' : 'swap-withdrawn';
  tell(deps, swap, kind, people, `${status[0].toUpperCase()}${status.slice(1)}: ${swap.label}`, `${swap.label}: ${status}. ${status === 'refused' ? 'It cannot go ahead: ' : ''}${reason}`);
  return new ConflictError(status === 'refused' ? `refused: ${reason}` : reason, { state: status, ...(breaches ? { breaches } : {}) });
}

/** Tells each person (null: the service's managers). */
function tell(deps: SelfServiceDeps, swap: SwapRow, kind: Parameters<typeof notify>[1]['kind'], people: readonly (string | null)[], subject: string, body: string): void {
  for (const staffId of new Set(people)) {
    notify(deps.db, { kind, serviceId: swap.serviceId, ...(staffId ? { staffId } : {}), subject, text: body, dedupeKey: `swap:${swap.id}:${kind}:${staffId ?? 'managers'}` }, deps.now());
  }
}
