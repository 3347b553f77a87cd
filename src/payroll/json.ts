// The JSON form of an export: the same lines, totals and unsigned places as the two CSV files, with
// per-date breakdowns, money in integer pence, hours as strings with 2 decimals (so "13.00" stays
// exact), and fields in a fixed order so a locked period renders to the same bytes every time.

import { hoursDecimal } from './rounding.ts';
import type { PayrollLine, PendingPlace, PeriodExport, WorkerTotals } from './types.ts';

export const JSON_FORMAT = 'rota-payroll-export/1';

function lineJson(l: PayrollLine) {
  return {
    lineType: l.lineType,
    workerId: l.workerId,
    sessionId: l.sessionId,
    sessionKind: l.sessionKind,
    outcome: l.outcome,
    localDate: l.localDate,
    startLocal: l.startLocal,
    endLocal: l.endLocal,
    adjustsPeriodId: l.adjustsPeriodId ?? null,
    workedMinutes: l.workedMinutes,
    workedHours: hoursDecimal(l.workedMinutes),
    paidMinutes: l.paidMinutes,
    paidHours: hoursDecimal(l.paidMinutes),
    weekendMinutes: l.weekendMinutes,
    nightMinutes: l.nightMinutes,
    bankHolidayMinutes: l.bankHolidayMinutes,
    payPence: l.payPence,
    holidayBaseMinutes: l.holidayBaseMinutes,
    holidayBasePence: l.holidayBasePence,
    days: l.days.map((d) => ({
      date: d.date,
      workedMinutes: d.workedMinutes,
      weekendMinutes: d.weekendMinutes,
      nightMinutes: d.nightMinutes,
      bankHolidayMinutes: d.bankHolidayMinutes,
    })),
  };
}

/** Snapshots locked before the descriptive fields existed give null for them. */
function pendingJson(p: PendingPlace) {
  return {
    sessionId: p.sessionId,
    workerId: p.workerId,
    workerName: p.workerName ?? null,
    payrollNumber: p.payrollNumber ?? null,
    sessionKind: p.sessionKind ?? null,
    state: p.state ?? null,
    localDate: p.localDate ?? null,
    startLocal: p.startLocal ?? null,
    endLocal: p.endLocal ?? null,
  };
}

function totalJson(t: WorkerTotals) {
  return {
    workerId: t.workerId,
    workerName: t.workerName,
    workerKind: t.workerKind,
    payrollNumber: t.payrollNumber ?? null,
    workedMinutes: t.workedMinutes,
    workedHours: hoursDecimal(t.workedMinutes),
    paidMinutes: t.paidMinutes,
    paidHours: hoursDecimal(t.paidMinutes),
    weekendMinutes: t.weekendMinutes,
    nightMinutes: t.nightMinutes,
    bankHolidayMinutes: t.bankHolidayMinutes,
    payPence: t.payPence,
    holidayBaseMinutes: t.holidayBaseMinutes,
    holidayBasePence: t.holidayBasePence,
    holidayAccrualMinutes: t.holidayAccrualMinutes,
    holidayAccrualHours: hoursDecimal(t.holidayAccrualMinutes),
    holidayPayPence: t.holidayPayPence,
  };
}

export function periodJson(e: PeriodExport) {
  return {
    periodId: e.period.id,
    startDate: e.period.startDate,
    endDate: e.period.endDate,
    locked: e.locked,
    lines: e.lines.map(lineJson),
    totals: e.totals.map(totalJson),
    pending: e.pending.map(pendingJson),
  };
}

export function renderJson(exports: readonly PeriodExport[], range: { from: string; to: string }): string {
  return JSON.stringify({ format: JSON_FORMAT, from: range.from, to: range.to, periods: exports.map(periodJson) });
}
