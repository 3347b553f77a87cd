import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER, exportPeriod, lockPeriod, periodContaining, renderCsv, renderJson, renderTotalsCsv, textCell, TOTALS_CSV_HEADER,
  type PayrollWorker, type PeriodExport, type SessionRecord,
} from '../../src/payroll/index.ts';
import { ana, cal, carl, london, place, settings } from './helpers.ts';

/** A small RFC 4180 reader, to check that what we write reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (c === '\n' || c === '\r' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    cell += c; i++;
  }
  if (cell !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

const tricky: PayrollWorker = { id: 'w-1', name: 'O\'Neil, "Siân"\nSmith', kind: 'bank', ratePencePerHour: 1125, payrollNumber: '007,1' };
const formula: PayrollWorker = { id: '=cmd|calc', name: '@SUM(A1)', kind: 'contracted', ratePencePerHour: 1500 };
const week = periodContaining({ frequency: 'weekly', anchorDate: '2026-12-21' }, '2026-12-24');

function xmasExport() {
  const records = [
    place({ sessionId: 'drop, "xmas"', workerId: tricky.id, kind: 'drop-in', startMin: london('2026-12-24 17:30'), endMin: london('2026-12-25 00:30') }),
    place({ sessionId: 'wb-1', workerId: formula.id, paidPrepMinutes: 60, startMin: london('2026-12-22 10:00'), endMin: london('2026-12-22 13:00') }),
  ];
  return exportPeriod({ calendar: cal, settings, workers: [tricky, formula], records, locked: [] }, week);
}

const col = (row: string[], name: (typeof CSV_HEADER)[number]) => row[CSV_HEADER.indexOf(name)];
const tcol = (row: string[], name: (typeof TOTALS_CSV_HEADER)[number]) => row[TOTALS_CSV_HEADER.indexOf(name)];

describe('CSV (RFC 4180)', () => {
  it('has a stable header, a BOM, CRLF line ends and reads back cell for cell', () => {
    const csv = renderCsv([xmasExport()]);
    expect(csv.startsWith('\uFEFFperiod_start,period_end,row_type,payroll_number,worker_id,worker_name,worker_kind,session_id,session_kind,outcome,local_date,start_local,end_local,adjusts_period,worked_minutes,worked_hours,paid_minutes,paid_hours,weekend_minutes,night_minutes,bank_holiday_minutes,pay_gbp,holiday_base_minutes,holiday_base_gbp\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    for (const r of rows) expect(r).toHaveLength(CSV_HEADER.length);
    // Formula-looking worker ids sort first: "=cmd|calc" < "w-1". No total rows among the lines.
    expect(rows).toHaveLength(3);
    const [, wbLine, dropLine] = rows;
    expect(col(wbLine, 'worker_id')).toBe("'=cmd|calc");
    expect(col(wbLine, 'worker_name')).toBe("'@SUM(A1)");
    expect(col(wbLine, 'payroll_number')).toBe('');
    // 4 paid hours at 15.00 an hour.
    expect([col(wbLine, 'worked_hours'), col(wbLine, 'paid_hours'), col(wbLine, 'pay_gbp')]).toEqual(['3.00', '4.00', '60.00']);
    expect(col(dropLine, 'worker_name')).toBe('O\'Neil, "Siân"\nSmith');
    expect(col(dropLine, 'payroll_number')).toBe('007,1');
    expect(col(dropLine, 'session_id')).toBe('drop, "xmas"');
    expect([col(dropLine, 'worked_minutes'), col(dropLine, 'bank_holiday_minutes'), col(dropLine, 'night_minutes')]).toEqual(['420', '30', '90']);
    // 7 h x 11.25 = 78.75.
    expect(col(dropLine, 'pay_gbp')).toBe('78.75');
  });

  it('the totals file has one row per worker with holiday accrual', () => {
    const rows = parseCsv(renderTotalsCsv([xmasExport()]).slice(1));
    expect(rows[0]).toEqual([...TOTALS_CSV_HEADER]);
    expect(rows).toHaveLength(3);
    const [, wb, drop] = rows;
    expect([tcol(wb, 'worker_id'), tcol(wb, 'pay_gbp'), tcol(wb, 'holiday_accrual_minutes')]).toEqual(["'=cmd|calc", '60.00', '0']);
    // Bank worker: 420 x 0.1207 = 50.694 -> 51 min accrued = 0.85 h.
    expect([tcol(drop, 'payroll_number'), tcol(drop, 'pay_gbp'), tcol(drop, 'holiday_accrual_minutes'), tcol(drop, 'holiday_accrual_hours')]).toEqual(['007,1', '78.75', '51', '0.85']);
  });

  it('quotes only when needed and keeps negative numbers numeric', () => {
    expect(textCell('plain')).toBe('plain');
    expect(textCell('a,b')).toBe('"a,b"');
    expect(textCell('say "hi"')).toBe('"say ""hi"""');
    expect(textCell('-1+1')).toBe("'-1+1");
    expect(textCell('+44 7700')).toBe("'+44 7700");
  });

  it('an empty export is just the header', () => {
    const empty = exportPeriod({ calendar: cal, settings, workers: [], records: [], locked: [] }, week);
    expect(renderCsv([empty])).toBe('\uFEFF' + CSV_HEADER.join(',') + '\r\n');
    expect(renderTotalsCsv([empty])).toBe('\uFEFF' + TOTALS_CSV_HEADER.join(',') + '\r\n');
  });
});

describe('what a payroll clerk opens in a spreadsheet', () => {
  // Week 1 (2 Nov 2026) is locked with Ana's wellbeing (s1) and Carl's (s3); then s1 runs an hour
  // longer, s3 is withdrawn; week 2 holds Ana's wellbeing s4, a 7-minute top-up on a 17:00 slot (s5,
  // 7 min at 12.50 = 1.4583 -> 1.46) and an options session not yet signed off (s6).
  const weekly = { frequency: 'weekly', anchorDate: '2026-11-02' } as const;
  const w1 = periodContaining(weekly, '2026-11-02');
  const w2 = periodContaining(weekly, '2026-11-09');
  const s1 = place({ sessionId: 's1', paidPrepMinutes: 60, startMin: london('2026-11-03 10:00'), endMin: london('2026-11-03 13:00') });
  const s3 = place({ sessionId: 's3', workerId: carl.id, paidPrepMinutes: 60, startMin: london('2026-11-05 10:00'), endMin: london('2026-11-05 13:00') });
  const s4 = place({ sessionId: 's4', paidPrepMinutes: 60, startMin: london('2026-11-10 10:00'), endMin: london('2026-11-10 13:00') });
  const s5 = place({ sessionId: 's5', startMin: london('2026-11-11 17:00'), endMin: london('2026-11-11 17:07') });
  const s6 = place({ sessionId: 's6', kind: 'options', startMin: london('2026-11-12 10:00'), endMin: london('2026-11-12 15:00'), signedOff: false, outcome: undefined });
  const numbered = { ...ana, payrollNumber: 'P-100' };
  const ledger = (records: SessionRecord[], locked: PeriodExport[]) =>
    ({ calendar: cal, settings, workers: [numbered, carl], records, locked, firstPeriodStart: w1.startDate });
  const snap1 = lockPeriod(ledger([s1, s3], []), w1);
  const longer = { ...s1, outcome: { status: 'worked' as const, actualStartMin: s1.startMin, actualEndMin: london('2026-11-03 14:00') } };
  const e2 = exportPeriod(ledger([longer, s4, s5, s6], [snap1]), w2);
  const detail = parseCsv(renderCsv([e2]).slice(1)).slice(1);
  const totals = parseCsv(renderTotalsCsv([e2]).slice(1)).slice(1);
  // A spreadsheet's SUM: numbers add, empty cells count as nothing.
  const sum = (rows: string[][], cell: (r: string[]) => string) => rows.reduce((acc, r) => acc + (cell(r) === '' ? 0 : Math.round(Number(cell(r)) * 100)), 0) / 100;

  it('money is pounds with two decimals, reversals negative', () => {
    const pay = Object.fromEntries(detail.map((r) => [col(r, 'session_id'), col(r, 'pay_gbp')]));
    // s1 +1 h at 12.50; s4 4 h at 12.50; s5 7 min = 1.46; s3 reversed: -4 h at 15.00; s6 unsigned: empty.
    expect(pay).toEqual({ s1: '12.50', s4: '50.00', s5: '1.46', s3: '-60.00', s6: '' });
    for (const r of detail) expect(col(r, 'pay_gbp')).toMatch(/^(-?\d+\.\d\d)?$/);
  });

  it('a SUM down the session rows is each worker\u2019s total, and the whole column is the payroll total', () => {
    expect(detail.every((r) => ['session', 'adjustment', 'unsigned'].includes(col(r, 'row_type')))).toBe(true);
    const mine = (id: string) => detail.filter((r) => col(r, 'worker_id') === id);
    // Ana: 60 + 240 + 7 paid minutes = 307, 12.50 + 50.00 + 1.46 = 63.96. Carl: -240 min, -60.00.
    expect([sum(mine(ana.id), (r) => col(r, 'paid_minutes')), sum(mine(ana.id), (r) => col(r, 'pay_gbp'))]).toEqual([307, 63.96]);
    expect([sum(mine(carl.id), (r) => col(r, 'paid_minutes')), sum(mine(carl.id), (r) => col(r, 'pay_gbp'))]).toEqual([-240, -60]);
    expect(sum(detail, (r) => col(r, 'pay_gbp'))).toBe(3.96);
    const byWorker = Object.fromEntries(totals.map((r) => [tcol(r, 'worker_id'), r]));
    expect([tcol(byWorker[ana.id], 'paid_minutes'), tcol(byWorker[ana.id], 'pay_gbp')]).toEqual(['307', '63.96']);
    expect([tcol(byWorker[carl.id], 'paid_minutes'), tcol(byWorker[carl.id], 'pay_gbp')]).toEqual(['-240', '-60.00']);
    expect(sum(totals, (r) => tcol(r, 'pay_gbp'))).toBe(3.96);
  });

  it('lists unsigned places in the file, and a payroll number on every row of a worker', () => {
    const unsigned = detail.filter((r) => col(r, 'row_type') === 'unsigned');
    expect(unsigned.map((r) => [col(r, 'session_id'), col(r, 'session_kind'), col(r, 'outcome'), col(r, 'start_local'), col(r, 'end_local'), col(r, 'paid_minutes')]))
      .toEqual([['s6', 'options', 'not-recorded', '2026-11-12 10:00', '2026-11-12 15:00', '']]);
    expect(detail.filter((r) => col(r, 'worker_id') === ana.id).map((r) => col(r, 'payroll_number'))).toEqual(['P-100', 'P-100', 'P-100', 'P-100']);
    expect(detail.filter((r) => col(r, 'worker_id') === carl.id).map((r) => col(r, 'payroll_number'))).toEqual(['']);
    const anaTotals = totals.find((r) => tcol(r, 'worker_id') === ana.id)!;
    expect([tcol(anaTotals, 'payroll_number'), tcol(anaTotals, 'paid_lines'), tcol(anaTotals, 'unsigned_places')]).toEqual(['P-100', '3', '1']);
  });

  it('a worker with only unsigned places still has a totals row, at zero', () => {
    const only = exportPeriod(ledger([s6], []), w2);
    const rows = parseCsv(renderTotalsCsv([only]).slice(1)).slice(1);
    expect(rows.map((r) => [tcol(r, 'worker_id'), tcol(r, 'payroll_number'), tcol(r, 'paid_lines'), tcol(r, 'unsigned_places'), tcol(r, 'pay_gbp')]))
      .toEqual([[ana.id, 'P-100', '0', '1', '0.00']]);
  });
});

describe('JSON form', () => {
  it('carries the same figures with per-date breakdowns and 2-decimal hours', () => {
    const doc = JSON.parse(renderJson([xmasExport()], { from: week.startDate, to: week.endDate }));
    expect(doc.format).toBe('rota-payroll-export/1');
    const line = doc.periods[0].lines.find((l: { sessionId: string }) => l.sessionId === 'drop, "xmas"');
    expect(line).toMatchObject({ workedMinutes: 420, workedHours: '7.00', bankHolidayMinutes: 30 });
    expect(line.days).toEqual([
      { date: '2026-12-24', workedMinutes: 390, weekendMinutes: 0, nightMinutes: 60, bankHolidayMinutes: 0 },
      { date: '2026-12-25', workedMinutes: 30, weekendMinutes: 0, nightMinutes: 30, bankHolidayMinutes: 30 },
    ]);
  });
});
