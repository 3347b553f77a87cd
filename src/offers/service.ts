// The offers service: joins the database and the solver. The manager sends offers for a rota's
// open bank places; workers list, accept and decline them; the expiry timer moves cascades on.
// Every accept runs in one IMMEDIATE transaction: better-sqlite3 is synchronous, so transactions on
// the one connection run one after another, and the re-checks inside see the latest state.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../services/errors.ts';
import { calendarFeeds, services, sites, staff } from '../db/schema/index.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, checkWorker, rankOffers, type HeldElsewhere, type OfferPlace, type RankOptions, type Ranking } from '../../solver/offers/index.ts';
import { daysBetween, utcMinToIso, utcMinToLocal } from '../time/local-time.ts';
import { buildCalendar, type CalendarEvent } from './ical.ts';
import { rotaWeekProblem, workerWeekProblem } from './problem-cache.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import * as repo from './repository.ts';
import {
  accept,
  createOffer,
  decline,
  expireDue,
  invalidate,
  nextExpiryMs,
  withdraw,
  type Offer,
  type OfferEvent,
  type OfferMode,
  type RefusalCode,
  type Step,
} from './state.ts';

/** Who is acting, as the audit log names them; workers carry the staff member they are bound to. */
export interface Who {
  readonly name: string;
  readonly serviceId?: string;
  readonly staffId?: string;
}

export const SYSTEM: Who = { name: 'system' };

/** A refusal or bad request with the HTTP status the error handler answers with. */
export class OfferError extends AppError {
  constructor(statusCode: number, code: string, message: string, details?: Record<string, unknown>) {
    super(statusCode, code, message, details);
    this.name = 'OfferError';
  }
}

export interface OffersOptions {
  readonly rankOptions?: RankOptions;
}

// ---------- creating offers ----------

export interface CreateOffersInput {
  readonly mode: OfferMode;
  /** Minutes each worker has to answer. */
  readonly ttlMinutes: number;
  /** The places to offer; absent means every open bank place of the rota. */
  readonly places?: readonly OfferPlace[];
  /** Offer the places as one series (accepted or declined whole) instead of one offer per place. */
  readonly series?: boolean;
  /** Offer only to these workers (still ranked and checked). */
  readonly workerIds?: readonly string[];
}

export interface CreatedOffer {
  readonly offerId: string;
  readonly places: readonly OfferPlace[];
  readonly status: Offer['status'];
  /** Who the offer goes to, in cascade order. */
  readonly offeredTo: readonly string[];
  readonly ranking: Ranking;
}

/** A place that went to nobody because no bank worker may take it, with each one's reasons. */
export interface NotSent {
  readonly places: readonly OfferPlace[];
  readonly excluded: Ranking['excluded'];
}

export interface CreateOffersResult {
  readonly offers: readonly CreatedOffer[];
  /** Only when the rota's open places were sent (no `places` given): those nobody may take. */
  readonly notSent: readonly NotSent[];
}

