import { describe, expect, it } from 'vitest';
import { CSV_HEADER, exportPeriod, periodContaining, renderCsv, renderJson, textCell, type PayrollWorker } from '../../src/payroll/index.ts';
import { cal, london, place, settings } from './helpers.ts';

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

const tricky: PayrollWorker = { id: 'w-1', name: 'O\'Neil, "Siân"\nSmith', kind: 'bank', ratePencePerHour: 1125 };
const formula: PayrollWorker = { id: '=cmd|calc', name: '@SUM(A1)', kind: 'contracted', ratePencePerHour: 1500 };
const week = periodContaining({ frequency: 'weekly', anchorDate: '2026-12-21' }, '2026-12-24');

function xmasExport() {
  const records = [
    place({ sessionId: 'drop, "xmas"', workerId: tricky.id, kind: 'drop-in', startMin: london('2026-12-24 17:30'), endMin: london('2026-12-25 00:30') }),
    place({ sessionId: 'wb-1', workerId: formula.id, paidPrepMinutes: 60, startMin: london('2026-12-22 10:00'), endMin: london('2026-12-22 13:00') }),
  ];
  return exportPeriod({ calendar: cal, settings, workers: [tricky, formula], records, locked: [] }, week);
}

describe('CSV (RFC 4180)', () => {
  it('has a stable header, a BOM, CRLF line ends and reads back cell for cell', () => {
    const csv = renderCsv([xmasExport()]);
    expect(csv.startsWith('\uFEFFperiod_start,period_end,row_type,worker_id,worker_name,worker_kind,session_id,session_kind,outcome,local_date,start_local,end_local,adjusts_period,worked_minutes,worked_hours,paid_minutes,paid_hours,weekend_minutes,night_minutes,bank_holiday_minutes,pay_pence,holiday_base_minutes,holiday_base_pence,holiday_accrual_minutes,holiday_accrual_hours,holiday_pay_pence\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    for (const r of rows) expect(r).toHaveLength(CSV_HEADER.length);
    const col = (row: string[], name: (typeof CSV_HEADER)[number]) => row[CSV_HEADER.indexOf(name)];
    // Formula-looking worker ids sort first: "=cmd|calc" < "w-1".
    const [, wbLine, wbTotal, dropLine, dropTotal] = rows;
    expect(col(wbLine, 'worker_id')).toBe("'=cmd|calc");
    expect(col(wbLine, 'worker_name')).toBe("'@SUM(A1)");
    expect([col(wbLine, 'worked_hours'), col(wbLine, 'paid_hours'), col(wbLine, 'pay_pence')]).toEqual(['3.00', '4.00', '6000']);
    expect(col(wbTotal, 'row_type')).toBe('total');
    expect(col(dropLine, 'worker_name')).toBe('O\'Neil, "Siân"\nSmith');
    expect(col(dropLine, 'session_id')).toBe('drop, "xmas"');
    expect([col(dropLine, 'worked_minutes'), col(dropLine, 'bank_holiday_minutes'), col(dropLine, 'night_minutes')]).toEqual(['420', '30', '90']);
    // 420 min x 1125 p/h = 7875 p. Bank worker: 420 x 0.1207 = 50.694 -> 51 min accrued = 0.85 h.
    expect(col(dropTotal, 'pay_pence')).toBe('7875');
    expect([col(dropTotal, 'holiday_accrual_minutes'), col(dropTotal, 'holiday_accrual_hours')]).toEqual(['51', '0.85']);
    expect(rows).toHaveLength(5);
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
