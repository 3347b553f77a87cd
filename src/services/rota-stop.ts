// Stopping a rota's solve early: the solve in flight is asked to end at once (solve-live.ts, and its
// clock in stop-clock.ts) and keeps its best rota so far; who asked, and why, go to the audit log.
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { ConflictError } from './errors.ts';
import { actorLabel, type RotaCore } from './rota-core.ts';
import type { SolveWatch } from './solve-live.ts';

/** 409 when no solve of the rota is queued or running. */
export function stopSolve(core: RotaCore, live: SolveWatch, actor: Actor, rotaId: string, input: { reason?: string }): void {
  const rota = core.mustGetRota(rotaId);
  const solving = rota.status === 'queued' || rota.status === 'running';
  const stop = solving ? live.requestStop(rotaId, actorLabel(actor), core.iso()) : undefined;
  if (!stop) throw new ConflictError(`rota ${rotaId} has no solve to stop: it is ${rota.status}`);
  recordAudit(core.db, core.now(), {
    actor,
    action: 'rota.stop',
    entity: 'rota',
    entityId: rotaId,
    serviceId: rota.serviceId,
    reason: input.reason ?? null,
    details: { status: rota.status },
  });
}
