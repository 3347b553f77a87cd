// A bank worker's month, worked by hand, in both holiday modes; a contracted worker accrues nothing.
import { describe, expect, it } from 'vitest';
import { exportPeriod, periodContaining, type LedgerInput, type SessionRecord } from '../../src/payroll/index.ts';
import { ana, cal, carl, london, place, settings } from './helpers.ts';

const wellbeing = (id: string, date: string, workerId = ana.id): SessionRecord =>
  place({ sessionId: id, workerId, kind: 'wellbeing', paidPrepMinutes: 60, startMin: london(`${date} 10:00`), endMin: london(`${date} 13:00`) });
const options = (id: string, date: string, outcome: SessionRecord['outcome']): SessionRecord =>
  place({ sessionId: id, kind: 'options', cancellationMinimumMinutes: 180, startMin: london(`${date} 10:00`), endMin: london(`${date} 15:00`), outcome });

const records: SessionRecord[] = [
  wellbeing('wb-1', '2026-11-03'),
  wellbeing('wb-2', '2026-11-10'),
  wellbeing('wb-3', '2026-11-17'),
  wellbeing('wb-4', '2026-11-24'),
  options('opt-sat', '2026-11-14', { status: 'worked' }),
  options('opt-cancelled', '2026-11-21', { status: 'cancelled', reason: 'no-service-users' }),
  options('opt-noshow', '2026-11-28', { status: 'no-show' }),
  wellbeing('wb-oct', '2026-10-31'), // previous month
  wellbeing('wb-dec', '2026-12-01'), // next month
  wellbeing('wb-carl', '2026-11-05', carl.id),
];

const november = periodContaining({ frequency: 'monthly', anchorDate: '2026-01-01' }, '2026-11-15');

function monthFor(holidayMode: 'accrual' | 'rolled-up') {
  const input: LedgerInput = { calendar: cal, settings: { ...settings, holidayMode }, workers: [ana, carl], records, locked: [] };
  return exportPeriod(input, november);
}

describe('bank worker holiday across a month (November 2026)', () => {
  it('accrues 12.07% of hours worked as minutes', () => {
    const e = monthFor('accrual');
    expect(november).toEqual({ id: '2026-11-01', startDate: '2026-11-01', endDate: '2026-12-01' });
    const t = e.totals.find((x) => x.workerId === ana.id)!;
    // Worked: 4 wellbeing x 180 + options 300 = 1020. Paid: 4 x 240 + 300 + 180 (cancelled) + 0 (no-show) = 1440.
    expect(t.workedMinutes).toBe(1020);
    expect(t.paidMinutes).toBe(1440);
    // The options session on Sat 14 Nov: 300 weekend minutes.
    expect(t.weekendMinutes).toBe(300);
    // Hours worked for holiday: 4 x (180 + 60 set-up/debrief) + 300 = 1260 (the cancellation pay is not work).
    expect(t.holidayBaseMinutes).toBe(1260);
    // 1260 x 0.1207 = 152.082 -> 152 min (2.53 h).
    expect(t.holidayAccrualMinutes).toBe(152);
    expect(t.holidayPayPence).toBe(0);
    // 1440 min = 24 h at 1250 p/h.
    expect(t.payPence).toBe(30000);
    expect(e.lines.filter((l) => l.workerId === ana.id).map((l) => l.sessionId)).toEqual(['wb-1', 'wb-2', 'opt-sat', 'wb-3', 'opt-cancelled', 'wb-4', 'opt-noshow']);
  });

  it('or pays rolled-up holiday pay in pence, per organisation setting', () => {
    const t = monthFor('rolled-up').totals.find((x) => x.workerId === ana.id)!;
    // 1260 min = 21 h x 1250 p = 26250 p; x 0.1207 = 3168.375 -> 3168 p.
    expect(t.holidayPayPence).toBe(3168);
    expect(t.holidayAccrualMinutes).toBe(0);
  });

  it('contracted staff accrue nothing here', () => {
    const t = monthFor('accrual').totals.find((x) => x.workerId === carl.id)!;
    expect([t.workedMinutes, t.paidMinutes, t.holidayAccrualMinutes, t.holidayPayPence]).toEqual([180, 240, 0, 0]);
  });
});
