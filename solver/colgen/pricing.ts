// The cheapest legal rota of one worker, by dynamic programming over days (the pricing problem of
// column generation). The state after each day is: last shift type or off, length of the current run
// (of work or of days off), whether that run started on day 0 (edge runs are exempt from the minimum
// run rules), whether the current weekend is already counted, minutes worked so far, weekends worked,
// and counts of the shift types whose cap can bind. Only reachable states are visited; every state
// keeps its cheapest path, and a state is dropped when one with fewer weekends or capped shifts counted
// costs no more (it can finish every way this one can), so the result is exact for the rules of
// WorkerDayModel.

import type { WorkerDayModel } from './day-model.ts';
import { boundCapsOf, boundChoiceOf, completionBounds, pickBound, recordBound, BOUND_STATE_WORK } from './completion-bound.ts';

export interface Schedule {
  /** Per day: index of the option worked (into model.days[d]), or -1 for a day off. */
  readonly picks: Int32Array;
  /** Cost of the schedule under the prices given (constant cost included). */
  readonly cost: number;
}

export interface Layout {
  readonly R: number;
  readonly M: number;
  readonly NW: number;
  readonly capTypes: readonly number[];
  readonly capRadix: readonly number[];
  /** Where each cap's count sits in a state's cap code (the last cap varies fastest). */
  readonly capStride: Int32Array;
  readonly CP: number;
  readonly N: number;
  /** Minutes unit (gcd of option minutes); 0 when minutes are not tracked. */
  readonly unit: number;
  readonly weekendsTracked: boolean;
}

const layouts = new WeakMap<WorkerDayModel, Layout>();

/**
 * Most states in one worker's dense table (a cost and a position each: 12 bytes, so about 200 MB).
 * Caps that would pass it stay out of the state: pricing then answers for a relaxation, which still
 * bounds (it lowers costs) but whose rotas may break those caps.
 */
export const MAX_PRICING_STATES = 1 << 24;
/** Most labels one call keeps over all days (16 bytes each); past it the call stops. */
export const MAX_PRICING_LABELS = 1 << 23;
/** Labels between two looks at the deadline within one call (a few milliseconds of work). */
const LATE_CHECK_LABELS = 200_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Caps (per type, weekends) enter the state only once a cheapest schedule has broken them: most
 * never bind at the prices column generation meets, and each one multiplies the states.
 */
interface ActiveCaps {
  readonly types: Uint8Array;
  weekends: boolean;
}
const active = new WeakMap<WorkerDayModel, ActiveCaps>();

function activeOf(m: WorkerDayModel): ActiveCaps {
  let a = active.get(m);
  if (!a) {
    a = { types: new Uint8Array(m.typeCount), weekends: false };
    active.set(m, a);
  }
  return a;
}

/** Runs, minutes and their unit: the part of the state every layout has. */
function baseDimensions(m: WorkerDayModel): { R: number; M: number; unit: number } {
  const onCap = Number.isFinite(m.maxRun) ? Math.max(m.maxRun, m.minRun) : m.minRun;
  const R = Math.max(1, onCap, m.minOff);
  let unit = 0;
  let total = 0;
  for (const day of m.days) {
    let most = 0;
    for (const o of day) {
      if (!Number.isInteger(o.minutes) || o.minutes < 0) throw new Error(`pricing: option minutes must be whole, got ${o.minutes}`);
      unit = gcd(unit, o.minutes);
      most = Math.max(most, o.minutes);
    }
    total += most;
  }
  const tracksMinutes =
    m.minutesHardMin > 0 || Number.isFinite(m.minutesHardMax) || (m.minutesSoftWeight > 0 && (m.minutesSoftMin > 0 || Number.isFinite(m.minutesSoftMax)));
  if (!tracksMinutes || unit === 0) unit = 0;
  const M = unit === 0 ? 1 : Math.floor(Math.min(total, m.minutesHardMax) / unit) + 1;
  return { R, M, unit };
}

