// The incremental scorer's tables, built once per problem: plain functions from the problem to typed
// arrays and records. Each part of the scorer copies the arrays it reads into fields of its own, so
// the move-by-move code reads its own properties and never goes through these records.
//
// Absent numbers are NaN (every comparison with NaN is false, so NaN acts as "no bound") or -1
// (NONE) for counts; a worker outside a role's holders has no static entry (the scorer computes it
// on first use).

import type { Problem } from '../model.ts';
import type { PlaceConstraint } from '../constraints/types.ts';
import { constraints, getConstraint, isPlaceConstraint, resolveWeight } from '../constraints/index.ts';
import { fortnightBounds } from '../constraints/weekly-rest.ts';
import { breachPen, PROTECTION_BASE } from '../constraints/types.ts';
import { preferenceMatches } from '../constraints/preferences.ts';
import { FAIRNESS_CATEGORIES, FAIRNESS_RULES, slotFairnessMask } from '../constraints/fairness.ts';
import { isFullWeek, type ProblemIndex } from '../constraints/context.ts';
import type { PlaceLayout } from './places.ts';

export const NONE = -1;

export function weightOf(problem: Problem, id: string): number {
  return resolveWeight(problem, getConstraint(id));
}

/** Type id to its index in ix.typeIds. */
export function typeIndexOf(ix: ProblemIndex): Map<string, number> {
  return new Map(ix.typeIds.map((t, i) => [t, i]));
}

export interface WeightedPlaceConstraint {
  readonly c: PlaceConstraint;
  readonly weight: number;
  readonly hard: boolean;
}

/**
 * Every place constraint, in its own units and rounding, per (slot-role, candidate) for the role's
 * holders only (the search only ever tries those; a full slot-role x worker table was 2 x 240 MB at
 * 2,000 workers). Slot-role sr's row starts at staticStart[sr] with one entry per holder of its role,
 * at candPos[roleKey * W + w]; hard and soft side by side (entry i at 2i, 2i + 1: one cache line per
 * random read), in Float32 (half the cache) when every sum is an integer it holds exactly (|v| <= 2^24).
 */
export function staticTable(problem: Problem, ix: ProblemIndex, layout: PlaceLayout) {
  const S = ix.slotCount;
  const W = ix.workerCount;
  const SR = ix.slotRoleCount;
  const holders = layout.roleHolders;
  const srKey = layout.slotRoleKey;
  const candPos = new Int32Array(holders.length * W).fill(NONE);
  holders.forEach((list, key) => list.forEach((w, i) => (candPos[key * W + w] = i)));
  const staticStart = new Int32Array(SR + 1);
  for (let sr = 0; sr < SR; sr++) staticStart[sr + 1] = staticStart[sr] + holders[srKey[sr]].length;
  const table = new Float64Array(2 * staticStart[SR]);
  const placeConstraints: WeightedPlaceConstraint[] = [];
  for (const c of constraints) {
    if (!isPlaceConstraint(c)) continue;
    const weight = resolveWeight(problem, c);
    if (weight === 0) continue;
    placeConstraints.push({ c, weight, hard: c.level === 'hard' });
    const side = c.level === 'hard' ? 0 : 1;
    const base = c.breachBase ?? 0;
    for (let s = 0; s < S; s++) {
      const roles = problem.slots[s].roles.length;
      for (let r = 0; r < roles; r++) {
        const sr = ix.roleOffset[s] + r;
        const list = holders[srKey[sr]];
        const row = staticStart[sr];
        for (let i = 0; i < list.length; i++) {
          const units = c.placeUnits(problem, s, r, list[i]);
          if (units !== 0) table[2 * (row + i) + side] += breachPen(units, weight, base);
        }
      }
    }
  }
  let fits32 = true;
  for (let i = 0; i < table.length && fits32; i++) fits32 = Number.isInteger(table[i]) && Math.abs(table[i]) <= 2 ** 24;
  const staticPen: Float32Array | Float64Array = fits32 ? Float32Array.from(table) : table;
  return { staticPen, staticStart, candPos, srKey, placeConstraints };
}

/** Per slot: its first place (one past the end at S), and the longest travel between two sites. */
export function slotPlaces(ix: ProblemIndex, layout: PlaceLayout) {
  const S = ix.slotCount;
  const slotFirstPlace = new Int32Array(S + 1);
  for (let s = 0; s <= S; s++) slotFirstPlace[s] = layout.slotRoleFirstPlace[ix.roleOffset[s]];
  const maxTravel = ix.travel.reduce((m, t) => Math.max(m, t), 0);
  return { slotFirstPlace, maxTravel };
}

