// The offer state machine as pure functions: an offer (one place, a series offered whole, or one
// session with several places) goes to ranked bank workers either one at a time per free place
// (cascade) or to all at once (broadcast). An offer has a capacity: how many workers can win it (1
// for one place or a series, the number of places for a session with several). Every change
// returns a new offer plus the events that happened, so the caller can store both in one
// transaction and the audit log sees each offer, accept, decline and expiry.
// Times are epoch milliseconds passed in by the caller; nothing here reads the clock.

export type OfferMode = 'cascade' | 'broadcast';
/** queued: not yet sent (cascade, waiting its turn). cancelled: accepted, then the manager took the place away. */
export type InviteStatus = 'queued' | 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'cancelled';
/** exhausted: every invited worker declined, let it expire or was withdrawn; nobody took it. */
export type OfferStatus = 'open' | 'accepted' | 'exhausted' | 'withdrawn';

export interface Invite {
  readonly workerId: string;
  /** 0 is the best-ranked worker. */
  readonly rank: number;
  readonly status: InviteStatus;
  readonly sentAtMs: number | null;
  readonly expiresAtMs: number | null;
  readonly closedAtMs: number | null;
  readonly reason: string | null;
}

export interface Offer {
  readonly id: string;
  readonly mode: OfferMode;
  /** How long each worker has to answer once the offer reaches them. */
  readonly ttlMs: number;
  /** No answer after this (the first session's start): answer windows end there at the latest. */
  readonly deadlineMs: number | null;
  readonly status: OfferStatus;
  /** How many workers can win it; the offer is accepted when that many have. */
  readonly capacity: number;
  readonly createdAtMs: number;
  readonly closedAtMs: number | null;
  /** The first worker who won it (a session with several places has more: see the invites). */
  readonly winnerWorkerId: string | null;
  /** In rank order. */
  readonly invites: readonly Invite[];
}

export type OfferEventType = 'offered' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'exhausted' | 'cancelled';

export interface OfferEvent {
  readonly type: OfferEventType;
  readonly offerId: string;
  /** Absent for whole-offer events (exhausted, withdrawn by the manager). */
  readonly workerId?: string;
  readonly atMs: number;
  readonly reason?: string;
}

export interface Step {
  readonly offer: Offer;
  readonly events: readonly OfferEvent[];
}

/** `repeat`: the worker had already answered so (a phone retry); nothing changed. */
export type AcceptResult =
  | (Step & { readonly ok: true; readonly repeat: boolean })
  | (Step & { readonly ok: false; readonly code: RefusalCode; readonly reason: string });

export type RefusalCode = 'not-offered' | 'not-open' | 'offer-closed' | 'expired' | 'cancelled';

/**
 * Where an offer stands for one worker, as they are told: offered (waiting for their answer),
 * waiting (queued in a cascade, not sent to them yet), accepted, declined, expired, taken (by other
 * workers), withdrawn (by the manager, or no longer possible for them) or cancelled (accepted, then
 * the manager took the place away).
 */
export type WorkerOfferState = 'offered' | 'waiting' | 'accepted' | 'declined' | 'expired' | 'taken' | 'withdrawn' | 'cancelled';

export interface CreateOfferInput {
  readonly id: string;
  readonly mode: OfferMode;
  readonly ttlMs: number;
  /** When the offer must be settled by (the first session's start); none by default. */
  readonly deadlineMs?: number;
  /** Worker ids, best first. */
  readonly workerIds: readonly string[];
  readonly nowMs: number;
  /** How many workers can win it (default 1). */
  readonly capacity?: number;
}