/** States of the dense table with these caps in the state. */
function stateCount(m: WorkerDayModel, types: Uint8Array, weekends: boolean): number {
  const { R, M } = baseDimensions(m);
  let n = (m.typeCount + 1) * R * 2 * 2 * M * (weekends && Number.isFinite(m.maxWeekends) ? m.maxWeekends + 1 : 1);
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && types[t]) n *= m.typeCap[t] + 1;
  return n;
}

/** Whether a worker can be priced at all: the states without any cap fit the budget. */
export function fitsPricingBudget(m: WorkerDayModel): boolean {
  return stateCount(m, new Uint8Array(m.typeCount), false) <= MAX_PRICING_STATES;
}

function layoutOf(m: WorkerDayModel): Layout {
  const cached = layouts.get(m);
  if (cached) return cached;
  const on = activeOf(m);
  const { R, M, unit } = baseDimensions(m);
  const weekendsTracked = on.weekends && Number.isFinite(m.maxWeekends);
  const NW = weekendsTracked ? m.maxWeekends + 1 : 1;
  const capTypes: number[] = [];
  const capRadix: number[] = [];
  for (let t = 0; t < m.typeCount; t++) {
    if (m.typeCap[t] >= 0 && on.types[t]) {
      capTypes.push(t);
      capRadix.push(m.typeCap[t] + 1);
    }
  }
  const CP = capRadix.reduce((a, b) => a * b, 1);
  const capStride = new Int32Array(capTypes.length);
  for (let i = capTypes.length - 1, s = 1; i >= 0; i--) {
    capStride[i] = s;
    s *= capRadix[i];
  }
  const N = (m.typeCount + 1) * R * 2 * 2 * M * NW * CP;
  if (N > MAX_PRICING_STATES) throw new Error(`pricing: ${N} states for worker ${m.worker} pass the budget (${MAX_PRICING_STATES}); check fitsPricingBudget first`);
  const layout = { R, M, NW, capTypes, capRadix, capStride, CP, N, unit, weekendsTracked };
  layouts.set(m, layout);
  return layout;
}

export interface DayTables {
  /** Most minutes still workable after each day (drops states that cannot reach the minimum). */
  readonly remainAfter: Float64Array;
  /** Most minutes workable up to and including each day. */
  readonly mostUpTo: Float64Array;
  /** Day opens a weekend not seen before (the counted flag resets). */
  readonly opensWeekend: Uint8Array;
  /** Day is the last of its weekend. */
  readonly closesWeekend: Uint8Array;
}
const dayTables = new WeakMap<WorkerDayModel, DayTables>();

function dayTablesOf(m: WorkerDayModel): DayTables {
  const cached = dayTables.get(m);
  if (cached) return cached;
  const H = m.days.length;
  const mostOn = m.days.map((day) => day.reduce((a, o) => Math.max(a, o.minutes), 0));
  const mostEver = mostOn.reduce((a, b) => Math.max(a, b), 0);
  // Most days workable in days i..H-1 after a day off, when runs are capped (every run of maxRun + 1
  // days has a day off): g[r] for a run of r days just before day i.
  const cap = Number.isFinite(m.maxRun) ? m.maxRun : H;
  let g = new Float64Array(cap + 1);
  const workableAfter = new Float64Array(H);
  for (let i = H - 1; i >= 0; i--) {
    workableAfter[i] = g[0];
    const next = new Float64Array(cap + 1);
    for (let r = 0; r <= cap; r++) {
      const work = r < cap && mostOn[i] > 0 ? 1 + g[Math.min(cap, r + 1)] : -Infinity;
      next[r] = Math.max(g[0], work);
    }
    g = next;
  }
  const remainAfter = new Float64Array(H);
  for (let d = H - 2; d >= 0; d--) remainAfter[d] = remainAfter[d + 1] + mostOn[d + 1];
  for (let d = 0; d < H; d++) remainAfter[d] = Math.min(remainAfter[d], workableAfter[d] * mostEver);
  const opensWeekend = new Uint8Array(H);
  const closesWeekend = new Uint8Array(H);
  let latest = -1;
  for (let d = 0; d < H; d++) {
    const group = m.weekendOfDay[d];
    if (group >= 0 && group !== latest) {
      opensWeekend[d] = 1;
      latest = group;
    }
  }
  const seen = new Set<number>();
  for (let d = H - 1; d >= 0; d--) {
    const group = m.weekendOfDay[d];
    if (group >= 0 && !seen.has(group)) {
      closesWeekend[d] = 1;
      seen.add(group);
    }
  }
  const mostUpTo = new Float64Array(H);
  for (let d = 0; d < H; d++) mostUpTo[d] = (d > 0 ? mostUpTo[d - 1] : 0) + mostOn[d];
  const tables = { remainAfter, mostUpTo, opensWeekend, closesWeekend };
  dayTables.set(m, tables);
  return tables;
}

