// The dynamic programme of pricing (solver/colgen/pricing.ts), one day at a time. A label is a state
// reached after a day (layout in pricing-layout.ts) with its cheapest cost and the label it came from.
// Each day: every label of the day before takes a day off or one of the day's options (the rules
// between days decide which: runs, days off, successions, minutes, weekends, caps); a label that the
// completion bound says cannot finish under the ceiling is dropped; so is one that a label with fewer
// weekends or capped shifts counted, at no more cost, dominates. At the end the final states are
// charged the minutes band and the cheapest are walked back to schedules.
//
// The dense cost table and the label lists are module buffers reused between calls (one pricing runs
// at a time); the current label's fields are kept on the programme so the hot loop allocates nothing.

import { boundCapsOf, boundChoiceOf, completionBounds, pickBound, recordBound, BOUND_STATE_WORK, type BoundChoice } from './completion-bound.ts';
import type { WorkerDayModel } from './day-model.ts';
import { dayTablesOf, layoutOf, type DayTables, type Layout } from './pricing-layout.ts';
import { minutesPenalty, type DayOptions, type Schedule } from './schedule-rules.ts';

/** Buffers reused between calls. */
let costBuffer = new Float64Array(0);
let posBuffer = new Int32Array(0);
let scratchStates = new Int32Array(0);
let scratchParents = new Int32Array(0);
let scratchChoices = new Int32Array(0);
let keepBuffer = new Uint8Array(0);
let scratchCosts = new Float64Array(0);
/** The state before day 0 (decoded as "first"). */
const START = new Int32Array(1);
const START_COST = new Float64Array(1);
/** How many fewer weekends or capped shifts the dominance test looks back (each look is a lookup). */
const DOMINANCE_DEPTH = 2;
/** Free days all within a span of at most one day in this many: pricing runs without the completion bound. */
const SHORT_SPAN = 4;

export class DayProgramme {
  /** Labels kept so far, over all days. */
  labels = 0;
  private readonly L: Layout;
  private readonly tables: DayTables;
  private readonly H: number;
  private readonly T: number;
  private readonly cost: Float64Array;
  private readonly pos: Int32Array;
  private readonly strideR: number;
  private readonly strideFs: number;
  private readonly strideWk: number;
  private readonly strideM: number;
  private readonly strideL: number;
  private readonly capIndexOfType: Int32Array;
  private readonly limit: number;
  /** Per day, least cost from the next day to the end (completionBounds), when a ceiling is given. */
  private readonly bound: Float64Array[] | undefined;
  /** Without that bound, per day, the least the days after it can add whatever the state (leastAfter). */
  private readonly rest: Float64Array | undefined;
  /** The ceiling that bound prunes at, a little above `limit`: its sums run in another order. */
  private readonly restLimit: number;
  private readonly choice: BoundChoice;
  private readonly picked: number;
  private readonly boundStates: number;
  private readonly Q: number;
  private readonly CBq: number;
  private readonly codeOf: Int32Array;
  private readonly relaxedR: number;
  private readonly relaxedL: number;
  private readonly states: Int32Array[] = [];
  private readonly parents: Int32Array[] = [];
  private readonly choices: Int32Array[] = [];
  private readonly costs: Float64Array[] = [];
  // The day being expanded.
  private count = 0;
  private nextStates = scratchStates;
  private nextParents = scratchParents;
  private nextChoices = scratchChoices;
  // The label being expanded: last type + 1 (0: off), run, edge flag, weekend flag, minutes, weekends, cap code.
  private l = 0;
  private r = 0;
  private fs = 0;
  private wk = 0;
  private mm = 0;
  private nw = 0;
  private c = 0;