export function createOffer(input: CreateOfferInput): Step {
  if (input.mode !== 'cascade' && input.mode !== 'broadcast') throw new Error(`mode: must be "cascade" or "broadcast", got "${String(input.mode)}"`);
  if (!Number.isInteger(input.ttlMs) || input.ttlMs <= 0) throw new Error(`ttlMs: must be a positive whole number of milliseconds`);
  if (new Set(input.workerIds).size !== input.workerIds.length) throw new Error('workerIds: a worker is listed twice');
  const capacity = input.capacity ?? 1;
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity: must be a whole number, at least 1');
  const invites: Invite[] = input.workerIds.map((workerId, rank) => ({
    workerId,
    rank,
    status: 'queued',
    sentAtMs: null,
    expiresAtMs: null,
    closedAtMs: null,
    reason: null,
  }));
  const offer: Offer = {
    id: input.id,
    mode: input.mode,
    ttlMs: input.ttlMs,
    deadlineMs: input.deadlineMs ?? null,
    status: 'open',
    capacity,
    createdAtMs: input.nowMs,
    closedAtMs: null,
    winnerWorkerId: null,
    invites,
  };
  return advance(offer, input.nowMs, []);
}

/** Closes every open invite whose time is up; a cascade then goes to the next worker. */
export function expireDue(offer: Offer, nowMs: number): Step {
  if (offer.status !== 'open') return { offer, events: [] };
  const events: OfferEvent[] = [];
  let changed = false;
  const invites = offer.invites.map((inv) => {
    if (inv.status === 'open' && inv.expiresAtMs !== null && inv.expiresAtMs <= nowMs) {
      changed = true;
      events.push({ type: 'expired', offerId: offer.id, workerId: inv.workerId, atMs: nowMs });
      return { ...inv, status: 'expired' as const, closedAtMs: nowMs };
    }
    return inv;
  });
  if (!changed) return { offer, events };
  return advance({ ...offer, invites }, nowMs, events);
}

/**
 * A worker accepts. Only an open, unexpired invite on an open offer can win; when as many workers as
 * the offer's capacity have won, the offer closes and every other invite is withdrawn. A worker who
 * already won it gets the same answer again (`repeat`), with nothing changed. The hard-rule re-check
 * is the caller's job (it needs the rota); when it fails the caller uses `invalidate` instead.
 */
export function accept(offer: Offer, workerId: string, nowMs: number): AcceptResult {
  const due = expireDue(offer, nowMs);
  const refuse = (code: RefusalCode, reason: string): AcceptResult => ({ ok: false, code, reason, ...due });
  const current = due.offer;
  const mine = current.invites.find((i) => i.workerId === workerId);
  if (!mine) return refuse('not-offered', 'this offer was not made to you');
  if (mine.status === 'accepted') return { ok: true, repeat: true, ...due };
  if (mine.status === 'cancelled') return refuse('cancelled', `your place was taken away${mine.reason ? `: ${mine.reason}` : ''}`);
  if (mine.status === 'expired') return refuse('expired', 'the offer expired before you accepted');
  if (current.status !== 'open') {
    return refuse('offer-closed', current.status === 'accepted' ? 'another worker has already taken this offer' : `the offer is ${current.status}`);
  }
  if (mine.status !== 'open') {
    return refuse('not-open', mine.status === 'queued' ? 'the offer has not reached you yet' : `you have already ${mine.status} this offer`);
  }
  const events: OfferEvent[] = [...due.events, { type: 'accepted', offerId: current.id, workerId, atMs: nowMs }];
  let invites = current.invites.map((inv) => (inv.workerId === workerId ? { ...inv, status: 'accepted' as const, closedAtMs: nowMs } : inv));
  const winnerWorkerId = current.winnerWorkerId ?? workerId;
  if (invites.filter((i) => i.status === 'accepted').length < current.capacity) {
    // Places are left: the offer stays open (a cascade sends to the next worker if one is needed).
    const next = advance({ ...current, invites, winnerWorkerId }, nowMs, events);
    return { ok: true, repeat: false, ...next };
  }
  // The others' invites close with the offer; the one "accepted" event records it for them all
  // (a broadcast to hundreds would otherwise log hundreds of lines per accept).
  invites = invites.map((inv) =>
    inv.status === 'open' || inv.status === 'queued' ? { ...inv, status: 'withdrawn' as const, closedAtMs: nowMs, reason: TAKEN } : inv,
  );
  return {
    ok: true,
    repeat: false,
    offer: { ...current, invites, status: 'accepted', winnerWorkerId, closedAtMs: nowMs },
    events,
  };
}

/** Why invites still queued when the session starts are closed. */
export const PAST_DEADLINE = 'the session has started';