export function createOffers(db: Db, who: Who, rotaId: string, input: CreateOffersInput, nowMs: number, options: OffersOptions = {}): CreateOffersResult {
  if (input.mode !== 'cascade' && input.mode !== 'broadcast') throw badRequest('mode', 'must be "cascade" or "broadcast"');
  if (!Number.isInteger(input.ttlMinutes) || input.ttlMinutes < 1) throw badRequest('ttlMinutes', 'must be a whole number of minutes, at least 1');
  const rankOptions = options.rankOptions ?? catalogueRankOptions;

  const created = db.transaction(
    () => {
      const rota = repo.getRotaRow(db, rotaId);
      if (!rota) throw new OfferError(404, 'not_found', `rota "${rotaId}" not found`);
      const compiled = rotaWeekProblem(db, db.$client, rota.serviceId, rota.weekStart);
      const problem: Problem = { ...compiled.problem, pinned: [] };
      const slotById = new Map(problem.slots.map((s) => [s.id, s]));
      const kindOf = new Map(problem.workers.map((w) => [w.id, w.kind]));
      let rows = repo.rotaAssignments(db, rotaId);
      const spoken = repo.openOfferPlaces(db, rotaId);
      const countKey = (slotId: string, roleId: string) => `${slotId}\u0000${roleId}`;
      const offered = new Map<string, number>();
      for (const p of spoken) offered.set(countKey(p.slotId, p.roleId), (offered.get(countKey(p.slotId, p.roleId)) ?? 0) + 1);

      // Places a bank worker is only planned for are not theirs: they go out as offers, the planned
      // worker first in line if still eligible.
      const plannedFirst = new Map<string, { staffId: string; assignmentId: number }[]>();
      const targets: OfferPlace[] = [];
      if (input.places) {
        input.places.forEach((p, k) => {
          const slot = slotById.get(p.slotId);
          if (!slot) throw badRequest(`places[${k}].slotId`, `no session "${p.slotId}" in this rota`);
          const role = slot.roles.find((r) => r.roleId === p.roleId);
          if (!role) throw badRequest(`places[${k}].roleId`, `session "${p.slotId}" has no role "${p.roleId}"`);
          const here = rows.filter((a) => a.slotId === p.slotId && a.roleId === p.roleId);
          const planned = here.find((a) => !a.pinned && kindOf.get(a.staffId) === 'bank');
          if (planned) {
            repo.deleteAssignment(db, planned.id);
            rows = rows.filter((a) => a.id !== planned.id);
            plannedFirst.set(countKey(p.slotId, p.roleId), [
              ...(plannedFirst.get(countKey(p.slotId, p.roleId)) ?? []),
              { staffId: planned.staffId, assignmentId: planned.id },
            ]);
          } else if (here.length + (offered.get(countKey(p.slotId, p.roleId)) ?? 0) >= role.max) {
            throw new OfferError(409, 'conflict', `places[${k}]: ${slot.label} (${p.roleId}) is already full or under offer`);
          }
          targets.push({ slotId: p.slotId, roleId: p.roleId });
          offered.set(countKey(p.slotId, p.roleId), (offered.get(countKey(p.slotId, p.roleId)) ?? 0) + 1);
        });
      } else {
        for (const slot of problem.slots) {
          for (const role of slot.roles) {
            const key = countKey(slot.id, role.roleId);
            const here = rows.filter((a) => a.slotId === slot.id && a.roleId === role.roleId);
            const planned = here.filter((a) => !a.pinned && kindOf.get(a.staffId) === 'bank');
            for (const a of planned) {
              repo.deleteAssignment(db, a.id);
              plannedFirst.set(key, [...(plannedFirst.get(key) ?? []), { staffId: a.staffId, assignmentId: a.id }]);
              targets.push({ slotId: slot.id, roleId: role.roleId });
            }
            rows = rows.filter((a) => !planned.includes(a));
            // Planned places are already among `here`; only the rest up to `preferred` is unfilled.
            const open = role.preferred - here.length - (offered.get(key) ?? 0);
            for (let k = 0; k < open; k++) targets.push({ slotId: slot.id, roleId: role.roleId });
          }
        }
      }

      const held: Assignment[] = rows.map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
      const outside = heldAround(db, rota.serviceId, [rota.id], problem, compiled.timeZone);
      const groups: OfferPlace[][] = input.series ? (targets.length > 0 ? [targets] : []) : targets.map((t) => [t]);
      if (input.series) {
        const seen = new Set<string>();
        for (const t of targets) {
          if (seen.has(t.slotId)) throw badRequest('places', `a series takes one place per session; "${t.slotId}" appears twice`);
          seen.add(t.slotId);
        }
      }
      const out: CreatedOffer[] = [];
      const notSent: NotSent[] = [];
      const rankings = rankOffers(problem, held, groups, {
        ...rankOptions,
        outside,
        ...(input.workerIds ? { workerIds: input.workerIds.filter((id) => kindOf.get(id) === 'bank') } : {}),
      });
      for (const [g, places] of groups.entries()) {
        const ranking = rankings[g];
        const replaced = places.flatMap((p) => plannedFirst.get(countKey(p.slotId, p.roleId)) ?? []);
        const first = replaced.map((r) => r.staffId);
        const order = ranking.eligible.map((e) => e.workerId);
        const ranked = [...first.filter((id) => order.includes(id)), ...order.filter((id) => !first.includes(id))];
        // Sending the whole rota: a place no bank worker may take is reported, not sent to nobody.
        if (!input.places && ranked.length === 0) {
          notSent.push({ places, excluded: ranking.excluded });
          continue;
        }
        const made = insertNewOffer(db, who, nowMs, input, compiled, rota.serviceId, places.map((p) => ({ ...p, rotaId })), ranked, {
          excluded: ranking.excluded,
          // Planned (not accepted) bank places this offer replaces: the assignment is gone from the rota.
          ...(replaced.length > 0 ? { replacedPlanned: replaced } : {}),
        });
        out.push({ offerId: made.offerId, places, status: made.status, offeredTo: ranked, ranking });
      }
      return { out, notSent, serviceId: rota.serviceId, weekStart: rota.weekStart };
    },
    { behavior: 'immediate' },
  );
  // Compile each offered worker's week now, so their accept finds it cached and stays fast.
  const invited = new Set(created.out.flatMap((c) => c.offeredTo));
  for (const staffId of invited) workerWeekProblem(db, db.$client, created.serviceId, created.weekStart, staffId);
  return { offers: created.out, notSent: created.notSent };
}

