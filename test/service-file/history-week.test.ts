// What a service file's history means for the week planned: it is what happened before the week the
// file was written for, so it holds for another week only if it lies before that week's start.
import { describe, expect, it } from 'vitest';
import { compileProblem, historyAfterWeek } from '../../src/service-file/compile.ts';
import { minimalFile } from './minimal-file.ts';

const utc = (iso: string) => Date.parse(iso) / 60_000;

function fileWithHistory(lastShiftEnd: string, consecutiveDaysWorked = 3) {
  const file = minimalFile();
  file.staff[0].history = { minutesByWeek: [1680, 1680], lastShiftEnd, consecutiveDaysWorked };
  return file;
}

describe('a file history and the week planned', () => {
  it('is applied to the week it was written for, including a last shift that ran past midnight into day 0', () => {
    const file = fileWithHistory('2026-11-23T00:30:00Z');
    expect(historyAfterWeek(file, '2026-11-23')).toEqual([]);
    const { problem, warnings } = compileProblem(file, { weekStart: '2026-11-23' });
    expect(problem.workers[0].history).toEqual({ minutesByWeek: [1680, 1680], lastShiftEndMin: utc('2026-11-23T00:30Z'), consecutiveDaysWorked: 3 });
    expect(warnings).toEqual([]);
  });

  it('is not applied to an earlier week (its last shift would come after the first), with a warning naming the field', () => {
    const file = fileWithHistory('2026-12-20T16:30:00Z');
    expect(historyAfterWeek(file, '2026-12-07')).toEqual([
      { path: 'staff[0].history.lastShiftEnd', message: '2026-12-20T16:30:00Z is after the week planned starts (Mon 7 Dec 2026)' },
    ]);
    const { problem, warnings } = compileProblem(file, { weekStart: '2026-12-07' });
    expect(problem.workers[0].history).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/history of 1 staff .*not applied.*staff\[0\]\.history\.lastShiftEnd 2026-12-20T16:30:00Z/)]);
  });

  it('draws the line at the end of the first day: a shift ending later than that is not history of the week', () => {
    // Week of Mon 23 Mar 2026 (GMT): day 0 ends at Tue 00:00Z.
    expect(historyAfterWeek(fileWithHistory('2026-03-24T00:00:00Z'), '2026-03-23')).toEqual([]);
    expect(historyAfterWeek(fileWithHistory('2026-03-24T00:01:00Z'), '2026-03-23')).toHaveLength(1);
    // Week of Mon 30 Mar 2026 (BST): day 0 ends at Mon 23:00Z.
    expect(historyAfterWeek(fileWithHistory('2026-03-30T23:00:00Z'), '2026-03-30')).toEqual([]);
    expect(historyAfterWeek(fileWithHistory('2026-03-30T23:01:00Z'), '2026-03-30')).toHaveLength(1);
  });

  it('planned for a later week, a run of days worked that ended long before the week is no run into it', () => {
    // Written for the week of 23 Nov (last shift Fri 20 Nov, 3 days in a row); planned for 7 Dec.
    const file = fileWithHistory('2026-11-20T17:00:00Z');
    const later = compileProblem(file, { weekStart: '2026-12-07' }).problem.workers[0].history!;
    expect(later.lastShiftEndMin).toBe(utc('2026-11-20T17:00Z'));
    expect(later.consecutiveDaysWorked).toBe(0);
    // A shift ending on the Sunday before the week may have started that day: the run stays as stated.
    const sunday = compileProblem(fileWithHistory('2026-12-06T18:00:00Z'), { weekStart: '2026-12-07' }).problem.workers[0].history!;
    expect(sunday.consecutiveDaysWorked).toBe(3);
  });
});
