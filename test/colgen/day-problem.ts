// Small random day-based problems (Curtois style: one slot per day and shift type, one role, no clock
// times), for the column-generation tests. Seeded, so a failing case can be rebuilt from its seed.

import { buildDayModels, type WorkerDayModel } from '../../solver/colgen/day-model.ts';
import type { Day, Preference, Problem, Slot, Worker } from '../../solver/model.ts';
import { Prng } from '../../solver/search/prng.ts';

export const ROLE = 'staff';
const DAY = 1440;

/** The problem's day models; a test problem that has none is a fault of the test. */
export function modelsOf(problem: Problem): readonly WorkerDayModel[] {
  const built = buildDayModels(problem);
  if (!built.ok) throw new Error(`expected a day model: ${built.reason}`);
  return built.models;
}

/** The solver's own seeded generator (mulberry32) as a plain function. */
export function rng(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.float();
}

export interface DayProblemOptions {
  readonly minDays: number;
  readonly maxDays: number;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly maxTypes: number;
  /** Cover weights (0 switches cover off, leaving only per-worker terms). */
  readonly coverWeights: boolean;
  readonly pinned: boolean;
  /** Smallest maxWeekends drawn (0 hits the bug noted in pricing.test.ts). Default 0. */
  readonly minMaxWeekends?: number;
}

export const NO_FAIRNESS = { 'fairness.weekends': 0, 'fairness.bankHolidays': 0, 'fairness.lates': 0, 'fairness.nights': 0, 'fairness.christmas': 0, 'fairness.bankUse': 0, 'cost.pay': 0 };

export function randomDayProblem(seed: number, o: DayProblemOptions): Problem {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const maybe = <T>(p: number, value: () => T): T | undefined => (r() < p ? value() : undefined);
  const H = int(o.minDays, o.maxDays);
  const W = int(o.minWorkers, o.maxWorkers);
  const T = int(1, o.maxTypes);
  const firstWeekday = int(0, 6);
  const days: Day[] = Array.from({ length: H }, (_, d) => ({
    startMin: d * DAY,
    endMin: (d + 1) * DAY,
    weekday: (firstWeekday + d) % 7,
    isBankHoliday: false,
    label: `day ${d}`,
  }));
  const types = Array.from({ length: T }, (_, t) => ({ id: `t${t}`, minutes: [240, 480, 600][int(0, 2)] }));
  const slots: Slot[] = [];
  for (let d = 0; d < H; d++) {
    for (const type of types) {
      slots.push({
        id: `d${d}-${type.id}`,
        startMin: d * DAY,
        endMin: d * DAY + type.minutes,
        dayIndex: d,
        isWeekend: days[d].weekday >= 5,
        isBankHoliday: false,
        siteId: null,
        typeId: type.id,
        tags: [],
        priority: 1,
        workMinutes: type.minutes,
        roles: [
          {
            roleId: ROLE,
            min: 0,
            preferred: o.coverWeights ? int(0, 2) : 0,
            max: W,
            skills: [],
            underWeight: o.coverWeights ? int(0, 100) : 0,
            overWeight: o.coverWeights ? int(0, 3) : 0,
          },
        ],
        label: `day ${d} ${type.id}`,
      });
    }
  }
  const workers: Worker[] = [];
  for (let w = 0; w < W; w++) {
    const preferences: Preference[] = [];
    const prefCount = int(0, 4);
    for (let i = 0; i < prefCount; i++) {
      const byType = r() < 0.6;
      preferences.push({
        kind: r() < 0.5 ? 'desired' : 'undesired',
        dayIndex: int(0, H - 1),
        typeId: byType ? types[int(0, T - 1)].id : undefined,
        weight: int(1, 5),
      });
    }
    const unavailable = Array.from({ length: H }, (_, d) => d).filter(() => r() < 0.12);
    const maxByType: Record<string, number> = {};
    for (const type of types) if (r() < 0.35) maxByType[type.id] = int(0, 3);
    const hardMin = maybe(0.3, () => int(0, 3) * 240);
    const hardMax = maybe(0.4, () => int(4, 10) * 240);
    const softMin = maybe(0.4, () => int(2, 8) * 240);
    const softMax = maybe(0.4, () => (softMin ?? 0) + int(0, 6) * 240);
    workers.push({
      id: `w${w}`,
      name: `W${w}`,
      kind: 'contracted',
      roles: [ROLE],
      skills: [],
      unavailability: unavailable.map((d) => ({ startMin: d * DAY, endMin: (d + 1) * DAY, reason: 'leave' as const })),
      minutesTotal: hardMin === undefined && hardMax === undefined && softMin === undefined && softMax === undefined
        ? undefined
        : { hardMin, hardMax, softMin, softMax },
      minRestMinutes: 0,
      maxConsecutiveDays: maybe(0.6, () => int(1, 5)),
      minConsecutiveDays: maybe(0.4, () => int(1, 3)),
      minConsecutiveDaysOff: maybe(0.4, () => int(1, 3)),
      maxShiftsPerDay: r() < 0.5 ? 1 : undefined,
      maxByType,
      maxWeekends: maybe(0.5, () => int(o.minMaxWeekends ?? 0, (o.minMaxWeekends ?? 0) + 1)),
      refusedSiteIds: [],
      costPencePerHour: 0,
      preferences,
      history: r() < 0.4 ? { minutesByWeek: [], consecutiveDaysWorked: int(0, 4) } : undefined,
    });
  }
  const forbiddenSuccessions: { fromTypeId: string; toTypeId: string }[] = [];
  for (const a of types) for (const b of types) if (r() < 0.25) forbiddenSuccessions.push({ fromTypeId: a.id, toTypeId: b.id });
  const pinned = [];
  if (o.pinned && r() < 0.6) {
    const w = workers[int(0, W - 1)];
    const d = int(0, H - 1);
    pinned.push({ slotId: `d${d}-${types[int(0, T - 1)].id}`, roleId: ROLE, workerId: w.id });
  }
  return { days, sites: [], slots, workers, forbiddenSuccessions, pinned, weights: NO_FAIRNESS };
}

/** Small problems with weighted cover (7-10 days, 3-4 workers, 2 shift types): exact methods solve them. */
export const SMALL_COVERED: DayProblemOptions = {
  minDays: 7,
  maxDays: 10,
  minWorkers: 3,
  maxWorkers: 4,
  maxTypes: 2,
  coverWeights: true,
  pinned: false,
  minMaxWeekends: 0,
};
