// The payroll service: joins the repository (SQL) and the pure payroll core. Routes call only this.
import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../services/errors.ts';
import { isoToUtcMin } from '../time/index.ts';
import { checkActualTimes } from './actual-times.ts';
import { createCalendar, type PayrollCalendar } from './calendar.ts';
import { getRota } from '../db/repositories/rota-repo.ts';
import { checkHasHappened, checkInPayroll, checkNoClash, draftOutcome } from './outcome-checks.ts';
import { periodContaining, validatePayPeriodConfig, type PayFrequency, type PayPeriodConfig, type PeriodHistory } from './pay-periods.ts';
import * as repo from './repository.ts';
import { validateNightWindow } from './session-line.ts';
import { DEFAULT_NIGHT_WINDOW, type HolidayMode } from './types.ts';

export const DEFAULT_ZONE = 'Europe/London';

export interface PayrollConfig {
  readonly serviceId: string;
  readonly frequency: PayFrequency;
  readonly anchorDate: string;
  readonly nightStartMinute: number;
  readonly nightEndMinute: number;
  readonly holidayMode: HolidayMode;
  /**
   * Start date of the first period paid through rota; periods lock in order from it and places before
   * it are paid outside rota. Null until chosen (locking needs it). For periods locked before this was
   * a setting, the first locked period.
   */
  readonly firstPeriodStart: string | null;
  /** false while the defaults are in use (weekly from Monday 1 Jan 2024, night 23:00-06:00, accrual). */
  readonly configured: boolean;
}

/** What PUT /payroll/settings takes: firstPeriodStart may be left out to keep the current one. */
export type PayrollConfigInput = Omit<PayrollConfig, 'serviceId' | 'configured' | 'firstPeriodStart'> & { readonly firstPeriodStart?: string };

export const DEFAULT_PAYROLL_CONFIG = {
  frequency: 'weekly',
  anchorDate: '2024-01-01',
  nightStartMinute: DEFAULT_NIGHT_WINDOW.startMinuteOfDay,
  nightEndMinute: DEFAULT_NIGHT_WINDOW.endMinuteOfDay,
  holidayMode: 'accrual',
} as const;

/** The service to work on: the one named, or the only one there is. */
export function resolveServiceId(db: Db, serviceId: string | undefined, path = 'query.serviceId'): string {
  if (serviceId !== undefined) {
    if (!repo.getService(db, serviceId)) throw new NotFoundError('service', serviceId);
    return serviceId;
  }
  const ids = repo.listServiceIds(db);
  if (ids.length === 1) return ids[0];
  throw new BadRequestError('serviceId is required when there is not exactly one service', [{ path, message: `choose one of: ${ids.join(', ') || '(no services)'}` }]);
}

/**
 * The service of a request about places of rotas: the rotas' own (they must share one), so a
 * database with several services needs no serviceId. A serviceId given as well must agree.
 */
export function resolveServiceOfRotas(db: Db, serviceId: string | undefined, rotas: readonly { rotaId: string; path: string }[]): string {
  const services = new Map<string, string>();
  for (const { rotaId, path } of rotas) {
    const rota = getRota(db, rotaId);
    if (!rota) throw new NotFoundError('rota', rotaId);
    if (serviceId !== undefined && rota.serviceId !== serviceId) {
      throw new BadRequestError(`rota ${rotaId} belongs to ${rota.serviceId}, not ${serviceId}`, [{ path, message: `is a rota of ${rota.serviceId}, not of ${serviceId}` }]);
    }
    services.set(rota.serviceId, path);
  }
  if (services.size > 1) {
    throw new BadRequestError('the places belong to rotas of different services; send one service at a time', [
      ...[...services].map(([id, path]) => ({ path, message: `a rota of ${id}` })),
    ]);
  }
  return services.size === 1 ? [...services.keys()][0] : resolveServiceId(db, serviceId);
}

