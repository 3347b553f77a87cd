// Lookups derived once per problem (ids to indices, slot order, travel matrix) and a per-worker view
// of a rota, shared by every constraint's evaluate and by the incremental scorer so both read the
// same definitions (slot order, week of a slot, weekend index, ...).

import type { Assignment, Problem } from '../model.ts';

export interface ProblemIndex {
  readonly problem: Problem;
  readonly slotCount: number;
  readonly workerCount: number;
  readonly dayCount: number;
  /** Weeks of the horizon, days [7k, 7k+7); the last may be partial. */
  readonly weekCount: number;
  readonly typeIds: readonly string[];
  readonly slotIndexById: ReadonlyMap<string, number>;
  readonly workerIndexById: ReadonlyMap<string, number>;
  readonly siteIndexById: ReadonlyMap<string, number>;
  readonly slotStart: Float64Array;
  readonly slotEnd: Float64Array;
  readonly slotDay: Int32Array;
  readonly slotWeek: Int32Array;
  readonly slotType: Int32Array;
  /** Site index, or -1 for remote work. */
  readonly slotSite: Int32Array;
  readonly slotWork: Float64Array;
  /** The weekend of the slot's day (`dayWeekend`), else -1. */
  readonly slotWeekend: Int32Array;
  /** Position of the slot in the order (start, end, id): held slots are kept in this order. */
  readonly slotRank: Int32Array;
  /** Longest slot, so a backward scan for overlaps can stop early. */
  readonly maxSlotMinutes: number;
  /** travel[a * siteCount + b] minutes from site a to site b. */
  readonly travel: Float64Array;
  readonly siteCount: number;
  /** First slot-role index of each slot; slot-role index = roleOffset[s] + r. */
  readonly roleOffset: Int32Array;
  readonly slotRoleCount: number;
  /** Weekend index of each day (`weekendsOfDays`): a Saturday and the Sunday after it share one; -1 on weekdays. */
  readonly dayWeekend: Int32Array;
  /** Weekends touching the horizon: indices 0 .. weekendCount - 1. */
  readonly weekendCount: number;
}

/**
 * Each day's weekend index, or -1 on a weekday. A weekend is a Saturday and the Sunday after it (as in
 * the Curtois format and in UK practice), numbered in order from 0; a Sunday on day 0 is the end of a
 * weekend begun before the horizon, a weekend of its own, as is a Saturday on the last day. So the days
 * of a weekend always follow one another, whatever weekday the horizon starts on: a horizon starting
 * on a Sunday no longer puts that Sunday with the next Saturday (as `floor(day / 7)` did), and on one
 * starting on a Monday the numbering is `floor(day / 7)`'s.
 */
export function weekendsOfDays(days: readonly { readonly weekday: number }[]): { readonly dayWeekend: Int32Array; readonly weekendCount: number } {
  const dayWeekend = new Int32Array(days.length).fill(-1);
  let weekendCount = 0;
  days.forEach((day, d) => {
    if (day.weekday === 6 && d > 0 && days[d - 1].weekday === 5) dayWeekend[d] = dayWeekend[d - 1];
    else if (day.weekday === 5 || day.weekday === 6) dayWeekend[d] = weekendCount++;
  });
  return { dayWeekend, weekendCount };
}

const indexCache = new WeakMap<Problem, ProblemIndex>();

export function indexProblem(problem: Problem): ProblemIndex {
  const cached = indexCache.get(problem);
  if (cached) return cached;
  const { slots, workers, sites, days } = problem;
  const S = slots.length;
  const ids = idIndexes(problem);
  const weekends = weekendsOfDays(days);
  const tables = slotTables(problem, ids.siteIndexById, weekends.dayWeekend);
  const index: ProblemIndex = {
    problem,
    slotCount: S,
    workerCount: workers.length,
    dayCount: days.length,
    weekCount: Math.ceil(days.length / 7),
    ...ids,
    ...tables,
    slotRank: slotRanks(slots, tables.slotStart, tables.slotEnd),
    travel: travelMatrix(sites, ids.siteIndexById),
    siteCount: sites.length,
    slotRoleCount: tables.roleOffset[S],
    ...weekends,
  };
  indexCache.set(problem, index);
  return index;
}

function uniqueIds(items: readonly { id: string }[], what: string, check?: (item: number) => void): Map<string, number> {
  const byId = new Map<string, number>();
  items.forEach((x, i) => {
    if (byId.has(x.id)) throw new Error(`problem.${what}s: duplicate ${what} id "${x.id}"`);
    byId.set(x.id, i);
    check?.(i);
  });
  return byId;
}

