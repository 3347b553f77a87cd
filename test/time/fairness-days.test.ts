// Which fairness categories a session counts for: nights (3 hours or more between 23:00 and 06:00
// local, clock changes included) and Christmas/New Year (24 December to 1 January), from instants.
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/service-file/compile.ts';
import { fairnessTags, isChristmasDate, nightMinutes } from '../../src/time/fairness-days.ts';
import { localToUtcMin } from '../../src/time/local-time.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

const Z = 'Europe/London';
const at = (date: string, time: string) => localToUtcMin(date, time, Z);

describe('night minutes', () => {
  it('counts the real minutes between 23:00 and 06:00, across midnight', () => {
    expect(nightMinutes(at('2027-01-13', '22:00'), at('2027-01-14', '07:00'), Z)).toBe(7 * 60);
    expect(nightMinutes(at('2027-01-13', '17:30'), at('2027-01-14', '00:30'), Z)).toBe(90);
    expect(nightMinutes(at('2027-01-14', '03:00'), at('2027-01-14', '09:00'), Z)).toBe(180);
    expect(nightMinutes(at('2027-01-14', '09:00'), at('2027-01-14', '17:00'), Z)).toBe(0);
  });
  it('the autumn night is an hour longer, the spring night an hour shorter', () => {
    expect(nightMinutes(at('2026-10-24', '22:00'), at('2026-10-25', '07:00'), Z)).toBe(8 * 60);
    expect(nightMinutes(at('2026-03-28', '22:00'), at('2026-03-29', '07:00'), Z)).toBe(6 * 60);
  });
  it('at the limit: exactly 3 hours is a night, one minute less is not', () => {
    expect(fairnessTags(at('2027-01-13', '20:00'), at('2027-01-14', '02:00'), Z)).toEqual(['night']);
    expect(fairnessTags(at('2027-01-13', '20:00'), at('2027-01-14', '01:59'), Z)).toEqual([]);
  });
});

describe('Christmas and New Year', () => {
  it('runs from 24 December to 1 January by the local start date', () => {
    expect(['2026-12-23', '2026-12-24', '2026-12-31', '2027-01-01', '2027-01-02'].map(isChristmasDate)).toEqual([false, true, true, true, false]);
    // A shift starting on 23 December that runs past midnight is not a Christmas shift.
    expect(fairnessTags(at('2026-12-23', '17:30'), at('2026-12-24', '00:30'), Z)).toEqual([]);
    expect(fairnessTags(at('2026-12-31', '22:00'), at('2027-01-01', '07:00'), Z)).toEqual(['night', 'christmas']);
  });
  it('the compiler tags the week\'s sessions for the solver', () => {
    const file = sampleService();
    file.templates.push({ id: 'night', name: 'Night', kind: 'night', siteId: 'hub', startTime: '22:00', endTime: '07:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }] });
    const slots = compileProblem(file, { weekStart: '2026-12-21' }).problem.slots;
    const tags = Object.fromEntries(slots.map((s) => [s.id, s.tags]));
    expect(tags['night@2026-12-21']).toEqual(['night']);
    expect(tags['drop-in@2026-12-22']).toEqual(['late']);
    expect(tags['drop-in@2026-12-24']).toEqual(['late', 'christmas']);
    expect(tags['night@2026-12-28']).toBeUndefined();
  });
});
