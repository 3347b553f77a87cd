// Tiny problems over one full week (Monday to Sunday), small enough to brute-force every rota: two
// workers and a handful of long shifts, so the rules judged on whole weeks bind: the weekly rest (each
// form, the history's week before included), the Working Time average (history near its cap), pay at
// different rates and the spread of weekend, bank-holiday, late, night and Christmas shifts, each
// worker carrying a prior count of each from the fairness ledger. Every place is optional (minimum 0,
// preferred 1), so the empty rota keeps every hard rule and the least soft score is what is compared.

import fc from 'fast-check';
import type { Day, Problem, Slot, WeeklyRestForm, Worker } from '../../solver/model.ts';
import { BASE_MIN, DAY, HOUR } from './random-problem.ts';

/** The rule families a week problem is built to exercise (each may be switched off in a copy). */
export type WeekRule = 'pay' | 'average' | 'weeklyRest' | 'fairness';

export interface WeekProblemOptions {
  /** Rules present (default all). */
  readonly rules?: readonly WeekRule[];
  /** Weekly rest forms to draw from (default all three). */
  readonly forms?: readonly WeeklyRestForm[];
}

const SHIFTS = [
  { typeId: 'day', startMin: 8 * HOUR, endMin: 20 * HOUR, tags: [] as string[] },
  { typeId: 'late', startMin: 14 * HOUR, endMin: 23 * HOUR, tags: ['late'] },
  { typeId: 'night', startMin: 20 * HOUR, endMin: 32 * HOUR, tags: ['night'] },
  { typeId: 'long', startMin: 7 * HOUR, endMin: 22 * HOUR, tags: ['late'] },
] as const;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function weekProblem(options: WeekProblemOptions = {}): fc.Arbitrary<Problem> {
  const rules = new Set(options.rules ?? ['pay', 'average', 'weeklyRest', 'fairness']);
  const forms = options.forms ?? ['24h-in-7', '48h-in-14', '2x24h-in-14'];
  return fc.gen().map((g) => {
    const int = (min: number, max: number): number => g(fc.integer, { min, max });
    const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];
    // A bank holiday on one day of the week, or none (drawn only where the spreads count, so the other
    // rules' problems stay as they were).
    const bankHoliday = rules.has('fairness') ? int(-1, 6) : -1;
    const days: Day[] = WEEKDAYS.map((label, d) => ({
      startMin: BASE_MIN + d * DAY,
      endMin: BASE_MIN + (d + 1) * DAY,
      weekday: d,
      isBankHoliday: d === bankHoliday,
      label,
    }));
    const slotCount = int(3, 4);
    const slots: Slot[] = [];
    for (let i = 0; i < slotCount; i++) {
      const d = int(0, 6);
      const t = pick(SHIFTS);
      slots.push({
        id: `s${i}`,
        startMin: days[d].startMin + t.startMin,
        endMin: days[d].startMin + t.endMin,
        dayIndex: d,
        isWeekend: d >= 5,
        isBankHoliday: d === bankHoliday,
        siteId: null,
        typeId: t.typeId,
        // The solver knows Christmas only by the tag the service layer sets from dates.
        tags: rules.has('fairness') && int(0, 2) === 0 ? [...t.tags, 'christmas'] : [...t.tags],
        priority: int(1, 3),
        workMinutes: t.endMin - t.startMin,
        roles: [{ roleId: 'staff', min: 0, preferred: 1, max: 1, skills: [] }],
        label: `${WEEKDAYS[d]} ${t.typeId}`,
      });
    }
    const workers: Worker[] = [0, 1].map((w) => {
      const need = pick([24, 48, 72, 96]) * HOUR;
      const form = pick(forms);
      // The week before day 0: a shift or two there, the last perhaps running late into Sunday.
      const recentShifts = Array.from({ length: int(0, 2) }, () => {
        const start = BASE_MIN - int(1, 7) * DAY + int(0, 16) * HOUR;
        return { startMin: start, endMin: start + int(8, 12) * HOUR };
      }).filter((s) => s.endMin <= BASE_MIN);
      const lastShiftEndMin = recentShifts.length > 0 ? Math.max(...recentShifts.map((s) => s.endMin)) : undefined;
      const referenceWeeks = int(1, 4);
      const maxMinutesPerWeek = int(12, 40) * HOUR;
      return {
        id: `w${w}`,
        name: `W${w}`,
        kind: 'contracted',
        roles: ['staff'],
        skills: [],
        unavailability: [],
        minRestMinutes: 11 * HOUR,
        refusedSiteIds: [],
        costPencePerHour: rules.has('pay') ? int(10, 40) * 100 : 1000,
        preferences: [],
        // Slots of each category worked before the rota (the ledger): the spread squares prior + count.
        ...(rules.has('fairness')
          ? { fairnessPrior: { weekends: int(0, 4), bankHolidays: int(0, 2), lates: int(0, 4), nights: int(0, 4), christmas: int(0, 2) } }
          : {}),
        ...(rules.has('weeklyRest') ? { weeklyRestMinutes: need, weeklyRestForm: form } : {}),
        ...(rules.has('average')
          ? { averageWeekly: { maxMinutesPerWeek, referenceWeeks } }
          : {}),
        history: {
          // The weeks before: near the average's cap, so the week has little room.
          minutesByWeek: Array.from({ length: referenceWeeks - 1 }, () => maxMinutesPerWeek + int(-6, 4) * HOUR),
          consecutiveDaysWorked: 0,
          recentShifts,
          ...(lastShiftEndMin === undefined ? {} : { lastShiftEndMin }),
        },
      };
    });
    const weights: Record<string, number> = {
      // Whole penalties everywhere, so the exact encodings are tight, not half a point under.
      'cost.pay': rules.has('pay') ? 1 : 0,
      'fairness.weekends': rules.has('fairness') ? int(5, 40) : 0,
      'fairness.lates': rules.has('fairness') ? int(5, 40) : 0,
      'fairness.bankHolidays': rules.has('fairness') ? int(5, 40) : 0,
      'fairness.nights': rules.has('fairness') ? int(5, 40) : 0,
      'fairness.christmas': rules.has('fairness') ? int(5, 40) : 0,
      'cover.preferredUnder': int(50, 400),
    };
    return { days, sites: [], slots, workers, pinned: [], weights };
  });
}

/** The same problem with one rule family taken out (its weight 0, or the worker's rule removed). */
export function withoutRule(problem: Problem, rule: WeekRule): Problem {
  switch (rule) {
    case 'pay':
      return { ...problem, weights: { ...problem.weights, 'cost.pay': 0 } };
    case 'fairness':
      return {
        ...problem,
        weights: { ...problem.weights, 'fairness.weekends': 0, 'fairness.bankHolidays': 0, 'fairness.lates': 0, 'fairness.nights': 0, 'fairness.christmas': 0 },
      };
    case 'average':
      return { ...problem, workers: problem.workers.map(({ averageWeekly: _, ...w }) => w) };
    case 'weeklyRest':
      return { ...problem, workers: problem.workers.map(({ weeklyRestMinutes: _, weeklyRestForm: __, ...w }) => w) };
  }
}
