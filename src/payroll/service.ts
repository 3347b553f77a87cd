// The payroll service: joins the repository (SQL) and the pure payroll core. Routes call only this.
import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../services/errors.ts';
import { isoToUtcMin, localMidnightUtcMin } from '../time/index.ts';
import { checkActualTimes } from './actual-times.ts';
import { createCalendar, type PayrollCalendar } from './calendar.ts';
import { renderCsv, renderTotalsCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { getRota } from '../db/repositories/rota-repo.ts';
import { exportPeriod, lockPeriod, nextPeriodToLock, type LedgerInput } from './ledger.ts';
import { checkHasHappened, checkInPayroll, checkNoClash, draftOutcome } from './outcome-checks.ts';
import {
  periodAt, periodContaining, periodsCovering, validatePayPeriodConfig, type PayFrequency, type PayPeriodConfig, type PeriodHistory,
} from './pay-periods.ts';
import * as repo from './repository.ts';
import { validateNightWindow } from './session-line.ts';
import {
  DEFAULT_NIGHT_WINDOW, type HolidayMode, type PayrollSettings, type PayrollWorker, type PeriodExport, type SessionRecord,
} from './types.ts';

const DEFAULT_ZONE = 'Europe/London';

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
function periodHistory(db: Db, config: PayrollConfig): PeriodHistory {
  return { locked: repo.listLockedPeriods(db, config.serviceId), ...(config.firstPeriodStart !== null ? { firstPeriodStart: config.firstPeriodStart } : {}) };
}

function wrapBadInput<T>(path: string, fn: () => T): T {
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

const sessionIdOf = (rotaId: string, slotId: string) => `${rotaId}/${slotId}`;

/** Record what happened on a place of a published rota. Recording again replaces it and needs a new sign-off. */
export function recordOutcome(db: Db, actor: Actor, now: Date, serviceId: string, input: OutcomeInput) {
  const place = repo.findPublishedPlace(db, serviceId, input.rotaId, input.slotId, input.staffId);
  if (!place) throw new NotFoundError('place', `${input.rotaId}/${input.slotId}/${input.staffId}`);
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

/** What payroll sees: the signed-off version is paid; a newer unsigned draft only makes it pending. */
function toRecord(r: repo.OutcomeRow): SessionRecord {
  return {
    sessionId: sessionIdOf(r.rotaId, r.slotId), workerId: r.staffId, kind: r.kind, startMin: r.startMin, endMin: r.endMin,
    paidPrepMinutes: r.paidPrepMinutes, ...(r.unpaidBreakMinutes > 0 ? { unpaidBreakMinutes: r.unpaidBreakMinutes } : {}), ...(r.cancellationMinimumMinutes !== null ? { cancellationMinimumMinutes: r.cancellationMinimumMinutes } : {}),
    ...(r.ratePencePerHour !== null ? { ratePencePerHour: r.ratePencePerHour } : {}),
    outcome: r.signedOutcome ?? draftOutcome(r),
    signedOff: r.signedOutcome !== null,
    awaitingSignOff: r.signedOffAt === null,
  };
}

function ledgerInput(db: Db, serviceId: string, periods: readonly { startDate: string; endDate: string }[]): { input: LedgerInput; config: PayrollConfig } {
  const zone = repo.getService(db, serviceId)?.timeZone ?? DEFAULT_ZONE;
  const config = getPayrollConfig(db, serviceId);
  const settings: PayrollSettings = { zone, nightWindow: { startMinuteOfDay: config.nightStartMinute, endMinuteOfDay: config.nightEndMinute }, holidayMode: config.holidayMode };
  const workers = new Map<string, PayrollWorker>(
    repo.listStaff(db, serviceId).map((s) => [
      s.id,
      { id: s.id, name: s.name, kind: s.kind, ratePencePerHour: s.costPencePerHour, ...(s.payrollNumber !== null ? { payrollNumber: s.payrollNumber } : {}) },
    ]),
  );
  const records = repo.listOutcomes(db, serviceId).map(toRecord);
  // Published places with nothing recorded yet show as pending in their period.
  const recorded = new Set(records.map((r) => `${r.sessionId}\u0000${r.workerId}`));
  if (periods.length) {
    const fromMin = localMidnightUtcMin(periods[0].startDate, zone);
    const toMin = localMidnightUtcMin(periods[periods.length - 1].endDate, zone);
    for (const a of repo.listPublishedPlaces(db, serviceId, fromMin, toMin)) {
      const sessionId = sessionIdOf(a.rotaId, a.slotId);
      if (recorded.has(`${sessionId}\u0000${a.staffId}`)) continue;
      records.push({ sessionId, workerId: a.staffId, kind: a.kind, startMin: a.startMin, endMin: a.endMin, paidPrepMinutes: 0, signedOff: false });
    }
  }
  // A staff member removed since is still paid for what they worked; their name is their id.
  for (const r of records) if (!workers.has(r.workerId)) workers.set(r.workerId, { id: r.workerId, name: r.workerId, kind: 'contracted' });
  const locked = repo.listLocks(db, serviceId).map((l) => l.snapshot);
  const first = config.firstPeriodStart !== null ? { firstPeriodStart: config.firstPeriodStart } : {};
  return { input: { calendar: createCalendar(zone), settings, workers: [...workers.values()], records, locked, ...first }, config };
}

/** csv: one row per session, adjustment or unsigned place; csv-totals: one row per worker per period. */
export type ExportFormat = 'csv' | 'csv-totals' | 'json';

const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

/** Dates payroll accepts: any real calendar date in these years (a bound on every loop over periods). */
const FIRST_DATE = '1900-01-01';
const LAST_DATE = '2199-12-31';
/** An export covers at most this many days (about three years of pay periods). */
export const MAX_EXPORT_DAYS = 1100;

function calendarDay(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || date < FIRST_DATE || date > LAST_DATE) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === date ? t / 86_400_000 : null;
}

function checkExportRange(from: string, to: string): void {
  const errors: { path: string; message: string }[] = [];
  const f = calendarDay(from);
  const t = calendarDay(to);
  if (f === null) errors.push({ path: 'query.from', message: `must be a calendar date from ${FIRST_DATE} to ${LAST_DATE}` });
  if (t === null) errors.push({ path: 'query.to', message: `must be a calendar date from ${FIRST_DATE} to ${LAST_DATE}` });
  if (f !== null && t !== null && t <= f) errors.push({ path: 'query.to', message: 'must be after from' });
  if (f !== null && t !== null && t - f > MAX_EXPORT_DAYS) errors.push({ path: 'query.to', message: `must be at most ${MAX_EXPORT_DAYS} days after from; export longer spans in parts` });
  if (errors.length > 0) throw new BadRequestError(errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

/** The period rules say which end is wrong ("from: ..." or "to: ..."): name it as the query field. */
function asQueryErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof Error) || e instanceof BadRequestError) throw e;
    const field = /^(from|to):\s*/.exec(e.message);
    const path = field ? `query.${field[1]}` : 'query';
    const message = field ? e.message.slice(field[0].length) : e.message;
    throw new BadRequestError(`${path} ${message}`, [{ path, message }]);
  }
}