/** Writes one new offer (places, invites, first sends) with its history and audit. */
function insertNewOffer(
  db: Db,
  who: Who,
  nowMs: number,
  input: { readonly mode: OfferMode; readonly ttlMinutes: number },
  compiled: CompiledProblem,
  serviceId: string,
  places: readonly (OfferPlace & { readonly rotaId: string })[],
  ranked: readonly string[],
  details: Record<string, unknown>,
): { offerId: string; status: Offer['status'] } {
  const slotById = new Map(compiled.problem.slots.map((sl) => [sl.id, sl]));
  const offerId = `offer-${randomUUID()}`;
  // Nobody may still be answering once the first session has started.
  const deadlineMs = Math.min(...places.map((p) => slotById.get(p.slotId)!.startMin)) * 60_000;
  const step = createOffer({ id: offerId, mode: input.mode, ttlMs: input.ttlMinutes * 60_000, deadlineMs, workerIds: ranked, nowMs });
  const seriesIds = new Set(places.map((p) => compiled.slotInfo[p.slotId]?.seriesId ?? null));
  repo.insertOffer(
    db,
    {
      id: offerId,
      rotaId: places[0].rotaId,
      serviceId,
      mode: input.mode,
      ttlMs: step.offer.ttlMs,
      deadlineMs,
      status: step.offer.status,
      seriesId: places.length > 1 && seriesIds.size === 1 ? [...seriesIds][0] : null,
      winnerStaffId: null,
      nextExpiryMs: nextExpiryMs(step.offer),
      createdAtMs: nowMs,
      closedAtMs: step.offer.closedAtMs,
      createdBy: who.name,
    },
    places.map((p, position) => {
      const slot = slotById.get(p.slotId)!;
      return {
        offerId,
        position,
        rotaId: p.rotaId,
        slotId: p.slotId,
        roleId: p.roleId,
        label: slot.label,
        siteId: slot.siteId,
        siteName: compiled.slotInfo[p.slotId]?.siteName ?? null,
        startMin: slot.startMin,
        endMin: slot.endMin,
        workMinutes: slot.workMinutes,
      };
    }),
    step.offer,
    serviceId,
  );
  repo.insertEvents(db, step.events, who.name);
  audit(db, nowMs, who, 'offer.create', offerId, serviceId, null, {
    rotaIds: [...new Set(places.map((p) => p.rotaId))],
    mode: input.mode,
    ttlMinutes: input.ttlMinutes,
    places: places.map((p) => ({ rotaId: p.rotaId, slotId: p.slotId, roleId: p.roleId })),
    ranked,
    ...details,
  });
  auditEvents(db, step.events, who, serviceId);
  return { offerId, status: step.offer.status };
}