/** Cover bounds and weights per slot-role (a role's own under/over weight wins over the problem's). */
export function coverTables(problem: Problem, ix: ProblemIndex) {
  const SR = ix.slotRoleCount;
  const wUnder = weightOf(problem, 'cover.preferredUnder');
  const wOver = weightOf(problem, 'cover.preferredOver');
  const coverMin = new Int32Array(SR);
  const coverMax = new Int32Array(SR);
  const coverPreferred = new Int32Array(SR);
  const coverPriority = new Float64Array(SR);
  const coverUnderWeight = new Float64Array(SR);
  const coverOverWeight = new Float64Array(SR);
  problem.slots.forEach((slot, s) => {
    slot.roles.forEach((role, r) => {
      const sr = ix.roleOffset[s] + r;
      coverMin[sr] = role.min;
      coverMax[sr] = role.max;
      coverPreferred[sr] = role.preferred;
      coverPriority[sr] = slot.priority;
      coverUnderWeight[sr] = role.underWeight ?? wUnder;
      coverOverWeight[sr] = role.overWeight ?? wOver;
    });
  });
  return { coverMin, coverMax, coverPreferred, coverPriority, coverUnderWeight, coverOverWeight };
}

/** Weights of the dynamic rules (fairness in FAIRNESS_RULES order). */
export function ruleWeights(problem: Problem) {
  return {
    wCoverMin: weightOf(problem, 'cover.min'),
    wCoverMax: weightOf(problem, 'cover.max'),
    wDouble: weightOf(problem, 'cover.doublePlace'),
    wOverlap: weightOf(problem, 'overlap.noOverlap'),
    wRest: weightOf(problem, 'rest.minGap'),
    wPerDay: weightOf(problem, 'rest.maxShiftsPerDay'),
    wTravel: weightOf(problem, 'travel.time'),
    wWeekHard: weightOf(problem, 'hours.weekHard'),
    wWeekSoft: weightOf(problem, 'hours.weekSoft'),
    wTotalHard: weightOf(problem, 'hours.totalHard'),
    wTotalSoft: weightOf(problem, 'hours.totalSoft'),
    wAverage: weightOf(problem, 'hours.averageWeekly'),
    wByType: weightOf(problem, 'hours.maxByType'),
    wMaxRun: weightOf(problem, 'days.maxConsecutive'),
    wMinRun: weightOf(problem, 'days.minConsecutive'),
    wMinOff: weightOf(problem, 'days.minConsecutiveOff'),
    wWeeklyRest: weightOf(problem, 'days.weeklyRest'),
    wRestBreak: weightOf(problem, 'breaks.restBreak'),
    wNight: weightOf(problem, 'hours.nightAverage'),
    wWeekends: weightOf(problem, 'weekends.max'),
    succPenalty: breachPen(1, weightOf(problem, 'successions.forbidden'), PROTECTION_BASE),
    wFair: Float64Array.from(FAIRNESS_RULES, (id) => weightOf(problem, id)),
  };
}

/** Per slot: its longest break and its fairness categories (bit k); per week: bounds and whether full. */
export function calendarTables(problem: Problem, ix: ProblemIndex) {
  const K = ix.weekCount;
  const D = ix.dayCount;
  const slotBreak = Float64Array.from(problem.slots, (slot) => slot.restBreakMinutes ?? 0);
  const slotFair = Uint8Array.from(problem.slots, slotFairnessMask);
  const fullWeek = new Uint8Array(K);
  const weekStartMin = new Float64Array(K);
  const weekEndMin = new Float64Array(K);
  const fortStart = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    fullWeek[k] = isFullWeek(ix, k) ? 1 : 0;
    weekStartMin[k] = problem.days[7 * k].startMin;
    weekEndMin[k] = problem.days[Math.min(7 * k + 6, D - 1)].endMin;
    if (fullWeek[k] === 1) fortStart[k] = fortnightBounds(ix, k)[0];
  }
  return { slotBreak, slotFair, fullWeek, weekStartMin, weekEndMin, fortStart };
}

/**
 * Forbidden successions, de-duplicated like the evaluate's set of rules: for type t, the types
 * forbidden on the next day / on the day before, flattened and as bit masks (all bits past 32 types).
 */
export function successionTables(problem: Problem, T: number, typeIndex: ReadonlyMap<string, number>) {
  const rules = new Set<string>();
  const next: number[][] = Array.from({ length: T }, () => []);
  const prev: number[][] = Array.from({ length: T }, () => []);
  for (const f of problem.forbiddenSuccessions ?? []) {
    const key = `${f.fromTypeId}\u0000${f.toTypeId}`;
    if (rules.has(key)) continue;
    rules.add(key);
    const a = typeIndex.get(f.fromTypeId)!;
    const b = typeIndex.get(f.toTypeId)!;
    next[a].push(b);
    prev[b].push(a);
  }
  const succNextMask = new Int32Array(T);
  const succPrevMask = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    for (const b of next[t]) succNextMask[t] |= T <= 32 ? 1 << b : -1;
    for (const a of prev[t]) succPrevMask[t] |= T <= 32 ? 1 << a : -1;
  }
  const [succNextStart, succNext] = flatten(next);
  const [succPrevStart, succPrev] = flatten(prev);
  return { hasSuccessions: rules.size > 0, succNextMask, succPrevMask, succNextStart, succNext, succPrevStart, succPrev };
}

