// Answering offers: accept (re-checking every hard rule inside one IMMEDIATE transaction),
// decline, the manager's withdrawal, and expiry on the server's clock.
import type { Db } from '../db/client.ts';
import { isConstraintViolation } from '../db/errors.ts';
import { shiftDate } from '../db/repositories/rota-repo.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, checkWorker } from '../../solver/offers/index.ts';
import { audit, heldAround, immediate, OfferError, persist, requireWorker, SYSTEM, visibleOffer, weeksSpan, type OffersOptions, type Who } from './common.ts';
import { workerWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { accept, cancelAccepted, decline, expireDue, invalidate, nextExpiryMs, withdraw, workerState, type Offer, type RefusalCode, type WorkerOfferState } from './state.ts';


export type AnswerOutcome =
  | {
      readonly ok: true;
      readonly offerId: string;
      /** The worker's own state after answering (what they are told). */
      readonly state: WorkerOfferState;
      /** The offer's state (what the manager sees). */
      readonly status: Offer['status'];
      readonly assignmentIds: readonly number[];
      /** The worker had already answered so (a retry): nothing changed. */
      readonly repeat: boolean;
      readonly reason?: string | null;
    }
  | {
      readonly ok: false;
      readonly offerId: string;
      readonly code: RefusalCode | 'place-filled' | 'rules';
      readonly reason: string;
      readonly reasons?: readonly string[];
      readonly state?: WorkerOfferState;
    };

type Refusal = Extract<AnswerOutcome, { ok: false }>;

export function acceptOffer(db: Db, who: Who, offerId: string, nowMs: number, options: OffersOptions = {}): AnswerOutcome {
  const staffId = requireWorker(who);
  // A closed offer never opens again, so a late accept (the usual loser of a race) is answered from
  // a plain read, without taking the write lock. Anything else is decided inside the transaction.
  const seen = visibleOffer(db, who, offerId);
  if (seen.offer.status !== 'open') {
    const late = accept(seen.offer, staffId, nowMs);
    if (!late.ok) return refused(offerId, late.code, late.reason, late.offer, staffId);
    // The worker won it before: a phone retry gets the same answer, not "you lost it".
    return held(db, offerId, staffId, seen.offer.status);
  }
  try {
    return immediate(db, () => acceptInTransaction(db, who, staffId, offerId, nowMs, options));
  } catch (e) {
    // The fills' primary key refused a second fill: the transaction rolled back, nothing was booked.
    if (isConstraintViolation(e)) {
      return { ok: false, offerId, code: 'offer-closed', reason: 'another worker has already taken this offer', state: 'taken' };
    }
    throw e;
  }
}

function held(db: Db, offerId: string, staffId: string, status: Offer['status']): AnswerOutcome {
  const assignmentIds = repo.fillsOf(db, offerId, staffId).map((f) => f.assignmentId);
  return { ok: true, offerId, state: 'accepted', status, assignmentIds, repeat: true };
}

function refused(offerId: string, code: Refusal['code'], reason: string, offer: Offer, staffId: string, reasons?: readonly string[]): Refusal {
  const state = workerState(offer, staffId)?.state;
  return { ok: false, offerId, code, reason, ...(reasons ? { reasons } : {}), ...(state ? { state } : {}) };
}

/** What an accept is judged against: the offer, its places and rotas, the worker's compiled weeks. */
interface AcceptContext {
  readonly db: Db;
  readonly who: Who;
  readonly staffId: string;
  readonly offerId: string;
  readonly serviceId: string;
  readonly nowMs: number;
  readonly stored: repo.StoredOffer;
  readonly allPlaces: repo.OfferPlaceRow[];
  readonly rotaIds: string[];
  readonly rotaById: Map<string, repo.RotaRef>;
  readonly compiled: ReturnType<typeof workerWeekProblem>;
}

function acceptInTransaction(db: Db, who: Who, staffId: string, offerId: string, nowMs: number, options: OffersOptions): AnswerOutcome {
  const stored = visibleOffer(db, who, offerId);
  const serviceId = stored.row.serviceId;
  const r = accept(stored.offer, staffId, nowMs);
  if (!r.ok || r.repeat) {
    // Nothing changes on a refused or repeated accept, except expiries it brought due (audited as such).
    persist(db, stored.offer, r, SYSTEM, serviceId);
    return r.ok ? held(db, offerId, staffId, r.offer.status) : refused(offerId, r.code, r.reason, r.offer, staffId);
  }
  const allPlaces = repo.placesOfOffer(db, offerId);
  // A series may run over several weekly rotas: judge it over all their weeks at once.
  const rotaIds = [...new Set(allPlaces.map((p) => p.rotaId))];
  const rotaById = new Map(rotaIds.map((id) => [id, repo.getRotaRow(db, id)!]));
  const span = weeksSpan([...rotaById.values()]);
  const compiled = workerWeekProblem(db, db.$client, serviceId, span.weekStart, staffId, span.days);
  const ctx: AcceptContext = { db, who, staffId, offerId, serviceId, nowMs, stored, allPlaces, rotaIds, rotaById, compiled };
  const places = placesToTake(ctx);
  if (!Array.isArray(places)) return places;
  const refusal = recheckRules(ctx, places, options.rankOptions ?? catalogueRankOptions);
  if (refusal) return refusal;
  const assignmentIds = bookPlaces(ctx, places);
  persist(db, stored.offer, r, who, serviceId);
  return { ok: true, offerId, state: 'accepted', status: r.offer.status, assignmentIds, repeat: false };
}

/**
 * The places the worker takes: one place or a series, every place; a session with several, one free
 * place of a role the worker holds. A place filled another way since the offer went out (a manager's
 * edit, or the place published or accepted in another version of the week: the same session) is a
 * refusal; proposals fill nothing.
 */
function placesToTake(ctx: AcceptContext): repo.OfferPlaceRow[] | Refusal {
  const { db, who, stored, staffId, serviceId, nowMs, offerId, allPlaces, rotaById, compiled } = ctx;
  const maxOf = (p: repo.OfferPlaceRow) => compiled.problem.slots.find((s) => s.id === p.slotId)?.roles.find((x) => x.roleId === p.roleId)?.max ?? 0;
  const full = (p: repo.OfferPlaceRow) =>
    repo.heldInSession(db, { serviceId, weekStart: rotaById.get(p.rotaId)!.weekStart, rotaId: p.rotaId, slotId: p.slotId, roleId: p.roleId }) >= maxOf(p);
  if (stored.offer.capacity <= 1) {
    const blocked = allPlaces.find(full);
    return blocked ? placeFilled(db, who, stored, staffId, blocked, nowMs) : allPlaces;
  }
  const filled = repo.filledPositions(db, offerId);
  const roles = new Set(compiled.problem.workers[0]?.roles ?? []);
  const free = allPlaces.filter((p) => !filled.has(p.position) && roles.has(p.roleId));
  const open = free.find((p) => !full(p));
  if (open) return [open];
  if (free.length > 0) return placeFilled(db, who, stored, staffId, free[0], nowMs);
  const why = 'none of the places left is for a role you hold';
  const inv = invalidate(stored.offer, staffId, nowMs, why);
  persist(db, stored.offer, inv, SYSTEM, serviceId);
  return refused(offerId, 'rules', `you can no longer take this offer: ${why}`, inv.offer, staffId, [why]);
}

/** Every hard rule again, now, against what the worker holds at this moment; a refusal when one breaks. */
function recheckRules(ctx: AcceptContext, places: readonly repo.OfferPlaceRow[], rankOptions: NonNullable<OffersOptions['rankOptions']>): Refusal | undefined {
  const { db, who, stored, staffId, serviceId, nowMs, offerId, rotaIds, compiled } = ctx;
  const heldNow: Assignment[] = rotaIds
    .flatMap((id) => repo.workerAssignmentsInRota(db, id, staffId))
    .map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
  const problem: Problem = { ...compiled.problem, pinned: [] };
  const outside = heldAround(db, serviceId, rotaIds, problem, compiled.timeZone, staffId);
  const check = checkWorker(problem, heldNow, places.map((p) => ({ slotId: p.slotId, roleId: p.roleId })), staffId, { ...rankOptions, outside });
  if (check.ok) return undefined;
  const reason = `you can no longer take this offer: ${check.reasons.join('; ')}`;
  const inv = invalidate(stored.offer, staffId, nowMs, check.reasons.join('; '));
  persist(db, stored.offer, inv, SYSTEM, serviceId);
  audit(db, nowMs, who, 'offer.accept.refused', offerId, serviceId, reason, { staffId, code: 'rules', reasons: check.reasons });
  return refused(offerId, 'rules', reason, inv.offer, staffId, check.reasons);
}

/** Books the places for the worker; each fill's primary key is the second guard against two winners. */
function bookPlaces(ctx: AcceptContext, places: readonly repo.OfferPlaceRow[]): number[] {
  const { db, who, staffId, serviceId, nowMs, offerId, rotaIds, rotaById } = ctx;
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
    repo.insertFill(db, { offerId, position: p.position, staffId, assignmentId: id, atMs: nowMs });
    return id;
  });
  for (const id of rotaIds) repo.markRotaChanged(db, id, nowIso);
  // An accepted session is a fixed fact for the other versions of its week and the weeks either side.
  const weeks = [...rotaById.values()].map((x) => x.weekStart).sort();
  repo.markWeeksChanged(db, serviceId, shiftDate(weeks[0], -7), shiftDate(weeks[weeks.length - 1], 7));
  return assignmentIds;
}