// ---------- a series over several weeks ----------

export interface SeriesPlace extends OfferPlace {
  readonly rotaId: string;
}

export interface CreateSeriesInput {
  readonly mode: OfferMode;
  readonly ttlMinutes: number;
  /** Sessions of one service, in one or more of its weekly rotas (e.g. the same group weekly). */
  readonly places: readonly SeriesPlace[];
  readonly workerIds?: readonly string[];
}

/**
 * Offers sessions spread over several weekly rotas as one series, accepted or declined whole: a
 * worker is offered it only if every session fits with what they hold in all those weeks.
 */
export function createSeriesOffer(db: Db, who: Who, input: CreateSeriesInput, nowMs: number, options: OffersOptions = {}): CreatedOffer {
  if (input.mode !== 'cascade' && input.mode !== 'broadcast') throw badRequest('mode', 'must be "cascade" or "broadcast"');
  if (!Number.isInteger(input.ttlMinutes) || input.ttlMinutes < 1) throw badRequest('ttlMinutes', 'must be a whole number of minutes, at least 1');
  if (input.places.length < 1) throw badRequest('places', 'a series needs at least one session');
  const rankOptions = options.rankOptions ?? catalogueRankOptions;
  const created = db.transaction(
    () => {
      const rotaIds = [...new Set(input.places.map((p) => p.rotaId))];
      const rotaById = new Map<string, repo.RotaRef>();
      for (const id of rotaIds) {
        const rota = repo.getRotaRow(db, id);
        if (!rota) throw new OfferError(404, 'not_found', `rota "${id}" not found`);
        rotaById.set(id, rota);
      }
      const serviceIds = new Set([...rotaById.values()].map((r) => r.serviceId));
      if (serviceIds.size > 1) throw badRequest('places', 'a series is offered within one service');
      const serviceId = [...serviceIds][0];
      const span = weeksSpan([...rotaById.values()]);
      const compiled = rotaWeekProblem(db, db.$client, serviceId, span.weekStart, span.days);
      const problem: Problem = { ...compiled.problem, pinned: [] };
      const slotById = new Map(problem.slots.map((sl) => [sl.id, sl]));
      const kindOf = new Map(problem.workers.map((w) => [w.id, w.kind]));
      const seen = new Set<string>();
      input.places.forEach((p, k) => {
        const weekStart = rotaById.get(p.rotaId)!.weekStart;
        const slot = slotById.get(p.slotId);
        if (!slot || daysBetween(weekStart, compiled.slotInfo[p.slotId].date) < 0 || daysBetween(weekStart, compiled.slotInfo[p.slotId].date) >= 7) {
          throw badRequest(`places[${k}].slotId`, `no session "${p.slotId}" in rota "${p.rotaId}"`);
        }
        const role = slot.roles.find((r) => r.roleId === p.roleId);
        if (!role) throw badRequest(`places[${k}].roleId`, `session "${p.slotId}" has no role "${p.roleId}"`);
        if (seen.has(p.slotId)) throw badRequest(`places[${k}].slotId`, `a series takes one place per session; "${p.slotId}" appears twice`);
        seen.add(p.slotId);
        const here = repo.placeAssignments(db, p.rotaId, p.slotId).filter((a) => a.roleId === p.roleId).length;
        const spoken = repo.openOfferPlaces(db, p.rotaId).filter((o) => o.slotId === p.slotId && o.roleId === p.roleId).length;
        if (here + spoken >= role.max) throw new OfferError(409, 'conflict', `places[${k}]: ${slot.label} (${p.roleId}) is already full or under offer`);
      });
      const held: Assignment[] = rotaIds
        .flatMap((id) => repo.rotaAssignments(db, id))
        .map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
      const outside = heldAround(db, serviceId, rotaIds, problem, compiled.timeZone);
      const places = input.places.map((p) => ({ slotId: p.slotId, roleId: p.roleId }));
      const [ranking] = rankOffers(problem, held, [places], {
        ...rankOptions,
        outside,
        ...(input.workerIds ? { workerIds: input.workerIds.filter((id) => kindOf.get(id) === 'bank') } : {}),
      });
      const ranked = ranking.eligible.map((e) => e.workerId);
      const made = insertNewOffer(db, who, nowMs, input, compiled, serviceId, input.places, ranked, { excluded: ranking.excluded });
      return { offer: { offerId: made.offerId, places, status: made.status, offeredTo: ranked, ranking }, serviceId, span };
    },
    { behavior: 'immediate' },
  );
  for (const staffId of created.offer.offeredTo) workerWeekProblem(db, db.$client, created.serviceId, created.span.weekStart, staffId, created.span.days);
  return created.offer;
}

