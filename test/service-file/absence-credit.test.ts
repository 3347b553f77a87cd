// What a week's absences take off the hours a contract asks for (the band's floor; its ceiling stays
// the contract). The expectations are worked out by hand from the rule (a day off work covers the
// contract over its working days: five, or the days the service has work for the worker when fewer),
// not read back from the code.
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/service-file/compile.ts';
import type { AbsenceDef, ServiceFile } from '../../src/service-file/types.ts';
import { minimalFile } from './minimal-file.ts';

const WEEK = '2026-11-23'; // Monday; the minimal file's drop-ins run Tuesday to Friday nights.

function annWith(absences: AbsenceDef[], edit?: (f: ServiceFile) => void, weeks = 1) {
  const file = minimalFile();
  file.staff[0].absences = absences;
  edit?.(file);
  const { problem } = compileProblem(file, { weekStart: WEEK, days: 7 * weeks });
  return problem.workers[0];
}

const sevenDays = (f: ServiceFile): void => {
  f.templates[0].rrule = 'FREQ=DAILY';
  f.staff[0].contractMinutesPerWeek = 2250; // 37.5 h: five days of 7.5 h
};

describe('absences against the contracted hours', () => {
  it('leaves the band alone when the absence falls on days the service has no work for the worker', () => {
    // Monday: no drop-in, so all four of the week's drop-ins are still hers to work.
    expect(annWith([{ kind: 'leave', from: '2026-11-23', to: '2026-11-23' }]).minutesPerWeek).toEqual({ softMin: 1680, softMax: 1680 });
  });

  it('takes a day\'s share off for each working day absent (four drop-in nights: a quarter each)', () => {
    expect(annWith([{ kind: 'sickness', from: '2026-11-24', to: '2026-11-24' }]).minutesPerWeek).toEqual({ softMin: 1260, softMax: 1680 });
  });

  it('counts a fifth of the contract a day in a service open every day', () => {
    // 37.5 h, leave Monday and Tuesday: 2 x 7.5 h off, 22.5 h asked.
    const w = annWith([{ kind: 'leave', from: '2026-11-23', to: '2026-11-24' }], sevenDays);
    expect(w.minutesPerWeek).toEqual({ softMin: 1350, softMax: 2250 });
    expect(w.minutesTotal).toBeUndefined();
  });

  it('never asks for less than nothing: a week of leave asks 0', () => {
    const w = annWith([{ kind: 'leave', from: '2026-11-21', to: '2026-12-01' }], sevenDays);
    expect(w.minutesPerWeek).toEqual({ softMin: 0, softMax: 2250 });
  });

  it('counts part of a day for its minutes when fewer than the day\'s share', () => {
    // A 3-hour training on Wednesday afternoon: 180 minutes off.
    const w = annWith([{ kind: 'training', from: '2026-11-25', to: '2026-11-25', startTime: '13:00', endTime: '16:00' }], sevenDays);
    expect(w.minutesPerWeek).toEqual({ softMin: 2070, softMax: 2250 });
  });

  it('keeps the tolerance around what is asked', () => {
    const w = annWith([{ kind: 'leave', from: '2026-11-23', to: '2026-11-24' }], (f) => {
      sevenDays(f);
      f.rules = { ...(f.rules ?? {}), contractToleranceMinutes: 60 };
    });
    expect(w.minutesPerWeek).toEqual({ softMin: 1290, softMax: 2310 });
  });

  it('over several weeks with leave in one: each week\'s floor the least a week asks, the plan\'s floor the sum', () => {
    // Two weeks, leave Monday and Tuesday of the first: week 1 asks 22.5 h, week 2 37.5 h, 60 h in all.
    const w = annWith([{ kind: 'leave', from: '2026-11-23', to: '2026-11-24' }], sevenDays, 2);
    expect(w.minutesPerWeek).toEqual({ softMin: 1350, softMax: 2250 });
    expect(w.minutesTotal).toEqual({ softMin: 3600 });
  });

  it('leaves bank workers without a band', () => {
    const file = minimalFile();
    file.staff[1].absences = [{ kind: 'leave', from: '2026-11-24', to: '2026-11-25' }];
    const { problem } = compileProblem(file, { weekStart: WEEK });
    expect(problem.workers[1].minutesPerWeek).toBeUndefined();
  });
});
