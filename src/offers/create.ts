// Sending offers for a rota's bank places: the open ones, the ones named, or (when the rota is
// published) only the places proposed for bank workers. One offer per session: a session with two
// places to fill is one offer two workers can each take one place of, so a worker sees one card per
// session. The engine ranks the bank workers; each offer goes out by cascade or broadcast.
import type { Db } from '../db/client.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { catalogueRankOptions, rankOffers, type OfferPlace, type Ranking } from '../../solver/offers/index.ts';
import { badRequest, heldAround, OfferError, type OffersOptions, type Who } from './common.ts';
import { insertNewOffer, refuseWhileSolving, warmInBackground } from './insert.ts';
import { rotaWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { withServicePriors } from '../self-service/fairness-ledger.ts';
import type { Offer, OfferMode } from './state.ts';

export { createSeriesOffer, type CreateSeriesInput, type SeriesPlace } from './series.ts';

export interface CreateOffersInput {
  readonly mode: OfferMode;
  /** Minutes each worker has to answer. */
  readonly ttlMinutes: number;
  /** The places to offer; absent means every open bank place of the rota. */
  readonly places?: readonly OfferPlace[];
  /** Offer the places as one series (accepted or declined whole) instead of one offer per session. */
  readonly series?: boolean;
  /** Offer only to these workers (still ranked and checked). */
  readonly workerIds?: readonly string[];
  /** Only the places proposed for bank workers (what publishing a rota sends), not every open place. */
  readonly proposedOnly?: boolean;
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
  checkOfferInput(input);
  const created = db.transaction(() => offersInTransaction(db, who, rotaId, input, nowMs, options), { behavior: 'immediate' });
  created.warm();
  return { offers: created.offers, notSent: created.notSent };
}

export function checkOfferInput(input: { readonly mode: OfferMode; readonly ttlMinutes: number }): void {
  if (input.mode !== 'cascade' && input.mode !== 'broadcast') throw badRequest('mode', 'must be "cascade" or "broadcast"');
  if (!Number.isInteger(input.ttlMinutes) || input.ttlMinutes < 1) throw badRequest('ttlMinutes', 'must be a whole number of minutes, at least 1');
}

/** A place to offer and, when a bank worker was proposed for it, who (they come first in line). */
interface Target extends OfferPlace {
  readonly planned?: { readonly staffId: string; readonly assignmentId: number };
}

/**
 * createOffers inside the caller's write transaction (publishing sends its offers in its own).
 * `warm` compiles the invited workers' weeks after the transaction, off the accept path.
 */
export function offersInTransaction(
  db: Db,
  who: Who,
  rotaId: string,
  input: CreateOffersInput,
  nowMs: number,
  options: OffersOptions = {},
): CreateOffersResult & { warm: () => void } {
  const rankOptions = options.rankOptions ?? catalogueRankOptions;
  const rota = repo.getRotaRow(db, rotaId);
  if (!rota) throw new OfferError(404, 'not_found', `rota "${rotaId}" not found`);
  refuseWhileSolving(rota);
  const compiled = rotaWeekProblem(db, db.$client, rota.serviceId, rota.weekStart);
  // Ranked by fairness against each worker's ledger too (the twelve months before the week).
  const problem: Problem = withServicePriors(db, rota.serviceId, { ...compiled.problem, pinned: [] });
  const kindOf = new Map(problem.workers.map((w) => [w.id, w.kind]));
  const rows = repo.rotaAssignments(db, rotaId);
  const targets = pickTargets(problem, rows, repo.openOfferPlaces(db, rotaId), input);

  // Proposed places are not the worker's: they go out as offers, the proposed worker first in line.
  const at = new Date(nowMs).toISOString();
  const replaced = new Set<number>();
  for (const t of targets) {
    if (!t.planned) continue;
    repo.deleteAssignment(db, t.planned.assignmentId, at);
    replaced.add(t.planned.assignmentId);
  }
  // What workers hold: proposals are nobody's yet, so they bind no one.
  const held: Assignment[] = rows
    .filter((a) => !replaced.has(a.id) && !a.proposed)
    .map((a) => ({ slotId: a.slotId, roleId: a.roleId, workerId: a.staffId }));
  const outside = heldAround(db, rota.serviceId, [rota.id], problem, compiled.timeZone);
  const groups = groupTargets(targets, input.series === true);
  const distinct = [...new Map(targets.map((t) => [placeKey(t), { slotId: t.slotId, roleId: t.roleId }])).values()];
  const rankingOf = new Map<string, Ranking>();
  const rankGroups = input.series ? (groups.length > 0 ? [groups[0].map((t) => ({ slotId: t.slotId, roleId: t.roleId }))] : []) : distinct.map((p) => [p]);
  const rankings = rankOffers(problem, held, rankGroups, {
    ...rankOptions,
    outside,
    ...(input.workerIds ? { workerIds: input.workerIds.filter((id) => kindOf.get(id) === 'bank') } : {}),
  });
  rankGroups.forEach((g, k) => rankingOf.set(g.length === 1 && !input.series ? placeKey(g[0]) : 'series', rankings[k]));

  const offers: CreatedOffer[] = [];
  const notSent: NotSent[] = [];
  for (const group of groups) {
    const places = group.map((t) => ({ slotId: t.slotId, roleId: t.roleId }));
    const ranking = input.series ? rankingOf.get('series')! : mergeRankings(places, places.map((p) => rankingOf.get(placeKey(p))!));
    const order = ranking.eligible.map((e) => e.workerId);
    const first = group.flatMap((t) => (t.planned && order.includes(t.planned.staffId) ? [t.planned.staffId] : []));
    const ranked = [...new Set([...first, ...order])];
    // Sending the whole rota: a place no bank worker may take is reported, not sent to nobody.
    if (!input.places && ranked.length === 0) {
      notSent.push({ places, excluded: ranking.excluded });
      continue;
    }
    const replacedPlanned = group.flatMap((t) => (t.planned ? [t.planned] : []));
    const capacity = input.series ? 1 : group.length;
    const made = insertNewOffer(db, who, nowMs, input, compiled, rota.serviceId, places.map((p) => ({ ...p, rotaId })), ranked, {
      excluded: ranking.excluded,
      // Proposed (not accepted) bank places this offer replaces: the assignment is gone from the rota.
      ...(replacedPlanned.length > 0 ? { replacedPlanned } : {}),
    }, capacity);
    offers.push({ offerId: made.offerId, places, status: made.status, offeredTo: ranked, ranking });
  }
  const invited = new Set(offers.flatMap((c) => c.offeredTo));
  return { offers, notSent, warm: () => warmInBackground(db, rota.serviceId, rota.weekStart, 7, invited) };
}

const placeKey = (p: OfferPlace) => `${p.slotId}\u0000${p.roleId}`;

/** The places to offer: named ones (checked), the proposed ones, or every open one up to its preferred number. */
function pickTargets(problem: Problem, rows: readonly repo.AssignmentRow[], spoken: readonly repo.OfferPlaceRow[], input: CreateOffersInput): Target[] {
  const offered = new Map<string, number>();
  for (const p of spoken) offered.set(placeKey(p), (offered.get(placeKey(p)) ?? 0) + 1);
  const used = new Set<number>();
  const targets: Target[] = [];
  const plannedOf = (a: repo.AssignmentRow) => ({ staffId: a.staffId, assignmentId: a.id });
  if (input.places) {
    const slotById = new Map(problem.slots.map((s) => [s.id, s]));
    input.places.forEach((p, k) => {
      const slot = slotById.get(p.slotId);
      if (!slot) throw badRequest(`places[${k}].slotId`, `no session "${p.slotId}" in this rota`);
      const role = slot.roles.find((r) => r.roleId === p.roleId);
      if (!role) throw badRequest(`places[${k}].roleId`, `session "${p.slotId}" has no role "${p.roleId}"`);
      const here = rows.filter((a) => a.slotId === p.slotId && a.roleId === p.roleId);
      const planned = here.find((a) => a.proposed && !used.has(a.id));
      if (planned) {
        used.add(planned.id);
        targets.push({ slotId: p.slotId, roleId: p.roleId, planned: plannedOf(planned) });
        return;
      }
      if (here.length + (offered.get(placeKey(p)) ?? 0) >= role.max) {
        throw new OfferError(409, 'conflict', `places[${k}]: ${slot.label} (${p.roleId}) is already full or under offer`);
      }
      targets.push({ slotId: p.slotId, roleId: p.roleId });
      offered.set(placeKey(p), (offered.get(placeKey(p)) ?? 0) + 1);
    });
    return targets;
  }
  for (const slot of problem.slots) {
    for (const role of slot.roles) {
      const p = { slotId: slot.id, roleId: role.roleId };
      const here = rows.filter((a) => a.slotId === slot.id && a.roleId === role.roleId);
      for (const a of here) if (a.proposed) targets.push({ ...p, planned: plannedOf(a) });
      if (input.proposedOnly) continue;
      // Proposed places are already among `here`; only the rest up to `preferred` is unfilled.
      const open = role.preferred - here.length - (offered.get(placeKey(p)) ?? 0);
      for (let k = 0; k < open; k++) targets.push(p);
    }
  }
  return targets;
}

/** One group per offer: the whole series, or the places of each session together. */
function groupTargets(targets: readonly Target[], series: boolean): Target[][] {
  if (series) {
    const seen = new Set<string>();
    for (const t of targets) {
      if (seen.has(t.slotId)) throw badRequest('places', `a series takes one place per session; "${t.slotId}" appears twice`);
      seen.add(t.slotId);
    }
    return targets.length > 0 ? [[...targets]] : [];
  }
  const bySlot = new Map<string, Target[]>();
  for (const t of targets) bySlot.set(t.slotId, [...(bySlot.get(t.slotId) ?? []), t]);
  return [...bySlot.values()];
}

/**
 * A session offered with several places (perhaps of several roles): a worker is eligible when they
 * may take any of them, ranked by their best place; excluded ones keep every reason given.
 */
function mergeRankings(places: readonly OfferPlace[], rankings: readonly Ranking[]): Ranking {
  if (rankings.length === 1) return { ...rankings[0], places };
  const best = new Map<string, Ranking['eligible'][number]>();
  for (const r of rankings) for (const e of r.eligible) if (!best.has(e.workerId) || best.get(e.workerId)!.softDelta > e.softDelta) best.set(e.workerId, e);
  const reasons = new Map<string, { workerName: string; reasons: string[] }>();
  for (const r of rankings) {
    for (const x of r.excluded) {
      if (best.has(x.workerId)) continue;
      const entry = reasons.get(x.workerId) ?? { workerName: x.workerName, reasons: [] };
      for (const why of x.reasons) if (!entry.reasons.includes(why)) entry.reasons.push(why);
      reasons.set(x.workerId, entry);
    }
  }
  const eligible = [...best.values()].sort((a, b) => a.softDelta - b.softDelta || (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
  const excluded = [...reasons].map(([workerId, e]) => ({ workerId, ...e })).sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : 0));
  return { places, eligible, excluded };
}