// ---------- answering ----------

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

/** Runs `fn` in one BEGIN IMMEDIATE transaction on the connection (committed, or rolled back on throw). */
function immediate<T>(db: Db, fn: () => T): T {
  let run = runners.get(db.$client);
  if (!run) {
    run = db.$client.transaction((f: () => unknown) => f());
    runners.set(db.$client, run);
  }
  return run.immediate(fn) as T;
}
const runners = new WeakMap<Db['$client'], ReturnType<Db['$client']['transaction']>>();

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

/** Processes every invite whose time is up; each offer in its own short transaction. */
export function processExpired(db: Db, nowMs: number): number {
  let expired = 0;
  for (const id of repo.dueOfferIds(db, nowMs)) {
    expired += db.transaction(
      () => {
        const stored = repo.loadOffer(db, id);
        if (!stored) return 0;
        const step = expireDue(stored.offer, nowMs);
        persist(db, stored.offer, step, SYSTEM, stored.row.serviceId);
        return step.events.filter((e) => e.type === 'expired').length;
      },
      { behavior: 'immediate' },
    );
  }
  return expired;
}

// ---------- reading ----------

export interface OfferedSession {
  readonly slotId: string;
  readonly roleId: string;
  readonly label: string;
  readonly venue: { readonly id: string; readonly name: string | null } | null;
  /** ISO 8601 with the local offset. */
  readonly start: string;
  readonly end: string;
  readonly paidHours: number;
}

export interface MyOffer {
  readonly offerId: string;
  readonly mode: OfferMode;
  readonly series: boolean;
  readonly expiresAt: string;
  readonly sessions: readonly OfferedSession[];
  readonly paidHours: number;
}

export function myOffers(db: Db, who: Who, nowMs: number): MyOffer[] {
  const staffId = requireWorker(who);
  const rows = repo.invitesOfStaff(db, who.serviceId!, staffId, 'open').filter((r) => r.offer.status === 'open' && (r.invite.expiresAtMs ?? 0) > nowMs);
  const zone = zoneOf(db, who.serviceId!);
  const places = repo.offerPlacesOf(db, rows.map((r) => r.offer.id));
  return rows.map(({ invite, offer }) => {
    const sessions = places
      .filter((p) => p.offerId === offer.id)
      .map((p) => ({
        slotId: p.slotId,
        roleId: p.roleId,
        label: p.label,
        venue: p.siteId === null ? null : { id: p.siteId, name: p.siteName },
        start: utcMinToIso(p.startMin, zone),
        end: utcMinToIso(p.endMin, zone),
        paidHours: p.workMinutes / 60,
      }));
    return {
      offerId: offer.id,
      mode: offer.mode,
      series: sessions.length > 1,
      expiresAt: new Date(invite.expiresAtMs!).toISOString(),
      sessions,
      paidHours: sessions.reduce((a, s) => a + s.paidHours, 0),
    };
  });
}

