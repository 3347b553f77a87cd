// A worker's calendar: every session they hold (a contracted worker's published shifts, a bank
// worker's accepted sessions, in a draft rota too) as iCalendar events in the service's own zone.
import type { Db } from '../db/client.ts';
import { getRota, heldSessionsOf } from '../db/repositories/rota-repo.ts';
import { roleNamesOf, sitesOf, staffNameOf } from '../db/repositories/lookup-repo.ts';
import type { StoredSlot } from '../db/schema/index.ts';
import { requireWorker, zoneOf, type Who } from './common.ts';
import { acceptedSessionsOf } from './read-queries.ts';
import { buildCalendar, type CalendarEvent } from './ical.ts';

/** Sessions that ended longer ago than this are left out, so a feed stays small year after year. */
export const CALENDAR_PAST_DAYS = 366;

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function myCalendar(db: Db, who: Who, nowMs: number): string {
  const staffId = requireWorker(who);
  const serviceId = who.serviceId!;
  const sinceMin = Math.floor(nowMs / 60_000) - CALENDAR_PAST_DAYS * 24 * 60;
  const rows = heldSessionsOf(db, serviceId, staffId).filter((r) => r.endMin > sinceMin);
  const siteById = new Map(sitesOf(db, serviceId).map((s) => [s.id, s]));
  const roleName = roleNamesOf(db, serviceId);
  const slotsOf = new Map<string, Map<string, StoredSlot>>();
  const slotOf = (rotaId: string, slotId: string): StoredSlot | undefined => {
    let slots = slotsOf.get(rotaId);
    if (!slots) slotsOf.set(rotaId, (slots = new Map((getRota(db, rotaId)?.slots ?? []).map((s) => [s.id, s]))));
    return slots.get(slotId);
  };
  // A session won through an offer is described as it was offered when its rota keeps no slot for it.
  const offered = new Map(acceptedSessionsOf(db, serviceId, staffId).map((a) => [a.assignment.id, a.place]));
  const events: CalendarEvent[] = rows.map((r) => {
    const slot = slotOf(r.rotaId, r.slotId);
    const place = offered.get(r.id);
    const siteId = slot ? slot.siteId : (place?.siteId ?? null);
    const site = siteId ? siteById.get(siteId) : undefined;
    const siteName = siteId === null ? null : (site?.name ?? slot?.siteName ?? place?.siteName ?? siteId);
    const where = siteName === null ? null : [siteName, site?.address].filter(Boolean).join(', ');
    const kind = capitalised(slot?.kind ?? 'session');
    const state = r.published ? 'on the published rota' : 'accepted (the rota is not published yet)';
    return {
      // One event per session and worker: the same session in the draft and the published version
      // of a week keeps its event, so a calendar updates it instead of showing it twice.
      uid: `${r.slotId}.${staffId}.${serviceId}@rota`,
      startUtcMs: r.startMin * 60_000,
      endUtcMs: r.endMin * 60_000,
      summary: !slot && place ? place.label : siteName === null ? `${kind} (phone or video)` : `${kind} at ${siteName}`,
      location: where,
      description: `Role: ${roleName.get(r.roleId) ?? r.roleId}. Paid hours: ${r.workMinutes / 60}. ${capitalised(state)}.`,
      stampUtcMs: Date.parse(r.updatedAt),
    };
  });
  const person = staffNameOf(db, serviceId, staffId);
  return buildCalendar(events, { name: `Rota${person !== undefined ? ` for ${person}` : ''}`, timeZone: zoneOf(db, serviceId) });
}