/** Buffers reused between calls (one pricing runs at a time). */
let costBuffer = new Float64Array(0);
let posBuffer = new Int32Array(0);
let scratchStates = new Int32Array(0);
let scratchParents = new Int32Array(0);
let scratchChoices = new Int32Array(0);
/** The state before day 0 (decoded as "first" in the loop). */
const START = new Int32Array(1);
const START_COST = new Float64Array(1);

/** Branching decisions on one worker's days (branch and price). */
export interface Restriction {
  /** Per day: -1 free, -2 must be off, i >= 0 must work option i. */
  readonly forced: Int32Array;
  /** Per day: bit set of options that may not be worked (bit i = option i). */
  readonly banned: readonly (readonly number[])[];
}

/** Whether a schedule keeps a worker's branching decisions. */
export function keepsRestriction(picks: Int32Array, r: Restriction): boolean {
  for (let d = 0; d < picks.length; d++) {
    const f = r.forced[d];
    if (f === -2 && picks[d] >= 0) return false;
    if (f >= 0 && picks[d] !== f) return false;
    if (picks[d] >= 0 && r.banned[d].includes(picks[d])) return false;
  }
  return true;
}

/**
 * The cheapest legal schedules of a worker when working the option with slot-role index k earns
 * -price[k] on top of the option's own cost. Returns up to `count` schedules, cheapest first, each
 * ending in a different final state; an empty list when the worker has no legal schedule.
 *
 * With a ceiling (the priced cost of a schedule known to be legal, such as a column already in the
 * master) only schedules strictly cheaper are sought, and an empty list means there is none: partial
 * schedules that cannot finish below the ceiling are dropped early, which near convergence is most.
 */
export function priceWorker(m: WorkerDayModel, price: Float64Array | undefined, count = 1, restriction?: Restriction, ceiling?: number): Schedule[] {
  return priceSchedules(m, { price, count, restriction, ceiling }).schedules;
}

export interface PricingQuery {
  readonly price?: Float64Array;
  /** Schedules wanted at most (each ending in a different final state). Default 1. */
  readonly count?: number;
  readonly restriction?: Restriction;
  readonly ceiling?: number;
  /** Checked once a day of the programme: true stops the call (answer `stopped`). */
  readonly late?: () => boolean;
}

export interface PricingAnswer {
  /** Legal schedules, cheapest first. */
  readonly schedules: Schedule[];
  /**
   * The least priced cost the programme found (below the ceiling, when one was given), or undefined
   * when it found none. When `exact` it is the cheapest legal schedule's; otherwise some cap could not
   * enter the state budget and it is the cheapest of a relaxation: a lower value, still a valid bound.
   */
  readonly least: number | undefined;
  readonly exact: boolean;
  /** The call stopped early (late, or past the label budget): it says nothing. */
  readonly stopped: boolean;
}


