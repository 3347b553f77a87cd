// The incremental scorer: the whole constraint catalogue kept up to date move by move.
//
// Everything static is precomputed into typed arrays (built by scorer-tables.ts, each kept in an own
// field so the move code reads this.x directly): the per (slot-role, candidate) penalty of the
// place constraints (roles, skills, availability, leave, refused venues, bank use, pay; a worker
// outside the role's holders is computed on first use), and per worker the numbers of every rule. The dynamic rules read per-worker structures (held slots in slot
// order, minutes per week and in total, counts per day, type, weekend, fairness tag, preference) and
// give the change for "worker w gains / loses slot s" from the neighbourhood only: rest, overlap and
// travel look at the previous and next held slot; rest breaks at the stretches around it; day runs at
// the run around the day; bands at the affected week and total; the 17-week average (and the night
// workers' one) at the windows holding that week; weekly rest at the weeks or fortnights it touches.
//
// Every penalty is an integer rounded per breach exactly as the constraint's evaluate rounds it, so
// score() equals evaluateAll(problem, assignments()).score exactly (tests check this after every
// move). Minutes are assumed to be integers, as the model says.

import type { Assignment, Problem, Score } from '../model.ts';
import type { Scorer } from './scorer.ts';
import { evaluateAll } from '../constraints/index.ts';
import { longestTwoRests, weeklyRestShortMinutes } from '../constraints/weekly-rest.ts';
import {
  followingRestShortMinutes,
  historyOverlapMinutes,
  historyRestShortMinutes,
  maxWorkingDaySpan,
  restShortMinutes,
} from '../constraints/overlap-rest.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import { travelShortMinutes } from '../constraints/travel.ts';
import { FAIRNESS_CATEGORIES } from '../constraints/fairness.ts';
import { indexProblem, type ProblemIndex } from '../constraints/context.ts';
import { layoutPlaces, placeAssignments, startPlaces, type PlaceLayout } from './places.ts';
import {
  calendarTables,
  coverTables,
  emptyState,
  NONE,
  preferenceTables,
  ruleWeights,
  slotPlaces,
  staticTable,
  successionTables,
  typeIndexOf,
  workerRules,
  type WeightedPlaceConstraint,
} from './scorer-tables.ts';

/**
 * hours.ts's bandPenalty with absent bounds as NaN (every comparison with NaN is false, so NaN acts
 * as "no bound"): minutes outside the band times the weight, rounded, plus `overBase` above the cap.
 */
function bandPenalty(minutes: number, lower: number, upper: number, applyMin: boolean, weight: number, overBase: number): number {
  if (applyMin && minutes < lower) return Math.round((lower - minutes) * weight);
  if (minutes > upper) return overBase + Math.round((minutes - upper) * weight);
  return 0;
}

export class IncrementalScorer implements Scorer {
  readonly problem: Problem;
  readonly placeCount: number;
  dHard = 0;
  dSoft = 0;

  private readonly ix: ProblemIndex;
  private readonly layout: PlaceLayout;
  private readonly S: number;
  private readonly W: number;
  private readonly D: number;
  private readonly K: number;
  private readonly T: number;

  // Score.
  private hard = 0;
  private soft = 0;
  // Scratch for one worker's change.
  private wh = 0;
  private ws = 0;

  // Places.
  private readonly placeWorker: Int32Array;
  private readonly placePinned: Uint8Array;

  // Static penalties per (slot-role, candidate): slot-role sr's row starts at staticStart[sr] and
  // holds one entry per worker holding its role, at that worker's position among the role's holders
  // (candPos[roleKey * W + w]). Other workers (pinned or initial outside their roles) are rare and
  // computed on demand into offStatic.
  /**
   * Hard and soft side by side (entry i at 2i, 2i + 1): one cache line per random read. Float32 (half
   * the cache) when every sum is an integer it holds exactly (|v| <= 2^24), else Float64.
   */
  private readonly staticPen: Float32Array | Float64Array;
  private readonly staticStart: Int32Array;
  private readonly candPos: Int32Array;
  private readonly srKey: Int32Array;
  private readonly placeConstraints: readonly WeightedPlaceConstraint[];
  private readonly offStatic = new Map<number, number>();
  private readonly offStaticSoft = new Map<number, number>();
  // Result of staticOf.
  private sh = 0;
  private ss = 0;
  /** First place of each slot; places of slot s are [slotFirstPlace[s], slotFirstPlace[s + 1]). */
  private readonly slotFirstPlace: Int32Array;
  /** Longest travel time between any two sites. */
  private readonly maxTravel: number;

  // Cover per slot-role.
  private readonly coverCount: Int32Array;
  private readonly coverMin: Int32Array;
  private readonly coverMax: Int32Array;
  private readonly coverPreferred: Int32Array;
  private readonly coverPriority: Float64Array;
  private readonly coverUnderWeight: Float64Array;
  private readonly coverOverWeight: Float64Array;

  // Weights of the dynamic rules.
  private readonly wCoverMin: number;
  private readonly wCoverMax: number;
  private readonly wDouble: number;
  private readonly wOverlap: number;
  private readonly wRest: number;
  private readonly wPerDay: number;
  private readonly wTravel: number;
  private readonly wWeekHard: number;
  private readonly wWeekSoft: number;
  private readonly wTotalHard: number;
  private readonly wTotalSoft: number;
  private readonly wAverage: number;
  private readonly wByType: number;
  private readonly wMaxRun: number;
  private readonly wMinRun: number;
  private readonly wMinOff: number;
  private readonly wWeeklyRest: number;
  private readonly wRestBreak: number;
  private readonly wNight: number;
  private readonly wWeekends: number;
  private readonly succPenalty: number;
  /** Weight of each fairness rule, in FAIRNESS_CATEGORIES order. */
  private readonly wFair: Float64Array;

  // Per-worker rule numbers (NaN or -1 when absent).
  private readonly minRest: Float64Array;
  private readonly lastEnd: Float64Array;
  /** The first shift fixed after the horizon (NaN: none), and days worked in a row from its day after. */
  private readonly nextStart: Float64Array;
  private readonly nextEnd: Float64Array;
  private readonly runAfter: Int32Array;
  private readonly maxPerDay: Int32Array;
  private readonly weekHardMin: Float64Array;
  private readonly weekHardMax: Float64Array;
  private readonly weekSoftMin: Float64Array;
  private readonly weekSoftMax: Float64Array;
  private readonly hasWeekBand: Uint8Array;
  private readonly totalHardMin: Float64Array;
  private readonly totalHardMax: Float64Array;
  private readonly totalSoftMin: Float64Array;
  private readonly totalSoftMax: Float64Array;
  private readonly hasTotalBand: Uint8Array;
  private readonly averageCap: Float64Array;
  private readonly averageWeeks: Int32Array;
  private readonly capByType: Int32Array;
  private readonly maxRun: Int32Array;
  private readonly runBefore: Int32Array;
  private readonly minRun: Int32Array;
  private readonly minOff: Int32Array;
  private readonly weeklyRest: Float64Array;
  private readonly maxWeekends: Int32Array;
  /** Rest break rule: most work without a break (NaN: no rule) and the shortest gap or break that counts. */
  private readonly breakMaxWork: Float64Array;
  private readonly breakMin: Float64Array;
  /** Longest break each slot provides. */
  private readonly slotBreak: Float64Array;
  /** Night workers' average: cap over the reference period (NaN: not a night worker) and its weeks. */
  private readonly nightCap: Float64Array;
  private readonly nightWeeks: Int32Array;
  private readonly nightWindow: Float64Array;
  /** Fortnightly weekly rest: the need (0: none, or the 7-day form), 1 for 48h-in-14, 2 for 2x24h-in-14. */
  private readonly fortNeed: Float64Array;
  private readonly fortForm: Uint8Array;
  /** Busy intervals before day 0 (history), sorted by start, per worker. */
  private readonly beforeStart: (readonly number[])[];
  private readonly beforeEnd: (readonly number[])[];
  /** Penalty of each (worker, fortnight ending at week k), kept for workers with a fortnightly form. */
  private readonly fortPen: Float64Array;
  private readonly fortStart: Float64Array;
  private readonly scratchStart: number[] = [];
  private readonly scratchEnd: number[] = [];

