// A staff member archived (they left): like their waiting offers, whatever self-service business
// they had in play closes in the archiving transaction, with the reason, audited as the manager who
// archived them and told to whoever is left waiting. Their swap offers are withdrawn; a swap they
// accepted or were named in is refused; they drop out of a give-away to anyone eligible (which
// closes when nobody asked is left); their requests for open places close and their pending leave
// and availability requests are withdrawn. History (approved swaps, answered requests, the ledger)
// stays as it was. Their tokens end with the archiving, so they make no new requests.
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import type { SwapRow } from '../db/repositories/self-service-repo.ts';
import { staffWithArchived } from '../db/repositories/service-file-repo.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { notify } from './notify.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** Call inside the archiving transaction; returns how many swaps and requests were closed. */
export function closeSelfServiceOf(tx: Tx, actor: Actor, serviceId: string, staffId: string, now: Date): number {
  const names = staffWithArchived(tx, serviceId);
  const name = names.get(staffId)?.name ?? staffId;
  const reason = `${name} is no longer on the staff (archived)`;
  const nowMs = now.getTime();
  const by = actorName(actor);
  let closed = 0;

  for (const swap of repo.liveSwapsOf(tx, serviceId, staffId)) {
    const outcome = swapOutcome(swap, staffId);
    if (outcome === 'none') continue;
    if (outcome === 'dropped') {
      repo.insertDecline(tx, swap.id, staffId, reason, nowMs);
      recordAudit(tx, now, { actor, action: 'swap.invite.archived', entity: 'swap', entityId: swap.id, serviceId, reason, details: { staffId } });
      if (!swap.invited.every((s) => s === staffId || repo.declinesOf(tx, swap.id).includes(s))) continue;
    }
    const status = outcome === 'withdrawn' ? 'withdrawn' : outcome === 'refused' ? 'refused' : 'declined';
    repo.deleteTake(tx, swap.id);
    repo.updateSwap(tx, swap.id, { status, decidedBy: by, decidedAtMs: nowMs, decisionReason: reason, updatedAtMs: nowMs });
    recordAudit(tx, now, { actor, action: `swap.${status === 'withdrawn' ? 'withdraw' : status === 'refused' ? 'refuse' : 'decline'}`, entity: 'swap', entityId: swap.id, serviceId, reason });
    const waiting = [swap.fromStaffId, ...(swap.takerStaffId ? [swap.takerStaffId] : swap.status === 'offered' ? swap.invited : [])].filter((s) => s !== staffId);
    for (const to of new Set(waiting)) {
      notify(
        tx,
        { kind: `swap-${status}`, serviceId, staffId: to, subject: `Closed: ${swap.label}`, text: `${swap.label}: ${status}. ${reason}.`, dedupeKey: `swap:${swap.id}:archived:${to}` },
        now,
      );
    }
    closed++;
  }

  for (const request of repo.listOpenRequests(tx, { serviceId, staffId, status: 'requested' })) {
    repo.updateOpenRequest(tx, request.id, { status: 'closed', decidedAtMs: nowMs, decidedBy: by, decisionReason: reason });
    recordAudit(tx, now, { actor, action: 'open.close', entity: 'open-request', entityId: request.id, serviceId, reason });
    closed++;
  }

  for (const request of repo.listStaffRequests(tx, { serviceId, staffId, status: 'pending' })) {
    repo.updateStaffRequest(tx, request.id, { status: 'withdrawn', decidedAtMs: nowMs, decidedBy: by, decisionReason: reason });
    recordAudit(tx, now, { actor, action: 'request.withdraw', entity: 'staff-request', entityId: request.id, serviceId, reason });
    closed++;
  }
  return closed;
}

/**
 * What archiving `staffId` does to a swap in play: the one who offered it gone withdraws it; the
 * colleague named, or the one who took it, gone refuses it; one of several asked gone drops out
 * of an offer still open.
 */
function swapOutcome(swap: SwapRow, staffId: string): 'withdrawn' | 'refused' | 'dropped' | 'none' {
  if (swap.fromStaffId === staffId) return 'withdrawn';
  if (swap.toStaffId === staffId || swap.takerStaffId === staffId) return 'refused';
  // Asked but not the one who took it: it only matters while it is still on offer.
  return swap.status === 'offered' ? 'dropped' : 'none';
}
