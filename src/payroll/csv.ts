// CSV for a payroll clerk's spreadsheet, per RFC 4180: CRLF line ends, a fixed header, fields quoted
// when they hold a comma, quote, CR or LF (quotes doubled), a UTF-8 byte-order mark so names like
// "Siân" open correctly in Excel, and text cells a spreadsheet would run as a formula (= + - @ tab CR
// at the start) get a leading apostrophe. Money is in pounds with 2 decimals, hours decimals to 2
// places, minutes integers.
//
// Two files, so that a SUM down any column of either is right:
// - renderCsv: one row per session line, adjustment line or unsigned place (row_type says which).
//   Unsigned places have empty figures, so they show what is missing without changing any sum.
// - renderTotalsCsv: one row per worker per period (what a payroll run imports), with holiday accrual.
// A worker's totals row equals the sum of that worker's rows in the first file for the period.

import { hoursDecimal, poundsDecimal } from './rounding.ts';
import type { PayrollLine, PendingPlace, PeriodExport, WorkerTotals } from './types.ts';

export const CSV_HEADER = [
  'period_start', 'period_end', 'row_type', 'payroll_number', 'worker_id', 'worker_name', 'worker_kind',
  'session_id', 'session_kind', 'outcome', 'local_date', 'start_local', 'end_local', 'adjusts_period',
  'worked_minutes', 'worked_hours', 'paid_minutes', 'paid_hours',
  'weekend_minutes', 'night_minutes', 'bank_holiday_minutes', 'pay_gbp',
  'holiday_base_minutes', 'holiday_base_gbp',
] as const;

export const TOTALS_CSV_HEADER = [
  'period_start', 'period_end', 'payroll_number', 'worker_id', 'worker_name', 'worker_kind', 'paid_lines', 'unsigned_places',
  'worked_minutes', 'worked_hours', 'paid_minutes', 'paid_hours',
  'weekend_minutes', 'night_minutes', 'bank_holiday_minutes', 'pay_gbp',
  'holiday_base_minutes', 'holiday_base_gbp', 'holiday_accrual_minutes', 'holiday_accrual_hours', 'holiday_pay_gbp',
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

interface WorkerCells {
  readonly payrollNumber?: string;
  readonly workerName?: string;
  readonly workerKind?: string;
}

function workerCells(e: PeriodExport, workerId: string, w: WorkerCells | undefined): string[] {
  return [textCell(e.period.startDate), textCell(e.period.endDate)].concat(
    [w?.payrollNumber ?? '', workerId, w?.workerName ?? '', w?.workerKind ?? ''].map(textCell),
  );
}

function lineRow(e: PeriodExport, l: PayrollLine, worker: WorkerTotals | undefined): string {
  const [start, end, ...who] = workerCells(e, l.workerId, worker);
  return [
    start, end, textCell(l.lineType), ...who,
    textCell(l.sessionId), textCell(l.sessionKind), textCell(l.outcome),
    textCell(l.localDate), textCell(l.startLocal), textCell(l.endLocal), textCell(l.adjustsPeriodId ?? ''),
    numberCell(l.workedMinutes), hoursDecimal(l.workedMinutes), numberCell(l.paidMinutes), hoursDecimal(l.paidMinutes),
    numberCell(l.weekendMinutes), numberCell(l.nightMinutes), numberCell(l.bankHolidayMinutes), poundsDecimal(l.payPence),
    numberCell(l.holidayBaseMinutes), poundsDecimal(l.holidayBasePence),
  ].join(',');
}

/** An unsigned place: what and when, and why it is not (finally) paid; no figures. */
function unsignedRow(e: PeriodExport, p: PendingPlace): string {
  const [start, end, ...who] = workerCells(e, p.workerId, p);
  const what = [p.sessionId, p.sessionKind ?? '', p.state ?? 'not-signed-off', p.localDate ?? '', p.startLocal ?? '', p.endLocal ?? '', ''].map(textCell);
  return [start, end, 'unsigned', ...who, ...what, ...Array(CSV_HEADER.length - 14).fill('')].join(',');
}

/** Rows of one period: per worker, in time order, session and adjustment lines and unsigned places. */
export function periodCsvRows(e: PeriodExport): string {
  const totals = new Map(e.totals.map((t) => [t.workerId, t]));
  const rows: { key: string[]; text: string }[] = [
    ...e.lines.map((l) => ({ key: [l.workerId, l.startLocal, l.sessionId, l.lineType], text: lineRow(e, l, totals.get(l.workerId)) })),
    ...e.pending.map((p) => ({ key: [p.workerId, p.startLocal ?? '', p.sessionId, 'unsigned'], text: unsignedRow(e, p) })),
  ];
  rows.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
    return 0;
  });
  return rows.map((r) => r.text + CRLF).join('');
}

export function renderCsv(exports: readonly PeriodExport[]): string {
  return BOM + CSV_HEADER.join(',') + CRLF + exports.map(periodCsvRows).join('');
}

/** One row per worker with lines or unsigned places in the period, in worker id order. */
export function periodTotalsRows(e: PeriodExport): string {
  const totals = new Map(e.totals.map((t) => [t.workerId, t]));
  const unsigned = new Map<string, PendingPlace[]>();
  for (const p of e.pending) unsigned.set(p.workerId, [...(unsigned.get(p.workerId) ?? []), p]);
  const ids = [...new Set([...totals.keys(), ...unsigned.keys()])].sort();
  return ids.map((id) => {
    const t = totals.get(id);
    const who = t ?? unsigned.get(id)![0];
    const n = (v: number | undefined) => numberCell(v ?? 0);
    return [
      ...workerCells(e, id, who),
      n(e.lines.filter((l) => l.workerId === id).length), n(unsigned.get(id)?.length),
      n(t?.workedMinutes), hoursDecimal(t?.workedMinutes ?? 0), n(t?.paidMinutes), hoursDecimal(t?.paidMinutes ?? 0),
      n(t?.weekendMinutes), n(t?.nightMinutes), n(t?.bankHolidayMinutes), poundsDecimal(t?.payPence ?? 0),
      n(t?.holidayBaseMinutes), poundsDecimal(t?.holidayBasePence ?? 0),
      n(t?.holidayAccrualMinutes), hoursDecimal(t?.holidayAccrualMinutes ?? 0), poundsDecimal(t?.holidayPayPence ?? 0),
    ].join(',') + CRLF;
  }).join('');
}

export function renderTotalsCsv(exports: readonly PeriodExport[]): string {
  return BOM + TOTALS_CSV_HEADER.join(',') + CRLF + exports.map(periodTotalsRows).join('');
}