  // Per-slot flags and per-week bounds.
  /** Per slot: bit k set when it counts for fairness category k. */
  private readonly slotFair: Uint8Array;
  private readonly fullWeek: Uint8Array;
  private readonly weekStartMin: Float64Array;
  private readonly weekEndMin: Float64Array;

  // Successions: for type t, the types forbidden on the next day / on the day before.
  private readonly hasSuccessions: boolean;
  private readonly succNextStart: Int32Array;
  private readonly succNext: Int32Array;
  private readonly succPrevStart: Int32Array;
  private readonly succPrev: Int32Array;

  // Preferences, flattened; bucketed per (worker, day) for matching.
  private readonly prefDesired: Uint8Array;
  private readonly prefPenalty: Float64Array;
  private readonly prefSlot: Int32Array;
  private readonly prefDay: Int32Array;
  private readonly prefType: Int32Array;
  private readonly prefBucketStart: Int32Array;
  private readonly prefBucket: Int32Array;
  private readonly prefCount: Int32Array;

  // Dynamic per-worker state.
  private readonly held: number[][];
  /**
   * Per (worker, day), a record of dayStride words at (w D + d) dayStride: slots held that day; bit t
   * set when a slot of type t is held that day (all bits when there are more than 32 types); then,
   * with successions, slots held that day per type. One cache line per day: a succession check reads
   * the neighbour day's bits and counts types only when a bit matches.
   */
  private readonly dayCount: Int32Array;
  private readonly dayStride: number;
  private readonly succNextMask: Int32Array;
  private readonly succPrevMask: Int32Array;
  private readonly typeMasks: boolean;
  private readonly weekMinutes: Float64Array;
  private readonly totalMinutes: Float64Array;
  private readonly averageWindow: Float64Array;
  private readonly typeCount: Int32Array;
  private readonly weekendSlots: Int32Array;
  private readonly weekendsWorked: Int32Array;
  /** Per worker and fairness category (w * F + k): prior + slots held in the rota. */
  private readonly fairCount: Int32Array;
  /** Longest unbroken rest per (worker, full week), kept for workers with a weekly-rest rule. */
  private readonly restLongest: Float64Array;
  /** Where that longest rest lies: a slot outside it cannot shorten the week's longest rest. */
  private readonly restGapStart: Float64Array;
  private readonly restGapEnd: Float64Array;
  /** Bounds of the last longestRest() result. */
  private gapStart = 0;
  private gapEnd = 0;
  /** Worked days per worker as bits (day d: word d >> 5, bit d & 31), for fast run lengths. */
  private readonly workedBits: Int32Array;
  private readonly bitWords: number;

  constructor(problem: Problem, initial?: readonly Assignment[]) {
    this.problem = problem;
    const ix = (this.ix = indexProblem(problem));
    const layout = (this.layout = layoutPlaces(problem));
    this.S = ix.slotCount;
    const W = (this.W = ix.workerCount);
    this.D = ix.dayCount;
    const K = (this.K = ix.weekCount);
    const T = (this.T = ix.typeIds.length);
    this.placeCount = layout.placeCount;
    this.placeWorker = new Int32Array(layout.placeCount).fill(NONE);
    this.placePinned = new Uint8Array(layout.placeCount);
    const typeIndex = typeIndexOf(ix);

    // The tables are built by plain functions (scorer-tables.ts); every one lands in an own field so
    // the move-by-move code reads this.x as it always did.
    const places = slotPlaces(ix, layout);
    this.slotFirstPlace = places.slotFirstPlace;
    this.maxTravel = places.maxTravel;

    const st = staticTable(problem, ix, layout);
    this.staticPen = st.staticPen;
    this.staticStart = st.staticStart;
    this.candPos = st.candPos;
    this.srKey = st.srKey;
    this.placeConstraints = st.placeConstraints;

    const cover = coverTables(problem, ix);
    this.coverMin = cover.coverMin;
    this.coverMax = cover.coverMax;
    this.coverPreferred = cover.coverPreferred;
    this.coverPriority = cover.coverPriority;
    this.coverUnderWeight = cover.coverUnderWeight;
    this.coverOverWeight = cover.coverOverWeight;

    const wt = ruleWeights(problem);
    this.wCoverMin = wt.wCoverMin;
    this.wCoverMax = wt.wCoverMax;
    this.wDouble = wt.wDouble;
    this.wOverlap = wt.wOverlap;
    this.wRest = wt.wRest;
    this.wPerDay = wt.wPerDay;
    this.wTravel = wt.wTravel;
    this.wWeekHard = wt.wWeekHard;
    this.wWeekSoft = wt.wWeekSoft;
    this.wTotalHard = wt.wTotalHard;
    this.wTotalSoft = wt.wTotalSoft;
    this.wAverage = wt.wAverage;
    this.wByType = wt.wByType;
    this.wMaxRun = wt.wMaxRun;
    this.wMinRun = wt.wMinRun;
    this.wMinOff = wt.wMinOff;
    this.wWeeklyRest = wt.wWeeklyRest;
    this.wRestBreak = wt.wRestBreak;
    this.wNight = wt.wNight;
    this.wWeekends = wt.wWeekends;
    this.succPenalty = wt.succPenalty;
    this.wFair = wt.wFair;

    const wr = workerRules(problem, ix, typeIndex);
    this.minRest = wr.minRest;
    this.lastEnd = wr.lastEnd;
    this.nextStart = wr.nextStart;
    this.nextEnd = wr.nextEnd;
    this.runAfter = wr.runAfter;
    this.maxPerDay = wr.maxPerDay;
    this.weekHardMin = wr.weekHardMin;
    this.weekHardMax = wr.weekHardMax;
    this.weekSoftMin = wr.weekSoftMin;
    this.weekSoftMax = wr.weekSoftMax;
    this.hasWeekBand = wr.hasWeekBand;
    this.totalHardMin = wr.totalHardMin;
    this.totalHardMax = wr.totalHardMax;
    this.totalSoftMin = wr.totalSoftMin;
    this.totalSoftMax = wr.totalSoftMax;
    this.hasTotalBand = wr.hasTotalBand;
    this.averageCap = wr.averageCap;
    this.averageWeeks = wr.averageWeeks;
    this.averageWindow = wr.averageWindow;
    this.capByType = wr.capByType;
    this.maxRun = wr.maxRun;
    this.runBefore = wr.runBefore;
    this.minRun = wr.minRun;
    this.minOff = wr.minOff;
    this.weeklyRest = wr.weeklyRest;
    this.maxWeekends = wr.maxWeekends;
    this.breakMaxWork = wr.breakMaxWork;
    this.breakMin = wr.breakMin;
    this.nightCap = wr.nightCap;
    this.nightWeeks = wr.nightWeeks;
    this.nightWindow = wr.nightWindow;
    this.fortNeed = wr.fortNeed;
    this.fortForm = wr.fortForm;
    this.beforeStart = wr.beforeStart;
    this.beforeEnd = wr.beforeEnd;

    const cal = calendarTables(problem, ix);
    this.slotBreak = cal.slotBreak;
    this.slotFair = cal.slotFair;
    this.fullWeek = cal.fullWeek;
    this.weekStartMin = cal.weekStartMin;
    this.weekEndMin = cal.weekEndMin;
    this.fortStart = cal.fortStart;

    const succ = successionTables(problem, T, typeIndex);
    this.hasSuccessions = succ.hasSuccessions;
    this.succNextMask = succ.succNextMask;
    this.succPrevMask = succ.succPrevMask;
    this.succNextStart = succ.succNextStart;
    this.succNext = succ.succNext;
    this.succPrevStart = succ.succPrevStart;
    this.succPrev = succ.succPrev;

    const pref = preferenceTables(problem, ix, typeIndex);
    this.prefDesired = pref.prefDesired;
    this.prefPenalty = pref.prefPenalty;
    this.prefSlot = pref.prefSlot;
    this.prefDay = pref.prefDay;
    this.prefType = pref.prefType;
    this.prefBucketStart = pref.prefBucketStart;
    this.prefBucket = pref.prefBucket;
    this.prefCount = pref.prefCount;

    const dyn = emptyState(problem, ix, this.hasSuccessions, this.weekStartMin, this.weekEndMin);
    this.coverCount = dyn.coverCount;
    this.held = dyn.held;
    this.dayStride = dyn.dayStride;
    this.dayCount = dyn.dayCount;
    this.typeMasks = dyn.typeMasks;
    this.weekMinutes = dyn.weekMinutes;
    this.totalMinutes = dyn.totalMinutes;
    this.typeCount = dyn.typeCount;
    this.weekendSlots = dyn.weekendSlots;
    this.weekendsWorked = dyn.weekendsWorked;
    this.fairCount = dyn.fairCount;
    this.restLongest = dyn.restLongest;
    this.restGapStart = dyn.restGapStart;
    this.restGapEnd = dyn.restGapEnd;
    this.bitWords = dyn.bitWords;
    this.workedBits = dyn.workedBits;
    this.fortPen = dyn.fortPen;
    // The history alone can leave a fortnight short (the empty rota's score counts it too).
    for (let w = 0; w < W; w++) {
      if (this.fortNeed[w] === 0) continue;
      for (let k = 0; k < K; k++) if (this.fullWeek[k] === 1) this.fortPen[w * K + k] = this.fortnightPenalty(w, k, NONE, NONE, NONE);
    }

    // The empty rota's score is the truth; every place filled from here on moves it by its delta.
    const empty = evaluateAll(problem, []).score;
    this.hard = empty.hard;
    this.soft = empty.soft;

    for (const { place, worker, pinned } of startPlaces(problem, ix, layout, initial ?? [])) {
      this.applyAssign(place, worker);
      if (pinned) this.placePinned[place] = 1;
    }
  }

