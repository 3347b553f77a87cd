import { describe, expect, it } from 'vitest';
import { expandTemplate, expandTemplates, templateDates } from '../../src/time/expand.ts';
import { resolveAvailability } from '../../src/time/availability.ts';
import { localToUtcMin } from '../../src/time/local-time.ts';

const LONDON = 'Europe/London';
const HOUR = 60;
const night = { id: 'night', startTime: '20:00', endTime: '08:00', rrule: 'FREQ=DAILY' };

describe('expandTemplate', () => {
  it('a 20:00-08:00 night over the October clock change lasts 13 h, the next one 12 h', () => {
    const sessions = expandTemplate(night, { from: '2026-10-24', to: '2026-10-26', zone: LONDON });
    expect(sessions.map((s) => [s.date, s.elapsedMinutes, s.localStart, s.localEnd, s.endDate])).toEqual([
      ['2026-10-24', 13 * HOUR, '20:00', '08:00', '2026-10-25'],
      ['2026-10-25', 12 * HOUR, '20:00', '08:00', '2026-10-26'],
    ]);
    // 20:00 BST is 19:00 UTC; 08:00 GMT is 08:00 UTC.
    expect(sessions[0].startMin).toBe(Date.UTC(2026, 9, 24, 19, 0) / 60_000);
    expect(sessions[0].endMin).toBe(Date.UTC(2026, 9, 25, 8, 0) / 60_000);
  });

  it('a 20:00-08:00 night over the March clock change lasts 11 h', () => {
    const [first, second] = expandTemplate(night, { from: '2026-03-28', to: '2026-03-30', zone: LONDON });
    expect(first.elapsedMinutes).toBe(11 * HOUR);
    expect(second.elapsedMinutes).toBe(12 * HOUR);
    expect(first.endMin).toBe(Date.UTC(2026, 2, 29, 7, 0) / 60_000);
  });

  it('a session starting inside the spring-forward gap moves forward, and a duration is elapsed time', () => {
    const [s] = expandTemplate({ id: 'x', startTime: '01:30', durationMinutes: 120, rrule: 'FREQ=DAILY' }, { from: '2026-03-29', to: '2026-03-30' });
    expect(s.localStart).toBe('02:30');
    expect(s.elapsedMinutes).toBe(120);
    expect(s.localEnd).toBe('04:30');
  });

  it('crosses midnight and keeps half-open intervals back to back', () => {
    const dropIn = { id: 'drop-in', startTime: '17:30', endTime: '00:30', rrule: 'FREQ=WEEKLY;BYDAY=TU,WE,TH,FR' };
    const sessions = expandTemplate(dropIn, { from: '2026-11-23', to: '2026-11-30' });
    expect(sessions.map((s) => s.date)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    for (const s of sessions) {
      expect(s.elapsedMinutes).toBe(7 * HOUR);
      expect(s.endMin).toBe(localToUtcMin(s.endDate, '00:30', LONDON));
    }
    const day = { id: 'day', startTime: '08:00', endTime: '20:00', rrule: 'FREQ=DAILY' };
    const both = expandTemplates([night, day], { from: '2026-11-23', to: '2026-11-24' });
    expect(both.map((s) => s.templateId)).toEqual(['day', 'night']);
    expect(both[0].endMin).toBe(both[1].startMin);
  });

  it('respects a date range (a winter template) and runsOnBankHolidays', () => {
    const winter = { id: 'winter', startTime: '09:00', endTime: '17:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', validFrom: '2026-12-01', validUntil: '2027-02-28' };
    expect(templateDates(winter, { from: '2026-11-23', to: '2026-12-05' })).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(templateDates(winter, { from: '2027-02-22', to: '2027-03-08' })).toEqual(['2027-02-22', '2027-02-23', '2027-02-24', '2027-02-25', '2027-02-26']);
    const christmasWeek = { from: '2026-12-21', to: '2026-12-29' };
    expect(templateDates(winter, christmasWeek)).toContain('2026-12-25');
    const closed = templateDates({ ...winter, runsOnBankHolidays: false }, christmasWeek);
    expect(closed).not.toContain('2026-12-25');
    expect(closed).not.toContain('2026-12-28');
    expect(closed).toContain('2026-12-24');
    expect(expandTemplate(winter, christmasWeek).find((s) => s.date === '2026-12-25')?.isBankHoliday).toBe(true);
  });

  it('counts INTERVAL from the anchor date, and applies excluded and extra dates', () => {
    const fortnightly = { id: 'f', startTime: '10:00', endTime: '12:00', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', anchorDate: '2026-11-16' };
    expect(templateDates(fortnightly, { from: '2026-11-16', to: '2026-12-31' })).toEqual(['2026-11-16', '2026-11-30', '2026-12-14', '2026-12-28']);
    const edited = { ...fortnightly, excludedDates: ['2026-11-30'], extraDates: ['2026-12-01'] };
    expect(templateDates(edited, { from: '2026-11-16', to: '2026-12-08' })).toEqual(['2026-11-16', '2026-12-01']);
  });
});

describe('resolveAvailability', () => {
  it('turns recurring windows and exceptions into UTC windows, including one from the evening before', () => {
    const windows = resolveAvailability(
      [
        { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU', startTime: '09:00', endTime: '17:00' },
        { rrule: 'FREQ=WEEKLY;BYDAY=SU', startTime: '22:00', endTime: '02:00' },
      ],
      [
        { date: '2026-11-24', available: false },
        { date: '2026-11-26', available: true },
      ],
      '2026-11-23',
      '2026-11-30',
      LONDON,
    );
    expect(windows).toEqual([
      { startMin: localToUtcMin('2026-11-22', '22:00', LONDON), endMin: localToUtcMin('2026-11-23', '02:00', LONDON) },
      { startMin: localToUtcMin('2026-11-23', '09:00', LONDON), endMin: localToUtcMin('2026-11-23', '17:00', LONDON) },
      { startMin: localToUtcMin('2026-11-26', '00:00', LONDON), endMin: localToUtcMin('2026-11-27', '00:00', LONDON) },
      { startMin: localToUtcMin('2026-11-29', '22:00', LONDON), endMin: localToUtcMin('2026-11-30', '02:00', LONDON) },
    ]);
  });
});
