// What the offer modules share: who is acting, errors, the write transaction, audit and the
// lookups every step needs (a worker's visible offer, what workers hold in neighbouring rotas).
import type { Db } from '../db/client.ts';
import { notifyOfferEvents } from '../notifications/hooks.ts';
import { AppError } from '../services/errors.ts';
import { serviceHeader } from '../db/repositories/lookup-repo.ts';
import type { Problem } from '../../solver/model.ts';
import type { HeldElsewhere, RankOptions } from '../../solver/offers/index.ts';
import { daysBetween, utcMinToLocal } from '../time/local-time.ts';
import * as repo from './repository.ts';
import { nextExpiryMs, type Offer, type OfferEvent, type Step } from './state.ts';

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

/** Runs `fn` in one BEGIN IMMEDIATE transaction on the connection (committed, or rolled back on throw). */
export function immediate<T>(db: Db, fn: () => T): T {
  let run = runners.get(db.$client);
  if (!run) {
    run = db.$client.transaction((f: () => unknown) => f());
    runners.set(db.$client, run);
  }
  return run.immediate(fn) as T;
}
const runners = new WeakMap<Db['$client'], ReturnType<Db['$client']['transaction']>>();


/** The horizon covering several weekly rotas: the first week's start and the days to the last week's end. */
export function weeksSpan(rotas: readonly repo.RotaRef[]): { weekStart: string; days: number } {
  const starts = rotas.map((r) => r.weekStart).sort();
  const first = starts[0];
  const last = starts[starts.length - 1];
  // One week (every accept of a single place) needs no date arithmetic.
  return { weekStart: first, days: first === last ? 7 : daysBetween(first, last) + 7 };
}

/** Rest can reach this far across a rota's edges (2 days covers any minimum rest up to 48 h). */
const EDGE_MARGIN_MIN = 2 * 1440;

/**
 * What each worker holds for sure (accepted or published) in the service's other rotas around these
 * rotas' weeks, for rest and overlap: other versions of the same week included.
 */
export function heldAround(db: Db, serviceId: string, rotaIds: readonly string[], problem: Problem, zone: string, staffId?: string): Map<string, HeldElsewhere[]> {
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

export function requireWorker(who: Who): string {
  if (!who.staffId || !who.serviceId) throw new OfferError(403, 'forbidden', 'only a worker token bound to a staff member can do this');
  return who.staffId;
}

/** A worker sees only offers of their own service made to them; anything else is "not found". */
export function visibleOffer(db: Db, who: Who, offerId: string): repo.StoredOffer {
  const stored = repo.loadOffer(db, offerId, who.staffId);
  if (!stored || stored.row.serviceId !== who.serviceId || !stored.offer.invites.some((i) => i.workerId === who.staffId)) {
    throw new OfferError(404, 'not_found', `offer "${offerId}" not found`);
  }
  return stored;
}

export function persist(db: Db, before: Offer, step: Step, who: Who, serviceId: string): void {
  if (step.events.length === 0 && step.offer === before) return;
  repo.saveOffer(db, before, step.offer, step.events, who.name, nextExpiryMs(step.offer));
  auditEvents(db, step.events, who, serviceId);
  notifyOfferEvents(db, step.events, serviceId);
  // An offer that closes unfilled frees the places it spoke for: its rotas' stored scores must catch
  // up (an accept marks its rotas itself).
  if (before.status !== step.offer.status && step.offer.status !== 'accepted') {
    const atMs = step.events.at(-1)?.atMs ?? step.offer.closedAtMs ?? step.offer.createdAtMs;
    repo.markOfferRotasChanged(db, step.offer.id, new Date(atMs).toISOString());
  }
}

const AUDIT_ACTION: Record<OfferEvent['type'], string> = {
  offered: 'offer.send',
  accepted: 'offer.accept',
  declined: 'offer.decline',
  expired: 'offer.expire',
  withdrawn: 'offer.withdraw',
  exhausted: 'offer.exhausted',
  cancelled: 'offer.cancel',
};

export function auditEvents(db: Db, events: readonly OfferEvent[], who: Who, serviceId: string): void {
  // Expiries and the sends they cause happen on the clock, whoever's request processed them.
  for (const e of events) {
    const actor = e.type === 'expired' || (e.type === 'offered' && events.some((x) => x.type === 'expired')) ? SYSTEM : who;
    audit(db, e.atMs, actor, AUDIT_ACTION[e.type], e.offerId, serviceId, e.reason ?? null, e.workerId ? { staffId: e.workerId } : null);
  }
}

export function audit(db: Db, atMs: number, who: Who, action: string, offerId: string, serviceId: string, reason: string | null, details: Record<string, unknown> | null): void {
  repo.insertAudit(db, { atMs, actor: who.name, action, offerId, serviceId, reason, details });
}

export function zoneOf(db: Db, serviceId: string): string {
  return serviceHeader(db, serviceId)?.timeZone ?? 'Europe/London';
}

export function badRequest(path: string, message: string): OfferError {
  return new OfferError(400, 'bad_request', `${path}: ${message}`, { errors: [{ path, message }] });
}
