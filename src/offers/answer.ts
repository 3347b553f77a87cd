// Answering offers: accept (re-checking every hard rule inside one IMMEDIATE transaction),
// decline, the manager's withdrawal, and expiry on the server's clock.
import type { Db } from '../db/client.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, checkWorker } from '../../solver/offers/index.ts';
import { audit, heldAround, immediate, OfferError, persist, requireWorker, SYSTEM, visibleOffer, weeksSpan, type OffersOptions, type Who } from './common.ts';
import { workerWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { accept, decline, expireDue, invalidate, withdraw, type Offer, type RefusalCode } from './state.ts';


export type AnswerOutcome =
  | { readonly ok: true; readonly offerId: string; readonly status: Offer['status']; readonly assignmentIds: readonly number[] }
  | { readonly ok: false; readonly offerId: string; readonly code: RefusalCode | 'place-filled' | 'rules'; readonly reason: string; readonly reasons?: readonly string[] };

export function acceptOffer(db: Db, who: Who, offerId: string, nowMs: number, options: OffersOptions = {}): AnswerOutcome {
  const staffId = requireWorker(who);
  // A closed offer never opens again, so a late accept (the usual loser of a race) is answered from
  // a plain read, without taking the write lock. Anything else is decided inside the transaction.
  const seen = visibleOffer(db, who, offerId);
  if (seen.offer.status !== 'open') {
    const late = accept(seen.offer, staffId, nowMs);
    if (!late.ok) return { ok: false, offerId, code: late.code, reason: late.reason };
  }
  try {
    return immediate(db, () => acceptInTransaction(db, who, staffId, offerId, nowMs, options));
  } catch (e) {
    // The fills' primary key refused a second fill: the transaction rolled back, nothing was booked.
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT')) {
      return { ok: false, offerId, code: 'offer-closed', reason: 'another worker has already taken this offer' };
    }
    throw e;
  }
}


function acceptInTransaction(db: Db, who: Who, staffId: string, offerId: string, nowMs: number, options: OffersOptions): AnswerOutcome {
  const rankOptions = options.rankOptions ?? catalogueRankOptions;
  const stored = visibleOffer(db, who, offerId);
  const serviceId = stored.row.serviceId;
  const r = accept(stored.offer, staffId, nowMs);
  if (!r.ok) {
    // Nothing changes on a refused accept, except expiries it brought due (audited as such).
    persist(db, stored.offer, r, SYSTEM, serviceId);
    return { ok: false, offerId, code: r.code, reason: r.reason };
  }
  const places = repo.placesOfOffer(db, offerId);
  // A series may run over several weekly rotas: judge it over all their weeks at once.
  const rotaIds = [...new Set(places.map((p) => p.rotaId))];
  const rotaById = new Map(rotaIds.map((id) => [id, repo.getRotaRow(db, id)!]));
  const span = weeksSpan([...rotaById.values()]);
  const compiled = workerWeekProblem(db, db.$client, serviceId, span.weekStart, staffId, span.days);

  // The place may have been filled another way (a manager's edit) since the offer went out.
  for (const p of places) {
    const slot = compiled.problem.slots.find((s) => s.id === p.slotId);
    const max = slot?.roles.find((x) => x.roleId === p.roleId)?.max ?? 0;
    const here = repo.placeAssignments(db, p.rotaId, p.slotId);
    if (here.filter((a) => a.roleId === p.roleId).length >= max) {
      const w = withdraw(stored.offer, nowMs, `${p.label} was filled another way`);
      persist(db, stored.offer, w, SYSTEM, serviceId);
      audit(db, nowMs, who, 'offer.accept.refused', offerId, serviceId, `${p.label} is already filled`, { staffId, code: 'place-filled' });
      return { ok: false, offerId, code: 'place-filled', reason: `${p.label} is already filled` };
    }
  }

  // Every hard rule again, now, against what the worker holds at this moment.
  const held: Assignment[] = rotaIds
    .flatMap((id) => repo.workerAssignmentsInRota(db, id, staffId))
    .map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
  const problem: Problem = { ...compiled.problem, pinned: [] };
  const outside = heldAround(db, serviceId, rotaIds, problem, compiled.timeZone, staffId);
  const check = checkWorker(problem, held, places.map((p) => ({ slotId: p.slotId, roleId: p.roleId })), staffId, { ...rankOptions, outside });
  if (!check.ok) {
    const reason = `you can no longer take this offer: ${check.reasons.join('; ')}`;
    const inv = invalidate(stored.offer, staffId, nowMs, check.reasons.join('; '));
    persist(db, stored.offer, inv, SYSTEM, serviceId);
    audit(db, nowMs, who, 'offer.accept.refused', offerId, serviceId, reason, { staffId, code: 'rules', reasons: check.reasons });
    return { ok: false, offerId, code: 'rules', reason, reasons: check.reasons };
  }

  const nowIso = new Date(nowMs).toISOString();
  const assignmentIds = places.map((p) => {
    const id = repo.insertAssignment(db, {
      rotaId: p.rotaId,
      serviceId,
      slotId: p.slotId,
      roleId: p.roleId,
      staffId,
      startMin: p.startMin,
      endMin: p.endMin,
      workMinutes: p.workMinutes,
      published: rotaById.get(p.rotaId)!.publishedAt !== null,
      note: `accepted offer ${offerId}`,
      updatedAt: nowIso,
      updatedBy: who.name,
    });
    // Second guard: one fill per offered place, enforced by the primary key.
    repo.insertFill(db, { offerId, position: p.position, staffId, assignmentId: id, atMs: nowMs });
    return id;
  });
  for (const id of rotaIds) repo.markRotaChanged(db, id, nowIso);
  persist(db, stored.offer, r, who, serviceId);
  return { ok: true, offerId, status: r.offer.status, assignmentIds };
}