  // ---- Scorer: places ----

  placeSlot(place: number): number {
    return this.layout.placeSlot[place];
  }

  placeRole(place: number): number {
    return this.layout.placeRole[place];
  }

  candidates(place: number): readonly number[] {
    return this.layout.candidatesBySlotRole[this.layout.placeSlotRole[place]];
  }

  isPinned(place: number): boolean {
    return this.placePinned[place] === 1;
  }

  workerOf(place: number): number {
    return this.placeWorker[place];
  }

  score(): Score {
    return { hard: this.hard, soft: this.soft };
  }

  assignments(): Assignment[] {
    return placeAssignments(this.problem, this.layout, this.placeWorker);
  }

  // ---- Scorer: moves ----

  deltaAssign(place: number, worker: number): void {
    const u = this.placeWorker[place];
    if (u === worker) {
      this.dHard = 0;
      this.dSoft = 0;
      return;
    }
    const sr = this.layout.placeSlotRole[place];
    const s = this.layout.placeSlot[place];
    let dh = 0;
    let ds = 0;
    if (u < 0 || worker < 0) {
      const c = this.coverCount[sr];
      const n = u < 0 ? c + 1 : c - 1;
      dh += this.coverHard(sr, n) - this.coverHard(sr, c);
      ds += this.coverSoft(sr, n) - this.coverSoft(sr, c);
    }
    if (u >= 0) {
      this.staticOf(sr, u);
      dh -= this.sh;
      ds -= this.ss;
      const m = this.countInSlot(u, s);
      if (m === 1) {
        this.workerDelta(u, s, -1);
        dh += this.wh;
        ds += this.ws;
      } else {
        dh += Math.round((m - 2) * this.wDouble) - Math.round((m - 1) * this.wDouble);
      }
    }
    if (worker >= 0) {
      this.staticOf(sr, worker);
      dh += this.sh;
      ds += this.ss;
      const m = this.countInSlot(worker, s);
      if (m === 0) {
        this.workerDelta(worker, s, 1);
        dh += this.wh;
        ds += this.ws;
      } else {
        dh += Math.round(m * this.wDouble) - Math.round((m - 1) * this.wDouble);
      }
    }
    this.dHard = dh;
    this.dSoft = ds;
  }

  deltaSwap(placeA: number, placeB: number): void {
    const a = this.placeWorker[placeA];
    const b = this.placeWorker[placeB];
    if (a === b || placeA === placeB) {
      this.dHard = 0;
      this.dSoft = 0;
      return;
    }
    const layout = this.layout;
    const srA = layout.placeSlotRole[placeA];
    const srB = layout.placeSlotRole[placeB];
    const sA = layout.placeSlot[placeA];
    const sB = layout.placeSlot[placeB];
    let dh = 0;
    let ds = 0;
    // Cover changes only when one place is empty: its worker moves from one slot-role to the other.
    if ((a < 0 || b < 0) && srA !== srB) {
      const from = a >= 0 ? srA : srB;
      const to = a >= 0 ? srB : srA;
      const cf = this.coverCount[from];
      const ct = this.coverCount[to];
      dh += this.coverHard(from, cf - 1) - this.coverHard(from, cf) + this.coverHard(to, ct + 1) - this.coverHard(to, ct);
      ds += this.coverSoft(from, cf - 1) - this.coverSoft(from, cf) + this.coverSoft(to, ct + 1) - this.coverSoft(to, ct);
    }
    // Two different workers change independently: a moves sA -> sB, b moves sB -> sA.
    if (a >= 0) {
      this.staticOf(srB, a);
      dh += this.sh;
      ds += this.ss;
      this.staticOf(srA, a);
      dh -= this.sh;
      ds -= this.ss;
      this.workerMove(a, sA, sB);
      dh += this.wh;
      ds += this.ws;
    }
    if (b >= 0) {
      this.staticOf(srA, b);
      dh += this.sh;
      ds += this.ss;
      this.staticOf(srB, b);
      dh -= this.sh;
      ds -= this.ss;
      this.workerMove(b, sB, sA);
      dh += this.wh;
      ds += this.ws;
    }
    this.dHard = dh;
    this.dSoft = ds;
  }

