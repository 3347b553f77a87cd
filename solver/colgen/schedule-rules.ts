// One worker's schedules outside the dynamic programme: branching restrictions, each day's options
// under prices, the rules a schedule is checked against (scheduleCost, a plain scan written apart from
// the programme) and the day-by-day relaxation pricing falls back on past its label budget.

import type { WorkerDayModel } from './day-model.ts';

export interface Schedule {
  /** Per day: index of the option worked (into model.days[d]), or -1 for a day off. */
  readonly picks: Int32Array;
  /** Cost of the schedule under the prices given (constant cost included). */
  readonly cost: number;
}

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
 * A lower bound on the worker's cheapest priced rota with every rule between days dropped: each day on
 * its own, its cheapest option or the day off (the minutes band's charge, never negative, dropped).
 */
export function dayByDayBound(m: WorkerDayModel, price: Float64Array | undefined, restriction: Restriction | undefined): number {
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
export function brokenCaps(m: WorkerDayModel, picks: Int32Array): { types: number[]; weekends: boolean } | undefined {
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
export function optionTables(m: WorkerDayModel, unit: number, price: Float64Array | undefined, restriction: Restriction | undefined): DayOptions[] | undefined {
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