/** Index by id of slots, workers and sites; a duplicate id, or a fairness prior that is not a count, is refused. */
function idIndexes(problem: Problem): Pick<ProblemIndex, 'slotIndexById' | 'workerIndexById' | 'siteIndexById'> {
  const slotIndexById = uniqueIds(problem.slots, 'slot');
  const workerIndexById = uniqueIds(problem.workers, 'worker', (i) => {
    for (const [k, n] of Object.entries(problem.workers[i].fairnessPrior ?? {})) {
      if (!(Number.isInteger(n) && n >= 0)) throw new Error(`workers[${i}].fairnessPrior.${k}: must be a whole number, at least 0 (got ${n})`);
    }
  });
  return { slotIndexById, workerIndexById, siteIndexById: uniqueIds(problem.sites, 'site') };
}

type SlotTables = Pick<
  ProblemIndex,
  'typeIds' | 'slotStart' | 'slotEnd' | 'slotDay' | 'slotWeek' | 'slotType' | 'slotSite' | 'slotWork' | 'slotWeekend' | 'maxSlotMinutes' | 'roleOffset'
>;

/** Each slot's times, day, week, type, site, paid minutes and weekend as typed arrays, checked on the way. */
function slotTables(problem: Problem, siteIndexById: ReadonlyMap<string, number>, dayWeekend: Int32Array): SlotTables {
  const { slots, days } = problem;
  const S = slots.length;
  const typeIndex = new Map<string, number>();
  const typeIds: string[] = [];
  const typeOf = (id: string): number => {
    let t = typeIndex.get(id);
    if (t === undefined) {
      t = typeIds.length;
      typeIds.push(id);
      typeIndex.set(id, t);
    }
    return t;
  };
  let maxSlotMinutes = 0;
  const t: Omit<SlotTables, 'maxSlotMinutes'> = {
    typeIds,
    slotStart: new Float64Array(S),
    slotEnd: new Float64Array(S),
    slotDay: new Int32Array(S),
    slotWeek: new Int32Array(S),
    slotType: new Int32Array(S),
    slotSite: new Int32Array(S),
    slotWork: new Float64Array(S),
    slotWeekend: new Int32Array(S),
    roleOffset: new Int32Array(S + 1),
  };
  slots.forEach((s, i) => {
    if (!(s.endMin > s.startMin)) throw new Error(`slot ${s.id}: endMin must be after startMin`);
    if (!(s.dayIndex >= 0 && s.dayIndex < days.length)) {
      throw new Error(`slot ${s.id}: dayIndex ${s.dayIndex} is outside problem.days`);
    }
    t.slotStart[i] = s.startMin;
    t.slotEnd[i] = s.endMin;
    t.slotDay[i] = s.dayIndex;
    t.slotWeek[i] = Math.floor(s.dayIndex / 7);
    t.slotType[i] = typeOf(s.typeId);
    if (s.siteId === null) t.slotSite[i] = -1;
    else {
      const site = siteIndexById.get(s.siteId);
      if (site === undefined) throw new Error(`slot ${s.id}: siteId "${s.siteId}" is not in problem.sites`);
      t.slotSite[i] = site;
    }
    t.slotWork[i] = s.workMinutes;
    t.slotWeekend[i] = dayWeekend[s.dayIndex];
    maxSlotMinutes = Math.max(maxSlotMinutes, s.endMin - s.startMin);
    // Places and assignments name a role by id, so an id may appear once per slot.
    const roleIds = new Set<string>();
    for (const r of s.roles) {
      if (roleIds.has(r.roleId)) throw new Error(`slot ${s.id}: roles lists "${r.roleId}" twice`);
      roleIds.add(r.roleId);
    }
    t.roleOffset[i + 1] = t.roleOffset[i] + s.roles.length;
  });
  // Types named only in rules still get an index, so per-type tables cover them.
  for (const f of problem.forbiddenSuccessions ?? []) {
    typeOf(f.fromTypeId);
    typeOf(f.toTypeId);
  }
  return { ...t, maxSlotMinutes };
}

/** Each slot's rank by start, then end, then id: ties broken by id, so the order of problem.slots never changes a verdict. */
function slotRanks(slots: Problem['slots'], slotStart: Float64Array, slotEnd: Float64Array): Int32Array {
  const S = slots.length;
  const order = Array.from({ length: S }, (_, i) => i).sort(
    (a, b) =>
      slotStart[a] - slotStart[b] || slotEnd[a] - slotEnd[b] || (slots[a].id < slots[b].id ? -1 : slots[a].id > slots[b].id ? 1 : 0),
  );
  const slotRank = new Int32Array(S);
  order.forEach((s, rank) => (slotRank[s] = rank));
  return slotRank;
}