  constructor(
    private readonly m: WorkerDayModel,
    private readonly days: readonly DayOptions[],
    ceiling: number | undefined,
  ) {
    const L = layoutOf(m);
    this.L = L;
    this.tables = dayTablesOf(m);
    this.H = m.days.length;
    this.T = m.typeCount;
    if (costBuffer.length < L.N) {
      costBuffer = new Float64Array(L.N).fill(Infinity);
      posBuffer = new Int32Array(L.N);
    }
    this.cost = costBuffer;
    this.pos = posBuffer;
    const { R, M, NW, CP } = L;
    this.strideR = 2 * 2 * M * NW * CP;
    this.strideFs = 2 * M * NW * CP;
    this.strideWk = M * NW * CP;
    this.strideM = NW * CP;
    this.strideL = R * this.strideR;
    this.capIndexOfType = new Int32Array(this.T).fill(-1);
    L.capTypes.forEach((t, i) => (this.capIndexOfType[t] = i));
    this.limit = ceiling === undefined ? Infinity : ceiling - 1e-9;
    // A worker whose every day is decided (a dive fixed their rota) has one schedule: no bound needed.
    // With every free day inside a short span (a window neighbourhood fixes all but a few weeks) the
    // labels are few (one a day before the span, after it no more than the span ends in), and the
    // backward pass over every state of every day costs far more than it prunes.
    let firstFree = -1;
    let lastFree = -1;
    days.forEach((o, d) => {
      if (o.forced !== -1) return;
      if (firstFree < 0) firstFree = d;
      lastFree = d;
    });
    this.choice = boundChoiceOf(m, L);
    const useBound = ceiling !== undefined && firstFree >= 0 && (lastFree - firstFree + 1) * SHORT_SPAN > days.length && this.choice.options.length > 0;
    this.picked = useBound ? pickBound(this.choice) : 0;
    const boundCaps = this.choice.options[this.picked] ?? boundCapsOf(m, L, 1);
    this.bound = useBound ? completionBounds(m, L, boundCaps, days, this.tables) : undefined;
    this.rest = !useBound && ceiling !== undefined ? leastAfter(days) : undefined;
    this.restLimit = this.limit + 1e-6 * Math.max(1, Math.abs(this.limit));
    this.boundStates = useBound ? this.H * (this.T + 1) * R * 2 * M * boundCaps.CB : 0;
    this.Q = M * boundCaps.CB;
    this.CBq = boundCaps.CB;
    this.codeOf = boundCaps.codeOf;
    this.relaxedR = 2 * this.Q;
    this.relaxedL = R * this.relaxedR;
  }

  /** Tells the completion bound's chooser what this call cost, so it learns which bound pays. */
  recordWork(): void {
    if (this.bound) recordBound(this.choice, this.picked, this.labels + this.boundStates * BOUND_STATE_WORK);
  }

  /** Expands day d from the labels of the day before; answers how many labels day d keeps. */
  step(d: number): number {
    const prevStates = d === 0 ? START : this.states[d - 1];
    const prevCosts = d === 0 ? START_COST : this.costs[d - 1];
    this.reserve(Math.min(this.L.N, prevStates.length * (this.days[d].K + 1)));
    this.count = 0;
    for (let p = 0; p < prevStates.length; p++) {
      const first = d === 0;
      if (first) this.l = this.r = this.fs = this.wk = this.mm = this.nw = this.c = 0;
      else this.decode(prevStates[p]);
      const base = first ? this.m.constantCost : prevCosts[p];
      this.dayOff(d, p, base, first);
      this.work(d, p, base, first);
    }
    if (this.L.NW > 1 || this.L.capTypes.length > 0) this.markDominated();
    this.commit();
    return this.count;
  }

  /** The `count` cheapest schedules whose final state keeps the minutes band, cheapest first. */
  cheapest(count: number): Schedule[] {
    const { H, m, L } = this;
    const hardMin = m.minutesHardMin;
    const hardMax = m.minutesHardMax;
    const finals: { pos: number; cost: number }[] = [];
    const last = this.states[H - 1];
    for (let p = 0; p < last.length; p++) {
      // Untracked minutes are either irrelevant (no band) or always 0 (no option has minutes).
      const minutes = L.unit > 0 ? (Math.floor(last[p] / (L.CP * L.NW)) % L.M) * L.unit : 0;
      if (minutes < hardMin || minutes > hardMax) continue;
      const value = this.costs[H - 1][p] + minutesPenalty(m, minutes);
      if (value >= this.limit) continue;
      finals.push({ pos: p, cost: value });
    }
    finals.sort((a, b) => a.cost - b.cost || a.pos - b.pos);
    return finals.slice(0, count).map((f) => {
      const picks = new Int32Array(H);
      let p = f.pos;
      for (let d = H - 1; d >= 0; d--) {
        picks[d] = this.choices[d][p];
        p = this.parents[d][p];
      }
      return { picks, cost: f.cost };
    });
  }