/** The cheapest legal schedules of a worker under the prices (see priceWithActiveCaps). */
export function priceSchedules(m: WorkerDayModel, q: PricingQuery): PricingAnswer {
  for (;;) {
    const found = priceWithActiveCaps(m, q.price, q.count ?? 1, q.restriction, q.ceiling, q.late);
    if (found === 'late') return { schedules: [], least: undefined, exact: false, stopped: true };
    // Too many labels to keep: the answer is the day-by-day relaxation's, which still bounds.
    if (found === 'labels') return { schedules: [], least: dayByDayBound(m, q.price, q.restriction), exact: false, stopped: false };
    if (found.length === 0) return { schedules: [], least: undefined, exact: true, stopped: false };
    // The cheapest schedule decides: legal means it is the true optimum (the relaxation's is no dearer).
    const broken = brokenCaps(m, found[0].picks);
    const legal = found.filter((s, i) => (i === 0 && !broken) || !brokenCaps(m, s.picks));
    if (!broken) return { schedules: legal, least: found[0].cost, exact: true, stopped: false };
    // The broken caps enter the state, the tightest first, as far as the budget allows.
    const on = activeOf(m);
    const types = Uint8Array.from(on.types);
    let weekends = on.weekends;
    let added = false;
    for (const t of [...broken.types].sort((a, b) => m.typeCap[a] - m.typeCap[b])) {
      types[t] = 1;
      if (stateCount(m, types, weekends) <= MAX_PRICING_STATES) added = true;
      else types[t] = 0;
    }
    if (broken.weekends && stateCount(m, types, true) <= MAX_PRICING_STATES) {
      weekends = true;
      added = true;
    }
    // None fits: the answer is for a relaxation that keeps these caps out.
    if (!added) return { schedules: legal, least: found[0].cost, exact: false, stopped: false };
    on.types.set(types);
    on.weekends = weekends;
    layouts.delete(m);
  }
}

/**
 * A lower bound on the worker's cheapest priced rota with every rule between days dropped: each day on
 * its own, its cheapest option or the day off (the minutes band's charge, never negative, dropped).
 */
function dayByDayBound(m: WorkerDayModel, price: Float64Array | undefined, restriction: Restriction | undefined): number {
  const days = optionTables(m, 0, price, restriction);
  if (!days) return Infinity;
  let total = m.constantCost;
  for (const day of days) {
    let least = day.forced === -1 || day.forced === -2 ? 0 : Infinity;
    for (let i = 0; i < day.K; i++) if (day.allowed[i]) least = Math.min(least, day.optCost[i]);
    if (day.forced >= 0) least = day.optCost[day.forced];
    total += Math.min(least, day.forced >= 0 ? least : 0);
  }
  return total;
}

/** The caps a schedule breaks among those not yet in the state, or undefined when it keeps them. */
function brokenCaps(m: WorkerDayModel, picks: Int32Array): { types: number[]; weekends: boolean } | undefined {
  const counts = new Int32Array(m.typeCount);
  const weekends = new Set<number>();
  picks.forEach((i, d) => {
    if (i < 0) return;
    counts[m.days[d][i].type]++;
    if (m.weekendOfDay[d] >= 0) weekends.add(m.weekendOfDay[d]);
  });
  const types: number[] = [];
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && counts[t] > m.typeCap[t]) types.push(t);
  const overWeekends = weekends.size > m.maxWeekends;
  return types.length > 0 || overWeekends ? { types, weekends: overWeekends } : undefined;
}

/** The soft minutes band's charge on a schedule's total minutes. */
export function minutesPenalty(m: WorkerDayModel, minutes: number): number {
  if (!(m.minutesSoftWeight > 0)) return 0;
  if (minutes < m.minutesSoftMin) return Math.round((m.minutesSoftMin - minutes) * m.minutesSoftWeight);
  if (minutes > m.minutesSoftMax) return Math.round((minutes - m.minutesSoftMax) * m.minutesSoftWeight);
  return 0;
}

/** One day's options as the dynamic programme reads them. */
export interface DayOptions {
  readonly K: number;
  /** The option a pin or a branch forces (-2: a branch forces the day off; -1: free). */
  readonly forced: number;
  readonly allowed: Uint8Array;
  readonly optType: Int32Array;
  /** Minutes in the layout's unit. */
  readonly optUnits: Int32Array;
  /** Own cost less the price. */
  readonly optCost: Float64Array;
}

