// A worker's own places across rotas, newest first: the published ones, the sessions a bank worker
// accepted (theirs from the accept, in a rota not published yet too), and the sessions offered to
// them awaiting their answer (id null, offerId set). Each says where and when in the service's own
// zone, and whether it has ended, so a phone needs no time-zone data to show it.
// Nothing a manager wrote (notes) is shown: it may be about someone else.
import * as repo from '../db/repositories/rota-repo.ts';
import type { StoredSlot } from '../db/schema/index.ts';
import { zoneOf } from '../offers/common.ts';
import { invitesOfStaff, offerPlacesOf } from '../offers/repository.ts';
import { utcMinToLocal } from '../time/local-time.ts';
import type { Actor } from './actor.ts';
import type { RotaCore } from './rota-core.ts';
import { assignmentView, type MyPlaceView } from './rota-views.ts';

export function myPlaces(core: RotaCore, actor: Actor): MyPlaceView[] {
  if (!actor.serviceId || !actor.staffId) return [];
  const { db } = core;
  const staffId = actor.staffId;
  const zone = zoneOf(db, actor.serviceId);
  const nowMin = Math.floor(core.now().getTime() / 60_000);
  const when = (startMin: number, endMin: number) => {
    const start = utcMinToLocal(startMin, zone);
    return { date: start.date, localStart: start.time, localEnd: utcMinToLocal(endMin, zone).time, timeZone: zone, ended: endMin <= nowMin };
  };
  const rows = repo.heldSessionsOf(db, actor.serviceId, staffId);
  const staff = core.staff(actor.serviceId);
  const slots = new Map<string, StoredSlot>();
  const loaded = new Set<string>();
  for (const r of rows) {
    if (loaded.has(r.rotaId)) continue;
    loaded.add(r.rotaId);
    for (const s of repo.getRota(db, r.rotaId)?.slots ?? []) slots.set(`${r.rotaId} ${s.id}`, s);
  }
  const held: MyPlaceView[] = rows.map((r) => {
    const slot = slots.get(`${r.rotaId} ${r.slotId}`);
    return {
      ...assignmentView(r, staff, () => slot?.label, true),
      offerId: null,
      kind: slot?.kind ?? null,
      siteName: slot ? (slot.siteName ?? slot.siteId) : null,
      ...when(r.startMin, r.endMin),
    };
  });
  const asked = invitesOfStaff(db, actor.serviceId, staffId, ['open']).filter((r) => r.offer.status === 'open' && (r.invite.expiresAtMs ?? 0) > nowMin * 60_000);
  const seen = new Set<string>();
  const offered: MyPlaceView[] = offerPlacesOf(db, asked.map((r) => r.offer.id)).flatMap((p) => {
    // A session offered with several places is one session to the worker.
    if (seen.has(`${p.offerId} ${p.slotId}`)) return [];
    seen.add(`${p.offerId} ${p.slotId}`);
    return [
      {
        id: null,
        offerId: p.offerId,
        slotId: p.slotId,
        slotLabel: p.label,
        roleId: p.roleId,
        staffId,
        staffName: staff.get(staffId)?.name ?? staffId,
        start: new Date(p.startMin * 60_000).toISOString(),
        end: new Date(p.endMin * 60_000).toISOString(),
        startMin: p.startMin,
        endMin: p.endMin,
        workMinutes: p.workMinutes,
        pinned: false,
        source: 'offer' as const,
        published: false,
        overridden: false,
        note: null,
        bankState: 'offered' as const,
        kind: null,
        siteName: p.siteId === null ? null : (p.siteName ?? p.siteId),
        ...when(p.startMin, p.endMin),
      },
    ];
  });
  return [...held, ...offered].sort((a, b) => b.startMin - a.startMin);
}