  /** The scratch lists hold a day's labels: at most the previous day's times the options plus 1. */
  private reserve(room: number): void {
    if (scratchStates.length < room) {
      const size = Math.min(this.L.N, Math.max(room, 2 * scratchStates.length));
      scratchStates = new Int32Array(size);
      scratchParents = new Int32Array(size);
      scratchChoices = new Int32Array(size);
    }
    this.nextStates = scratchStates;
    this.nextParents = scratchParents;
    this.nextChoices = scratchChoices;
  }

  private decode(state: number): void {
    const { CP, NW, M, R } = this.L;
    // Integer division (x / y) | 0: V8 keeps it in integer registers.
    let s = state;
    let q = (s / CP) | 0;
    this.c = s - q * CP;
    s = q;
    q = (s / NW) | 0;
    this.nw = s - q * NW;
    s = q;
    q = (s / M) | 0;
    this.mm = s - q * M;
    s = q;
    this.wk = s & 1;
    s = s >> 1;
    this.fs = s & 1;
    s = s >> 1;
    q = (s / this.L.R) | 0;
    this.r = s - q * R + 1;
    this.l = q;
  }

  /** A label reaches `state` at `value` from label p of the day before, by `choice` (-1: off). */
  private reach(state: number, value: number, p: number, choice: number): void {
    const old = this.cost[state];
    if (value >= old) return;
    if (old === Infinity) {
      this.pos[state] = this.count;
      this.nextStates[this.count++] = state;
    }
    const at = this.pos[state];
    this.nextParents[at] = p;
    this.nextChoices[at] = choice;
    this.cost[state] = value;
  }

  private dayOff(d: number, p: number, base: number, first: boolean): void {
    const { m, L, tables } = this;
    if (this.days[d].forced >= 0) return;
    if (L.unit > 0 && this.mm * L.unit + tables.remainAfter[d] < m.minutesHardMin) return;
    let r2: number;
    let fs2: number;
    if (first) {
      r2 = 1;
      fs2 = 1;
    } else if (this.l > 0) {
      if (this.r < m.minRun && !this.fs) return;
      r2 = 1;
      fs2 = 0;
    } else {
      r2 = this.r + 1 > L.R ? L.R : this.r + 1;
      fs2 = this.fs;
    }
    const after = this.bound?.[d];
    if (after && base + after[(r2 - 1) * this.relaxedR + fs2 * this.Q + this.mm * this.CBq + this.codeOf[this.c]] >= this.limit) return;
    if (this.rest && base + this.rest[d] >= this.restLimit) return;
    // After the last day of a weekend the flag no longer matters (the next weekend resets it): merge.
    const wk = tables.closesWeekend[d] === 1 || tables.opensWeekend[d] === 1 ? 0 : this.wk;
    this.reach((r2 - 1) * this.strideR + fs2 * this.strideFs + wk * this.strideWk + this.mm * this.strideM + this.nw * L.CP + this.c, base, p, -1);
  }

  private work(d: number, p: number, base: number, first: boolean): void {
    const { m, L, tables } = this;
    let r2: number;
    let fs2: number;
    if (first) {
      r2 = 1 + m.historyRun;
      fs2 = 1;
    } else if (this.l > 0) {
      r2 = this.r + 1;
      fs2 = this.fs;
    } else {
      if (this.r < m.minOff && !this.fs) return;
      r2 = 1;
      fs2 = 0;
    }
    if (r2 > m.maxRun) return;
    if (r2 > L.R) r2 = L.R;
    let nw2 = this.nw;
    let wk2 = tables.opensWeekend[d] === 1 ? 0 : this.wk;
    if (m.weekendOfDay[d] >= 0 && wk2 === 0) {
      if (L.weekendsTracked) {
        nw2++;
        if (nw2 >= L.NW) return;
      }
      wk2 = 1;
    }
    if (tables.closesWeekend[d] === 1) wk2 = 0;
    const partial = (r2 - 1) * this.strideR + fs2 * this.strideFs + wk2 * this.strideWk + nw2 * L.CP;
    const { K, allowed, optType, optUnits, optCost } = this.days[d];
    const remain = tables.remainAfter[d];
    const after = this.bound?.[d];
    const rest = this.rest ? this.rest[d] : -Infinity;
    for (let i = 0; i < K; i++) {
      if (!allowed[i]) continue;
      const t = optType[i];
      if (this.l > 0 && m.forbiddenNext[(this.l - 1) * this.T + t]) continue;
      let mm2 = this.mm;
      if (L.unit > 0) {
        mm2 += optUnits[i];
        if (mm2 >= L.M || mm2 * L.unit > m.minutesHardMax || mm2 * L.unit + remain < m.minutesHardMin) continue;
      }
      let c2 = this.c;
      const ci = this.capIndexOfType[t];
      if (ci >= 0) {
        const countNow = Math.floor(this.c / L.capStride[ci]) % L.capRadix[ci];
        if (countNow + 1 >= L.capRadix[ci]) continue;
        c2 += L.capStride[ci];
      }
      const value = base + optCost[i];
      if (value + rest >= this.restLimit) continue;
      if (after && value + after[(t + 1) * this.relaxedL + (r2 - 1) * this.relaxedR + fs2 * this.Q + mm2 * this.CBq + this.codeOf[c2]] >= this.limit) continue;
      this.reach((t + 1) * this.strideL + partial + mm2 * this.strideM + c2, value, p, i);
    }
  }