/** Travel minutes between sites, row-major; a pair known only one way is taken as symmetric. */
function travelMatrix(sites: Problem['sites'], siteIndexById: ReadonlyMap<string, number>): Float64Array {
  const P = sites.length;
  const travel = new Float64Array(P * P);
  sites.forEach((a, i) => {
    for (const [bId, minutes] of Object.entries(a.travelMinutes)) {
      const j = siteIndexById.get(bId);
      if (j !== undefined) travel[i * P + j] = minutes;
    }
  });
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      if (travel[i * P + j] === 0 && sites[i].travelMinutes[sites[j].id] === undefined) {
        travel[i * P + j] = sites[j].travelMinutes[sites[i].id] ?? 0;
      }
    }
  }
  return travel;
}

/** Travel minutes from the site of slot a to the site of slot b (0 when either is remote or same). */
export function travelBetween(ix: ProblemIndex, a: number, b: number): number {
  const sa = ix.slotSite[a];
  const sb = ix.slotSite[b];
  if (sa < 0 || sb < 0 || sa === sb) return 0;
  return ix.travel[sa * ix.siteCount + sb];
}

/** One resolved assignment. */
export interface Placed {
  readonly slot: number;
  readonly role: number;
  readonly worker: number;
}

/** A rota seen per worker: the distinct slots each works, in slot order. */
export interface RotaView {
  readonly ix: ProblemIndex;
  readonly placed: readonly Placed[];
  /** Distinct held slots per worker, sorted by slotRank. */
  readonly held: readonly (readonly number[])[];
  /** Filled places per slot-role index. */
  readonly coverCount: Int32Array;
  /** Places per (worker, slot), keyed worker * slotCount + slot, only where > 0. */
  readonly multiplicity: ReadonlyMap<number, number>;
}

const viewCache = new WeakMap<Problem, WeakMap<readonly Assignment[], RotaView>>();

/** Resolve ids once per (problem, assignments) pair; bad ids are an error naming the field. */
export function viewRota(problem: Problem, assignments: readonly Assignment[]): RotaView {
  let perProblem = viewCache.get(problem);
  if (!perProblem) {
    perProblem = new WeakMap();
    viewCache.set(problem, perProblem);
  }
  const cached = perProblem.get(assignments);
  if (cached) return cached;
  const ix = indexProblem(problem);
  const placed: Placed[] = [];
  const heldSets: Set<number>[] = problem.workers.map(() => new Set<number>());
  const coverCount = new Int32Array(ix.slotRoleCount);
  const multiplicity = new Map<number, number>();
  assignments.forEach((a, i) => {
    const slot = ix.slotIndexById.get(a.slotId);
    if (slot === undefined) throw new Error(`assignments[${i}].slotId: unknown slot "${a.slotId}"`);
    const role = problem.slots[slot].roles.findIndex((r) => r.roleId === a.roleId);
    if (role < 0) throw new Error(`assignments[${i}].roleId: slot "${a.slotId}" has no role "${a.roleId}"`);
    const worker = ix.workerIndexById.get(a.workerId);
    if (worker === undefined) throw new Error(`assignments[${i}].workerId: unknown worker "${a.workerId}"`);
    placed.push({ slot, role, worker });
    heldSets[worker].add(slot);
    coverCount[ix.roleOffset[slot] + role]++;
    const key = worker * ix.slotCount + slot;
    multiplicity.set(key, (multiplicity.get(key) ?? 0) + 1);
  });
  const held = heldSets.map((set) => [...set].sort((a, b) => ix.slotRank[a] - ix.slotRank[b]));
  const view: RotaView = { ix, placed, held, coverCount, multiplicity };
  perProblem.set(assignments, view);
  return view;
}

/** Days on which the worker starts at least one slot. */
export function workedDays(ix: ProblemIndex, held: readonly number[]): Uint8Array {
  const worked = new Uint8Array(ix.dayCount);
  for (const s of held) worked[ix.slotDay[s]] = 1;
  return worked;
}

/** Maximal runs of days with worked[d] === value, as [first, last] inclusive. */
export function runsOf(worked: Uint8Array, value: number): [number, number][] {
  const runs: [number, number][] = [];
  let d = 0;
  while (d < worked.length) {
    if (worked[d] !== value) {
      d++;
      continue;
    }
    const first = d;
    while (d < worked.length && worked[d] === value) d++;
    runs.push([first, d - 1]);
  }
  return runs;
}

/** Weeks of the horizon that have all 7 days (minimum bands and weekly rest apply only to these). */
export function isFullWeek(ix: ProblemIndex, week: number): boolean {
  return week * 7 + 7 <= ix.dayCount;
}

export function overlapMinutes(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}
