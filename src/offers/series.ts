// Offering a series over several weekly rotas as one offer, accepted or declined whole.
import type { Db } from '../db/client.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, rankOffers, type OfferPlace } from '../../solver/offers/index.ts';
import { daysBetween } from '../time/local-time.ts';
import { badRequest, heldAround, OfferError, weeksSpan, type OffersOptions, type Who } from './common.ts';
import type { CreatedOffer } from './create.ts';
import { insertNewOffer, refuseWhileSolving, warmInBackground } from './insert.ts';
import { rotaWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { withServicePriors } from '../self-service/fairness-ledger.ts';
import type { OfferMode } from './state.ts';

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
      const problem: Problem = withServicePriors(db, serviceId, { ...compiled.problem, pinned: [] });
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