  /**
   * Dominance: a state that differs only by fewer weekends counted, or fewer shifts of a capped type,
   * and costs no more, can finish every way this one can, at the same cost (keepBuffer[k] = 0).
   */
  private markDominated(): void {
    const { L, cost } = this;
    const CP = L.CP;
    if (keepBuffer.length < this.count) keepBuffer = new Uint8Array(Math.max(this.count, 2 * keepBuffer.length));
    for (let k = 0; k < this.count; k++) {
      const st = this.nextStates[k];
      const v = cost[st];
      let keep = 1;
      if (L.NW > 1) {
        const nw = ((st / CP) | 0) % L.NW;
        const top = nw < DOMINANCE_DEPTH ? nw : DOMINANCE_DEPTH;
        for (let j = 1; j <= top; j++) if (cost[st - j * CP] <= v) { keep = 0; break; }
      }
      for (let ci = 0; keep && ci < L.capStride.length; ci++) {
        const digit = ((st / L.capStride[ci]) | 0) % L.capRadix[ci];
        const top = digit < DOMINANCE_DEPTH ? digit : DOMINANCE_DEPTH;
        for (let j = 1; j <= top; j++) if (cost[st - j * L.capStride[ci]] <= v) { keep = 0; break; }
      }
      keepBuffer[k] = keep;
    }
  }

  /** Keeps the day's undominated labels (and clears the dense table for the next day). */
  private commit(): void {
    const { cost } = this;
    const pruning = this.L.NW > 1 || this.L.capTypes.length > 0;
    if (scratchCosts.length < this.count) scratchCosts = new Float64Array(Math.max(this.count, 2 * scratchCosts.length));
    let kept = 0;
    for (let k = 0; k < this.count; k++) {
      const st = this.nextStates[k];
      const v = cost[st];
      cost[st] = Infinity;
      if (pruning && !keepBuffer[k]) continue;
      this.nextStates[kept] = st;
      this.nextParents[kept] = this.nextParents[k];
      this.nextChoices[kept] = this.nextChoices[k];
      scratchCosts[kept] = v;
      kept++;
    }
    this.count = kept;
    this.labels += kept;
    this.states.push(this.nextStates.slice(0, kept));
    this.parents.push(this.nextParents.slice(0, kept));
    this.choices.push(this.nextChoices.slice(0, kept));
    this.costs.push(scratchCosts.slice(0, kept));
  }
}

/**
 * Per day d, the least cost days d + 1 onwards can add to any label: each day's cheapest allowed
 * option or the day off (the option a pin or branch forces, on a forced day), the minutes band's
 * charge (never negative) left out. State-free, so a ceiling prunes with it at no cost; where every
 * day after a window is forced (window neighbourhoods, dives) it is those days' exact cost, and the
 * labels the window ends in that cannot finish under the ceiling stop there.
 */
export function leastAfter(days: readonly DayOptions[]): Float64Array {
  const H = days.length;
  const out = new Float64Array(H);
  let total = 0;
  for (let d = H - 1; d >= 0; d--) {
    out[d] = total;
    const day = days[d];
    let least = day.forced >= 0 ? day.optCost[day.forced] : 0;
    if (day.forced === -1) for (let i = 0; i < day.K; i++) if (day.allowed[i] && day.optCost[i] < least) least = day.optCost[i];
    total += least;
  }
  return out;
}