export function rotaOfferHistory(db: Db, rotaId: string) {
  if (!repo.getRotaRow(db, rotaId)) throw new OfferError(404, 'not_found', `rota "${rotaId}" not found`);
  const { rows, invites, events, places } = repo.rotaOffers(db, rotaId);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return rows.map((o) => ({
    offerId: o.id,
    mode: o.mode,
    status: o.status,
    ttlMinutes: o.ttlMs / 60_000,
    winner: o.winnerStaffId,
    createdAt: iso(o.createdAtMs),
    closedAt: iso(o.closedAtMs),
    createdBy: o.createdBy,
    places: places.filter((p) => p.offerId === o.id).map((p) => ({ slotId: p.slotId, roleId: p.roleId, label: p.label })),
    invites: invites
      .filter((i) => i.offerId === o.id)
      .map((i) => ({ staffId: i.staffId, rank: i.rank, status: i.status, sentAt: iso(i.sentAtMs), expiresAt: iso(i.expiresAtMs), closedAt: iso(i.closedAtMs), reason: i.reason })),
    history: events
      .filter((e) => e.offerId === o.id)
      .map((e) => ({ type: e.type, staffId: e.staffId, at: iso(e.atMs), reason: e.reason, by: e.actor })),
  }));
}

/** The worker's accepted sessions as an iCalendar feed. */
export function myCalendar(db: Db, who: Who): string {
  const staffId = requireWorker(who);
  const rows = repo.acceptedSessionsOf(db, who.serviceId!, staffId);
  const siteRows = db.select().from(sites).where(eq(sites.serviceId, who.serviceId!)).all();
  const address = new Map(siteRows.map((s) => [s.id, s.address]));
  const person = db.select({ name: staff.name }).from(staff).where(and(eq(staff.serviceId, who.serviceId!), eq(staff.id, staffId))).get();
  const events: CalendarEvent[] = rows.map(({ fill, place, assignment }) => {
    const where = place.siteId === null ? null : [place.siteName ?? place.siteId, address.get(place.siteId)].filter(Boolean).join(', ');
    return {
      uid: `assignment-${assignment.id}@rota`,
      startUtcMs: assignment.startMin * 60_000,
      endUtcMs: assignment.endMin * 60_000,
      summary: place.label,
      location: where,
      description: `Role: ${place.roleId}. Paid hours: ${place.workMinutes / 60}.`,
      stampUtcMs: fill.atMs,
    };
  });
  return buildCalendar(events, { name: `Bank sessions${person ? ` for ${person.name}` : ''}` });
}

// ---------- calendar subscription ----------

/**
 * Makes a calendar subscription secret for the worker and returns the path to subscribe to; with
 * `replace`, a new one for one they already have (the old stops working). Only the secret's sha256
 * is kept; the path is shown once.
 */
export function newCalendarFeed(db: Db, who: Who, nowMs: number, replace = false): { path: string } {
  const staffId = requireWorker(who);
  const secret = randomBytes(24).toString('base64url');
  immediate(db, () => {
    const existing = db.select().from(calendarFeeds).where(and(eq(calendarFeeds.serviceId, who.serviceId!), eq(calendarFeeds.staffId, staffId))).get();
    // A new address silently breaking the phone's subscription would surprise: replacing is explicit.
    if (existing && !replace) {
      throw new OfferError(409, 'conflict', 'you already have a calendar address; send {"replace": true} for a new one (the old one stops working)');
    }
    db.delete(calendarFeeds).where(and(eq(calendarFeeds.serviceId, who.serviceId!), eq(calendarFeeds.staffId, staffId))).run();
    db.insert(calendarFeeds).values({ tokenHash: sha256(secret), serviceId: who.serviceId!, staffId, createdAtMs: nowMs }).run();
    audit(db, nowMs, who, 'calendar.feed.create', `calendar:${staffId}`, who.serviceId!, null, { staffId });
  });
  return { path: `/calendar/${secret}/feed.ics` };
}

/** The feed behind a subscription secret, or a 404 for an unknown or replaced one. */
export function calendarByFeed(db: Db, secret: string): string {
  const row = db.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, sha256(secret))).get();
  if (!row) throw new OfferError(404, 'not_found', 'no calendar at this address (it may have been replaced)');
  return myCalendar(db, { name: `calendar:${row.staffId}`, serviceId: row.serviceId, staffId: row.staffId });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---------- helpers ----------

