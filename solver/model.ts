// The solver's problem model: plain, readonly data in integer minutes and string ids.
// Everything about calendars and time zones is resolved by the caller (src/time) before it gets here.
// Instants are UTC minutes since the Unix epoch; intervals are half-open [startMin, endMin).
// Past 400 lines on purpose: it holds types only, the whole contract of `solve` (what goes in, what
// comes out), so a caller reads one file to know it.

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
  /**
   * Free tags. Fairness counts "late" (late evenings), "night" (night work) and "christmas" (24 Dec to
   * 1 Jan); the service layer sets "night" and "christmas" from local times (src/time/fairness-days.ts).
   */
  readonly tags: readonly string[];
  /** Multiplier on cover penalties: a priority-2 slot is twice as bad to leave short. */
  readonly priority: number;
  /** Minutes that count towards hour rules and pay (elapsed time less unpaid breaks, plus paid preparation). */
  readonly workMinutes: number;
  /**
   * The longest single uninterrupted break the slot provides (paid or unpaid), for the rest break of
   * the Working Time Regulations (reg. 12). Absent or 0: the slot has no break.
   */
  readonly restBreakMinutes?: number;
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
  /** The first and last valid day in words (e.g. "Wed 25 Nov"), made by the caller, for explanations. */
  readonly fromLabel?: string;
  readonly untilLabel?: string;
}

export interface TimeWindow {
  readonly startMin: number;
  readonly endMin: number;
}

export interface Unavailability extends TimeWindow {
  readonly reason: 'leave' | 'sickness' | 'training' | 'other';
  /**
   * Words for explanations instead of the reason, e.g. a session the worker already holds in another
   * rota ("already booked: ..."): the caller turns such commitments into unavailability.
   */
  readonly note?: string;
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
  /**
   * End of the last shift worked before the horizon, if any. That shift began before the horizon, so
   * it covers the horizon from its start to this instant when it runs on into day 0.
   */
  readonly lastShiftEndMin?: number;
  /** Consecutive working days ending on the day before day 0. */
  readonly consecutiveDaysWorked: number;
  /** Consecutive days off ending on the day before day 0. */
  readonly consecutiveDaysOff?: number;
  /**
   * Shifts worked in the 7 days (10 080 minutes) before day 0, so the fortnightly forms of weekly rest
   * see the week before the horizon. Time with no known shift there counts as rest.
   */
  readonly recentShifts?: readonly TimeWindow[];
}

/**
 * Work already fixed after the horizon (places published in a later week before this one is planned),
 * so rules are judged across the horizon's end as history judges them across its start.
 */
export interface FollowingWork {
  /** The first shift after the horizon: it starts at or after the end of the last day. */
  readonly nextShiftStartMin: number;
  readonly nextShiftEndMin: number;
  /** Consecutive working days starting on the day after the last day (0: that day is off). */
  readonly consecutiveDaysWorked: number;
}

/**
 * Weekly rest (Working Time Regulations reg. 11), the employer's choice: an unbroken rest of
 * weeklyRestMinutes in each 7 days; one of twice that in each 14 days; or two of weeklyRestMinutes
 * each in each 14 days.
 */
export type WeeklyRestForm = '24h-in-7' | '48h-in-14' | '2x24h-in-14';

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
  /** How weeklyRestMinutes is judged; absent means '24h-in-7' (see WeeklyRestForm). */
  readonly weeklyRestForm?: WeeklyRestForm;
  /**
   * Rest break (Working Time Regulations reg. 12): a run of the worker's slots with no gap of
   * minBreakMinutes between them may hold at most maxWorkMinutes of work unless one of its slots
   * provides a break of at least minBreakMinutes (Slot.restBreakMinutes). Absent: no rule.
   */
  readonly restBreak?: { readonly maxWorkMinutes: number; readonly minBreakMinutes: number };
  /**
   * Night workers (Working Time Regulations reg. 6): at most this many minutes a week on average over
   * `referenceWeeks` (history included), i.e. 8 hours for each 24 hours less weekly rest. No opt-out.
   * Absent when the worker is not a night worker.
   */
  readonly nightAverage?: { readonly maxMinutesPerWeek: number; readonly referenceWeeks: number };
  readonly maxShiftsPerDay?: number;
  /** Per-type caps over the horizon; 0 means never that type. */
  readonly maxByType?: Readonly<Record<string, number>>;
  /** Why a type cap is what it is, by type id, for explanations (e.g. the room left in a caseload). */
  readonly typeCapReasons?: Readonly<Record<string, TypeCapReason>>;
  /** At most this many weekends (a Saturday or the Sunday after it worked) in the horizon. */
  readonly maxWeekends?: number;
  readonly refusedSiteIds: readonly string[];
  /** Cost in pence per hour of workMinutes. */
  readonly costPencePerHour: number;
  readonly preferences: readonly Preference[];
  readonly history?: WorkHistory;
  readonly following?: FollowingWork;
  /**
   * Slots of each fairness category this worker worked before the horizon (a rolling ledger kept by
   * the caller, e.g. the last twelve months of published rotas), so fairness balances across rotas:
   * each fairness rule squares prior + in-rota counts (see solver/constraints/fairness.ts). Absent: 0.
   */
  readonly fairnessPrior?: FairnessPrior;
}