  /** Change (into wh / ws) when worker w gives up one place in slot `from` for one in slot `to`. */
  private workerMove(w: number, from: number, to: number): void {
    if (from === to) {
      this.wh = 0;
      this.ws = 0;
      return;
    }
    const mFrom = this.countInSlot(w, from);
    const mTo = this.countInSlot(w, to);
    let dh = 0;
    let ds = 0;
    if (mFrom >= 2) dh += Math.round((mFrom - 2) * this.wDouble) - Math.round((mFrom - 1) * this.wDouble);
    if (mTo >= 1) dh += Math.round(mTo * this.wDouble) - Math.round((mTo - 1) * this.wDouble);
    if (mFrom === 1 && mTo === 0) {
      // Losing `from` changes what `to` lands in: take it out of the counters for a moment and
      // have the held-list walks skip it.
      this.workerDelta(w, from, -1);
      dh += this.wh;
      ds += this.ws;
      this.countsApply(w, from, -1);
      this.workerDelta(w, to, 1, from);
      this.countsApply(w, from, 1);
      dh += this.wh;
      ds += this.ws;
    } else if (mFrom === 1) {
      this.workerDelta(w, from, -1);
      dh += this.wh;
      ds += this.ws;
    } else if (mTo === 0) {
      this.workerDelta(w, to, 1);
      dh += this.wh;
      ds += this.ws;
    }
    this.wh = dh;
    this.ws = ds;
  }

  assign(place: number, worker: number): void {
    if (this.placePinned[place] === 1) throw new Error(`place ${place} is pinned and cannot be reassigned`);
    if (worker < NONE || worker >= this.W) throw new Error(`assign: worker index ${worker} out of range`);
    this.applyAssign(place, worker);
  }

  private applyAssign(place: number, worker: number): void {
    const u = this.placeWorker[place];
    if (u === worker) return;
    this.deltaAssign(place, worker);
    this.hard += this.dHard;
    this.soft += this.dSoft;
    const sr = this.layout.placeSlotRole[place];
    const s = this.layout.placeSlot[place];
    if (u < 0) this.coverCount[sr]++;
    else if (worker < 0) this.coverCount[sr]--;
    // Counted before the place changes: u leaves s when this was its only place there, worker joins
    // s when it held none.
    if (u >= 0 && this.countInSlot(u, s) === 1) this.workerApply(u, s, -1);
    if (worker >= 0 && this.countInSlot(worker, s) === 0) this.workerApply(worker, s, 1);
    this.placeWorker[place] = worker;
  }

  /** Places of slot s that worker w holds (a slot has only a handful of places, side by side). */
  private countInSlot(w: number, s: number): number {
    const placeWorker = this.placeWorker;
    const end = this.slotFirstPlace[s + 1];
    let n = 0;
    for (let p = this.slotFirstPlace[s]; p < end; p++) if (placeWorker[p] === w) n++;
    return n;
  }

  /** Static penalties of worker w in slot-role sr, into sh / ss. */
  private staticOf(sr: number, w: number): void {
    const pos = this.candPos[this.srKey[sr] * this.W + w];
    if (pos >= 0) {
      const i = 2 * (this.staticStart[sr] + pos);
      this.sh = this.staticPen[i];
      this.ss = this.staticPen[i + 1];
    } else {
      this.offCandidateStatic(sr, w);
    }
  }