export function getPayrollConfig(db: Db, serviceId: string): PayrollConfig {
  const row = repo.getSettings(db, serviceId);
  const firstLocked = repo.listLockedPeriods(db, serviceId)[0]?.startDate ?? null;
  if (!row) return { serviceId, ...DEFAULT_PAYROLL_CONFIG, firstPeriodStart: firstLocked, configured: false };
  return {
    serviceId, frequency: row.frequency, anchorDate: row.anchorDate, nightStartMinute: row.nightStartMinute, nightEndMinute: row.nightEndMinute,
    holidayMode: row.holidayMode, firstPeriodStart: row.firstPeriodStart ?? firstLocked, configured: true,
  };
}

function calendarOf(db: Db, serviceId: string): PayrollCalendar {
  return createCalendar(repo.getService(db, serviceId)?.timeZone ?? DEFAULT_ZONE);
}

/** Locked periods keep their boundaries; before the first pay period, periods stop at it. */
export function periodHistory(db: Db, config: PayrollConfig): PeriodHistory {
  return { locked: repo.listLockedPeriods(db, config.serviceId), ...(config.firstPeriodStart !== null ? { firstPeriodStart: config.firstPeriodStart } : {}) };
}

/** A plain error thrown by `fn` as a 400 naming `path`. */
export function wrapBadInput<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !(e instanceof BadRequestError)) throw new BadRequestError(e.message, [{ path, message: e.message }]);
    throw e;
  }
}

export function putPayrollConfig(db: Db, actor: Actor, now: Date, serviceId: string, input: PayrollConfigInput): PayrollConfig {
  const periods: PayPeriodConfig = { frequency: input.frequency, anchorDate: input.anchorDate };
  wrapBadInput('body', () => validatePayPeriodConfig(periods));
  wrapBadInput('body', () => validateNightWindow({ startMinuteOfDay: input.nightStartMinute, endMinuteOfDay: input.nightEndMinute }));
  const firstPeriodStart = input.firstPeriodStart ?? getPayrollConfig(db, serviceId).firstPeriodStart;
  const locks = repo.listLockedPeriods(db, serviceId);
  const last = locks[locks.length - 1];
  // New periods must continue where the locked ones end, or locked history would not line up.
  if (last && periodContaining(periods, last.endDate).startDate !== last.endDate) {
    throw new ConflictError(`pay periods must start on ${last.endDate}, where the last locked period ends`, { lockedUntil: last.endDate });
  }
  if (locks.length && firstPeriodStart !== locks[0].startDate) {
    throw new ConflictError(`periods are locked from ${locks[0].startDate}: the first pay period stays ${locks[0].startDate}`, {
      errors: [{ path: 'body.firstPeriodStart', message: `must be ${locks[0].startDate}, the first locked period` }],
    });
  }
  if (!locks.length && firstPeriodStart !== null) checkFirstPeriod(db, serviceId, periods, firstPeriodStart);
  db.transaction((tx) => {
    repo.upsertSettings(tx, { serviceId, ...input, firstPeriodStart, updatedAt: now.toISOString(), updatedBy: actorName(actor) });
    recordAudit(tx, now, { actor, action: 'payroll.settings', entity: 'payroll_settings', entityId: serviceId, serviceId, details: { ...input, firstPeriodStart } });
  });
  return getPayrollConfig(db, serviceId);
}

