// A worker's rota as a walk over days: on each day the worker is off or works one of a few eligible
// (slot, role) options. When every rule of a problem is a rule of such walks (runs, days off, weekends,
// per-type caps, forbidden successions, hours over the rota, one-day requests), the best rota for one
// worker is a shortest path over days, and the whole problem splits into per-worker columns tied
// together only by cover: the setting of column generation. buildDayModels checks that the problem is
// of that kind and says why not otherwise; the bound column generation gives is only valid then.

import { getConstraint, resolveWeight } from '../constraints/index.ts';
import { indexProblem, type ProblemIndex } from '../constraints/context.ts';
import { preferenceMatches } from '../constraints/preferences.ts';
import { pen } from '../constraints/types.ts';
import type { Problem, Worker } from '../model.ts';
import { isEligible } from '../milp/eligibility.ts';

export interface DayOption {
  readonly slot: number;
  readonly role: number;
  /** Index of the slot-role pair (indexProblem's roleOffset[slot] + role): its cover rows. */
  readonly slotRole: number;
  /** Shift type, numbered per worker (0..typeCount-1). */
  readonly type: number;
  readonly minutes: number;
  /** Soft cost of working this option, before cover: preferences (desired ones as a saving). */
  readonly cost: number;
}

export interface WorkerDayModel {
  readonly worker: number;
  /** Options per day; an empty list means the worker is off that day. */
  readonly days: readonly (readonly DayOption[])[];
  /** Per day: index of a pinned option that must be worked, or -1. */
  readonly forced: Int32Array;
  /** Cost every schedule pays (each desired request counts as unmet until an option meets it). */
  readonly constantCost: number;
  readonly typeCount: number;
  /** forbiddenNext[a * typeCount + b]: type b may not follow type a on the next day. */
  readonly forbiddenNext: Uint8Array;
  /** Per worker type: the cap when it can bind, else -1. */
  readonly typeCap: Int32Array;
  readonly maxRun: number;
  readonly minRun: number;
  readonly minOff: number;
  /** Working days in a row just before day 0 (count towards maxRun only). */
  readonly historyRun: number;
  readonly maxWeekends: number;
  /**
   * Weekend index of each day (Saturday or Sunday), else -1: the catalogue's (`weekendsOfDays`), so a
   * weekend's days always follow one another, which the walk programme and its bound rely on.
   */
  readonly weekendOfDay: Int32Array;
  readonly minutesHardMin: number;
  readonly minutesHardMax: number;
  readonly minutesSoftMin: number;
  readonly minutesSoftMax: number;
  readonly minutesSoftWeight: number;
}

export type DayModels =
  | { readonly ok: true; readonly models: readonly WorkerDayModel[] }
  | { readonly ok: false; readonly reason: string };

const ZERO_WEIGHT_RULES = ['fairness.weekends', 'fairness.bankHolidays', 'fairness.lates', 'fairness.bankUse'] as const;
/** Spread rules that count only tagged slots: they matter only when some slot carries the tag. */
const TAGGED_SPREAD_RULES = [
  ['fairness.nights', 'night'],
  ['fairness.christmas', 'christmas'],
] as const;

/** What every worker's model reads of the problem. */
interface Shared {
  readonly problem: Problem;
  readonly ix: ProblemIndex;
  readonly weekendOfDay: Int32Array;
  readonly desiredWeight: number;
  readonly undesiredWeight: number;
  readonly softTotalWeight: number;
  readonly maxTravel: number;
}

/** A model, or why the worker's rules are not those of a walk over days. */
type Built<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The per-worker walk models of a problem, or why the problem is not of that kind. */
/** The worker's longest option in minutes (at least 1): the unit the walks count minutes in, as shifts. */
export function longestOptionMinutes(m: WorkerDayModel): number {
  let longest = 1;
  for (const day of m.days) for (const o of day) longest = Math.max(longest, o.minutes);
  return longest;
}

export function buildDayModels(problem: Problem): DayModels {
  for (const id of ZERO_WEIGHT_RULES) {
    if (resolveWeight(problem, getConstraint(id)) !== 0) return { ok: false, reason: `${id} has a weight (not a per-day rule)` };
  }
  for (const [id, tag] of TAGGED_SPREAD_RULES) {
    if (resolveWeight(problem, getConstraint(id)) !== 0 && problem.slots.some((s) => s.tags.includes(tag))) {
      return { ok: false, reason: `${id} has a weight and slots tagged "${tag}" (not a per-day rule)` };
    }
  }
  const payWeight = resolveWeight(problem, getConstraint('cost.pay'));
  const ix = indexProblem(problem);
  let maxTravel = 0;
  for (const t of ix.travel) maxTravel = Math.max(maxTravel, t);
  const shared: Shared = {
    problem,
    ix,
    weekendOfDay: ix.dayWeekend,
    desiredWeight: resolveWeight(problem, getConstraint('preferences.desired')),
    undesiredWeight: resolveWeight(problem, getConstraint('preferences.undesired')),
    softTotalWeight: resolveWeight(problem, getConstraint('hours.totalSoft')),
    maxTravel,
  };
  const models: WorkerDayModel[] = [];
  for (let w = 0; w < problem.workers.length; w++) {
    const worker = problem.workers[w];
    if (payWeight > 0 && worker.costPencePerHour > 0) return { ok: false, reason: `worker ${worker.id}: pay cost is counted` };
    const built = workerModel(shared, w);
    if (!built.ok) return built;
    models.push(built.value);
  }
  return { ok: true, models };
}

