// The solver's problem model: plain, readonly data in integer minutes and string ids.
// Everything about calendars and time zones is resolved by the caller (src/time) before it gets here.
// Instants are UTC minutes since the Unix epoch; intervals are half-open [startMin, endMin).

import type { LpSessionFactory, MilpBackend } from './milp/backend.ts';

/** A rule expressed as a band (after OR-tools): hard limits outside, a soft target band inside. */
export interface Band {
  readonly hardMin?: number;
  readonly softMin?: number;
  readonly softMax?: number;
  readonly hardMax?: number;
}

/** One local calendar day of the horizon. Day 0 is the first day; weeks are days [7k, 7k+7). */
export interface Day {
  /** UTC minute of local midnight starting this day. */
  readonly startMin: number;
  /** UTC minute of the next local midnight (23, 24 or 25 h later). */
  readonly endMin: number;
  /** 0 = Monday ... 6 = Sunday. */
  readonly weekday: number;
  readonly isBankHoliday: boolean;
  /** Human label, e.g. "Tue 24 Nov", used only in explanations. */
  readonly label: string;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  /** Travel minutes to other sites, by site id. Missing pairs mean no travel time is known (0). */
  readonly travelMinutes: Readonly<Record<string, number>>;
}

/** Demand for one role on one slot, e.g. 1 lead with safeguarding, 2 support. */
export interface RoleDemand {
  readonly roleId: string;
  /** Below this many workers the slot is a hard breach. */
  readonly min: number;
  /** The number we want; shortfall below it (and excess above it) is soft. */
  readonly preferred: number;
  /** Never more than this many. */
  readonly max: number;
  /** Skills every worker in this role must hold (valid at the slot's start). */
  readonly skills: readonly string[];
  /** Soft weight per worker short of `preferred` (overrides the cover constraint's default weight). */
  readonly underWeight?: number;
  /** Soft weight per worker above `preferred`. */
  readonly overWeight?: number;
}

export interface Slot {
  readonly id: string;
  readonly startMin: number;
  readonly endMin: number;
  /** Local day on which the slot starts (index into Problem.days). */
  readonly dayIndex: number;
  readonly isWeekend: boolean;
  readonly isBankHoliday: boolean;
  /** null for remote work (phone or video): no venue, no travel. */
  readonly siteId: string | null;
  /** Shift type or session kind, e.g. "drop-in", "duty", "amhp", or a benchmark shift id. */
  readonly typeId: string;
  /** Free tags; "late" counts for fairness of late evenings, "night" for night work. */
  readonly tags: readonly string[];
  /** Multiplier on cover penalties: a priority-2 slot is twice as bad to leave short. */
  readonly priority: number;
  /** Minutes that count towards hour rules and pay (elapsed time plus paid preparation). */
  readonly workMinutes: number;
  readonly roles: readonly RoleDemand[];
  /** Human label for explanations, e.g. "Tue 24 Nov drop-in 17:30-00:30". */
  readonly label: string;
}

export interface SkillHolding {
  readonly skillId: string;
  /** Valid from this instant (inclusive); absent means always was. */
  readonly fromMin?: number;
  /** Valid until this instant (exclusive); absent means never expires. */
  readonly untilMin?: number;
}

export interface TimeWindow {
  readonly startMin: number;
  readonly endMin: number;
}

export interface Unavailability extends TimeWindow {
  readonly reason: 'leave' | 'sickness' | 'training' | 'other';
}

/** A wish about work: desired (penalised when not met) or undesired (penalised when met). */
export interface Preference {
  readonly kind: 'desired' | 'undesired';
  /** Matches one slot by id... */
  readonly slotId?: string;
  /** ...or any slot starting on this day, optionally only of this type. */
  readonly dayIndex?: number;
  readonly typeId?: string;
  readonly weight: number;
}

/** What happened before the horizon, so rules are judged across its edge. */
export interface WorkHistory {
  /** Minutes worked in each preceding week, most recent last (up to 16 for the 17-week average). */
  readonly minutesByWeek: readonly number[];
  /** End of the last shift worked before the horizon, if any. */
  readonly lastShiftEndMin?: number;
  /** Consecutive working days ending on the day before day 0. */
  readonly consecutiveDaysWorked: number;
  /** Consecutive days off ending on the day before day 0. */
  readonly consecutiveDaysOff?: number;
}

export interface Worker {
  readonly id: string;
  readonly name: string;
  readonly kind: 'contracted' | 'bank';
  /** Roles this worker may fill (role ids of RoleDemand). */
  readonly roles: readonly string[];
  readonly skills: readonly SkillHolding[];
  /** When given, every slot must lie inside one of these windows. Absent means always available. */
  readonly availability?: readonly TimeWindow[];
  readonly unavailability: readonly Unavailability[];
  /** Minutes per week (weeks of the horizon, days [7k, 7k+7)): contract as soft band, legal cap hard. */
  readonly minutesPerWeek?: Band;
  /** Minutes over the whole horizon. */
  readonly minutesTotal?: Band;
  /** Working Time Regulations average: at most this many minutes a week on average over
   *  `referenceWeeks` (history included). Absent when the worker has opted out. */
  readonly averageWeekly?: { readonly maxMinutesPerWeek: number; readonly referenceWeeks: number };
  /** Daily rest in every 24 h (660 = 11 h): slots closer than this form one working day, which may span
   *  at most 1440 - minRestMinutes; see rest.minGap. 0 disables. */
  readonly minRestMinutes: number;
  /** At most this many consecutive working days (history counts). */
  readonly maxConsecutiveDays?: number;
  /** Runs of working days shorter than this are a breach, except runs touching the horizon's edges. */
  readonly minConsecutiveDays?: number;
  /** Runs of days off shorter than this are a breach, except runs touching the horizon's edges. */
  readonly minConsecutiveDaysOff?: number;
  /** Each week of the horizon must contain an unbroken rest of at least this many minutes (1440 = 24 h). */
  readonly weeklyRestMinutes?: number;
  readonly maxShiftsPerDay?: number;
  /** Per-type caps over the horizon; 0 means never that type. */
  readonly maxByType?: Readonly<Record<string, number>>;
  /** At most this many weekends (a Saturday or Sunday worked) in the horizon. */
  readonly maxWeekends?: number;
  readonly refusedSiteIds: readonly string[];
  /** Cost in pence per hour of workMinutes. */
  readonly costPencePerHour: number;
  readonly preferences: readonly Preference[];
  readonly history?: WorkHistory;
}