/** The place was filled another way since the offer went out: the offer is withdrawn. */
function placeFilled(db: Db, who: Who, stored: repo.StoredOffer, staffId: string, p: repo.OfferPlaceRow, nowMs: number): Refusal {
  const serviceId = stored.row.serviceId;
  const w = withdraw(stored.offer, nowMs, `${p.label} was filled another way`);
  persist(db, stored.offer, w, SYSTEM, serviceId);
  audit(db, nowMs, who, 'offer.accept.refused', stored.row.id, serviceId, `${p.label} is already filled`, { staffId, code: 'place-filled' });
  return refused(stored.row.id, 'place-filled', `${p.label} is already filled`, w.offer, staffId);
}

/** States in which a decline has nothing left to close: it is answered with the worker's state. */
const SETTLED: readonly WorkerOfferState[] = ['expired', 'taken', 'withdrawn', 'cancelled'];

/**
 * A worker declines. The answer is the worker's own state: declined (again, for a retry), or where
 * the offer already stands for them when there was nothing left to decline. Refused (409) only while
 * they hold it (accepted) or it has not reached them.
 */
export function declineOffer(db: Db, who: Who, offerId: string, nowMs: number, reason?: string): AnswerOutcome {
  const staffId = requireWorker(who);
  return immediate(db, (): AnswerOutcome => {
    const stored = visibleOffer(db, who, offerId);
    const r = decline(stored.offer, staffId, nowMs, reason);
    if (!r.ok) {
      persist(db, stored.offer, r, SYSTEM, stored.row.serviceId);
      const mine = workerState(r.offer, staffId);
      if (mine && SETTLED.includes(mine.state)) {
        return { ok: true, offerId, state: mine.state, status: r.offer.status, assignmentIds: [], repeat: true, reason: mine.reason };
      }
      return refused(offerId, r.code, r.reason, r.offer, staffId);
    }
    persist(db, stored.offer, r, r.repeat ? SYSTEM : who, stored.row.serviceId);
    return { ok: true, offerId, state: 'declined', status: r.offer.status, assignmentIds: [], repeat: r.repeat };
  });
}