/** Why the other invites of an accepted offer were closed. */
export const TAKEN = 'taken by another worker';

/** A worker declines; declining again changes nothing and answers the same (`repeat`). */
export function decline(offer: Offer, workerId: string, nowMs: number, reason?: string): AcceptResult {
  const mine = offer.invites.find((i) => i.workerId === workerId);
  if (mine?.status === 'declined') return { ok: true, repeat: true, offer, events: [] };
  if (mine?.status === 'accepted') return { ok: false, code: 'not-open', reason: 'you have accepted this offer; ask your manager to release you', offer, events: [] };
  return closeInvite(offer, workerId, nowMs, 'declined', reason ?? null);
}

/**
 * The worker may no longer take the offer (an accept failed the hard-rule re-check): their invite
 * is withdrawn with the reason and a cascade moves on.
 */
export function invalidate(offer: Offer, workerId: string, nowMs: number, reason: string): AcceptResult {
  return closeInvite(offer, workerId, nowMs, 'withdrawn', reason);
}

/** The manager withdraws the whole offer; places already accepted stay with their workers. */
export function withdraw(offer: Offer, nowMs: number, reason = 'withdrawn by the manager'): Step {
  if (offer.status !== 'open') return { offer, events: [] };
  const invites = offer.invites.map((inv) =>
    inv.status === 'open' || inv.status === 'queued' ? { ...inv, status: 'withdrawn' as const, closedAtMs: nowMs, reason } : inv,
  );
  return {
    offer: { ...offer, invites, status: 'withdrawn', closedAtMs: nowMs },
    events: [{ type: 'withdrawn', offerId: offer.id, atMs: nowMs, reason }],
  };
}

/**
 * The manager takes an accepted place away from its worker (removed, or given to someone else): the
 * worker's invite is cancelled with the reason, which the worker sees. An offer still open goes on
 * for the place now free; a closed one left with no winner reads as withdrawn. Nothing happens
 * when the worker does not hold the offer.
 */
export function cancelAccepted(offer: Offer, workerId: string, nowMs: number, reason: string): Step {
  const mine = offer.invites.find((i) => i.workerId === workerId);
  if (!mine || mine.status !== 'accepted') return { offer, events: [] };
  const invites = offer.invites.map((inv) => (inv === mine ? { ...inv, status: 'cancelled' as const, closedAtMs: nowMs, reason } : inv));
  const winners = invites.filter((i) => i.status === 'accepted');
  const winnerWorkerId = offer.winnerWorkerId === workerId ? (winners[0]?.workerId ?? null) : offer.winnerWorkerId;
  const events: OfferEvent[] = [{ type: 'cancelled', offerId: offer.id, workerId, atMs: nowMs, reason }];
  if (offer.status === 'open') return advance({ ...offer, invites, winnerWorkerId }, nowMs, events);
  const status: OfferStatus = offer.status === 'accepted' && winners.length === 0 ? 'withdrawn' : offer.status;
  return { offer: { ...offer, invites, winnerWorkerId, status }, events };
}

/** Where the offer stands for this worker (see WorkerOfferState); undefined if it was never made to them. */
export function workerState(offer: Offer, workerId: string): { state: WorkerOfferState; reason: string | null } | undefined {
  const mine = offer.invites.find((i) => i.workerId === workerId);
  if (!mine) return undefined;
  switch (mine.status) {
    case 'queued':
      return { state: 'waiting', reason: null };
    case 'open':
      return { state: offer.status === 'open' ? 'offered' : 'withdrawn', reason: null };
    case 'withdrawn':
      return { state: mine.reason === TAKEN ? 'taken' : 'withdrawn', reason: mine.reason };
    default:
      return { state: mine.status, reason: mine.reason };
  }
}

/** When the next expiry falls due, or null when nothing is waiting on a clock. */
export function nextExpiryMs(offer: Offer): number | null {
  if (offer.status !== 'open') return null;
  let next: number | null = null;
  for (const inv of offer.invites) {
    if (inv.status === 'open' && inv.expiresAtMs !== null && (next === null || inv.expiresAtMs < next)) next = inv.expiresAtMs;
  }
  return next;
}