/** The first pay period starts a period, and no recorded place lies before it (it would never be paid). */
function checkFirstPeriod(db: Db, serviceId: string, periods: PayPeriodConfig, firstPeriodStart: string): void {
  const containing = wrapBadInput('body.firstPeriodStart', () => periodContaining(periods, firstPeriodStart));
  if (containing.startDate !== firstPeriodStart) {
    throw new BadRequestError(`firstPeriodStart: ${firstPeriodStart} is not the start of a pay period`, [
      { path: 'body.firstPeriodStart', message: `the period containing it starts ${containing.startDate}` },
    ]);
  }
  const cal = calendarOf(db, serviceId);
  const before = repo.listOutcomes(db, serviceId).filter((o) => cal.localDateOf(o.startMin) < firstPeriodStart);
  if (before.length) {
    const earliest = periodContaining(periods, cal.localDateOf(before[0].startMin)).startDate;
    throw new ConflictError(`${before.length} recorded place(s) start before ${firstPeriodStart} and would never be paid: choose ${earliest} or earlier`, {
      errors: before.slice(0, 50).map((o, i) => ({ path: `places[${i}]`, message: `${sessionIdOf(o.rotaId, o.slotId)} ${o.staffId} on ${cal.formatLocal(o.startMin)}` })),
    });
  }
}

export interface PlaceKey {
  readonly rotaId: string;
  readonly slotId: string;
  readonly staffId: string;
}

export interface OutcomeInput extends PlaceKey {
  readonly status: 'worked' | 'cancelled' | 'no-show';
  readonly reason?: 'no-service-users' | 'other';
  /** ISO 8601 with offset, e.g. "2026-10-24T20:05:00+01:00". */
  readonly actualStart?: string;
  readonly actualEnd?: string;
  readonly note?: string;
}

export const sessionIdOf = (rotaId: string, slotId: string) => `${rotaId}/${slotId}`;

