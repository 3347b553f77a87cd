// The shape of one worker's pricing state (solver/colgen/pricing.ts): how a state packs the last
// shift type, the run and its edge flag, the weekend flag, minutes, weekends worked and the counts of
// the capped types; which caps are in the state (added only once a cheapest schedule breaks them);
// the state budget; and the per-day tables the programme reads (minutes still workable, weekends).

import type { WorkerDayModel } from './day-model.ts';

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
export function stateCount(m: WorkerDayModel, types: Uint8Array, weekends: boolean): number {
  const { R, M } = baseDimensions(m);
  let n = (m.typeCount + 1) * R * 2 * 2 * M * (weekends && Number.isFinite(m.maxWeekends) ? m.maxWeekends + 1 : 1);
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && types[t]) n *= m.typeCap[t] + 1;
  return n;
}

/** Whether a worker can be priced at all: the states without any cap fit the budget. */
export function fitsPricingBudget(m: WorkerDayModel): boolean {
  return stateCount(m, new Uint8Array(m.typeCount), false) <= MAX_PRICING_STATES;
}

export function layoutOf(m: WorkerDayModel): Layout {
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

export function dayTablesOf(m: WorkerDayModel): DayTables {
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

/**
 * Puts the caps a cheapest schedule broke into the state, the tightest first, as far as the state
 * budget allows. False when none fits: pricing then answers for a relaxation that keeps them out.
 */
export function admitBrokenCaps(m: WorkerDayModel, broken: { readonly types: readonly number[]; readonly weekends: boolean }): boolean {
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
  if (!added) return false;
  on.types.set(types);
  on.weekends = weekends;
  layouts.delete(m);
  return true;
}