/** The categories fairness spreads, each counted in slots (weekend slots, not weekends). */
export type FairnessCategory = 'weekends' | 'bankHolidays' | 'lates' | 'nights' | 'christmas';

export type FairnessPrior = Readonly<Partial<Record<FairnessCategory, number>>>;

/**
 * A type cap that comes from a caseload: each session of the type takes on a new service user, and the
 * worker may take only as many as their cap leaves room for (`cap - allocated`).
 */
export interface TypeCapReason {
  readonly kind: 'caseload';
  /** Service users already allocated to the worker. */
  readonly allocated: number;
  /** The most the worker may carry. */
  readonly cap: number;
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
  /** Display names by id, used only in explanations (ids are shown where a name is missing). */
  readonly skillNames?: Readonly<Record<string, string>>;
  readonly roleNames?: Readonly<Record<string, string>>;
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
  /**
   * A bound on this very problem worked out elsewhere while the solve runs (the API's solve worker
   * computes `legalSoftBound` on a second thread). The allocation loop stops the moment its rota
   * meets it, and the whole model does not solve its LP relaxation again.
   */
  readonly boundFeed?: BoundFeed;
}

/** What `legalSoftBound` found: no rota breaking no hard rule scores below `soft` (none: not bounded, see notes). */
export interface LegalBound {
  readonly soft?: number;
  /** Rules left out of the bound, or why there is none. */
  readonly notes: readonly string[];
}

/** Read while the solve runs: synchronous, since a solve blocks its thread. */
export interface BoundFeed {
  /** The bound once it has come; undefined while it has not. */
  poll(): LegalBound | undefined;
  /** Blocks up to `ms` for the bound; undefined when it did not come in that time. */
  wait(ms: number): LegalBound | undefined;
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

/**
 * Where a hard blocker comes from. 'worker': a fact about the worker that no change to this rota
 * removes (leave, availability, a missing or expired skill, a refused venue, a role not held, rest,
 * hours or days carried from before the rota, caps). 'rota': it exists only because of places the
 * worker holds elsewhere in this rota (overlap, rest, hours, days in a row with their own places).
 */
export type BlockerCategory = 'worker' | 'rota';

export interface Blocker {
  readonly constraintId: string;
  readonly category: BlockerCategory;
  /** For 'rota': false when it comes from places that are pinned (accepted, fixed by a manager). */
  readonly movable: boolean;
  readonly message: string;
}

/** One soft rule's change in penalty if the worker took the place (negative: the rule gains). */
export interface SoftRuleCost {
  readonly constraintId: string;
  readonly name: string;
  readonly cost: number;
}

export interface UnfilledReason {
  readonly workerId: string;
  readonly workerName: string;
  /**
   * Everything in words: the worker's own facts first, then what the rota made (those end in
   * "(placed elsewhere in this rota; movable)" or "...; pinned)"), or why nothing hard blocks them.
   */
  readonly blocks: readonly string[];
  /** The hard blockers one by one with their rule and category; empty when nothing hard blocks. */
  readonly blockers?: readonly Blocker[];
  /** When nothing hard blocks: the soft rules taking the place would change, largest cost first. */
  readonly softCosts?: readonly SoftRuleCost[];
}

/** A change that fills one missing place: apply it by removing `remove` and adding `add`. */
export interface ProposedMove {
  readonly words: string;
  readonly remove: readonly Assignment[];
  readonly add: readonly Assignment[];
  /** Score change if applied (negative is better). */
  readonly delta: Score;
}

export interface UnfilledPlace {
  readonly slotId: string;
  readonly slotLabel: string;
  readonly roleId: string;
  /** The role's display name (problem.roleNames), when known. */
  readonly roleName?: string;
  /** Workers short of `min` (hard) or of `preferred` (soft). */
  readonly missing: number;
  readonly level: Level;
  /** For every worker who could not take the place: what blocks them, in words and by category. */
  readonly reasons: readonly UnfilledReason[];
  /** The cheapest move found that fills one of the missing places, when one exists. */
  readonly move?: ProposedMove;
  /** How the move was looked for: `complete` is false when the search stopped at its bound. */
  readonly moveSearch?: { readonly evaluated: number; readonly complete: boolean };
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