  /** The rare worker outside the role's holders: computed once per (slot-role, worker) and kept. */
  private offCandidateStatic(sr: number, w: number): void {
    const key = sr * this.W + w;
    const known = this.offStatic.get(key);
    if (known !== undefined) {
      this.sh = known;
      this.ss = this.offStaticSoft.get(key)!;
      return;
    }
    // The slot holding sr: the last s with roleOffset[s] <= sr (slots without roles share an offset).
    const offsets = this.ix.roleOffset;
    let lo = 0;
    let hi = this.S - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= sr) lo = mid;
      else hi = mid - 1;
    }
    const s = lo;
    const r = sr - this.ix.roleOffset[s];
    let h = 0;
    let soft = 0;
    for (const { c, weight, hard } of this.placeConstraints) {
      const units = c.placeUnits(this.problem, s, r, w);
      if (units === 0) continue;
      const p = breachPen(units, weight, c.breachBase ?? 0);
      if (hard) h += p;
      else soft += p;
    }
    this.offStatic.set(key, h);
    this.offStaticSoft.set(key, soft);
    this.sh = h;
    this.ss = soft;
  }

  // ---- Cover ----

  private coverHard(sr: number, n: number): number {
    let p = 0;
    const missing = this.coverMin[sr] - n;
    if (missing > 0) p += Math.round(missing * this.coverPriority[sr] * this.wCoverMin);
    const over = n - this.coverMax[sr];
    if (over > 0) p += Math.round(over * this.wCoverMax);
    return p;
  }

  private coverSoft(sr: number, n: number): number {
    let p = 0;
    const short = this.coverPreferred[sr] - n;
    if (short > 0) p += Math.round(short * this.coverPriority[sr] * this.coverUnderWeight[sr]);
    const over = n - this.coverPreferred[sr];
    if (over > 0) p += Math.round(over * this.coverPriority[sr] * this.coverOverWeight[sr]);
    return p;
  }

  // ---- One worker gains (sign 1) or loses (sign -1) a distinct slot: change into wh / ws ----

  /**
   * `skip`: a held slot to treat as gone (a swap's losing half). The counters already exclude it
   * (see workerMove); only the held list and the weekly-rest cache still contain it.
   */
  private workerDelta(w: number, s: number, sign: number, skip = NONE): void {
    const ix = this.ix;
    const held = this.held[w];
    const len = held.length;
    let dh = 0;
    let ds = 0;

    // Position of s among the held slots; prev / next are its neighbours without it (and skip).
    const pos = this.lowerBound(held, ix.slotRank[s]);
    const nextPos = sign > 0 ? pos : pos + 1;
    let prev = pos > 0 ? held[pos - 1] : NONE;
    if (prev === skip && prev !== NONE) prev = pos > 1 ? held[pos - 2] : NONE;
    let next = nextPos < len ? held[nextPos] : NONE;
    if (next === skip && next !== NONE) next = nextPos + 1 < len ? held[nextPos + 1] : NONE;
    const start = ix.slotStart[s];
    const end = ix.slotEnd[s];

    // Overlap with every held slot that overlaps s.
    let overlap = 0;
    const reach = start - ix.maxSlotMinutes;
    for (let i = pos - 1; i >= 0; i--) {
      const t = held[i];
      const ts = ix.slotStart[t];
      if (ts <= reach) break;
      const te = ix.slotEnd[t];
      if (te > start && t !== skip) overlap += breachPen(Math.min(te, end) - start, this.wOverlap, PROTECTION_BASE);
    }
    for (let i = nextPos; i < len; i++) {
      const t = held[i];
      const ts = ix.slotStart[t];
      if (ts >= end) break;
      if (t !== skip) overlap += breachPen(Math.min(ix.slotEnd[t], end) - ts, this.wOverlap, PROTECTION_BASE);
    }
    // ... and with the shifts either side of the horizon.
    const lastEnd = this.lastEnd[w];
    if (lastEnd === lastEnd && start < lastEnd) overlap += breachPen(historyOverlapMinutes(lastEnd, start, end), this.wOverlap, PROTECTION_BASE);
    const nextStart = this.nextStart[w];
    if (nextStart === nextStart && end > nextStart && start < this.nextEnd[w]) {
      overlap += breachPen(Math.min(end, this.nextEnd[w]) - Math.max(start, nextStart), this.wOverlap, PROTECTION_BASE);
    }
    dh += sign * overlap;

    // Travel between neighbours.
    if (next >= 0) dh += sign * (this.travelPenalty(prev, s) + this.travelPenalty(s, next) - this.travelPenalty(prev, next));
    else dh += sign * this.travelPenalty(prev, s);

    // Daily rest: the pairs from s on, whose working days s can join, split or start. When s is a full
    // rest away from both neighbours it is a working day of its own either way and every other day is
    // unchanged (the neighbours are further apart still without it): no change, unless s would be the
    // first slot after the history's last shift.
    const minRest = this.minRest[w];
    if (
      minRest > 0 &&
      !((prev !== NONE ? start - ix.slotEnd[prev] >= minRest : lastEnd !== lastEnd) && (next === NONE || ix.slotStart[next] - end >= minRest))
    ) {
      const withS = sign > 0 ? this.restTail(w, s, pos, s, skip, NONE) : this.restTail(w, s, pos, NONE, skip, NONE);
      const withoutS = sign > 0 ? this.restTail(w, s, pos, NONE, skip, NONE) : this.restTail(w, s, pos, NONE, skip, s);
      dh += sign * (withS - withoutS);
    }
    // Rest before the first shift after the horizon is judged from the last held slot: s is it (or
    // would be) when nothing is held after it, and without s the slot before it is.
    if (next === NONE && nextStart === nextStart && minRest > 0) {
      const withS = breachPen(followingRestShortMinutes(minRest, end, nextStart), this.wRest, PROTECTION_BASE);
      const withoutS = prev === NONE ? 0 : breachPen(followingRestShortMinutes(minRest, ix.slotEnd[prev], nextStart), this.wRest, PROTECTION_BASE);
      dh += sign * (withS - withoutS);
    }

    // Rest break: the stretches around s (runs with no break-long gap), with and without it.
    if (this.breakMaxWork[w] === this.breakMaxWork[w]) dh += sign * this.restBreakChange(w, s, pos, sign, skip);

    const d = ix.slotDay[s];
    const D = this.D;
    const dayIdx = w * D + d;
    const stride = this.dayStride;
    const dayBefore = this.dayCount[stride * dayIdx];
    // Shifts per day.
    const maxPerDay = this.maxPerDay[w];
    if (maxPerDay >= 0) {
      dh += breachPen(dayBefore + sign - maxPerDay, this.wPerDay, PROTECTION_BASE) - breachPen(dayBefore - maxPerDay, this.wPerDay, PROTECTION_BASE);
    }

    // Weekly and total bands, 17-week average.
    const minutes = ix.slotWork[s] * sign;
    const k = ix.slotWeek[s];
    if (this.hasWeekBand[w] === 1) {
      const old = this.weekMinutes[w * this.K + k];
      const now = old + minutes;
      const applyMin = this.fullWeek[k] === 1;
      dh +=
        bandPenalty(now, this.weekHardMin[w], this.weekHardMax[w], applyMin, this.wWeekHard, PROTECTION_BASE) -
        bandPenalty(old, this.weekHardMin[w], this.weekHardMax[w], applyMin, this.wWeekHard, PROTECTION_BASE);
      ds +=
        bandPenalty(now, this.weekSoftMin[w], this.weekSoftMax[w], applyMin, this.wWeekSoft, 0) -
        bandPenalty(old, this.weekSoftMin[w], this.weekSoftMax[w], applyMin, this.wWeekSoft, 0);
    }
    if (this.hasTotalBand[w] === 1) {
      const old = this.totalMinutes[w];
      const now = old + minutes;
      dh +=
        bandPenalty(now, this.totalHardMin[w], this.totalHardMax[w], true, this.wTotalHard, PROTECTION_BASE) -
        bandPenalty(old, this.totalHardMin[w], this.totalHardMax[w], true, this.wTotalHard, PROTECTION_BASE);
      ds +=
        bandPenalty(now, this.totalSoftMin[w], this.totalSoftMax[w], true, this.wTotalSoft, 0) -
        bandPenalty(old, this.totalSoftMin[w], this.totalSoftMax[w], true, this.wTotalSoft, 0);
    }
    const cap = this.averageCap[w];
    if (cap === cap) {
      const last = Math.min(this.K - 1, k + this.averageWeeks[w] - 1);
      const base = w * this.K;
      for (let j = k; j <= last; j++) {
        const old = this.averageWindow[base + j];
        const now = old + minutes;
        dh += breachPen(now - cap, this.wAverage, PROTECTION_BASE) - breachPen(old - cap, this.wAverage, PROTECTION_BASE);
      }
    }
    const nightCap = this.nightCap[w];
    if (nightCap === nightCap) {
      const last = Math.min(this.K - 1, k + this.nightWeeks[w] - 1);
      const base = w * this.K;
      for (let j = k; j <= last; j++) {
        const old = this.nightWindow[base + j];
        const now = old + minutes;
        dh += breachPen(now - nightCap, this.wNight, PROTECTION_BASE) - breachPen(old - nightCap, this.wNight, PROTECTION_BASE);
      }
    }

    // Per-type cap.
    const t = ix.slotType[s];
    const typeCap = this.capByType[w * this.T + t];
    if (typeCap >= 0) {
      const c = this.typeCount[w * this.T + t];
      dh += breachPen(c + sign - typeCap, this.wByType, PROTECTION_BASE) - breachPen(c - typeCap, this.wByType, PROTECTION_BASE);
    }

    // Runs of days, when the day changes between worked and off.
    if (sign > 0 ? dayBefore === 0 : dayBefore === 1) {
      if (this.maxRun[w] >= 0 || this.minRun[w] >= 0 || this.minOff[w] >= 0) dh += sign * this.dayTurnsWorked(w, d);
    }

    // Weekly rest in each full week the slot touches.
    const need = this.weeklyRest[w];
    if (need > 0) {
      let first = k;
      while (first > 0 && this.weekEndMin[first - 1] > start) first--;
      for (let wk = first; wk < this.K && this.weekStartMin[wk] < end; wk++) {
        if (this.fullWeek[wk] === 0) continue;
        const at = w * this.K + wk;
        let before = this.restLongest[at];
        let after: number;
        if (skip !== NONE && ix.slotStart[skip] < this.weekEndMin[wk] && ix.slotEnd[skip] > this.weekStartMin[wk]) {
          // The cache still counts skip in this week: judge both sides without it.
          before = this.longestRest(w, wk, NONE, skip);
          after = this.longestRest(w, wk, s, skip);
        } else if (sign > 0) {
          // Adding s only shortens the longest rest if it lands in it.
          if (start >= this.restGapEnd[at] || end <= this.restGapStart[at]) continue;
          after = this.longestRest(w, wk, s, NONE);
        } else {
          // Removing s only lengthens rest: nothing to gain once the need is met.
          if (before >= need) continue;
          after = this.longestRest(w, wk, NONE, s);
        }
        dh += breachPen(need - after, this.wWeeklyRest, PROTECTION_BASE) - breachPen(need - before, this.wWeeklyRest, PROTECTION_BASE);
      }
    }
    // Fortnightly forms: each fortnight (a full week and the one before) that s reaches into.
    if (this.fortNeed[w] > 0) {
      let a = k;
      while (a > 0 && this.weekEndMin[a - 1] > start) a--;
      let b = k;
      while (b + 1 < this.K && this.weekStartMin[b + 1] < end) b++;
      const lastF = Math.min(this.K - 1, b + 1);
      for (let f = a; f <= lastF; f++) {
        if (this.fullWeek[f] === 0) continue;
        const skipIn = skip !== NONE && ix.slotStart[skip] < this.weekEndMin[f] && ix.slotEnd[skip] > this.fortStart[f];
        const before = skipIn ? this.fortnightPenalty(w, f, NONE, skip, NONE) : this.fortPen[w * this.K + f];
        const after = sign > 0 ? this.fortnightPenalty(w, f, s, skip, NONE) : this.fortnightPenalty(w, f, NONE, s, skip);
        dh += after - before;
      }
    }

    // Weekends worked.
    const e = ix.slotWeekend[s];
    const maxWeekends = this.maxWeekends[w];
    if (e >= 0 && maxWeekends >= 0) {
      const c = this.weekendSlots[w * ix.weekendCount + e];
      if (sign > 0 ? c === 0 : c === 1) {
        const worked = this.weekendsWorked[w];
        dh += breachPen(worked + sign - maxWeekends, this.wWeekends, PROTECTION_BASE) - breachPen(worked - maxWeekends, this.wWeekends, PROTECTION_BASE);
      }
    }

    // Forbidden successions with the day before and the day after.
    if (this.hasSuccessions) {
      let n = 0;
      if (d + 1 < D && (this.dayCount[stride * (dayIdx + 1) + 1] & this.succNextMask[t]) !== 0) {
        const base = stride * (dayIdx + 1) + 2;
        for (let i = this.succNextStart[t]; i < this.succNextStart[t + 1]; i++) n += this.dayCount[base + this.succNext[i]];
      }
      if (d > 0 && (this.dayCount[stride * (dayIdx - 1) + 1] & this.succPrevMask[t]) !== 0) {
        const base = stride * (dayIdx - 1) + 2;
        for (let i = this.succPrevStart[t]; i < this.succPrevStart[t + 1]; i++) n += this.dayCount[base + this.succPrev[i]];
      }
      dh += sign * n * this.succPenalty;
    }

    // Fairness: sums of squares.
    const fair = this.slotFair[s];
    if (fair !== 0) {
      const F = FAIRNESS_CATEGORIES.length;
      for (let k = 0; k < F; k++) if ((fair >> k) & 1) ds += this.squareChange(this.fairCount[w * F + k], sign, this.wFair[k]);
    }

    // Preferences matched by s.
    for (let i = this.prefBucketStart[dayIdx]; i < this.prefBucketStart[dayIdx + 1]; i++) {
      const p = this.prefBucket[i];
      if (!this.prefMatches(p, s)) continue;
      const c = this.prefCount[p];
      if (sign > 0 ? c !== 0 : c !== 1) continue;
      // Desired: first match removes the penalty, last loss restores it. Undesired: the reverse.
      const change = this.prefDesired[p] === 1 ? -this.prefPenalty[p] : this.prefPenalty[p];
      ds += sign * change;
    }

    this.wh = dh;
    this.ws = ds;
  }

  private workerApply(w: number, s: number, sign: number): void {
    const ix = this.ix;
    const held = this.held[w];
    const pos = this.lowerBound(held, ix.slotRank[s]);
    // Shift by hand: splice would allocate the array of removed items on every call.
    if (sign > 0) {
      held.push(s);
      for (let i = held.length - 1; i > pos; i--) held[i] = held[i - 1];
      held[pos] = s;
    } else {
      for (let i = pos; i < held.length - 1; i++) held[i] = held[i + 1];
      held.pop();
    }
    this.countsApply(w, s, sign);
    if (this.weeklyRest[w] > 0) {
      const start = ix.slotStart[s];
      const end = ix.slotEnd[s];
      let first = ix.slotWeek[s];
      while (first > 0 && this.weekEndMin[first - 1] > start) first--;
      for (let wk = first; wk < this.K && this.weekStartMin[wk] < end; wk++) {
        this.restLongest[w * this.K + wk] = this.longestRest(w, wk, NONE, NONE);
        this.restGapStart[w * this.K + wk] = this.gapStart;
        this.restGapEnd[w * this.K + wk] = this.gapEnd;
      }
    }
    if (this.fortNeed[w] > 0) {
      const start = ix.slotStart[s];
      const end = ix.slotEnd[s];
      let a = ix.slotWeek[s];
      while (a > 0 && this.weekEndMin[a - 1] > start) a--;
      let b = ix.slotWeek[s];
      while (b + 1 < this.K && this.weekStartMin[b + 1] < end) b++;
      for (let f = a; f <= Math.min(this.K - 1, b + 1); f++) {
        if (this.fullWeek[f] === 1) this.fortPen[w * this.K + f] = this.fortnightPenalty(w, f, NONE, NONE, NONE);
      }
    }
  }

  /** Every per-worker counter except the held list and the weekly-rest cache (O(1) each way). */
  private countsApply(w: number, s: number, sign: number): void {
    const ix = this.ix;
    const d = ix.slotDay[s];
    const rec = this.dayStride * (w * this.D + d);
    const dayWas = this.dayCount[rec];
    this.dayCount[rec] = dayWas + sign;
    if (sign > 0 ? dayWas === 0 : dayWas === 1) this.workedBits[w * this.bitWords + (d >>> 5)] ^= 1 << (d & 31);
    const minutes = ix.slotWork[s] * sign;
    const k = ix.slotWeek[s];
    this.weekMinutes[w * this.K + k] += minutes;
    this.totalMinutes[w] += minutes;
    if (this.averageCap[w] === this.averageCap[w]) {
      const last = Math.min(this.K - 1, k + this.averageWeeks[w] - 1);
      for (let j = k; j <= last; j++) this.averageWindow[w * this.K + j] += minutes;
    }
    if (this.nightCap[w] === this.nightCap[w]) {
      const last = Math.min(this.K - 1, k + this.nightWeeks[w] - 1);
      for (let j = k; j <= last; j++) this.nightWindow[w * this.K + j] += minutes;
    }
    const t = ix.slotType[s];
    this.typeCount[w * this.T + t] += sign;
    if (this.hasSuccessions) {
      const c = (this.dayCount[rec + 2 + t] += sign);
      if (this.typeMasks && (sign > 0 ? c === 1 : c === 0)) this.dayCount[rec + 1] ^= 1 << t;
    }
    const e = ix.slotWeekend[s];
    if (e >= 0) {
      const i = w * ix.weekendCount + e;
      const c = this.weekendSlots[i];
      this.weekendSlots[i] = c + sign;
      if (sign > 0 ? c === 0 : c === 1) this.weekendsWorked[w] += sign;
    }
    const fair = this.slotFair[s];
    if (fair !== 0) {
      const F = FAIRNESS_CATEGORIES.length;
      for (let k = 0; k < F; k++) if ((fair >> k) & 1) this.fairCount[w * F + k] += sign;
    }
    const dayIdx = w * this.D + d;
    for (let i = this.prefBucketStart[dayIdx]; i < this.prefBucketStart[dayIdx + 1]; i++) {
      const p = this.prefBucket[i];
      if (this.prefMatches(p, s)) this.prefCount[p] += sign;
    }
  }

  /** First index in held whose slot rank is >= rank. */
  private lowerBound(held: number[], rank: number): number {
    const slotRank = this.ix.slotRank;
    let lo = 0;
    let hi = held.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (slotRank[held[mid]] < rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** travel.time penalty of a consecutive pair (a = NONE: nothing before b, no travel). */
  private travelPenalty(a: number, b: number): number {
    if (a < 0) return 0;
    const ix = this.ix;
    // travelShortMinutes is 0 outside 0 <= gap < travel time: most pairs are further apart than any trip.
    const gap = ix.slotStart[b] - ix.slotEnd[a];
    if (gap < 0 || gap >= this.maxTravel) return 0;
    const sa = ix.slotSite[a];
    const sb = ix.slotSite[b];
    if (sa < 0 || sb < 0 || sa === sb) return 0;
    const short = travelShortMinutes(ix.travel[sa * ix.siteCount + sb], ix.slotEnd[a], ix.slotStart[b]);
    return breachPen(short, this.wTravel, PROTECTION_BASE);
  }

  /**
   * rest.minGap penalty of the pairs whose later slot ranks at or after `anchor` (the history pair
   * too when nothing comes before), in the worker's held slots with `add` put in (NONE: nothing) and
   * `dropA` / `dropB` left out. Called twice per delta, with and without `anchor`; both calls walk the
   * same part of the list, the part where the two can differ:
   * - back from the anchor only to the start of the working day before it, and no further than
   *   maxWorkingDaySpan before the anchor (an earlier start breaches every pair from the anchor on
   *   either way);
   * - forward to the first shared slot after the anchor, then on while its working day lasts and
   *   starts within maxWorkingDaySpan of that slot's start (later pairs breach either way; after a
   *   full rest everything is shared).
   * So a delta reads only the slots within about a day of `anchor` and of the next held slot.
   * `pos`: where the anchor ranks in the held list (lowerBound), which the caller already knows.
   */
  private restTail(w: number, anchor: number, pos: number, add: number, dropA: number, dropB: number): number {
    const ix = this.ix;
    const held = this.held[w];
    const minRest = this.minRest[w];
    const span = maxWorkingDaySpan(minRest);
    const slotStart = ix.slotStart;
    const slotEnd = ix.slotEnd;
    const anchorStart = slotStart[anchor];

    // The slot before the anchor and the start of its working day.
    let i = pos - 1;
    while (i >= 0 && (held[i] === dropA || held[i] === dropB)) i--;
    let x = i >= 0 ? held[i] : NONE;
    let dayStart = 0;
    if (x !== NONE) {
      dayStart = slotStart[x];
      let cur = x;
      let j = i - 1;
      while (dayStart > anchorStart - span) {
        while (j >= 0 && (held[j] === dropA || held[j] === dropB)) j--;
        if (j < 0) break;
        const q = held[j];
        if (slotStart[cur] - slotEnd[q] >= minRest) break;
        dayStart = slotStart[q];
        cur = q;
        j--;
      }
    }

    let p = 0;
    let shared = 0;
    let firstSharedStart = 0;
    let k = pos;
    let pendingAdd = add !== NONE;
    for (;;) {
      let y: number;
      if (pendingAdd) {
        y = add;
        pendingAdd = false;
      } else {
        while (k < held.length && (held[k] === dropA || held[k] === dropB)) k++;
        if (k >= held.length) break;
        y = held[k++];
      }
      const start = slotStart[y];
      if (y !== anchor) {
        shared++;
        if (shared === 1) firstSharedStart = start;
        else if (start - slotEnd[x] >= minRest || start - firstSharedStart > span) break;
      }
      if (x === NONE) {
        const lastEnd = this.lastEnd[w];
        if (lastEnd === lastEnd) p += breachPen(historyRestShortMinutes(minRest, lastEnd, start), this.wRest, PROTECTION_BASE);
        dayStart = start;
      } else if (start - slotEnd[x] < minRest) {
        p += breachPen(restShortMinutes(minRest, slotEnd[x], start, slotEnd[y], dayStart), this.wRest, PROTECTION_BASE);
      } else {
        dayStart = start;
      }
      x = y;
    }
    return p;
  }

  /** Hard change of the run rules when day d turns from off to worked (negate for the reverse). */
  private dayTurnsWorked(w: number, d: number): number {
    const left = this.runLeft(w, d, 0);
    const right = this.runRight(w, d, 0);
    let change = this.workRunPenalty(w, d - left, d + right);
    if (left > 0) change -= this.workRunPenalty(w, d - left, d - 1);
    if (right > 0) change -= this.workRunPenalty(w, d + 1, d + right);
    if (this.minOff[w] >= 0) {
      const offLeft = left === 0 ? this.runLeft(w, d, -1) : 0;
      const offRight = right === 0 ? this.runRight(w, d, -1) : 0;
      change -= this.offRunPenalty(w, d - offLeft, d + offRight);
      if (offLeft > 0) change += this.offRunPenalty(w, d - offLeft, d - 1);
      if (offRight > 0) change += this.offRunPenalty(w, d + 1, d + offRight);
    }
    return change;
  }

  /**
   * Days in a row just before day d that are worked (flip 0) or off (flip -1), read from the bits
   * 32 days at a time.
   */
  private runLeft(w: number, d: number, flip: number): number {
    const base = w * this.bitWords;
    let count = 0;
    let pos = d - 1;
    while (pos >= 0) {
      const bit = pos & 31;
      const x = this.workedBits[base + (pos >>> 5)] ^ flip;
      // Bring bit `pos` to the top; leading ones are the run going down.
      const ones = Math.clz32(~(x << (31 - bit)));
      if (ones <= bit) return count + ones;
      count += bit + 1;
      pos -= bit + 1;
    }
    return count;
  }

  /** Days in a row just after day d that are worked (flip 0) or off (flip -1). */
  private runRight(w: number, d: number, flip: number): number {
    const base = w * this.bitWords;
    const D = this.D;
    let count = 0;
    let pos = d + 1;
    while (pos < D) {
      const bit = pos & 31;
      const y = (this.workedBits[base + (pos >>> 5)] ^ flip) >>> bit;
      // Trailing ones of y are the run going up (capped by the word and the horizon).
      const inv = ~y;
      const ones = inv === 0 ? 32 : 31 - Math.clz32(inv & -inv);
      const avail = Math.min(32 - bit, D - pos);
      if (ones < avail) return count + ones;
      count += avail;
      pos += avail;
    }
    return count;
  }

  private workRunPenalty(w: number, first: number, last: number): number {
    const length = last - first + 1;
    let p = 0;
    const max = this.maxRun[w];
    if (max >= 0) {
      const total = length + (first === 0 ? this.runBefore[w] : 0) + (last === this.D - 1 ? this.runAfter[w] : 0);
      if (total > max) p += breachPen(total - max, this.wMaxRun, PROTECTION_BASE);
    }
    const min = this.minRun[w];
    if (min >= 0 && first > 0 && last < this.D - 1 && length < min) p += Math.round((min - length) * this.wMinRun);
    return p;
  }

  private offRunPenalty(w: number, first: number, last: number): number {
    const min = this.minOff[w];
    const length = last - first + 1;
    if (min >= 0 && first > 0 && last < this.D - 1 && length < min) return Math.round((min - length) * this.wMinOff);
    return 0;
  }

  /**
   * breaks.restBreak: penalty of the stretches around s with s minus without it. Only the stretch
   * holding the previous held slot and the one holding the next can change (every other stretch keeps
   * its slots and its break-long gaps at both ends), so both sides are judged on that region alone.
   * `pos` is s's place in the held list (lowerBound); `skip` a held slot to treat as gone.
   */
  private restBreakChange(w: number, s: number, pos: number, sign: number, skip: number): number {
    const held = this.held[w];
    const ix = this.ix;
    const slotStart = ix.slotStart;
    const slotEnd = ix.slotEnd;
    const minBreak = this.breakMin[w];
    let i = pos - 1;
    while (i >= 0 && held[i] === skip) i--;
    let j = sign > 0 ? pos : pos + 1;
    while (j < held.length && held[j] === skip) j++;
    // A break-long gap on both sides: s is a stretch of its own, and its neighbours are further apart
    // still without it, so s alone is the change.
    if ((i < 0 || slotStart[s] - slotEnd[held[i]] >= minBreak) && (j >= held.length || slotStart[held[j]] - slotEnd[s] >= minBreak)) {
      const work = ix.slotWork[s];
      const maxWork = this.breakMaxWork[w];
      return this.slotBreak[s] >= minBreak || work <= maxWork ? 0 : breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
    }
    let lo = i >= 0 ? i : j;
    if (i >= 0) {
      let cur = held[i];
      for (let q = i - 1; q >= 0; q--) {
        if (held[q] === skip) continue;
        if (slotStart[cur] - slotEnd[held[q]] >= minBreak) break;
        lo = q;
        cur = held[q];
      }
    }
    let hi = j < held.length ? j : i;
    if (j < held.length) {
      let cur = held[j];
      for (let q = j + 1; q < held.length; q++) {
        if (held[q] === skip) continue;
        if (slotStart[held[q]] - slotEnd[cur] >= minBreak) break;
        hi = q;
        cur = held[q];
      }
    }
    return this.breakStretchPenalty(w, lo, hi, s, skip, true) - this.breakStretchPenalty(w, lo, hi, s, skip, false);
  }

  /** Rest-break penalty of held[lo..hi] (s and skip left out), with s put in its place when withS. */
  private breakStretchPenalty(w: number, lo: number, hi: number, s: number, skip: number, withS: boolean): number {
    const held = this.held[w];
    const ix = this.ix;
    const slotRank = ix.slotRank;
    const minBreak = this.breakMin[w];
    const maxWork = this.breakMaxWork[w];
    const sRank = slotRank[s];
    let pending = withS;
    let p = 0;
    let work = 0;
    let hasBreak = false;
    let prevEnd = NaN;
    let q = lo;
    for (;;) {
      let y: number;
      if (pending && (q > hi || q < 0 || slotRank[held[q]] > sRank)) {
        y = s;
        pending = false;
      } else if (q >= 0 && q <= hi) {
        y = held[q++];
        if (y === s || y === skip) continue;
      } else break;
      if (prevEnd === prevEnd && ix.slotStart[y] - prevEnd >= minBreak) {
        if (!hasBreak && work > maxWork) p += breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
        work = 0;
        hasBreak = false;
      }
      work += ix.slotWork[y];
      if (this.slotBreak[y] >= minBreak) hasBreak = true;
      prevEnd = ix.slotEnd[y];
    }
    if (!hasBreak && work > maxWork) p += breachPen(work - maxWork, this.wRestBreak, PROTECTION_BASE);
    return p;
  }

  /** days.weeklyRest penalty of the fortnight ending at week f, with `extra` added and `dropA` / `dropB` left out. */
  private fortnightPenalty(w: number, f: number, extra: number, dropA: number, dropB: number): number {
    const ix = this.ix;
    const from = this.fortStart[f];
    const to = this.weekEndMin[f];
    const starts = this.scratchStart;
    const ends = this.scratchEnd;
    let n = 0;
    const push = (start: number, end: number) => {
      // Insertion by start: the lists are short (one worker's fortnight).
      let i = n++;
      while (i > 0 && starts[i - 1] > start) {
        starts[i] = starts[i - 1];
        ends[i] = ends[i - 1];
        i--;
      }
      starts[i] = start;
      ends[i] = end;
    };
    const bs = this.beforeStart[w];
    const be = this.beforeEnd[w];
    for (let i = 0; i < bs.length; i++) if (bs[i] < to && be[i] >= from) push(bs[i], be[i]);
    const held = this.held[w];
    for (let i = this.lowerBoundStart(held, from - ix.maxSlotMinutes); i < held.length; i++) {
      const t = held[i];
      if (ix.slotStart[t] >= to) break;
      if (t === dropA || t === dropB || ix.slotEnd[t] < from) continue;
      push(ix.slotStart[t], ix.slotEnd[t]);
    }
    if (extra !== NONE) push(ix.slotStart[extra], ix.slotEnd[extra]);
    const [longest, second] = longestTwoRests(starts, ends, n, from, to);
    const form = this.fortForm[w] === 1 ? '48h-in-14' : '2x24h-in-14';
    return breachPen(weeklyRestShortMinutes(form, this.fortNeed[w], longest, second), this.wWeeklyRest, PROTECTION_BASE);
  }

  /** Longest unbroken rest in week wk, with slot `extra` added and slot `skip` left out. */
  private longestRest(w: number, wk: number, extra: number, skip: number): number {
    const ix = this.ix;
    const held = this.held[w];
    const weekStart = this.weekStartMin[wk];
    const weekEnd = this.weekEndMin[wk];
    let cursor = weekStart;
    let longest = 0;
    let gapStart = weekStart;
    let gapEnd = weekStart;
    let i = this.lowerBoundStart(held, weekStart - ix.maxSlotMinutes);
    const extraRank = extra >= 0 ? ix.slotRank[extra] : 0;
    let pendingExtra = extra >= 0;
    for (;;) {
      let s: number;
      if (pendingExtra && (i >= held.length || ix.slotRank[held[i]] > extraRank)) {
        s = extra;
        pendingExtra = false;
      } else if (i < held.length) {
        s = held[i++];
        if (s === skip) continue;
      } else break;
      const start = ix.slotStart[s];
      if (start >= weekEnd) break;
      const end = ix.slotEnd[s];
      if (end <= weekStart) continue;
      const a = start > weekStart ? start : weekStart;
      if (a - cursor > longest) {
        longest = a - cursor;
        gapStart = cursor;
        gapEnd = a;
      }
      const b = end < weekEnd ? end : weekEnd;
      if (b > cursor) cursor = b;
    }
    if (weekEnd - cursor > longest) {
      longest = weekEnd - cursor;
      gapStart = cursor;
      gapEnd = weekEnd;
    }
    this.gapStart = gapStart;
    this.gapEnd = gapEnd;
    return longest;
  }

  /** First index in held whose slot starts at or after startMin. */
  private lowerBoundStart(held: number[], startMin: number): number {
    const slotStart = this.ix.slotStart;
    let lo = 0;
    let hi = held.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (slotStart[held[mid]] < startMin) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private squareChange(c: number, sign: number, weight: number): number {
    const n = c + sign;
    return Math.round(n * n * weight) - Math.round(c * c * weight);
  }

  private prefMatches(p: number, s: number): boolean {
    const ix = this.ix;
    const slot = this.prefSlot[p];
    if (slot !== NONE && slot !== s) return false;
    const day = this.prefDay[p];
    if (day !== NONE && day !== ix.slotDay[s]) return false;
    const type = this.prefType[p];
    return type === NONE || type === ix.slotType[s];
  }
}

/** A Scorer over `problem`, with pinned places filled (and fixed) and then `initial` where it fits. */
export function createScorer(problem: Problem, initial?: readonly Assignment[]): Scorer {
  return new IncrementalScorer(problem, initial);
}
