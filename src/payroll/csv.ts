// CSV per RFC 4180: CRLF line ends, a fixed header, fields quoted when they hold a comma, quote, CR
// or LF (quotes doubled). For spreadsheets: a UTF-8 byte-order mark so names like "Siân" open
// correctly in Excel, and text cells that a spreadsheet would run as a formula (= + - @ tab CR at the
// start) get a leading apostrophe. Numbers are never altered: minutes and pence are integers, hours
// decimals to 2 places.

import { hoursDecimal } from './rounding.ts';
import type { PayrollLine, PeriodExport, WorkerTotals } from './types.ts';

export const CSV_HEADER = [
  'period_start', 'period_end', 'row_type', 'worker_id', 'worker_name', 'worker_kind',
  'session_id', 'session_kind', 'outcome', 'local_date', 'start_local', 'end_local', 'adjusts_period',
  'worked_minutes', 'worked_hours', 'paid_minutes', 'paid_hours',
  'weekend_minutes', 'night_minutes', 'bank_holiday_minutes', 'pay_pence',
  'holiday_base_minutes', 'holiday_base_pence', 'holiday_accrual_minutes', 'holiday_accrual_hours', 'holiday_pay_pence',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** A text cell: neutralise formula starts, then quote per RFC 4180 if needed. */
export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function numberCell(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`csv: expected an integer, got ${value}`);
  return String(value);
}

function lineRow(e: PeriodExport, l: PayrollLine, names: ReadonlyMap<string, WorkerTotals>): string {
  const t = names.get(l.workerId);
  return [
    textCell(e.period.startDate), textCell(e.period.endDate), textCell(l.lineType),
    textCell(l.workerId), textCell(t?.workerName ?? ''), textCell(t?.workerKind ?? ''),
    textCell(l.sessionId), textCell(l.sessionKind), textCell(l.outcome),
    textCell(l.localDate), textCell(l.startLocal), textCell(l.endLocal), textCell(l.adjustsPeriodId ?? ''),
    numberCell(l.workedMinutes), hoursDecimal(l.workedMinutes), numberCell(l.paidMinutes), hoursDecimal(l.paidMinutes),
    numberCell(l.weekendMinutes), numberCell(l.nightMinutes), numberCell(l.bankHolidayMinutes), numberCell(l.payPence),
    numberCell(l.holidayBaseMinutes), numberCell(l.holidayBasePence), '', '', '',
  ].join(',');
}

function totalRow(e: PeriodExport, t: WorkerTotals): string {
  return [
    textCell(e.period.startDate), textCell(e.period.endDate), 'total',
    textCell(t.workerId), textCell(t.workerName), textCell(t.workerKind),
    '', '', '', '', '', '', '',
    numberCell(t.workedMinutes), hoursDecimal(t.workedMinutes), numberCell(t.paidMinutes), hoursDecimal(t.paidMinutes),
    numberCell(t.weekendMinutes), numberCell(t.nightMinutes), numberCell(t.bankHolidayMinutes), numberCell(t.payPence),
    numberCell(t.holidayBaseMinutes), numberCell(t.holidayBasePence), numberCell(t.holidayAccrualMinutes), hoursDecimal(t.holidayAccrualMinutes), numberCell(t.holidayPayPence),
  ].join(',');
}

/** Rows of one period: each worker's lines, then that worker's total row. */
export function periodCsvRows(e: PeriodExport): string {
  const byWorker = new Map(e.totals.map((t) => [t.workerId, t]));
  let out = '';
  for (const t of e.totals) {
    for (const l of e.lines) if (l.workerId === t.workerId) out += lineRow(e, l, byWorker) + CRLF;
    out += totalRow(e, t) + CRLF;
  }
  return out;
}

export function renderCsv(exports: readonly PeriodExport[]): string {
  return BOM + CSV_HEADER.join(',') + CRLF + exports.map(periodCsvRows).join('');
}