function workerModel(shared: Shared, w: number): Built<WorkerDayModel> {
  const { problem } = shared;
  const worker = problem.workers[w];
  const who = `worker ${worker.id}`;
  const ruleAcrossWeeks = acrossWeeks(worker);
  if (ruleAcrossWeeks) return { ok: false, reason: `${who}: ${ruleAcrossWeeks}` };
  const { options, typeLocal, pinnedHere } = optionsOf(shared, w);
  const clash = twoSlotsADay(shared, w, options) ?? restAcrossDays(shared, w, options);
  if (clash) return { ok: false, reason: `${who}: ${clash}` };
  const priced = requestCosts(shared, w, options);
  if (!priced.ok) return { ok: false, reason: `${who}: ${priced.reason}` };
  const { days, constantCost } = priced.value;
  const forced = pinnedOptions(shared, who, days, pinnedHere);
  const { forbiddenNext, typeCap } = typeRules(shared, w, days, typeLocal);
  const band = worker.minutesTotal;
  const softW = shared.softTotalWeight;
  return {
    ok: true,
    value: {
      worker: w,
      days,
      forced,
      constantCost,
      typeCount: typeLocal.size,
      forbiddenNext,
      typeCap,
      maxRun: worker.maxConsecutiveDays ?? Infinity,
      minRun: Math.max(1, worker.minConsecutiveDays ?? 1),
      minOff: Math.max(1, worker.minConsecutiveDaysOff ?? 1),
      historyRun: worker.history?.consecutiveDaysWorked ?? 0,
      maxWeekends: worker.maxWeekends ?? Infinity,
      weekendOfDay: shared.weekendOfDay,
      minutesHardMin: band?.hardMin ?? 0,
      minutesHardMax: band?.hardMax ?? Infinity,
      minutesSoftMin: softW > 0 ? (band?.softMin ?? 0) : 0,
      minutesSoftMax: softW > 0 ? (band?.softMax ?? Infinity) : Infinity,
      minutesSoftWeight: softW,
    },
  };
}

/** A rule of the worker's that a walk over days cannot hold (history's weekly minutes only feed the average). */
function acrossWeeks(worker: Worker): string | undefined {
  if (worker.minutesPerWeek) return 'weekly hours are a per-week rule';
  if (worker.averageWeekly) return 'the Working Time average is a per-week rule';
  if (worker.weeklyRestMinutes !== undefined) return 'weekly rest is a per-week rule';
  if (worker.nightAverage) return "the night workers' average is a per-week rule";
  if (worker.restBreak) return 'rest breaks are a rule across slots';
  if (worker.maxConsecutiveDays !== undefined && (worker.following?.consecutiveDaysWorked ?? 0) > 0) {
    return 'days worked after the horizon extend its last run (not modelled by the walk)';
  }
  return undefined;
}

/** The worker's eligible (slot, role) options per day, their shift types numbered per worker. */
function optionsOf(shared: Shared, w: number): { options: DayOption[][]; typeLocal: Map<number, number>; pinnedHere: Set<string> } {
  const { problem, ix } = shared;
  const worker = problem.workers[w];
  const typeLocal = new Map<number, number>();
  const options: DayOption[][] = Array.from({ length: problem.days.length }, () => []);
  const pinnedHere = new Set<string>();
  for (const a of problem.pinned) if (a.workerId === worker.id) pinnedHere.add(`${a.slotId}|${a.roleId}`);
  for (let s = 0; s < problem.slots.length; s++) {
    const slot = problem.slots[s];
    for (let r = 0; r < slot.roles.length; r++) {
      const pinned = pinnedHere.has(`${slot.id}|${slot.roles[r].roleId}`);
      if (!pinned && !isEligible(worker, slot, r)) continue;
      const globalType = ix.slotType[s];
      let t = typeLocal.get(globalType);
      if (t === undefined) {
        t = typeLocal.size;
        typeLocal.set(globalType, t);
      }
      options[slot.dayIndex].push({ slot: s, role: r, slotRole: ix.roleOffset[s] + r, type: t, minutes: slot.workMinutes, cost: 0 });
    }
  }
  return { options, typeLocal, pinnedHere };
}