export function declineOffer(db: Db, who: Who, offerId: string, nowMs: number, reason?: string): AnswerOutcome {
  const staffId = requireWorker(who);
  return immediate(db, (): AnswerOutcome => {
    const stored = visibleOffer(db, who, offerId);
    const r = decline(stored.offer, staffId, nowMs, reason);
    if (!r.ok) {
      persist(db, stored.offer, r, SYSTEM, stored.row.serviceId);
      return { ok: false, offerId, code: r.code, reason: r.reason };
    }
    persist(db, stored.offer, r, who, stored.row.serviceId);
    return { ok: true, offerId, status: r.offer.status, assignmentIds: [] };
  });
}

export function withdrawOffer(db: Db, who: Who, rotaId: string, offerId: string, nowMs: number, reason?: string): Offer {
  return db.transaction(
    () => {
      const stored = repo.loadOffer(db, offerId);
      if (!stored || stored.row.rotaId !== rotaId) throw new OfferError(404, 'not_found', `offer "${offerId}" not found in rota "${rotaId}"`);
      if (stored.offer.status !== 'open') throw new OfferError(409, 'conflict', `offer "${offerId}" is ${stored.offer.status}`);
      const w = withdraw(stored.offer, nowMs, reason);
      persist(db, stored.offer, w, who, stored.row.serviceId);
      return w.offer;
    },
    { behavior: 'immediate' },
  );
}

export interface ExpiredInvite {
  readonly offerId: string;
  readonly serviceId: string;
  readonly staffId?: string;
}

/**
 * Processes every invite whose time is up; each offer in its own short transaction. Returns how
 * many expired, and lists them in `into` when given.
 */
export function processExpired(db: Db, nowMs: number, into?: ExpiredInvite[]): number {
  let expired = 0;
  for (const id of repo.dueOfferIds(db, nowMs)) {
    expired += db.transaction(
      () => {
        const stored = repo.loadOffer(db, id);
        if (!stored) return 0;
        const step = expireDue(stored.offer, nowMs);
        persist(db, stored.offer, step, SYSTEM, stored.row.serviceId);
        const gone = step.events.filter((e) => e.type === 'expired');
        for (const e of gone) into?.push({ offerId: e.offerId, serviceId: stored.row.serviceId, ...(e.workerId ? { staffId: e.workerId } : {}) });
        return gone.length;
      },
      { behavior: 'immediate' },
    );
  }
  return expired;
}