/** A place fixed by the caller (accepted offer, manual override): the solver never moves it. */
export interface Assignment {
  readonly slotId: string;
  readonly roleId: string;
  readonly workerId: string;
}

export interface Problem {
  readonly days: readonly Day[];
  readonly sites: readonly Site[];
  readonly slots: readonly Slot[];
  readonly workers: readonly Worker[];
  /** Shift types that may not be worked on day d+1 after `fromTypeId` on day d. */
  readonly forbiddenSuccessions?: readonly { readonly fromTypeId: string; readonly toTypeId: string }[];
  readonly pinned: readonly Assignment[];
  /** Per-constraint weight overrides, by constraint id. A hard constraint stays hard. */
  readonly weights?: Readonly<Record<string, number>>;
}

export type Level = 'hard' | 'soft';

/** Lexicographic: any hard penalty outweighs every soft one. Lower is better; 0/0 is perfect. */
export interface Score {
  readonly hard: number;
  readonly soft: number;
}

export interface SolveProgress {
  readonly moves: number;
  readonly elapsedMs: number;
  readonly best: Score;
  /** 0..1 of the time or move budget used. */
  readonly fraction: number;
  /** The best rota found so far (filled places only), when the search has one. */
  readonly bestAssignments?: readonly (Assignment & { readonly pinned: boolean })[];
}

/**
 * The MILP and LP solver behind the exact stages and the lower bound (HiGHS, loaded by
 * src/milp/highs-backend.ts): injected, since the solver never loads or runs anything itself.
 */
export type ExactSolver = MilpBackend & LpSessionFactory;

export interface SolveOptions {
  readonly seed?: number;
  /** Stop after this many milliseconds; needs `clock`, since the solver never reads the clock itself. */
  readonly timeLimitMs?: number;
  /** Stop after this many evaluated moves. */
  readonly maxMoves?: number;
  /** Milliseconds from any fixed origin (e.g. performance.now), injected by the caller. */
  readonly clock?: () => number;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Start from this rota (e.g. re-plan): the search keeps it where it can. */
  readonly initial?: readonly Assignment[];
  /**
   * With a time limit: after the allocation loop, the exact stages (the whole model as a MILP, column
   * generation with branch and price, MILP neighbourhoods) improve the rota and bound the best
   * possible. Without it, or without a time limit, the result is the allocation loop's, with no bound.
   */
  readonly exact?: ExactSolver;
}

/**
 * How good the rota is. `lowerBound`: no rota scores below it (hard first, then soft). 'optimal':
 * the rota meets it; 'gap': the rota is within gapPercent of it (on the hard score while that is
 * above its bound, then on the soft score); 'no-bound': nothing was proved (note says why).
 */
export interface SolveQuality {
  readonly status: 'optimal' | 'gap' | 'no-bound';
  readonly lowerBound?: Score;
  readonly gapPercent?: number;
  readonly note?: string;
}

/** One stage of a solve: how long it ran and what came of it. */
export interface StageRecord {
  readonly stage: string;
  readonly ms: number;
  readonly outcome: string;
}

/** One explained breach of one constraint. */
export interface Violation {
  readonly constraintId: string;
  /** Penalty in the constraint's level, weight already applied. */
  readonly penalty: number;
  readonly message: string;
  readonly workerId?: string;
  readonly slotId?: string;
}

export interface ConstraintSummary {
  readonly id: string;
  readonly name: string;
  readonly level: Level;
  readonly weight: number;
  readonly total: number;
  readonly matches: readonly Violation[];
}

export interface UnfilledPlace {
  readonly slotId: string;
  readonly slotLabel: string;
  readonly roleId: string;
  /** Workers short of `min` (hard) or of `preferred` (soft). */
  readonly missing: number;
  readonly level: Level;
  /** For every worker who could not take the place: the constraints that block them, in words. */
  readonly reasons: readonly { readonly workerId: string; readonly workerName: string; readonly blocks: readonly string[] }[];
}

export interface SolveResult {
  /** 'feasible' when no hard constraint is broken. */
  readonly status: 'feasible' | 'infeasible';
  readonly score: Score;
  readonly assignments: readonly (Assignment & { readonly pinned: boolean })[];
  readonly unfilled: readonly UnfilledPlace[];
  readonly analysis: readonly ConstraintSummary[];
  /** What is proved about the best possible rota (see SolveQuality). */
  readonly quality: SolveQuality;
  readonly stats: {
    readonly constructionMs: number;
    readonly searchMs: number;
    readonly moves: number;
    readonly seed: number;
    /** Elapsed milliseconds when the returned rota was found, and the stage that found it. */
    readonly elapsedToBestMs?: number;
    readonly bestFrom?: string;
    /** The stages that ran after the allocation loop's own (none without the exact solver). */
    readonly stages?: readonly StageRecord[];
  };
}