/** The horizon covering several weekly rotas: the first week's start and the days to the last week's end. */
function weeksSpan(rotas: readonly repo.RotaRef[]): { weekStart: string; days: number } {
  const starts = rotas.map((r) => r.weekStart).sort();
  return { weekStart: starts[0], days: daysBetween(starts[0], starts[starts.length - 1]) + 7 };
}

/** Rest can reach this far across a rota's edges (2 days covers any minimum rest up to 48 h). */
const EDGE_MARGIN_MIN = 2 * 1440;

/** What each worker holds in the service's other rotas around these rotas' weeks, for rest and overlap. */
function heldAround(db: Db, serviceId: string, rotaIds: readonly string[], problem: Problem, zone: string, staffId?: string): Map<string, HeldElsewhere[]> {
  const out = new Map<string, HeldElsewhere[]>();
  if (problem.days.length === 0) return out;
  const from = problem.days[0].startMin - EDGE_MARGIN_MIN;
  const to = problem.days[problem.days.length - 1].endMin + EDGE_MARGIN_MIN;
  for (const a of repo.heldInOtherRotas(db, serviceId, rotaIds, from, to, staffId)) {
    const start = utcMinToLocal(a.startMin, zone);
    const end = utcMinToLocal(a.endMin, zone);
    const label = `${a.slotId.split('@')[0]} on ${start.date} ${start.time}-${end.time}`;
    out.set(a.staffId, [...(out.get(a.staffId) ?? []), { startMin: a.startMin, endMin: a.endMin, label }]);
  }
  return out;
}

function requireWorker(who: Who): string {
  if (!who.staffId || !who.serviceId) throw new OfferError(403, 'forbidden', 'only a worker token bound to a staff member can do this');
  return who.staffId;
}

/** A worker sees only offers of their own service made to them; anything else is "not found". */
function visibleOffer(db: Db, who: Who, offerId: string): repo.StoredOffer {
  const stored = repo.loadOffer(db, offerId, who.staffId);
  if (!stored || stored.row.serviceId !== who.serviceId || !stored.offer.invites.some((i) => i.workerId === who.staffId)) {
    throw new OfferError(404, 'not_found', `offer "${offerId}" not found`);
  }
  return stored;
}

function persist(db: Db, before: Offer, step: Step, who: Who, serviceId: string): void {
  if (step.events.length === 0 && step.offer === before) return;
  repo.saveOffer(db, before, step.offer, step.events, who.name, nextExpiryMs(step.offer));
  auditEvents(db, step.events, who, serviceId);
}

const AUDIT_ACTION: Record<OfferEvent['type'], string> = {
  offered: 'offer.send',
  accepted: 'offer.accept',
  declined: 'offer.decline',
  expired: 'offer.expire',
  withdrawn: 'offer.withdraw',
  exhausted: 'offer.exhausted',
};

function auditEvents(db: Db, events: readonly OfferEvent[], who: Who, serviceId: string): void {
  // Expiries and the sends they cause happen on the clock, whoever's request processed them.
  for (const e of events) {
    const actor = e.type === 'expired' || (e.type === 'offered' && events.some((x) => x.type === 'expired')) ? SYSTEM : who;
    audit(db, e.atMs, actor, AUDIT_ACTION[e.type], e.offerId, serviceId, e.reason ?? null, e.workerId ? { staffId: e.workerId } : null);
  }
}

function audit(db: Db, atMs: number, who: Who, action: string, offerId: string, serviceId: string, reason: string | null, details: Record<string, unknown> | null): void {
  repo.insertAudit(db, { atMs, actor: who.name, action, offerId, serviceId, reason, details });
}

function zoneOf(db: Db, serviceId: string): string {
  const row = db.select({ timeZone: services.timeZone }).from(services).where(eq(services.id, serviceId)).get();
  return row?.timeZone ?? 'Europe/London';
}

function badRequest(path: string, message: string): OfferError {
  return new OfferError(400, 'bad_request', `${path}: ${message}`, { errors: [{ path, message }] });
}
