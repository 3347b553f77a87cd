// Worked history before a horizon, from published shifts.
import { describe, expect, it } from 'vitest';
import { historyFromShifts } from '../../src/services/history.ts';

const DAY = 1440;
const WEEK = 7 * DAY;
const H0 = 29_000_000; // horizon start (a Monday midnight, in minutes)

function shift(staffId: string, startMin: number, minutes: number) {
  return { staffId, startMin, endMin: startMin + minutes, workMinutes: minutes };
}

describe('historyFromShifts', () => {
  it('sums minutes per week back from the horizon, most recent last, and finds the last shift end', () => {
    const shifts = [
      shift('a', H0 - WEEK + 17 * 60, 420), // Monday of last week
      shift('a', H0 - DAY + 17 * 60 + 30, 420), // Sunday evening, ends 00:30 into the horizon's first day
      shift('a', H0 - 2 * WEEK + 9 * 60, 480), // two weeks ago
      shift('b', H0 - 3 * DAY, 600), // Friday of last week
      shift('b', H0 - 4 * WEEK, 999), // before the known window: ignored
    ];
    const history = historyFromShifts(shifts, H0, 16, H0 - 3 * WEEK);
    expect(history.get('a')).toEqual({
      minutesByWeek: [0, 480, 840],
      lastShiftEndMin: H0 + 30,
      consecutiveDaysWorked: 1,
      consecutiveDaysOff: 0,
      // The shifts of the last 7 days, for the fortnightly weekly rest and night work.
      recentShifts: [
        { startMin: H0 - WEEK + 17 * 60, endMin: H0 - WEEK + 17 * 60 + 420 },
        { startMin: H0 - DAY + 17 * 60 + 30, endMin: H0 + 30 },
      ],
    });
    expect(history.get('b')).toEqual({
      minutesByWeek: [0, 0, 600],
      lastShiftEndMin: H0 - 3 * DAY + 600,
      consecutiveDaysWorked: 0,
      consecutiveDaysOff: 2,
      recentShifts: [{ startMin: H0 - 3 * DAY, endMin: H0 - 3 * DAY + 600 }],
    });
  });

  it('counts a run of worked days back to the first day off', () => {
    const shifts = [1, 2, 3, 5].map((d) => shift('c', H0 - d * DAY + 8 * 60, 480));
    const history = historyFromShifts(shifts, H0, 16, H0 - WEEK);
    expect(history.get('c')!.consecutiveDaysWorked).toBe(3);
    expect(history.get('c')!.minutesByWeek).toEqual([4 * 480]);
  });

  it('a horizon with no known weeks reports nothing', () => {
    expect(historyFromShifts([shift('a', H0 - DAY, 60)], H0, 16, H0).size).toBe(0);
  });

  it('keeps as recent only shifts reaching into the last 7 days', () => {
    const shifts = [shift('d', H0 - WEEK - 120, 180), shift('d', H0 - WEEK - 300, 120), shift('d', H0 - 2 * DAY, 480)];
    const history = historyFromShifts(shifts, H0, 16, H0 - 2 * WEEK);
    // The first ends an hour into the week before the horizon; the second ends three hours before it.
    expect(history.get('d')!.recentShifts).toEqual([
      { startMin: H0 - WEEK - 120, endMin: H0 - WEEK + 60 },
      { startMin: H0 - 2 * DAY, endMin: H0 - 2 * DAY + 480 },
    ]);
  });
});