/** Per day, what may be worked and at what priced cost; undefined when a branch contradicts a pin. */
function optionTables(m: WorkerDayModel, unit: number, price: Float64Array | undefined, restriction: Restriction | undefined): DayOptions[] | undefined {
  const out: DayOptions[] = [];
  for (let d = 0; d < m.days.length; d++) {
    const options = m.days[d];
    const K = options.length;
    const pinned = m.forced[d];
    const branch = restriction ? restriction.forced[d] : -1;
    const banned = restriction ? restriction.banned[d] : [];
    // A pinned place wins; a branch that contradicts it leaves no schedule.
    if (pinned >= 0 && (branch === -2 || (branch >= 0 && branch !== pinned) || banned.includes(pinned))) return undefined;
    const forced = pinned >= 0 ? pinned : branch;
    const mustBeOff = branch === -2;
    const allowed = new Uint8Array(K);
    const optType = new Int32Array(K);
    const optUnits = new Int32Array(K);
    const optCost = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      const o = options[i];
      allowed[i] = mustBeOff || (forced >= 0 && i !== forced) || (banned.length > 0 && banned.includes(i)) ? 0 : 1;
      optType[i] = o.type;
      optUnits[i] = unit > 0 ? o.minutes / unit : 0;
      optCost[i] = o.cost - (price ? price[o.slotRole] : 0);
    }
    out.push({ K, forced, allowed, optType, optUnits, optCost });
  }
  return out;
}

let keepBuffer = new Uint8Array(0);
let scratchCosts = new Float64Array(0);
/** How many fewer weekends or capped shifts the dominance test looks back (each look is a lookup). */
const DOMINANCE_DEPTH = 2;