/** Record what happened on a place of a published rota. Recording again replaces it and needs a new sign-off. */
export function recordOutcome(db: Db, actor: Actor, now: Date, serviceId: string, input: OutcomeInput) {
  const place = repo.findPublishedPlace(db, serviceId, input.rotaId, input.slotId, input.staffId);
  if (!place) throw new NotFoundError('place', `${input.rotaId}/${input.slotId}/${input.staffId}`);
  // A bank worker's proposal is in a rota, published or not, but is never theirs until they accept it.
  if (place.proposed) throw new ConflictError(`${input.staffId} was only proposed for this session (a bank worker): nothing is theirs to be paid for until they accept an offer of it`);
  if (!place.published) throw new ConflictError('the rota is not published: record outcomes on published rotas only');
  const errors: { path: string; message: string }[] = [];
  if (input.status === 'cancelled' && !input.reason) errors.push({ path: 'body.reason', message: 'required when status is cancelled' });
  if (input.status !== 'cancelled' && input.reason) errors.push({ path: 'body.reason', message: 'only for a cancelled session' });
  if (input.status !== 'worked' && (input.actualStart || input.actualEnd)) errors.push({ path: 'body.actualStart', message: 'actual times only for a worked session' });
  if ((input.actualStart === undefined) !== (input.actualEnd === undefined)) errors.push({ path: 'body.actualEnd', message: 'give actualStart and actualEnd together' });
  let actualStartMin: number | null = null;
  let actualEndMin: number | null = null;
  if (input.actualStart && input.actualEnd) {
    actualStartMin = wrapBadInput('body.actualStart', () => isoToUtcMin(input.actualStart!));
    actualEndMin = wrapBadInput('body.actualEnd', () => isoToUtcMin(input.actualEnd!));
    if (actualEndMin <= actualStartMin) errors.push({ path: 'body.actualEnd', message: 'must be after actualStart' });
    else if (actualEndMin - actualStartMin > 24 * 60) errors.push({ path: 'body.actualEnd', message: 'a session cannot last more than 24 hours' });
    errors.push(...checkActualTimes(calendarOf(db, serviceId), place, { startMin: actualStartMin, endMin: actualEndMin }));
  }
  if (errors.length) throw new BadRequestError(`invalid outcome: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  const before = repo.getOutcome(db, serviceId, input.rotaId, input.slotId, input.staffId);
  // The schedule and rate are fixed when first recorded; a later re-plan or pay rise does not reprice it.
  const schedule = before ?? {
    kind: place.kind,
    startMin: place.startMin,
    endMin: place.endMin,
    // workMinutes = elapsed - unpaid breaks + paid preparation.
    paidPrepMinutes: Math.max(0, place.workMinutes - (place.endMin - place.startMin - place.unpaidBreakMinutes)),
    unpaidBreakMinutes: place.unpaidBreakMinutes,
    cancellationMinimumMinutes: place.cancellationMinimumMinutes,
    ratePencePerHour: repo.getStaffRate(db, serviceId, input.staffId) ?? null,
  };
  const row: repo.OutcomeRow = {
    serviceId,
    rotaId: input.rotaId,
    slotId: input.slotId,
    staffId: input.staffId,
    kind: schedule.kind,
    startMin: schedule.startMin,
    endMin: schedule.endMin,
    paidPrepMinutes: schedule.paidPrepMinutes,
    unpaidBreakMinutes: schedule.unpaidBreakMinutes,
    cancellationMinimumMinutes: schedule.cancellationMinimumMinutes,
    ratePencePerHour: schedule.ratePencePerHour,
    signedOutcome: before?.signedOutcome ?? null,
    status: input.status,
    cancelReason: input.reason ?? null,
    actualStartMin,
    actualEndMin,
    note: input.note ?? null,
    recordedAt: now.toISOString(),
    recordedBy: actorName(actor),
    signedOffAt: null,
    signedOffBy: null,
  };
  const cal = calendarOf(db, serviceId);
  const outcome = draftOutcome(row);
  checkHasHappened(cal, now, row, outcome);
  checkInPayroll(cal, getPayrollConfig(db, serviceId).firstPeriodStart, row);
  db.transaction((tx) => {
    checkNoClash(tx, cal, row, outcome, actualStartMin !== null);
    repo.upsertOutcome(tx, row);
    recordAudit(tx, now, {
      actor, action: before ? 'payroll.outcome.change' : 'payroll.outcome.record', entity: 'session_outcome',
      entityId: `${sessionIdOf(input.rotaId, input.slotId)}/${input.staffId}`, serviceId, reason: input.note ?? null,
      details: { status: input.status, reason: input.reason ?? null, actualStartMin, actualEndMin, ...(before ? { previous: { status: before.status, signedOffAt: before.signedOffAt } } : {}) },
    });
  });
  return outcomeView(row);
}

function outcomeView(r: repo.OutcomeRow) {
  return {
    sessionId: sessionIdOf(r.rotaId, r.slotId), rotaId: r.rotaId, slotId: r.slotId, staffId: r.staffId, kind: r.kind,
    status: r.status, reason: r.cancelReason, actualStartMin: r.actualStartMin, actualEndMin: r.actualEndMin, note: r.note,
    recordedAt: r.recordedAt, recordedBy: r.recordedBy, signedOffAt: r.signedOffAt, signedOffBy: r.signedOffBy,
  };
}

/** A manager's sign-off of recorded places; all or nothing. */
export function signOff(db: Db, actor: Actor, now: Date, serviceId: string, places: readonly PlaceKey[]) {
  if (places.length === 0) throw new BadRequestError('nothing to sign off', [{ path: 'body.places', message: 'must not be empty' }]);
  return db.transaction((tx) => {
    return places.map((p, i) => {
      const row = repo.getOutcome(tx, serviceId, p.rotaId, p.slotId, p.staffId);
      if (!row) throw new ConflictError(`places[${i}]: no outcome recorded for ${sessionIdOf(p.rotaId, p.slotId)}/${p.staffId}; record it before signing off`);
      repo.setSignOff(tx, { serviceId, ...p }, draftOutcome(row), now.toISOString(), actorName(actor));
      recordAudit(tx, now, { actor, action: 'payroll.sign-off', entity: 'session_outcome', entityId: `${sessionIdOf(p.rotaId, p.slotId)}/${p.staffId}`, serviceId, details: { status: row.status } });
      return outcomeView({ ...row, signedOffAt: now.toISOString(), signedOffBy: actorName(actor) });
    });
  });
}
