// A staff member archived while offers wait for them: their invites close, and cascades move on.
import type { Db } from '../db/client.ts';
import { openInviteOfferIds } from '../db/repositories/references-repo.ts';
import { persist, SYSTEM } from './common.ts';
import * as repo from './repository.ts';
import { dropWorker } from './state.ts';

/** Call inside the archiving transaction; returns how many offers the worker was taken out of. */
export function withdrawInvitesOf(db: Db, serviceId: string, staffId: string, nowMs: number, reason: string): number {
  let changed = 0;
  for (const offerId of openInviteOfferIds(db, serviceId, staffId)) {
    const stored = repo.loadOffer(db, offerId);
    if (!stored) continue;
    const step = dropWorker(stored.offer, staffId, nowMs, reason);
    persist(db, stored.offer, step, SYSTEM, serviceId);
    changed++;
  }
  return changed;
}
