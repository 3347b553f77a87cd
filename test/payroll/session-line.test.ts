// Hand-worked answers for single sessions. Every expected number is worked out in the comment above it.
import { describe, expect, it } from 'vitest';
import { sessionLine, splitMinutes, DEFAULT_NIGHT_WINDOW } from '../../src/payroll/index.ts';
import { ana, cal, london, place } from './helpers.ts';

const night = DEFAULT_NIGHT_WINDOW;

describe('sessionLine: hand-worked answers', () => {
  it('a 20:00-08:00 night on Sat 24 - Sun 25 Oct 2026 (clocks go back) is 13 h worked', () => {
    // 20:00 BST = 19:00 UTC; 08:00 GMT = 08:00 UTC: 13 h elapsed although the clock shows 12.
    // 24th: 20:00-24:00 = 240 min, night 23:00-24:00 = 60. 25th: 00:00-08:00 = 9 h = 540 min (01:00-02:00
    // happens twice), night 00:00-06:00 = 7 h = 420. Both days are a weekend. Paid = worked (no prep).
    const line = sessionLine(cal, night, ana, place({ sessionId: 'night-oct', kind: 'night', startMin: london('2026-10-24 20:00'), endMin: london('2026-10-25 08:00') }));
    expect(line.workedMinutes).toBe(780);
    expect(line.paidMinutes).toBe(780);
    expect(line.weekendMinutes).toBe(780);
    expect(line.nightMinutes).toBe(480);
    expect(line.bankHolidayMinutes).toBe(0);
    expect(line.days).toEqual([
      { date: '2026-10-24', workedMinutes: 240, weekendMinutes: 240, nightMinutes: 60, bankHolidayMinutes: 0 },
      { date: '2026-10-25', workedMinutes: 540, weekendMinutes: 540, nightMinutes: 420, bankHolidayMinutes: 0 },
    ]);
    // 13 h at 1250 p/h = 16250 p.
    expect(line.payPence).toBe(16250);
    expect(line.startLocal).toBe('2026-10-24 20:00');
    expect(line.endLocal).toBe('2026-10-25 08:00');
  });

  it('a 20:00-08:00 night across the spring change (29 Mar 2026) is 11 h worked', () => {
    // 20:00 GMT = 20:00 UTC; 08:00 BST = 07:00 UTC. Night on the 29th: 00:00-06:00 local = 5 h.
    const line = sessionLine(cal, night, ana, place({ sessionId: 'night-mar', startMin: london('2026-03-28 20:00'), endMin: london('2026-03-29 08:00') }));
    expect(line.workedMinutes).toBe(660);
    expect(line.nightMinutes).toBe(60 + 300);
  });

  it('a drop-in on Thu 24 Dec 2026 17:30-00:30 has 30 min on a bank holiday', () => {
    // Christmas Day is a bank holiday; only the 30 min after midnight fall on it. 7 h worked.
    // Night: 23:00-00:30 = 60 + 30 = 90. Thursday and Friday: no weekend minutes.
    const line = sessionLine(cal, night, ana, place({ sessionId: 'drop-xmas', kind: 'drop-in', startMin: london('2026-12-24 17:30'), endMin: london('2026-12-25 00:30') }));
    expect(line.workedMinutes).toBe(420);
    expect(line.bankHolidayMinutes).toBe(30);
    expect(line.nightMinutes).toBe(90);
    expect(line.weekendMinutes).toBe(0);
    expect(line.days.map((d) => [d.date, d.workedMinutes, d.bankHolidayMinutes])).toEqual([
      ['2026-12-24', 390, 0],
      ['2026-12-25', 30, 30],
    ]);
    expect(line.localDate).toBe('2026-12-24');
  });

  it('a Tameside day 09:00-17:00 with a 30-minute unpaid lunch is 7 h 30 min worked and paid', () => {
    // 8 h elapsed less the 30-minute unpaid lunch = 450 min; no preparation. 7.5 h at 1250 p/h = 9375 p.
    const line = sessionLine(cal, night, ana, place({ sessionId: 'duty', kind: 'duty', unpaidBreakMinutes: 30, startMin: london('2027-03-09 09:00'), endMin: london('2027-03-09 17:00') }));
    expect(line.workedMinutes).toBe(450);
    expect(line.paidMinutes).toBe(450);
    expect(line.payPence).toBe(9375);
    expect(line.holidayBaseMinutes).toBe(450);
    expect(line.days).toEqual([{ date: '2027-03-09', workedMinutes: 450, weekendMinutes: 0, nightMinutes: 0, bankHolidayMinutes: 0 }]);
  });

  it('takes an unpaid break out at the centre of the time worked, so the days and night still add up', () => {
    // Sat 20:00 - Sun 08:00 (7 Mar 2027, no clock change), 60 min unpaid: worked 660. The break falls at
    // the centre of the session, 01:30-02:30 on Sunday: Saturday keeps 20:00-24:00 (240, night 60); Sunday 00:00-01:30 and 02:30-08:00
    // = 90 + 330 = 420, night 00:00-06:00 less the hour = 300. All weekend.
    const line = sessionLine(cal, night, ana, place({ sessionId: 'n', unpaidBreakMinutes: 60, startMin: london('2027-03-06 20:00'), endMin: london('2027-03-07 08:00') }));
    expect(line.workedMinutes).toBe(660);
    expect(line.nightMinutes).toBe(360);
    expect(line.days).toEqual([
      { date: '2027-03-06', workedMinutes: 240, weekendMinutes: 240, nightMinutes: 60, bankHolidayMinutes: 0 },
      { date: '2027-03-07', workedMinutes: 420, weekendMinutes: 420, nightMinutes: 300, bankHolidayMinutes: 0 },
    ]);
    // With actual times only the part of the break (12:45-13:15 for 09:00-17:00) inside them comes out:
    // sent home at 13:00, 4 h less 15 min; at 11:00, all 2 h; 10:00-18:00, the whole 30 min.
    const day = (from: string, to: string) =>
      sessionLine(cal, night, ana, place({ sessionId: 'd', unpaidBreakMinutes: 30, startMin: london('2027-03-09 09:00'), endMin: london('2027-03-09 17:00'), outcome: { status: 'worked', actualStartMin: london(`2027-03-09 ${from}`), actualEndMin: london(`2027-03-09 ${to}`) } }));
    expect(day('09:00', '13:00').workedMinutes).toBe(225);
    expect(day('09:00', '11:00').paidMinutes).toBe(120);
    expect(day('10:00', '18:00').paidMinutes).toBe(450);
  });

  it('a wellbeing session is 3 h worked and 4 h paid', () => {
    // 10:00-13:00 plus 60 paid minutes of set-up, clear-up and debrief. 4 h at 1250 p/h = 5000 p.
    const line = sessionLine(cal, night, ana, place({ sessionId: 'wb', kind: 'wellbeing', paidPrepMinutes: 60, startMin: london('2026-11-10 10:00'), endMin: london('2026-11-10 13:00') }));
    expect(line.workedMinutes).toBe(180);
    expect(line.paidMinutes).toBe(240);
    expect(line.payPence).toBe(5000);
    expect(line.nightMinutes + line.weekendMinutes + line.bankHolidayMinutes).toBe(0);
    expect(line.holidayBaseMinutes).toBe(240);
  });

  it('an options session cancelled because no service user came: 0 worked, 3 h paid', () => {
    const options = { kind: 'options', startMin: london('2026-11-11 10:00'), endMin: london('2026-11-11 15:00'), cancellationMinimumMinutes: 180 };
    const line = sessionLine(cal, night, ana, place({ sessionId: 'opt', ...options, outcome: { status: 'cancelled', reason: 'no-service-users' } }));
    expect(line.workedMinutes).toBe(0);
    expect(line.paidMinutes).toBe(180);
    expect(line.payPence).toBe(3750);
    expect(line.days).toEqual([]);
    // A cancellation payment is not hours worked for holiday accrual.
    expect(line.holidayBaseMinutes).toBe(0);
    expect(line.outcome).toBe('cancelled');
    // Cancelled for another reason, or a no-show: nothing paid.
    expect(sessionLine(cal, night, ana, place({ sessionId: 'opt2', ...options, outcome: { status: 'cancelled', reason: 'other' } })).paidMinutes).toBe(0);
    const noShow = sessionLine(cal, night, ana, place({ sessionId: 'opt3', ...options, outcome: { status: 'no-show' } }));
    expect([noShow.workedMinutes, noShow.paidMinutes, noShow.outcome]).toEqual([0, 0, 'no-show']);
  });

  it('actual times replace the schedule', () => {
    // Scheduled 10:00-13:00, actually 10:15-13:45 = 210 min worked, + 60 prep = 270 paid.
    const line = sessionLine(cal, night, ana, place({
      sessionId: 'wb-late', paidPrepMinutes: 60, startMin: london('2026-11-10 10:00'), endMin: london('2026-11-10 13:00'),
      outcome: { status: 'worked', actualStartMin: london('2026-11-10 10:15'), actualEndMin: london('2026-11-10 13:45') },
    }));
    expect([line.workedMinutes, line.paidMinutes, line.startLocal, line.endLocal]).toEqual([210, 270, '2026-11-10 10:15', '2026-11-10 13:45']);
  });

  it('rejects bad input with the field named', () => {
    const base = { sessionId: 's', startMin: london('2026-11-10 10:00'), endMin: london('2026-11-10 13:00') };
    expect(() => sessionLine(cal, night, ana, place({ ...base, endMin: base.startMin }))).toThrow(/endMin/);
    expect(() => sessionLine(cal, night, ana, place({ ...base, paidPrepMinutes: -5 }))).toThrow(/paidPrepMinutes/);
    expect(() => sessionLine(cal, night, ana, place({ ...base, outcome: { status: 'worked', actualStartMin: base.startMin } }))).toThrow(/actualStartMin/);
    expect(() => sessionLine(cal, night, ana, place({ ...base, outcome: undefined }))).toThrow(/outcome/);
  });
});

describe('night window', () => {
  it('is configurable, and a window that does not wrap midnight works too', () => {
    const s = london('2026-11-10 21:00');
    const e = london('2026-11-11 07:00');
    // 22:00-07:00: 2 h on the 10th (22-24) + 7 h on the 11th (00-07).
    expect(splitMinutes(cal, { startMinuteOfDay: 22 * 60, endMinuteOfDay: 7 * 60 }, s, e).reduce((a, d) => a + d.nightMinutes, 0)).toBe(540);
    // 00:00-05:00 only: 5 h.
    expect(splitMinutes(cal, { startMinuteOfDay: 0, endMinuteOfDay: 5 * 60 }, s, e).reduce((a, d) => a + d.nightMinutes, 0)).toBe(300);
  });
});
