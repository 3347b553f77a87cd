// What the self-service modules share: the database, the rota core (judging rotas as edits do),
// the service-data service (leave and availability are written through it, validated as any edit),
// the clock, and the service's approval settings.
import type { Db } from '../db/client.ts';
import { loadServiceFile } from '../db/repositories/service-file-repo.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../services/errors.ts';
import type { RotaCore } from '../services/rota-core.ts';
import type { ServiceDataService } from '../services/service-data.ts';

export interface SelfServiceDeps {
  readonly db: Db;
  readonly core: RotaCore;
  readonly data: ServiceDataService;
  readonly now: () => Date;
}

export interface SelfServiceSettings {
  /** Approve a swap or give-away as soon as the colleague accepts when no rule breaks... */
  readonly swapAutoApprove: boolean;
  /** ...and the soft cost rises by at most this many score points. */
  readonly swapMaxSoftRise: number;
  /** Give an open session to the first eligible worker who asks, without a manager. */
  readonly openAutoApprove: boolean;
}

export const DEFAULT_SETTINGS: SelfServiceSettings = { swapAutoApprove: false, swapMaxSoftRise: 0, openAutoApprove: false };

export function settingsOf(db: Db, serviceId: string): SelfServiceSettings {
  const row = repo.getSettings(db, serviceId);
  return row ? { swapAutoApprove: row.swapAutoApprove, swapMaxSoftRise: row.swapMaxSoftRise, openAutoApprove: row.openAutoApprove } : DEFAULT_SETTINGS;
}

export function putSettings(deps: SelfServiceDeps, actor: Actor, serviceId: string, input: Partial<SelfServiceSettings>): SelfServiceSettings {
  if (!loadServiceFile(deps.db, serviceId)) throw new NotFoundError('service', serviceId);
  if (input.swapMaxSoftRise !== undefined && !(Number.isInteger(input.swapMaxSoftRise) && input.swapMaxSoftRise >= 0)) {
    throw new BadRequestError('swapMaxSoftRise must be a whole number, at least 0', [{ path: 'body.swapMaxSoftRise', message: 'a whole number of score points, at least 0' }]);
  }
  const next = { ...settingsOf(deps.db, serviceId), ...input };
  const at = deps.now();
  deps.db.transaction((tx) => {
    repo.putSettings(tx, { serviceId, ...next, updatedAt: at.toISOString(), updatedBy: actorName(actor) });
    recordAudit(tx, at, { actor, action: 'self-service.settings', entity: 'service', entityId: serviceId, serviceId, details: { ...next } });
  });
  return next;
}

/** The worker's service and staff id; managers and payroll have no self to serve. */
export function workerOf(actor: Actor): { serviceId: string; staffId: string } {
  if (actor.role !== 'worker' || !actor.serviceId || !actor.staffId) throw new ForbiddenError('only a worker token bound to a staff member can do this');
  return { serviceId: actor.serviceId, staffId: actor.staffId };
}

export function staffName(deps: SelfServiceDeps, serviceId: string, staffId: string): string {
  return deps.core.staff(serviceId).get(staffId)?.name ?? staffId;
}

export function localTimes(startMin: number, endMin: number): { start: string; end: string } {
  return { start: new Date(startMin * 60_000).toISOString(), end: new Date(endMin * 60_000).toISOString() };
}

/** Checks a free-text field: trimmed, non-empty when required, at most 500 characters. */
export function text(value: unknown, path: string, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw new BadRequestError(`${path} is required`, [{ path: `body.${path}`, message: 'required: say why' }]);
    return null;
  }
  if (typeof value !== 'string') throw new BadRequestError(`${path} must be text`, [{ path: `body.${path}`, message: 'must be a string' }]);
  const t = value.trim();
  if (required && t.length === 0) throw new BadRequestError(`${path} is required`, [{ path: `body.${path}`, message: 'required: say why' }]);
  if (t.length > 500) throw new BadRequestError(`${path} is too long`, [{ path: `body.${path}`, message: 'at most 500 characters' }]);
  return t.length === 0 ? null : t;
}
