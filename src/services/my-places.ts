// A worker's own places across rotas, newest first: the published ones, the sessions a bank worker
// accepted (theirs from the accept, in a rota not published yet too), and the sessions offered to
// them awaiting their answer (id null, offerId set).
// Nothing a manager wrote (notes) is shown: it may be about someone else.
import * as repo from '../db/repositories/rota-repo.ts';
import { invitesOfStaff, offerPlacesOf } from '../offers/repository.ts';
import type { Actor } from './actor.ts';
import type { RotaCore } from './rota-core.ts';
import { assignmentView, type MyPlaceView } from './rota-views.ts';

export function myPlaces(core: RotaCore, actor: Actor): MyPlaceView[] {
  if (!actor.serviceId || !actor.staffId) return [];
  const { db } = core;
  const staffId = actor.staffId;
  // One session is one place: accepted in a draft and carried into the published version of the
  // week, it is shown once, as published.
  const bySession = new Map<string, repo.AssignmentRow>();
  for (const r of repo.heldAssignmentsOf(db, actor.serviceId, staffId)) {
    const seen = bySession.get(r.slotId);
    if (!seen || (r.published && !seen.published)) bySession.set(r.slotId, r);
  }
  const rows = [...bySession.values()];
  const staff = core.staff(actor.serviceId);
  const labels = new Map<string, string>();
  for (const r of rows) {
    if (labels.has(r.rotaId)) continue;
    const rota = repo.getRota(db, r.rotaId);
    for (const s of rota?.slots ?? []) labels.set(`${r.rotaId} ${s.id}`, s.label);
    labels.set(r.rotaId, '');
  }
  const held: MyPlaceView[] = rows.map((r) => ({
    ...assignmentView(r, staff, (slotId) => labels.get(`${r.rotaId} ${slotId}`), true),
    offerId: null,
  }));
  const nowMs = core.now().getTime();
  const asked = invitesOfStaff(db, actor.serviceId, staffId, ['open']).filter((r) => r.offer.status === 'open' && (r.invite.expiresAtMs ?? 0) > nowMs);
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
      },
    ];
  });
  return [...held, ...offered].sort((a, b) => b.startMin - a.startMin);
}
