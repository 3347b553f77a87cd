// Reading offers: a worker's open offers and the manager's history of a rota's offers.
import type { Db } from '../db/client.ts';
import { getRota } from '../db/repositories/rota-repo.ts';
import { roleNamesOf, staffRatePenceOf } from '../db/repositories/lookup-repo.ts';
import { utcMinToIso } from '../time/local-time.ts';
import { OfferError, requireWorker, zoneOf, type Who } from './common.ts';
import * as repo from './repository.ts';
import { workerState, type Offer, type OfferMode, type WorkerOfferState } from './state.ts';
type OfferInviteRow = repo.OfferInviteRow;


export interface OfferedSession {
  readonly slotId: string;
  /** The role asked for; a session offered with places of several roles lists each it could be. */
  readonly roleId: string;
  /** The role's name (names, comma-separated, for several). */
  readonly roleName: string;
  /** The session's kind (wellbeing, drop-in...), null when its rota no longer says. */
  readonly kind: string | null;
  readonly label: string;
  readonly venue: { readonly id: string; readonly name: string | null } | null;
  /** ISO 8601 with the local offset. */
  readonly start: string;
  readonly end: string;
  readonly paidHours: number;
  /** Pay for the paid hours at the worker's hourly rate, in pounds (pence rounded). */
  readonly payPounds: number;
}

export interface MyOffer {
  readonly offerId: string;
  readonly mode: OfferMode;
  readonly series: boolean;
  /** Where the offer stands for this worker: offered (awaiting their answer), accepted, declined... */
  readonly state: WorkerOfferState;
  /** Why it closed for them (e.g. the manager's reason for cancelling an accepted place), if given. */
  readonly reason: string | null;
  /** When their answer window ends (null once answered or closed). */
  readonly expiresAt: string | null;
  readonly sessions: readonly OfferedSession[];
  readonly paidHours: number;
  /** The worker's hourly rate from their staff record, in pounds. */
  readonly hourlyRatePounds: number;
  readonly payPounds: number;
  /** The places the worker holds through this offer (accepted). */
  readonly assignmentIds: readonly number[];
}

/**
 * A worker's offers, one card per offer (a session offered with several places is one offer).
 * By default the open ones awaiting their answer; with `all`, every offer that reached them, with
 * where it stands for them and why it closed.
 */
export function myOffers(db: Db, who: Who, nowMs: number, all = false): MyOffer[] {
  const staffId = requireWorker(who);
  const statuses: OfferInviteRow['status'][] = all ? ['open', 'accepted', 'declined', 'expired', 'withdrawn', 'cancelled'] : ['open'];
  const rows = repo
    .invitesOfStaff(db, who.serviceId!, staffId, statuses)
    .filter((r) => all || (r.offer.status === 'open' && (r.invite.expiresAtMs ?? 0) > nowMs));
  return cards(db, who.serviceId!, staffId, rows);
}

/** One offer as the worker sees it, in whatever state (404 when it was never made to them). */
export function myOffer(db: Db, who: Who, offerId: string): MyOffer {
  const staffId = requireWorker(who);
  const row = repo.invitesOfStaff(db, who.serviceId!, staffId, ['queued', 'open', 'accepted', 'declined', 'expired', 'withdrawn', 'cancelled']).find((r) => r.offer.id === offerId);
  // An offer still queued in a cascade has not reached them: as good as not made to them yet.
  if (!row || row.invite.status === 'queued') throw new OfferError(404, 'not_found', `offer "${offerId}" not found`);
  return cards(db, who.serviceId!, staffId, [row])[0];
}

type InviteWithOffer = ReturnType<typeof repo.invitesOfStaff>[number];

function cards(db: Db, serviceId: string, staffId: string, rows: readonly InviteWithOffer[]): MyOffer[] {
  const zone = zoneOf(db, serviceId);
  const ratePence = staffRatePenceOf(db, serviceId, staffId) ?? 0;
  const pounds = (minutes: number) => Math.round((minutes * ratePence) / 60) / 100;
  const places = repo.offerPlacesOf(db, rows.map((r) => r.offer.id));
  const roleName = roleNamesOf(db, serviceId);
  const kinds = new Map<string, string>();
  for (const rotaId of new Set(places.map((p) => p.rotaId))) {
    for (const slot of getRota(db, rotaId)?.slots ?? []) kinds.set(`${rotaId} ${slot.id}`, slot.kind);
  }
  return rows.map(({ invite, offer }) => {
    const mine = places.filter((p) => p.offerId === offer.id);
    // One entry per session: a session offered with several places is still one session to work.
    const bySlot = new Map<string, repo.OfferPlaceRow[]>();
    for (const p of mine) bySlot.set(p.slotId, [...(bySlot.get(p.slotId) ?? []), p]);
    const sessions = [...bySlot.values()].map((ps) => {
      const p = ps[0];
      const roleIds = [...new Set(ps.map((x) => x.roleId))];
      return {
        slotId: p.slotId,
        roleId: roleIds.join(', '),
        roleName: roleIds.map((id) => roleName.get(id) ?? id).join(', '),
        kind: kinds.get(`${p.rotaId} ${p.slotId}`) ?? null,
        label: p.label,
        venue: p.siteId === null ? null : { id: p.siteId, name: p.siteName },
        start: utcMinToIso(p.startMin, zone),
        end: utcMinToIso(p.endMin, zone),
        paidHours: p.workMinutes / 60,
        payPounds: pounds(p.workMinutes),
      };
    });
    const paidMinutes = [...bySlot.values()].reduce((a, ps) => a + ps[0].workMinutes, 0);
    const state = workerState(offerOf(offer, invite), staffId)!;
    return {
      offerId: offer.id,
      mode: offer.mode,
      series: sessions.length > 1,
      state: state.state,
      reason: state.reason,
      expiresAt: state.state === 'offered' && invite.expiresAtMs !== null ? new Date(invite.expiresAtMs).toISOString() : null,
      sessions,
      paidHours: paidMinutes / 60,
      hourlyRatePounds: ratePence / 100,
      payPounds: pounds(paidMinutes),
      assignmentIds: invite.status === 'accepted' ? repo.fillsOf(db, offer.id, staffId).map((f) => f.assignmentId) : [],
    };
  });
}

/** Enough of the offer for workerState: its status and this worker's invite. */
function offerOf(offer: repo.OfferRow, invite: repo.OfferInviteRow): Offer {
  return {
    id: offer.id,
    mode: offer.mode,
    ttlMs: offer.ttlMs,
    deadlineMs: offer.deadlineMs,
    status: offer.status,
    capacity: offer.capacity,
    createdAtMs: offer.createdAtMs,
    closedAtMs: offer.closedAtMs,
    winnerWorkerId: offer.winnerStaffId,
    invites: [
      {
        workerId: invite.staffId,
        rank: invite.rank,
        status: invite.status,
        sentAtMs: invite.sentAtMs,
        expiresAtMs: invite.expiresAtMs,
        closedAtMs: invite.closedAtMs,
        reason: invite.reason,
      },
    ],
  };
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
    capacity: o.capacity,
    winner: o.winnerStaffId,
    winners: invites.filter((i) => i.offerId === o.id && i.status === 'accepted').map((i) => i.staffId),
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