/**
 * The manager took an accepted place away (removed it, or gave it to someone else): the offer it was
 * won through records the cancellation with the reason, which the worker sees in their offer view.
 * Runs inside the caller's transaction. Nothing happens for a place not won through an offer.
 */
export function cancelAcceptedPlace(db: Db, who: Who, assignmentId: number, reason: string, nowMs: number): string | undefined {
  const fill = repo.fillOfAssignment(db, assignmentId);
  if (!fill) return undefined;
  const stored = repo.loadOffer(db, fill.offerId);
  if (!stored) return undefined;
  repo.deleteFill(db, assignmentId);
  const step = cancelAccepted(stored.offer, fill.staffId, nowMs, reason);
  persist(db, stored.offer, step, who, stored.row.serviceId);
  return fill.offerId;
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
 * Runs every due offer step (a delayed job: an invite's time is up, so it expires and a cascade moves
 * on); each in its own short transaction that takes the job off the queue, so whichever process runs
 * it, it runs once. Returns how many invites expired, and lists them in `into` when given.
 */
export function processExpired(db: Db, nowMs: number, into?: ExpiredInvite[]): number {
  let expired = 0;
  for (const { jobId, offerId } of repo.dueOfferSteps(db, nowMs)) {
    expired += db.transaction(
      () => {
        if (!repo.takeOfferStep(db, jobId, nowMs)) return 0; // another process ran it
        const stored = repo.loadOffer(db, offerId);
        if (!stored) return 0;
        const step = expireDue(stored.offer, nowMs);
        // Saving schedules the offer's next step from its new next expiry, if anything still waits.
        persist(db, stored.offer, step, SYSTEM, stored.row.serviceId);
        repo.scheduleOfferStep(db, offerId, step.offer.status === 'open' ? nextExpiryMs(step.offer) : null, nowMs);
        const gone = step.events.filter((e) => e.type === 'expired');
        for (const e of gone) into?.push({ offerId: e.offerId, serviceId: stored.row.serviceId, ...(e.workerId ? { staffId: e.workerId } : {}) });
        return gone.length;
      },
      { behavior: 'immediate' },
    );
  }
  return expired;
}
