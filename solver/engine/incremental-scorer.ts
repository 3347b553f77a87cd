// The incremental scorer: the whole constraint catalogue kept up to date move by move.
//
// Everything static is precomputed into typed arrays (scorer-tables.ts). The place constraints and
// cover are judged per place (place-penalties.ts); every other rule is dynamic and reads the
// per-worker state (worker-state.ts: held slots in slot order, minutes per week and in total, counts
// per day, type, weekend, fairness tag, preference). Each rule family gives the change for "worker w
// gains / loses slot s" from the neighbourhood of s only, in a module of its own: rest, overlap and
// travel look at the previous and next held slot (rest-delta.ts); rest breaks at the stretches around
// it (rest-break-delta.ts); day runs at the run around the day (day-runs-delta.ts); bands at the
// affected week and total, the 17-week and night averages at the windows holding that week
// (hours-delta.ts); weekly rest at the weeks or fortnights it touches (weekly-rest-delta.ts); the
// counting rules, fairness and preferences at one counter each (counts-delta.ts). This class puts
// them together into the Scorer's moves.
//
// Every penalty is an integer rounded per breach exactly as the constraint's evaluate rounds it, so
// score() equals evaluateAll(problem, assignments()).score exactly (tests check this after every
// move). Minutes are assumed to be integers, as the model says.

import type { Assignment, Problem, Score } from '../model.ts';
import type { Scorer } from './scorer.ts';
import { evaluateAll } from '../constraints/index.ts';
import type { ProblemIndex } from '../constraints/context.ts';
import { placeAssignments, startPlaces, type PlaceLayout } from './places.ts';
import { NONE, slotPlaces } from './scorer-tables.ts';
import { buildParts } from './scorer-parts.ts';
import { lowerBoundRank, WorkerState } from './worker-state.ts';
import { PlacePenalties } from './place-penalties.ts';
import { RestRules, type Neighbours } from './rest-delta.ts';
import { RestBreakRule } from './rest-break-delta.ts';
import { DayRunRules } from './day-runs-delta.ts';
import { HoursRules } from './hours-delta.ts';
import { WeeklyRestRules } from './weekly-rest-delta.ts';
import { CountRules } from './counts-delta.ts';

export class IncrementalScorer implements Scorer {
  declare readonly problem: Problem;
  declare readonly placeCount: number;
  dHard = 0;
  dSoft = 0;

  declare private readonly ix: ProblemIndex;
  declare private readonly layout: PlaceLayout;
  declare private readonly W: number;
  declare private readonly wDouble: number;
  private hard = 0;
  private soft = 0;
  /** Scratch for one worker's change (workerDelta, workerMove). */
  private wh = 0;
  private ws = 0;
  private readonly at: Neighbours = { pos: 0, nextPos: 0, prev: NONE, next: NONE };

  declare private readonly placeWorker: Int32Array;
  declare private readonly placePinned: Uint8Array;
  /** First place of each slot; places of slot s are [slotFirstPlace[s], slotFirstPlace[s + 1]). */
  declare private readonly slotFirstPlace: Int32Array;
  declare private readonly coverCount: Int32Array;

  declare private readonly workers: WorkerState;
  declare private readonly places: PlacePenalties;
  declare private readonly rest: RestRules;
  declare private readonly breaks: RestBreakRule;
  declare private readonly runs: DayRunRules;
  declare private readonly hours: HoursRules;
  declare private readonly weeklyRest: WeeklyRestRules;
  declare private readonly counts: CountRules;