/** One shift a day: either the worker's own rule, or the day's options all overlap. */
function twoSlotsADay(shared: Shared, w: number, options: readonly DayOption[][]): string | undefined {
  const { problem } = shared;
  const worker = problem.workers[w];
  if (worker.maxShiftsPerDay !== undefined && worker.maxShiftsPerDay <= 1) return undefined;
  for (let d = 0; d < options.length; d++) {
    const day = options[d];
    for (let i = 0; i < day.length; i++) {
      for (let j = i + 1; j < day.length; j++) {
        const a = problem.slots[day[i].slot];
        const b = problem.slots[day[j].slot];
        if (a.startMin >= b.endMin || b.startMin >= a.endMin) return `may work two slots on ${problem.days[d].label}`;
      }
    }
  }
  return undefined;
}

/** Rest and travel between options on different days must never bind (the walk does not see them). */
function restAcrossDays(shared: Shared, w: number, options: readonly DayOption[][]): string | undefined {
  const { problem, ix } = shared;
  const worker = problem.workers[w];
  const flat = options.flat().sort((a, b) => problem.slots[a.slot].startMin - problem.slots[b.slot].startMin);
  const maxNeed = Math.max(worker.minRestMinutes, shared.maxTravel);
  for (let i = 0; i < flat.length; i++) {
    const a = problem.slots[flat[i].slot];
    for (let j = i + 1; j < flat.length; j++) {
      const b = problem.slots[flat[j].slot];
      if (b.startMin - a.endMin >= maxNeed && b.startMin >= a.endMin) break;
      if (a.dayIndex === b.dayIndex) continue;
      const sa = ix.slotSite[flat[i].slot];
      const sb = ix.slotSite[flat[j].slot];
      const travel = sa >= 0 && sb >= 0 && sa !== sb ? ix.travel[sa * ix.siteCount + sb] : 0;
      const gap = b.startMin - a.endMin;
      if (gap < 0 || gap < worker.minRestMinutes || gap < travel) return `rest or travel between ${a.id} and ${b.id} is a rule across days`;
    }
  }
  return undefined;
}

/** Requests: each must concern one day, so with one shift a day it is linear in the options. */
function requestCosts(shared: Shared, w: number, options: readonly DayOption[][]): Built<{ days: DayOption[][]; constantCost: number }> {
  const { problem } = shared;
  let constantCost = 0;
  const extra = new Map<DayOption, number>();
  for (const p of problem.workers[w].preferences) {
    const single = p.slotId !== undefined || p.dayIndex !== undefined;
    if (!single) return { ok: false, reason: 'a preference spans several days' };
    // The catalogue's own rounding of the request, so a column never costs more than the catalogue says.
    const weight = pen(p.weight, p.kind === 'desired' ? shared.desiredWeight : shared.undesiredWeight);
    if (weight === 0) continue;
    if (p.kind === 'desired') constantCost += weight;
    for (const day of options) {
      for (const o of day) {
        if (!preferenceMatches(p, problem.slots[o.slot])) continue;
        extra.set(o, (extra.get(o) ?? 0) + (p.kind === 'desired' ? -weight : weight));
      }
    }
  }
  return { ok: true, value: { days: options.map((day) => day.map((o) => ({ ...o, cost: extra.get(o) ?? 0 }))), constantCost } };
}

/** Per day, the option a pinned place forces, or -1. */
function pinnedOptions(shared: Shared, who: string, days: readonly DayOption[][], pinnedHere: ReadonlySet<string>): Int32Array {
  const { problem } = shared;
  const forced = new Int32Array(days.length).fill(-1);
  for (let d = 0; d < days.length; d++) {
    days[d].forEach((o, i) => {
      if (!pinnedHere.has(`${problem.slots[o.slot].id}|${problem.slots[o.slot].roles[o.role].roleId}`)) return;
      if (forced[d] >= 0) throw new Error(`${who}: two pinned places on ${problem.days[d].label}`);
      forced[d] = i;
    });
  }
  return forced;
}

/** Forbidden successions and the type caps that can bind, on the worker's own type numbers. */
function typeRules(shared: Shared, w: number, days: readonly DayOption[][], typeLocal: ReadonlyMap<number, number>): { forbiddenNext: Uint8Array; typeCap: Int32Array } {
  const { problem, ix } = shared;
  const T = typeLocal.size;
  const globalOf = new Int32Array(T);
  for (const [g, l] of typeLocal) globalOf[l] = g;
  const forbiddenNext = new Uint8Array(T * T);
  for (const f of problem.forbiddenSuccessions ?? []) {
    const a = typeLocal.get(ix.typeIds.indexOf(f.fromTypeId));
    const b = typeLocal.get(ix.typeIds.indexOf(f.toTypeId));
    if (a !== undefined && b !== undefined) forbiddenNext[a * T + b] = 1;
  }
  const typeCap = new Int32Array(T).fill(-1);
  for (let t = 0; t < T; t++) {
    const cap = problem.workers[w].maxByType?.[ix.typeIds[globalOf[t]]];
    if (cap === undefined) continue;
    const daysWithType = days.filter((day) => day.some((o) => o.type === t)).length;
    if (cap < daysWithType) typeCap[t] = cap;
  }
  return { forbiddenNext, typeCap };
}