function priceWithActiveCaps(
  m: WorkerDayModel,
  price: Float64Array | undefined,
  count: number,
  restriction: Restriction | undefined,
  ceiling: number | undefined,
  late?: () => boolean,
): Schedule[] | 'late' | 'labels' {
  const L = layoutOf(m);
  const { R, M, NW, CP, N, unit } = L;
  const H = m.days.length;
  const T = m.typeCount;
  if (costBuffer.length < N) {
    costBuffer = new Float64Array(N).fill(Infinity);
    posBuffer = new Int32Array(N);
  }
  const cost = costBuffer;
  const pos = posBuffer;

  const { remainAfter, opensWeekend, closesWeekend } = dayTablesOf(m);

  const capIndexOfType = new Int32Array(T).fill(-1);
  L.capTypes.forEach((t, i) => (capIndexOfType[t] = i));
  const capStride = L.capStride;

  // Per day: the states reached, their parent (position in the previous day's list), choice and cost.
  // The scratch lists only need a day's labels: at most the previous day's times the options plus 1.
  let nextStates = scratchStates;
  let nextParents = scratchParents;
  let nextChoices = scratchChoices;
  const states: Int32Array[] = [];
  const parents: Int32Array[] = [];
  const choices: Int32Array[] = [];
  const costs: Float64Array[] = [];

  const hardMin = m.minutesHardMin;
  const hardMax = m.minutesHardMax;
  const capsWeekends = L.weekendsTracked;
  const strideR = 2 * 2 * M * NW * CP;
  const strideFs = 2 * M * NW * CP;
  const strideWk = M * NW * CP;
  const strideM = NW * CP;
  const strideNw = CP;
  const strideL = R * strideR;
  const maxRun = m.maxRun;
  const minRun = m.minRun;
  const minOff = m.minOff;
  const historyRun = m.historyRun;

  const dayOptions = optionTables(m, unit, price, restriction);
  if (!dayOptions) return [];
  // A worker whose every day is decided (a dive fixed their rota) has one schedule: no bound needed.
  const someDayFree = dayOptions.some((o) => o.forced === -1);
  const choice = boundChoiceOf(m, L);
  const useBound = ceiling !== undefined && someDayFree && choice.options.length > 0;
  const picked = useBound ? pickBound(choice) : 0;
  const boundCaps = choice.options[picked] ?? boundCapsOf(m, L, 1);
  const bound = useBound ? completionBounds(m, L, boundCaps, dayOptions, dayTablesOf(m)) : undefined;
  let labels = 0;
  const boundStates = useBound ? H * (T + 1) * R * 2 * M * boundCaps.CB : 0;
  const recordWork = (): void => {
    if (useBound) recordBound(choice, picked, labels + boundStates * BOUND_STATE_WORK);
  };
  const limit = ceiling === undefined ? Infinity : ceiling - 1e-9;
  const Q = M * boundCaps.CB;
  const CBq = boundCaps.CB;
  const codeOf = boundCaps.codeOf;
  const relaxedR = 2 * Q;
  const relaxedL = R * relaxedR;

  // The clock is read rarely: every LATE_CHECK_LABELS labels (a long call), never in a short one.
  let nextLateCheck = LATE_CHECK_LABELS;
  for (let d = 0; d < H; d++) {
    if (labels > MAX_PRICING_LABELS) return 'labels';
    if (labels >= nextLateCheck) {
      nextLateCheck = labels + LATE_CHECK_LABELS;
      if (late && late()) return 'late';
    }
    let count = 0;
    const { K, forced, allowed, optType, optUnits, optCost } = dayOptions[d];
    const optCap = new Int32Array(K);
    for (let i = 0; i < K; i++) optCap[i] = capIndexOfType[optType[i]];
    const weekend = m.weekendOfDay[d] >= 0;
    const reset = opensWeekend[d] === 1;
    // After the last day of a weekend the flag no longer matters (the next weekend resets it): merge.
    const closes = closesWeekend[d] === 1;
    const remain = remainAfter[d];
    // Least cost from tomorrow to the end, by (last type, run, edge flag, minutes): see completionBounds.
    const after = bound ? bound[d] : undefined;
    const prevStates = d === 0 ? START : states[d - 1];
    const prevCosts = d === 0 ? START_COST : costs[d - 1];
    const P = prevStates.length;
    const room = Math.min(N, P * (K + 1));
    if (scratchStates.length < room) {
      const size = Math.min(N, Math.max(room, 2 * scratchStates.length));
      scratchStates = new Int32Array(size);
      scratchParents = new Int32Array(size);
      scratchChoices = new Int32Array(size);
    }
    nextStates = scratchStates;
    nextParents = scratchParents;
    nextChoices = scratchChoices;
    for (let p = 0; p < P; p++) {
      const first = d === 0;
      let l = 0;
      let r = 0;
      let fs = 0;
      let wk = 0;
      let mm = 0;
      let nw = 0;
      let c = 0;
      if (!first) {
        // Integer division (x / y) | 0: V8 keeps it in integer registers.
        let s = prevStates[p];
        let q = (s / CP) | 0;
        c = s - q * CP;
        s = q;
        q = (s / NW) | 0;
        nw = s - q * NW;
        s = q;
        q = (s / M) | 0;
        mm = s - q * M;
        s = q;
        wk = s & 1;
        s = s >> 1;
        fs = s & 1;
        s = s >> 1;
        q = (s / R) | 0;
        r = s - q * R + 1;
        l = q;
      }
      const base = first ? m.constantCost : prevCosts[p];
      const wkToday = reset ? 0 : wk;

      // A day off.
      if (forced < 0 && !(unit > 0 && mm * unit + remain < hardMin)) {
        let r2: number;
        let fs2: number;
        let ok = true;
        if (first) {
          r2 = 1;
          fs2 = 1;
        } else if (l > 0) {
          if (r < minRun && !fs) ok = false;
          r2 = 1;
          fs2 = 0;
        } else {
          r2 = r + 1 > R ? R : r + 1;
          fs2 = fs;
        }
        if (ok && after && base + after[(r2 - 1) * relaxedR + fs2 * Q + mm * CBq + codeOf[c]] >= limit) ok = false;
        if (ok) {
          const state = (r2 - 1) * strideR + fs2 * strideFs + (closes ? 0 : wkToday) * strideWk + mm * strideM + nw * strideNw + c;
          const old = cost[state];
          if (base < old) {
            if (old === Infinity) {
              pos[state] = count;
              nextStates[count++] = state;
            }
            const at = pos[state];
            nextParents[at] = p;
            nextChoices[at] = -1;
            cost[state] = base;
          }
        }
      }

      // Work, one option at a time.
      let r2: number;
      let fs2: number;
      if (first) {
        r2 = 1 + historyRun;
        fs2 = 1;
      } else if (l > 0) {
        r2 = r + 1;
        fs2 = fs;
      } else {
        if (r < minOff && !fs) continue;
        r2 = 1;
        fs2 = 0;
      }
      if (r2 > maxRun) continue;
      if (r2 > R) r2 = R;
      let nw2 = nw;
      let wk2 = wkToday;
      if (weekend && wk2 === 0) {
        if (capsWeekends) {
          nw2++;
          if (nw2 >= NW) continue;
        }
        wk2 = 1;
      }
      if (closes) wk2 = 0;
      const partial = (r2 - 1) * strideR + fs2 * strideFs + wk2 * strideWk + nw2 * strideNw;
      for (let i = 0; i < K; i++) {
        if (!allowed[i]) continue;
        const t = optType[i];
        if (l > 0 && m.forbiddenNext[(l - 1) * T + t]) continue;
        let mm2 = mm;
        if (unit > 0) {
          mm2 += optUnits[i];
          if (mm2 >= M || mm2 * unit > hardMax || mm2 * unit + remain < hardMin) continue;
        }
        let c2 = c;
        const ci = optCap[i];
        if (ci >= 0) {
          const countNow = Math.floor(c / capStride[ci]) % L.capRadix[ci];
          if (countNow + 1 >= L.capRadix[ci]) continue;
          c2 += capStride[ci];
        }
        const value = base + optCost[i];
        if (after && value + after[(t + 1) * relaxedL + (r2 - 1) * relaxedR + fs2 * Q + mm2 * CBq + codeOf[c2]] >= limit) continue;
        const state = (t + 1) * strideL + partial + mm2 * strideM + c2;
        const old = cost[state];
        if (value < old) {
          if (old === Infinity) {
            pos[state] = count;
            nextStates[count++] = state;
          }
          const at = pos[state];
          nextParents[at] = p;
          nextChoices[at] = i;
          cost[state] = value;
        }
      }
    }
    // Dominance: a state that differs only by fewer weekends counted, or fewer shifts of a capped
    // type, and costs no more, can finish every way this one can, at the same cost.
    if (NW > 1 || L.capTypes.length > 0) {
      if (keepBuffer.length < count) keepBuffer = new Uint8Array(Math.max(count, 2 * keepBuffer.length));
      for (let k = 0; k < count; k++) {
        const st = nextStates[k];
        const v = cost[st];
        let keep = 1;
        if (NW > 1) {
          const nw = ((st / CP) | 0) % NW;
          const top = nw < DOMINANCE_DEPTH ? nw : DOMINANCE_DEPTH;
          for (let j = 1; j <= top; j++) if (cost[st - j * CP] <= v) { keep = 0; break; }
        }
        for (let ci = 0; keep && ci < capStride.length; ci++) {
          const digit = ((st / capStride[ci]) | 0) % L.capRadix[ci];
          const top = digit < DOMINANCE_DEPTH ? digit : DOMINANCE_DEPTH;
          for (let j = 1; j <= top; j++) if (cost[st - j * capStride[ci]] <= v) { keep = 0; break; }
        }
        keepBuffer[k] = keep;
      }
    }
    if (scratchCosts.length < count) scratchCosts = new Float64Array(Math.max(count, 2 * scratchCosts.length));
    const dayCosts = scratchCosts;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const st = nextStates[k];
      const v = cost[st];
      cost[st] = Infinity;
      if ((NW > 1 || L.capTypes.length > 0) && !keepBuffer[k]) continue;
      nextStates[kept] = st;
      nextParents[kept] = nextParents[k];
      nextChoices[kept] = nextChoices[k];
      dayCosts[kept] = v;
      kept++;
    }
    count = kept;
    labels += count;
    states.push(nextStates.slice(0, count));
    parents.push(nextParents.slice(0, count));
    choices.push(nextChoices.slice(0, count));
    costs.push(dayCosts.slice(0, count));
    if (count === 0) {
      recordWork();
      return [];
    }
  }
  recordWork();

  // Final states: the minutes band; runs reaching the end are exempt from the minimum rules.
  const finals: { pos: number; cost: number }[] = [];
  const last = states[H - 1];
  for (let p = 0; p < last.length; p++) {
    let value = costs[H - 1][p];
    // Untracked minutes are either irrelevant (no band) or always 0 (no option has minutes).
    const minutes = unit > 0 ? (Math.floor(last[p] / (CP * NW)) % M) * unit : 0;
    if (minutes < hardMin || minutes > hardMax) continue;
    value += minutesPenalty(m, minutes);
    if (value >= limit) continue;
    finals.push({ pos: p, cost: value });
  }
  finals.sort((a, b) => a.cost - b.cost || a.pos - b.pos);
  const out: Schedule[] = [];
  for (const f of finals.slice(0, count)) {
    const picks = new Int32Array(H);
    let p = f.pos;
    for (let d = H - 1; d >= 0; d--) {
      picks[d] = choices[d][p];
      p = parents[d][p];
    }
    out.push({ picks, cost: f.cost });
  }
  return out;
}