  constructor(problem: Problem, initial?: readonly Assignment[]) {
    this.problem = problem;
    const parts = buildParts(problem);
    const { ix, layout } = parts;
    this.ix = ix;
    this.layout = layout;
    this.W = ix.workerCount;
    this.wDouble = parts.weights.wDouble;
    this.placeCount = layout.placeCount;
    this.placeWorker = new Int32Array(layout.placeCount).fill(NONE);
    this.placePinned = new Uint8Array(layout.placeCount);
    const { slotFirstPlace, maxTravel } = slotPlaces(ix, layout);
    this.slotFirstPlace = slotFirstPlace;
    this.coverCount = parts.state.coverCount;

    this.workers = new WorkerState(parts);
    this.places = new PlacePenalties(parts);
    this.rest = new RestRules(parts, maxTravel);
    this.breaks = new RestBreakRule(parts);
    this.runs = new DayRunRules(parts);
    this.hours = new HoursRules(parts);
    this.weeklyRest = new WeeklyRestRules(parts);
    this.counts = new CountRules(parts);

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
    const places = this.places;
    const sr = this.layout.placeSlotRole[place];
    const s = this.layout.placeSlot[place];
    let dh = 0;
    let ds = 0;
    if (u < 0 || worker < 0) {
      const c = this.coverCount[sr];
      const n = u < 0 ? c + 1 : c - 1;
      dh += places.coverHard(sr, n) - places.coverHard(sr, c);
      ds += places.coverSoft(sr, n) - places.coverSoft(sr, c);
    }
    if (u >= 0) {
      places.staticOf(sr, u);
      dh -= places.hard;
      ds -= places.soft;
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
      places.staticOf(sr, worker);
      dh += places.hard;
      ds += places.soft;
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
    const { layout, places } = this;
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
      dh += places.coverHard(from, cf - 1) - places.coverHard(from, cf) + places.coverHard(to, ct + 1) - places.coverHard(to, ct);
      ds += places.coverSoft(from, cf - 1) - places.coverSoft(from, cf) + places.coverSoft(to, ct + 1) - places.coverSoft(to, ct);
    }
    // Two different workers change independently: a moves sA -> sB, b moves sB -> sA.
    if (a >= 0) {
      this.workerMove(a, srA, srB, sA, sB);
      dh += this.wh;
      ds += this.ws;
    }
    if (b >= 0) {
      this.workerMove(b, srB, srA, sB, sA);
      dh += this.wh;
      ds += this.ws;
    }
    this.dHard = dh;
    this.dSoft = ds;
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

  /** Worker w gains (sign 1) or loses (sign -1) a distinct slot: the state and the caches follow. */
  private workerApply(w: number, s: number, sign: number): void {
    this.workers.moveHeld(w, s, sign);
    this.workers.countsApply(w, s, sign);
    if (this.weeklyRest.applies(w)) this.weeklyRest.refresh(w, s);
  }

  /** Places of slot s that worker w holds (a slot has only a handful of places, side by side). */
  private countInSlot(w: number, s: number): number {
    const placeWorker = this.placeWorker;
    const end = this.slotFirstPlace[s + 1];
    let n = 0;
    for (let p = this.slotFirstPlace[s]; p < end; p++) if (placeWorker[p] === w) n++;
    return n;
  }

  /**
   * Change (into wh / ws) when worker w gives up one place (slot-role srFrom, slot `from`) for one
   * (srTo, `to`): the place constraints of both, then the dynamic rules when the slots differ.
   */
  private workerMove(w: number, srFrom: number, srTo: number, from: number, to: number): void {
    const places = this.places;
    places.staticOf(srTo, w);
    let dh = places.hard;
    let ds = places.soft;
    places.staticOf(srFrom, w);
    dh -= places.hard;
    ds -= places.soft;
    if (from === to) {
      this.wh = dh;
      this.ws = ds;
      return;
    }
    const mFrom = this.countInSlot(w, from);
    const mTo = this.countInSlot(w, to);
    if (mFrom >= 2) dh += Math.round((mFrom - 2) * this.wDouble) - Math.round((mFrom - 1) * this.wDouble);
    if (mTo >= 1) dh += Math.round(mTo * this.wDouble) - Math.round((mTo - 1) * this.wDouble);
    if (mFrom === 1 && mTo === 0) {
      // Losing `from` changes what `to` lands in: take it out of the counters for a moment and
      // have the held-list walks skip it.
      this.workerDelta(w, from, -1);
      dh += this.wh;
      ds += this.ws;
      this.workers.countsApply(w, from, -1);
      this.workerDelta(w, to, 1, from);
      this.workers.countsApply(w, from, 1);
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

  /**
   * Change (into wh / ws) when worker w gains (sign 1) or loses (sign -1) a distinct slot s, every
   * rule family in turn. `skip`: a held slot to treat as gone (a swap's losing half). The counters
   * already exclude it (see workerMove); only the held list and the weekly-rest caches still hold it.
   */
  private workerDelta(w: number, s: number, sign: number, skip = NONE): void {
    const slotRank = this.ix.slotRank;
    const held = this.workers.held[w];
    const len = held.length;
    // Position of s among the held slots; prev / next are its neighbours without it (and skip).
    const at = this.at;
    const pos = lowerBoundRank(held, slotRank, slotRank[s]);
    const nextPos = sign > 0 ? pos : pos + 1;
    let prev = pos > 0 ? held[pos - 1] : NONE;
    if (prev === skip && prev !== NONE) prev = pos > 1 ? held[pos - 2] : NONE;
    let next = nextPos < len ? held[nextPos] : NONE;
    if (next === skip && next !== NONE) next = nextPos + 1 < len ? held[nextPos + 1] : NONE;
    at.pos = pos;
    at.nextPos = nextPos;
    at.prev = prev;
    at.next = next;

    let dh = sign * this.rest.change(w, s, at, sign, skip);
    if (this.breaks.applies(w)) dh += sign * this.breaks.change(w, s, pos, sign, skip);
    let ds = 0;
    if (this.hours.applies(w)) {
      this.hours.change(w, s, sign);
      dh += this.hours.hard;
      ds += this.hours.soft;
    }
    const d = this.ix.slotDay[s];
    const dayBefore = this.workers.slotsOnDay(w, d);
    // Runs of days change only when the day turns between worked and off.
    if ((sign > 0 ? dayBefore === 0 : dayBefore === 1) && this.runs.applies(w)) dh += sign * this.runs.dayTurnsWorked(w, d);
    if (this.weeklyRest.applies(w)) dh += this.weeklyRest.change(w, s, sign, skip);
    this.counts.change(w, s, sign, dayBefore);
    this.wh = dh + this.counts.hard;
    this.ws = ds + this.counts.soft;
  }
}

/** A Scorer over `problem`, with pinned places filled (and fixed) and then `initial` where it fits. */
export function createScorer(problem: Problem, initial?: readonly Assignment[]): Scorer {
  return new IncrementalScorer(problem, initial);
}