/** Preferences flattened (slot, day, type: NONE when absent, -2 when unknown), bucketed per (worker, day). */
export function preferenceTables(problem: Problem, ix: ProblemIndex, typeIndex: ReadonlyMap<string, number>) {
  const W = ix.workerCount;
  const D = ix.dayCount;
  const wDesired = weightOf(problem, 'preferences.desired');
  const wUndesired = weightOf(problem, 'preferences.undesired');
  const prefDesired: number[] = [];
  const prefPenalty: number[] = [];
  const prefSlot: number[] = [];
  const prefDay: number[] = [];
  const prefType: number[] = [];
  const buckets: number[][] = Array.from({ length: W * D }, () => []);
  problem.workers.forEach((worker, w) => {
    for (const pref of worker.preferences) {
      const p = prefDesired.length;
      const desired = pref.kind === 'desired';
      prefDesired.push(desired ? 1 : 0);
      prefPenalty.push(Math.round(pref.weight * (desired ? wDesired : wUndesired)));
      prefSlot.push(pref.slotId === undefined ? NONE : (ix.slotIndexById.get(pref.slotId) ?? -2));
      prefDay.push(pref.dayIndex === undefined ? NONE : pref.dayIndex);
      prefType.push(pref.typeId === undefined ? NONE : (typeIndex.get(pref.typeId) ?? -2));
      // Bucket under every day a matching slot could start on (matching is re-checked per slot).
      if (pref.slotId !== undefined) {
        const slot = ix.slotIndexById.get(pref.slotId);
        if (slot !== undefined && preferenceMatches(pref, problem.slots[slot])) buckets[w * D + ix.slotDay[slot]].push(p);
      } else if (pref.dayIndex !== undefined) {
        if (pref.dayIndex >= 0 && pref.dayIndex < D) buckets[w * D + pref.dayIndex].push(p);
      } else {
        for (let d = 0; d < D; d++) buckets[w * D + d].push(p);
      }
    }
  });
  const [prefBucketStart, prefBucket] = flatten(buckets);
  return {
    prefDesired: Uint8Array.from(prefDesired),
    prefPenalty: Float64Array.from(prefPenalty),
    prefSlot: Int32Array.from(prefSlot),
    prefDay: Int32Array.from(prefDay),
    prefType: Int32Array.from(prefType),
    prefBucketStart,
    prefBucket,
    prefCount: new Int32Array(prefDesired.length),
  };
}

/**
 * The dynamic state of the empty rota. Per (worker, day), a record of dayStride words: slots held that
 * day; bit t set when a slot of type t is held (all bits when there are more than 32 types); then,
 * with successions, slots held that day per type. Fairness counts start at each worker's prior;
 * every full week's longest rest is the whole week.
 */
export function emptyState(
  problem: Problem,
  ix: ProblemIndex,
  hasSuccessions: boolean,
  weekStartMin: Float64Array,
  weekEndMin: Float64Array,
) {
  const W = ix.workerCount;
  const D = ix.dayCount;
  const K = ix.weekCount;
  const T = ix.typeIds.length;
  const dayStride = 2 + (hasSuccessions ? T : 0);
  const dayCount = new Int32Array(dayStride * W * D);
  const typeMasks = T <= 32;
  if (!typeMasks) for (let i = 1; i < dayStride * W * D; i += dayStride) dayCount[i] = -1;
  const F = FAIRNESS_CATEGORIES.length;
  const fairCount = new Int32Array(W * F);
  problem.workers.forEach((worker, w) => {
    FAIRNESS_CATEGORIES.forEach((k, i) => {
      fairCount[w * F + i] = worker.fairnessPrior?.[k] ?? 0;
    });
  });
  const restLongest = new Float64Array(W * K);
  const restGapStart = new Float64Array(W * K);
  const restGapEnd = new Float64Array(W * K);
  for (let w = 0; w < W; w++) {
    for (let k = 0; k < K; k++) {
      restLongest[w * K + k] = weekEndMin[k] - weekStartMin[k];
      restGapStart[w * K + k] = weekStartMin[k];
      restGapEnd[w * K + k] = weekEndMin[k];
    }
  }
  const bitWords = (D + 31) >>> 5;
  return {
    held: Array.from({ length: W }, (): number[] => []),
    dayStride,
    dayCount,
    typeMasks,
    weekMinutes: new Float64Array(W * K),
    totalMinutes: new Float64Array(W),
    typeCount: new Int32Array(W * T),
    weekendSlots: new Int32Array(W * ix.weekendCount),
    weekendsWorked: new Int32Array(W),
    fairCount,
    restLongest,
    restGapStart,
    restGapEnd,
    bitWords,
    workedBits: new Int32Array(W * bitWords),
    fortPen: new Float64Array(W * K),
    coverCount: new Int32Array(ix.slotRoleCount),
  };
}

export function flatten(lists: readonly (readonly number[])[]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length;
  const flat = new Int32Array(start[lists.length]);
  for (let i = 0; i < lists.length; i++) flat.set(lists[i], start[i]);
  return [start, flat];
}
