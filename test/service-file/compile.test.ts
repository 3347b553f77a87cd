import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/service-file/compile.ts';
import { localMidnightUtcMin, localToUtcMin } from '../../src/time/local-time.ts';
import { minimalFile } from './minimal-file.ts';

const LONDON = 'Europe/London';
const WEEK = '2026-11-23';

describe('compileProblem', () => {
  it('makes seven local days with UTC midnights, weekdays and labels', () => {
    const { problem } = compileProblem(minimalFile(), { weekStart: WEEK });
    expect(problem.days).toHaveLength(7);
    expect(problem.days[0]).toEqual({
      startMin: localMidnightUtcMin('2026-11-23', LONDON),
      endMin: localMidnightUtcMin('2026-11-24', LONDON),
      weekday: 0,
      isBankHoliday: false,
      label: 'Mon 23 Nov',
    });
    expect(problem.days[6].weekday).toBe(6);
  });

  it('marks the Christmas bank holidays and 25-hour day at the autumn clock change', () => {
    const { problem } = compileProblem(minimalFile(), { weekStart: '2026-12-21' });
    expect(problem.days.filter((d) => d.isBankHoliday).map((d) => d.label)).toEqual(['Fri 25 Dec']);
    const { problem: oct } = compileProblem(minimalFile(), { weekStart: '2026-10-19' });
    expect(oct.days[6].endMin - oct.days[6].startMin).toBe(25 * 60);
    const { problem: twoWeeks } = compileProblem(minimalFile(), { weekStart: '2026-12-21', days: 14 });
    expect(twoWeeks.days.filter((d) => d.isBankHoliday).map((d) => d.label)).toEqual(['Fri 25 Dec', 'Mon 28 Dec', 'Fri 1 Jan']);
  });

  it('makes slots with exact instants, paid preparation in workMinutes and stable ids', () => {
    const file = minimalFile();
    file.templates[0].paidExtraMinutes = 60;
    file.templates[0].cancelledMinPaidMinutes = 180;
    const { problem, slotInfo } = compileProblem(file, { weekStart: WEEK });
    expect(problem.slots.map((s) => s.id)).toEqual(['drop-in@2026-11-24', 'drop-in@2026-11-25', 'drop-in@2026-11-26', 'drop-in@2026-11-27']);
    const tue = problem.slots[0];
    expect(tue.startMin).toBe(localToUtcMin('2026-11-24', '17:30', LONDON));
    expect(tue.endMin).toBe(localToUtcMin('2026-11-25', '00:30', LONDON));
    expect(tue.workMinutes).toBe(7 * 60 + 60);
    expect(tue.dayIndex).toBe(1);
    expect(tue.typeId).toBe('drop-in');
    expect(tue.tags).toEqual(['late']);
    expect(tue.label).toBe('Tue 24 Nov drop-in 17:30-00:30 at Hub');
    expect(tue.roles[0]).toEqual({ roleId: 'lead', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] });
    expect(slotInfo[tue.id]).toMatchObject({ elapsedMinutes: 420, paidExtraMinutes: 60, cancelledMinPaidMinutes: 180, endDate: '2026-11-25', startIso: '2026-11-24T17:30:00+00:00' });
  });

  it('resolves skills validity, leave, bands, history and the WTR opt-out', () => {
    const file = minimalFile();
    file.staff[0].absences = [{ kind: 'leave', from: '2026-11-26', to: '2026-11-27' }];
    file.staff[0].history = { minutesByWeek: Array(20).fill(1680), consecutiveDaysWorked: 2, lastShiftEnd: '2026-11-22T00:30:00Z' };
    file.staff[1].wtrOptOut = true;
    file.staff[1].limits = { maxMinutesPerWeek: 900, maxSessionsByKind: { 'drop-in': 2 } };
    const { problem } = compileProblem(file, { weekStart: WEEK });
    const [ann, bob] = problem.workers;
    expect(ann.skills).toEqual([
      { skillId: 'safeguarding' },
      { skillId: 'amhp', untilMin: localMidnightUtcMin('2026-11-26', LONDON), untilLabel: 'Wed 25 Nov' },
    ]);
    expect(ann.unavailability).toEqual([
      { startMin: localMidnightUtcMin('2026-11-26', LONDON), endMin: localMidnightUtcMin('2026-11-28', LONDON), reason: 'leave' },
    ]);
    // No weekly hard cap by default: the 48 hours of the regulations is the 17-week average below.
    // 28 hours over the four drop-in nights (Tue-Fri); leave on Thursday and Friday takes two of them.
    expect(ann.minutesPerWeek).toEqual({ softMin: 840, softMax: 1680 });
    expect(ann.averageWeekly).toEqual({ maxMinutesPerWeek: 2880, referenceWeeks: 17 });
    expect(ann.minRestMinutes).toBe(660);
    expect(ann.weeklyRestMinutes).toBe(1440);
    expect(ann.history?.minutesByWeek).toHaveLength(16);
    expect(ann.history?.lastShiftEndMin).toBe(Date.UTC(2026, 10, 22, 0, 30) / 60_000);
    expect(bob.minutesPerWeek).toEqual({ softMax: 900 });
    expect(bob.averageWeekly).toBeUndefined();
    expect(bob.maxByType).toEqual({ 'drop-in': 2 });
    expect(bob.refusedSiteIds).toEqual(['annex']);
    expect(bob.availability).toBeUndefined();
  });

  it('turns availability RRULEs and preferences into windows and per-day wishes', () => {
    const file = minimalFile();
    file.staff[1].availability = {
      windows: [{ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', startTime: '17:00', endTime: '01:00' }],
      exceptions: [{ date: '2026-11-26', available: false }],
    };
    file.staff[1].preferences = [
      { kind: 'undesired', weekdays: ['FR'], weight: 5 },
      { kind: 'desired', templateId: 'drop-in', weekdays: ['TU'], weight: 3 },
    ];
    const { problem } = compileProblem(file, { weekStart: WEEK });
    const bob = problem.workers[1];
    expect(bob.availability).toEqual([
      { startMin: localToUtcMin('2026-11-24', '17:00', LONDON), endMin: localToUtcMin('2026-11-25', '01:00', LONDON) },
    ]);
    expect(bob.preferences).toEqual([
      { kind: 'undesired', dayIndex: 4, weight: 5 },
      { kind: 'desired', slotId: 'drop-in@2026-11-24', weight: 3 },
    ]);
  });

  it('fills travel both ways, passes weights and successions, and checks pins', () => {
    const file = minimalFile();
    file.sites[1].travelMinutes = {};
    file.rules = { weights: { cost: 0 }, forbiddenSuccessions: [{ fromKind: 'night', toKind: 'early' }] };
    const { problem } = compileProblem(file, { weekStart: WEEK, pinned: [{ slotId: 'drop-in@2026-11-24', roleId: 'lead', workerId: 'ann' }] });
    expect(problem.sites[1].travelMinutes).toEqual({ hub: 20 });
    expect(problem.weights).toEqual({ cost: 0 });
    expect(problem.forbiddenSuccessions).toEqual([{ fromTypeId: 'night', toTypeId: 'early' }]);
    expect(problem.pinned).toHaveLength(1);
    expect(() => compileProblem(file, { weekStart: WEEK, pinned: [{ slotId: 'drop-in@2026-11-23', roleId: 'lead', workerId: 'ann' }] })).toThrow(
      /pinned\[0\]\.slotId/,
    );
    expect(() => compileProblem(file, { weekStart: '2026-13-01' })).toThrow(/weekStart/);
  });

  it('skips bank-holiday dates for templates that do not run on them', () => {
    const file = minimalFile();
    file.templates[0].rrule = 'FREQ=DAILY';
    file.templates[0].runsOnBankHolidays = false;
    const { problem } = compileProblem(file, { weekStart: '2026-12-21' });
    expect(problem.slots.map((s) => s.id)).not.toContain('drop-in@2026-12-25');
    expect(problem.slots).toHaveLength(6);
  });
});

describe('compileProblem caseload', () => {
  it('limits intake sessions to the room left under each caseload cap', () => {
    const file = minimalFile();
    file.templates.push({
      id: 'assess',
      name: 'New referral assessment',
      kind: 'assessment',
      siteId: 'hub',
      startTime: '10:00',
      endTime: '11:30',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE',
      demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }],
      tags: ['intake'],
    });
    file.staff[0].caseload = { allocated: 12, cap: 12 };
    file.staff[1].caseload = { allocated: 9, cap: 12 };
    const { problem } = compileProblem(file, { weekStart: WEEK });
    expect(problem.workers[0].maxByType).toEqual({ assessment: 0 });
    expect(problem.workers[1].maxByType).toEqual({ assessment: 3 });
  });
});
