// Reading offers: a worker's open offers, the manager's history of a rota's offers, and a worker's
// accepted sessions as an iCalendar feed.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sites, staff } from '../db/schema/index.ts';
import { utcMinToIso } from '../time/local-time.ts';
import { OfferError, requireWorker, zoneOf, type Who } from './common.ts';
import { buildCalendar, type CalendarEvent } from './ical.ts';
import * as repo from './repository.ts';
import type { OfferMode } from './state.ts';


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
