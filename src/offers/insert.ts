// Writing one new offer (places, invites, first sends) with its history and audit, and warming the
// invited workers' compiled weeks so their accepts stay fast.
import { notifyOfferEvents } from '../notifications/hooks.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { OfferPlace } from '../../solver/offers/index.ts';
import type { CompiledProblem } from '../service-file/compile.ts';
import { audit, auditEvents, OfferError, type Who } from './common.ts';
import { workerWeekProblem } from './problem-cache.ts';
import * as repo from './repository.ts';
import { createOffer, nextExpiryMs, type Offer, type OfferMode } from './state.ts';

/**
 * Compiles each invited worker's week ahead of their accept, so it finds the problem cached and
 * stays fast. One worker per turn of the event loop, after the response: compiling takes
 * milliseconds a worker, and doing them all at once would hold up every other request. Only an
 * optimisation: an accept compiles on demand whatever happens here.
 */
export function warmInBackground(db: Db, serviceId: string, weekStart: string, days: number, staffIds: ReadonlySet<string>): void {
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
export function refuseWhileSolving(rota: repo.RotaRef): void {
  if (rota.status === 'queued' || rota.status === 'running') {
    throw new OfferError(409, 'conflict', `rota "${rota.id}" is being solved; send offers once it is done`);
  }
}

/** Writes one new offer (places, invites, first sends) with its history and audit. */
export function insertNewOffer(
  db: Db,
  who: Who,
  nowMs: number,
  input: { readonly mode: OfferMode; readonly ttlMinutes: number },
  compiled: CompiledProblem,
  serviceId: string,
  places: readonly (OfferPlace & { readonly rotaId: string })[],
  ranked: readonly string[],
  details: Record<string, unknown>,
  /** How many workers can win it: 1 for a place or a series, the number of places for a session. */
  capacity = 1,
): { offerId: string; status: Offer['status'] } {
  const slotById = new Map(compiled.problem.slots.map((sl) => [sl.id, sl]));
  const offerId = `offer-${randomUUID()}`;
  // Nobody may still be answering once the first session has started.
  const deadlineMs = Math.min(...places.map((p) => slotById.get(p.slotId)!.startMin)) * 60_000;
  const step = createOffer({ id: offerId, mode: input.mode, ttlMs: input.ttlMinutes * 60_000, deadlineMs, workerIds: ranked, nowMs, capacity });
  const seriesIds = new Set(places.map((p) => compiled.slotInfo[p.slotId]?.seriesId ?? null));
  const oneSession = new Set(places.map((p) => p.slotId)).size === 1;
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
      seriesId: places.length > 1 && !oneSession && seriesIds.size === 1 ? [...seriesIds][0] : null,
      capacity,
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
  // Places under an open offer are spoken for: each rota's stored score and unfilled list must say so.
  const at = new Date(nowMs).toISOString();
  for (const rotaId of new Set(places.map((p) => p.rotaId))) repo.markRotaChanged(db, rotaId, at);
  return { offerId, status: step.offer.status };
}

