// Sending offers: a rota's open bank places (or the ones named), or a series over several weekly
// rotas. The engine ranks the bank workers; each offer goes out by cascade or broadcast.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { notifyOfferEvents } from '../notifications/hooks.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, rankOffers, type OfferPlace, type Ranking } from '../../solver/offers/index.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import { daysBetween } from '../time/local-time.ts';
import { audit, auditEvents, badRequest, heldAround, OfferError, weeksSpan, type OffersOptions, type Who } from './common.ts';
import { rotaWeekProblem, workerWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { createOffer, nextExpiryMs, type Offer, type OfferMode } from './state.ts';


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
      refuseWhileSolving(rota);
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
            repo.deleteAssignment(db, planned.id, new Date(nowMs).toISOString());
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
              repo.deleteAssignment(db, a.id, new Date(nowMs).toISOString());
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
  warmInBackground(db, created.serviceId, created.weekStart, 7, new Set(created.out.flatMap((c) => c.offeredTo)));
  return { offers: created.out, notSent: created.notSent };
}

/**
 * Compiles each invited worker's week ahead of their accept, so it finds the problem cached and
 * stays fast. One worker per turn of the event loop, after the response: compiling takes
 * milliseconds a worker, and doing them all at once would hold up every other request. Only an
 * optimisation: an accept compiles on demand whatever happens here.
 */
function warmInBackground(db: Db, serviceId: string, weekStart: string, days: number, staffIds: ReadonlySet<string>): void {
  const queue = [...staffIds];
  const step = () => {
    const staffId = queue.shift();
    if (staffId === undefined) return;
    try {
      workerWeekProblem(db, db.$client, serviceId, weekStart, staffId, days);
    } catch {
      return; // the database closed or the data changed: the accept will compile what it needs
    }
    setImmediate(step).unref();
  };
  setImmediate(step).unref();
}

/** A solve under way will write the rota's places: what is open is not known until it is done. */
function refuseWhileSolving(rota: repo.RotaRef): void {
  if (rota.status === 'queued' || rota.status === 'running') {
    throw new OfferError(409, 'conflict', `rota "${rota.id}" is being solved; send offers once it is done`);
  }
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
  notifyOfferEvents(db, step.events, serviceId);
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
        refuseWhileSolving(rota);
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
  warmInBackground(db, created.serviceId, created.span.weekStart, created.span.days, new Set(created.offer.offeredTo));
  return created.offer;
}
