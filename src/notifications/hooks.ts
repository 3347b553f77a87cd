// The events that write emails, each one function called inside the event's own transaction:
// offers sent (each invite), offers about to expire (from the expiry timer), a rota published (each
// worker gets their shifts). The sign-in link is written by src/services/sign-in.ts.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/notify-repo.ts';
import { dayLabel, utcMinToLocal } from '../time/local-time.ts';
import { offerExpiringMessage, offerMessage, rotaPublishedMessage, type SessionLine } from './messages.ts';
import { queueNotification } from './outbox.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

function placesKey(places: readonly { slotId: string; roleId: string }[]): string {
  const text = places.map((p) => `${p.slotId}|${p.roleId}`).sort().join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function localText(ms: number, zone: string): string {
  const { date, time } = utcMinToLocal(Math.floor(ms / 60_000), zone);
  return `${time} on ${dayLabel(date)} ${date.slice(0, 4)}`;
}

function pay(minutes: number, ratePencePerHour: number | undefined): number | null {
  return ratePencePerHour ? Math.round((minutes * ratePencePerHour) / 60) : null;
}

function offerSessions(tx: Tx, offerId: string, rate: number | undefined): SessionLine[] {
  return repo.placesOfOffer(tx, offerId).map((p) => ({
    label: p.label,
    siteName: p.siteName,
    roleId: p.roleId,
    paidMinutes: p.workMinutes,
    payPence: pay(p.workMinutes, rate),
  }));
}

/** Offer events just stored: each worker an offer reached ('offered') gets an email. */
export function notifyOfferEvents(tx: Tx, events: readonly { type: string; offerId: string; workerId?: string; atMs: number }[], serviceId: string): void {
  const offered = events.filter((e) => e.type === 'offered' && e.workerId);
  if (offered.length === 0) return;
  const service = repo.serviceInfo(tx, serviceId);
  const people = repo.contacts(tx, serviceId, offered.map((e) => e.workerId!));
  for (const e of offered) {
    const person = people.get(e.workerId!);
    const invite = repo.inviteOf(tx, e.offerId, e.workerId!);
    if (!person || !invite?.expiresAtMs) continue;
    const message = offerMessage({
      name: person.name,
      serviceName: service.name,
      sessions: offerSessions(tx, e.offerId, person.ratePencePerHour),
      answerBy: localText(invite.expiresAtMs, service.timeZone),
    });
    queueNotification(
      tx,
      {
        kind: 'offer',
        serviceId,
        staffId: person.staffId,
        to: { address: person.email, name: person.name },
        ...message,
        dedupeKey: `offer:${e.offerId}:${person.staffId}`,
        expiresAt: new Date(invite.expiresAtMs),
      },
      new Date(e.atMs),
    );
  }
}

/** Reminds each worker whose open offer closes soon (once per offer). Returns how many were queued. */
export function notifyExpiringOffers(db: Db, nowMs: number): number {
  const due = repo.invitesNeedingReminder(db, nowMs);
  let queued = 0;
  for (const d of due) {
    db.transaction((tx) => {
      const service = repo.serviceInfo(tx, d.serviceId);
      const person = repo.contacts(tx, d.serviceId, [d.staffId]).get(d.staffId);
      if (!person || d.expiresAtMs === null) return;
      const message = offerExpiringMessage({
        name: person.name,
        serviceName: service.name,
        sessions: offerSessions(tx, d.offerId, person.ratePencePerHour),
        answerBy: localText(d.expiresAtMs, service.timeZone),
      });
      const id = queueNotification(
        tx,
        {
          kind: 'offer-expiring',
          serviceId: d.serviceId,
          staffId: d.staffId,
          to: { address: person.email, name: person.name },
          ...message,
          dedupeKey: `offer-expiring:${d.offerId}:${d.staffId}`,
          expiresAt: new Date(d.expiresAtMs),
        },
        new Date(nowMs),
      );
      if (id !== undefined) queued++;
    });
  }
  return queued;
}

/**
 * A rota was published, or a published place changed hands or was removed: each worker whose published
 * shifts in it are not what they were last told gets one email with all their shifts for the week
 * (the first says the rota is published, later ones that their shifts changed, or that they have none
 * now). A worker whose shifts are as last told gets nothing.
 */
export function notifyRotaPublished(tx: Tx, rotaId: string, now: Date): void {
  const rota = repo.rotaOf(tx, rotaId);
  if (!rota) return;
  const service = repo.serviceInfo(tx, rota.serviceId);
  const places = repo.publishedPlacesOfRota(tx, rotaId);
  const slots = new Map((rota.slots ?? []).map((s) => [s.id, s]));
  const byWorker = new Map<string, typeof places>();
  for (const p of places) byWorker.set(p.staffId, [...(byWorker.get(p.staffId) ?? []), p]);
  // What each worker was last told about this rota: the places key of their latest email ('none' for none).
  const told = new Map<string, { last: string; count: number }>();
  for (const m of repo.rotaMailsOf(tx, rotaId)) {
    if (!m.staffId || !m.dedupeKey) continue;
    const rest = m.dedupeKey.slice(`rota-published:${rotaId}:${m.staffId}:`.length);
    told.set(m.staffId, { last: rest.split(':')[0], count: (told.get(m.staffId)?.count ?? 0) + 1 });
  }
  const people = repo.contacts(tx, rota.serviceId, [...byWorker.keys(), ...told.keys()]);
  const weekLabel = `${dayLabel(rota.weekStart)} ${rota.weekStart.slice(0, 4)}`;
  for (const staffId of new Set([...byWorker.keys(), ...told.keys()])) {
    const mine = byWorker.get(staffId) ?? [];
    const key = mine.length > 0 ? placesKey(mine) : 'none';
    const before = told.get(staffId);
    const person = people.get(staffId);
    if (!person || before?.last === key || (!before && mine.length === 0)) continue;
    const message = rotaPublishedMessage({
      name: person.name,
      serviceName: service.name,
      weekLabel,
      changed: before !== undefined,
      sessions: mine.map((p) => ({
        label: slots.get(p.slotId)?.label ?? p.slotId,
        siteName: slots.get(p.slotId)?.siteName ?? null,
        roleId: p.roleId,
        paidMinutes: p.workMinutes,
        payPence: null,
      })),
    });
    queueNotification(
      tx,
      {
        kind: 'rota-published',
        serviceId: rota.serviceId,
        staffId,
        to: { address: person.email, name: person.name },
        ...message,
        // The first email's key is the set of places it lists; each later one is numbered, so a worker
        // whose shifts change back to an earlier set is told again.
        dedupeKey: `rota-published:${rotaId}:${staffId}:${key}${before ? `:${before.count}` : ''}`,
      },
      now,
    );
  }
}
