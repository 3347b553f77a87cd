// The ledger through the database: the export of whole pay periods, and locking the next one.
import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, ConflictError } from '../services/errors.ts';
import { localMidnightUtcMin } from '../time/index.ts';
import { createCalendar } from './calendar.ts';
import { renderCsv, renderTotalsCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { exportPeriod, lockPeriod, nextPeriodToLock, type LedgerInput } from './ledger.ts';
import { draftOutcome } from './outcome-checks.ts';
import { periodAt, periodsCovering } from './pay-periods.ts';
import * as repo from './repository.ts';
import { DEFAULT_ZONE, getPayrollConfig, periodHistory, sessionIdOf, wrapBadInput, type PayrollConfig } from './service.ts';
import type { PayrollSettings, PayrollWorker, PeriodExport, SessionRecord } from './types.ts';

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
    // IMMEDIATE: the write lock from the start, so a second process locking the same period waits and
    // then finds it locked (409), instead of reading before the first commits and failing on write.
  }, { behavior: 'immediate' });
}