/**
 * The cost of a given schedule under the model's own rules (no prices), or undefined when it breaks a
 * rule of the model. Written as a plain scan of the schedule, independent of the dynamic programme.
 */
export function scheduleCost(m: WorkerDayModel, picks: Int32Array): number | undefined {
  const H = m.days.length;
  let cost = m.constantCost;
  let minutes = 0;
  const weekends = new Set<number>();
  const typeCounts = new Int32Array(m.typeCount);
  for (let d = 0; d < H; d++) {
    const i = picks[d];
    if (m.forced[d] >= 0 && i !== m.forced[d]) return undefined;
    if (i < 0) continue;
    const o = m.days[d][i];
    if (!o) return undefined;
    cost += o.cost;
    minutes += o.minutes;
    if (m.weekendOfDay[d] >= 0) weekends.add(m.weekendOfDay[d]);
    typeCounts[o.type]++;
    if (d > 0 && picks[d - 1] >= 0 && m.forbiddenNext[m.days[d - 1][picks[d - 1]].type * m.typeCount + o.type]) return undefined;
  }
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && typeCounts[t] > m.typeCap[t]) return undefined;
  if (weekends.size > m.maxWeekends) return undefined;
  if (minutes < m.minutesHardMin || minutes > m.minutesHardMax) return undefined;
  // Runs.
  let start = 0;
  for (let d = 1; d <= H; d++) {
    if (d < H && (picks[d] >= 0) === (picks[start] >= 0)) continue;
    const working = picks[start] >= 0;
    const length = d - start + (working && start === 0 ? m.historyRun : 0);
    const inner = start > 0 && d < H;
    if (working && length > m.maxRun) return undefined;
    if (inner && working && d - start < m.minRun) return undefined;
    if (inner && !working && d - start < m.minOff) return undefined;
    start = d;
  }
  if (m.minutesSoftWeight > 0) {
    if (minutes < m.minutesSoftMin) cost += Math.round((m.minutesSoftMin - minutes) * m.minutesSoftWeight);
    if (minutes > m.minutesSoftMax) cost += Math.round((minutes - m.minutesSoftMax) * m.minutesSoftWeight);
  }
  return cost;
}