export function openInvites(offer: Offer): readonly Invite[] {
  return offer.invites.filter((i) => i.status === 'open');
}

function closeInvite(offer: Offer, workerId: string, nowMs: number, status: 'declined' | 'withdrawn', reason: string | null): AcceptResult {
  const due = expireDue(offer, nowMs);
  const current = due.offer;
  const mine = current.invites.find((i) => i.workerId === workerId);
  if (!mine) return { ok: false, code: 'not-offered', reason: 'this offer was not made to you', ...due };
  if (mine.status === 'expired') return { ok: false, code: 'expired', reason: 'the offer had already expired', ...due };
  if (current.status !== 'open') return { ok: false, code: 'offer-closed', reason: `the offer is ${current.status}`, ...due };
  if (mine.status !== 'open') return { ok: false, code: 'not-open', reason: `your offer is ${mine.status}`, ...due };
  const invites = current.invites.map((inv) => (inv.workerId === workerId ? { ...inv, status, closedAtMs: nowMs, reason } : inv));
  const event: OfferEvent = { type: status, offerId: current.id, workerId, atMs: nowMs, ...(reason !== null ? { reason } : {}) };
  const next = advance({ ...current, invites }, nowMs, [...due.events, event]);
  return { ok: true, repeat: false, ...next };
}

/**
 * Sends the offer to whoever should have it now, or closes it as exhausted when nobody is left. A
 * cascade keeps one worker asked per place still free (one at a time for a single place).
 */
function advance(offer: Offer, nowMs: number, events: OfferEvent[]): Step {
  if (offer.status !== 'open') return { offer, events };
  const out = [...events];
  let invites = offer.invites;
  const send = (inv: Invite): Invite => {
    out.push({ type: 'offered', offerId: offer.id, workerId: inv.workerId, atMs: nowMs });
    const expiresAtMs = offer.deadlineMs === null ? nowMs + offer.ttlMs : Math.min(nowMs + offer.ttlMs, offer.deadlineMs);
    return { ...inv, status: 'open', sentAtMs: nowMs, expiresAtMs };
  };
  if (offer.deadlineMs !== null && nowMs >= offer.deadlineMs) {
    // Too late to offer to anyone else: those still waiting their turn never get it.
    invites = invites.map((inv) => (inv.status === 'queued' ? { ...inv, status: 'withdrawn' as const, closedAtMs: nowMs, reason: PAST_DEADLINE } : inv));
  } else if (offer.mode === 'broadcast') {
    invites = invites.map((inv) => (inv.status === 'queued' ? send(inv) : inv));
  } else {
    const free = offer.capacity - invites.filter((i) => i.status === 'accepted').length;
    let asked = invites.filter((i) => i.status === 'open').length;
    invites = invites.map((inv) => {
      if (asked >= free || inv.status !== 'queued') return inv;
      asked++;
      return send(inv);
    });
  }
  if (!invites.some((i) => i.status === 'open' || i.status === 'queued')) {
    out.push({ type: 'exhausted', offerId: offer.id, atMs: nowMs });
    return { offer: { ...offer, invites, status: 'exhausted', closedAtMs: nowMs }, events: out };
  }
  return { offer: { ...offer, invites }, events: out };
}

/**
 * The worker can no longer be offered anything (they were archived): their open or queued invite is
 * withdrawn with the reason, and a cascade moves on to the next worker.
 */
export function dropWorker(offer: Offer, workerId: string, nowMs: number, reason: string): Step {
  const due = expireDue(offer, nowMs);
  const current = due.offer;
  const mine = current.invites.find((i) => i.workerId === workerId);
  if (current.status !== 'open' || !mine || (mine.status !== 'open' && mine.status !== 'queued')) return due;
  const invites = current.invites.map((inv) => (inv.workerId === workerId ? { ...inv, status: 'withdrawn' as const, closedAtMs: nowMs, reason } : inv));
  const event: OfferEvent = { type: 'withdrawn', offerId: current.id, workerId, atMs: nowMs, reason };
  return advance({ ...current, invites }, nowMs, [...due.events, event]);
}