/** The export of the whole pay periods making up [from, to). Locked periods render their snapshot. */
export function exportPayroll(db: Db, serviceId: string, from: string, to: string, format: ExportFormat): { contentType: string; body: string; periods: PeriodExport[] } {
  const config = getPayrollConfig(db, serviceId);
  checkExportRange(from, to);
  const periods = asQueryErrors(() => periodsCovering(config, from, to, periodHistory(db, config)));
  const { input } = ledgerInput(db, serviceId, periods);
  const exports = periods.map((p) => exportPeriod(input, p));
  if (format === 'csv') return { contentType: CSV_TYPE, body: renderCsv(exports), periods: exports };
  if (format === 'csv-totals') return { contentType: CSV_TYPE, body: renderTotalsCsv(exports), periods: exports };
  return { contentType: 'application/json; charset=utf-8', body: renderJson(exports, { from, to }), periods: exports };
}

/** Lock the next pay period (its id is its start date): the first pay period, then each in turn. */
export function lockPayPeriod(db: Db, actor: Actor, now: Date, serviceId: string, periodId: string, options: { allowPending?: boolean } = {}) {
  const config = getPayrollConfig(db, serviceId);
  if (calendarDay(periodId) === null) {
    throw new BadRequestError(`params.periodId must be a calendar date`, [{ path: 'params.periodId', message: `must be a calendar date from ${FIRST_DATE} to ${LAST_DATE}` }]);
  }
  const period = wrapBadInput('params.periodId', () => periodAt(config, periodHistory(db, config), periodId));
  if (period.startDate !== periodId) {
    throw new BadRequestError(`${periodId} is not the start of a pay period`, [{ path: 'params.periodId', message: `the period containing it starts ${period.startDate}` }]);
  }
  return db.transaction((tx) => {
    const { input } = ledgerInput(tx as unknown as Db, serviceId, [period]);
    if (input.locked.some((e) => e.period.id === period.id)) throw new ConflictError(`pay period ${period.id} is already locked`);
    const next = nextPeriodToLock(input);
    if (next === undefined) {
      throw new ConflictError('choose the first pay period before locking: PUT /payroll/settings with firstPeriodStart', {
        errors: [{ path: 'settings.firstPeriodStart', message: 'not set' }],
      });
    }
    const first = config.firstPeriodStart!;
    if (period.startDate < first) {
      throw new ConflictError(`pay period ${period.id} is before the first pay period ${first}: places before it are paid outside rota`, {
        errors: [{ path: 'params.periodId', message: `the first pay period is ${first}` }],
      });
    }
    if (period.startDate !== next) {
      throw new ConflictError(`pay period ${period.id} cannot be locked before the period starting ${next}`, {
        errors: [{ path: 'params.periodId', message: `lock ${next} first: periods lock in order` }],
        nextPeriod: next,
      });
    }
    const snapshot = lockPeriod(input, period);
    if (snapshot.pending.length && !options.allowPending) {
      throw new ConflictError(`${snapshot.pending.length} place(s) in or before this period are not recorded and signed off; sign them off, or lock with allowPending (they will be paid as adjustments later)`, {
        errors: snapshot.pending.map((p, i) => ({ path: `pending[${i}]`, message: `${p.sessionId} ${p.workerId}: no signed-off outcome` })),
      });
    }
    repo.insertLock(tx, serviceId, snapshot, now.toISOString(), actorName(actor));
    recordAudit(tx, now, { actor, action: 'payroll.lock', entity: 'pay_period', entityId: `${serviceId}/${period.id}`, serviceId, details: { lines: snapshot.lines.length, pending: snapshot.pending.length } });
    return { serviceId, periodId: period.id, startDate: period.startDate, endDate: period.endDate, lockedAt: now.toISOString(), lines: snapshot.lines.length, pending: snapshot.pending };
  });
}
