// Encodes a Problem (the general model) as a MILP in CPLEX LP text.
//
// Variables: x_w_s_r (binary) for every eligible (worker, slot, role); cover slacks; y for worked
// weekends; z for worked days when a worker may do several shifts a day; penalty variables for soft
// rules. Families encoded exactly: cover (min/max hard, shortfall/excess soft), static blocks
// (skills, unavailability, availability windows, refused sites, maxByType 0), overlap, rest and
// travel gaps, maxShiftsPerDay, minutes per week and in total (hard and soft bands), maxByType,
// maxConsecutiveDays (history counted), minConsecutiveDays and minConsecutiveDaysOff (edge runs
// exempt), maxWeekends, forbidden successions, preferences, pinned places.
// Left out (documented in README of this folder): the Working Time average over reference weeks (and
// the night workers' average), weekly rest in all its forms, rest breaks, fairness and pay cost. The objective is therefore never the truth: callers rescore the
// decoded rota with the constraint catalogue.

import type { Assignment, Problem, Slot } from '../model.ts';
import { getConstraint, resolveWeight } from '../constraints/index.ts';
import { preferenceMatches } from '../constraints/preferences.ts';
import { isEligible } from './eligibility.ts';
import { LinExpr, LpModel } from './lp-writer.ts';

export interface MilpWeights {
  /** Per worker short of `preferred`, when the RoleDemand gives no underWeight (times slot priority). */
  readonly coverUnder: number;
  /** Per worker above `preferred`, when the RoleDemand gives no overWeight (times slot priority). */
  readonly coverOver: number;
  /** Multipliers on each preference's own weight. */
  readonly desired: number;
  readonly undesired: number;
  /** Per minute outside the soft band of minutesTotal. */
  readonly minutesTotalSoft: number;
  /** Per minute outside the soft band of minutesPerWeek, per week. */
  readonly minutesPerWeekSoft: number;
}

/** The catalogue's weights for this problem (problem.weights over the defaults), so both agree. */
export function catalogueWeights(problem: Problem): MilpWeights {
  const w = (id: string): number => resolveWeight(problem, getConstraint(id));
  return {
    coverUnder: w('cover.preferredUnder'),
    coverOver: w('cover.preferredOver'),
    desired: w('preferences.desired'),
    undesired: w('preferences.undesired'),
    minutesTotalSoft: w('hours.totalSoft'),
    minutesPerWeekSoft: w('hours.weekSoft'),
  };
}

export interface EncodeOptions {
  /**
   * Large-neighbourhood mode: only (worker, slot) pairs for which isFree is true get variables; every
   * other pair keeps its value in `current` as a constant.
   */
  readonly fixed?: {
    readonly current: readonly Assignment[];
    readonly isFree: (workerIndex: number, slotIndex: number) => boolean;
  };
  /** Soften every hard row with a slack paid at this weight (repairs a rota that breaks hard rules). */
  readonly hardSlackWeight?: number;
  /** Overrides of the catalogue's weights (rarely needed). */
  readonly weights?: Partial<MilpWeights>;
}

export interface EncodedMilp {
  readonly lp: string;
  /** The LP relaxation (integrality dropped): its optimum plus offset is a lower bound. */
  relaxedLp(): string;
  /** Add to the solver's objective to get the encoded objective of the full rota. */
  readonly offset: number;
  readonly variableCount: number;
  readonly binaryCount: number;
  readonly rowCount: number;
  /** The rota a solution stands for (fixed places included). */
  decode(values: Readonly<Record<string, number>>): Assignment[];
  /** Values of the x variables for a rota, as a MIP start. */
  start(assignments: readonly Assignment[]): Record<string, number>;
  /** Encoded objective of a full set of values, offset included (for tests and checks). */
  objectiveOf(values: Readonly<Record<string, number>>): number;
}

/** Families the MILP leaves out; callers must not trust its objective for them. */
export const OMITTED_FAMILIES = ['averageWeekly', 'nightAverage', 'weeklyRestMinutes', 'restBreak', 'fairness', 'cost'] as const;

/** One x term: a variable index, or a constant 0/1 when the pair is fixed. */
interface XRef {
  readonly roleIndex: number;
  readonly variable: number; // -1 when fixed
  readonly value: number; // the fixed value when variable === -1
}

export function encodeProblem(problem: Problem, options: EncodeOptions = {}): EncodedMilp {
  const weights: MilpWeights = { ...catalogueWeights(problem), ...options.weights };
  const model = new LpModel();
  model.hardSlackWeight = options.hardSlackWeight;
  const { slots, workers, days } = problem;
  const W = workers.length;
  const S = slots.length;
  const slotIndex = new Map(slots.map((s, i) => [s.id, i]));
  const workerIndex = new Map(workers.map((w, i) => [w.id, i]));
  const roleIndexOf = (s: Slot, roleId: string): number => s.roles.findIndex((r) => r.roleId === roleId);

  // Fixed values: pinned places always, and the current rota outside the free set.
  const fixedOne = new Set<string>();
  const pinnedKey = new Set<string>();
  const keyOf = (w: number, s: number, r: number): string => `${w}_${s}_${r}`;
  for (const a of problem.pinned) {
    const s = slotIndex.get(a.slotId);
    const w = workerIndex.get(a.workerId);
    if (s === undefined || w === undefined) throw new Error(`pinned: unknown slot or worker in ${JSON.stringify(a)}`);
    const r = roleIndexOf(slots[s], a.roleId);
    if (r < 0) throw new Error(`pinned: slot ${a.slotId} has no role ${a.roleId}`);
    pinnedKey.add(keyOf(w, s, r));
    fixedOne.add(keyOf(w, s, r));
  }
  const isFree = options.fixed?.isFree ?? (() => true);
  if (options.fixed) {
    for (const a of options.fixed.current) {
      const s = slotIndex.get(a.slotId);
      const w = workerIndex.get(a.workerId);
      if (s === undefined || w === undefined) throw new Error(`fixed.current: unknown slot or worker in ${JSON.stringify(a)}`);
      const r = roleIndexOf(slots[s], a.roleId);
      if (r < 0) throw new Error(`fixed.current: slot ${a.slotId} has no role ${a.roleId}`);
      if (!isFree(w, s)) fixedOne.add(keyOf(w, s, r));
    }
  }

  // x refs per worker per slot.
  const xs: XRef[][][] = workers.map(() => slots.map(() => []));
  const freeX: { name: string; w: number; s: number; r: number }[] = [];
  for (let w = 0; w < W; w++) {
    const worker = workers[w];
    for (let s = 0; s < S; s++) {
      const slot = slots[s];
      const free = isFree(w, s);
      for (let r = 0; r < slot.roles.length; r++) {
        const key = keyOf(w, s, r);
        if (pinnedKey.has(key) || !free) {
          if (fixedOne.has(key)) xs[w][s].push({ roleIndex: r, variable: -1, value: 1 });
          continue;
        }
        if (!isEligible(worker, slot, r)) continue;
        const name = `x_${key}`;
        xs[w][s].push({ roleIndex: r, variable: model.addVar(name, 'binary'), value: 0 });
        freeX.push({ name, w, s, r });
      }
    }
  }
  const addX = (e: LinExpr, ref: XRef, coef = 1): LinExpr =>
    ref.variable >= 0 ? e.add(ref.variable, coef) : e.addConstant(ref.value * coef);
  const slotWork = (w: number, s: number): LinExpr => {
    const e = new LinExpr();
    for (const ref of xs[w][s]) addX(e, ref);
    return e;
  };

  const slotsByDay: number[][] = days.map(() => []);
  for (let s = 0; s < S; s++) slotsByDay[slots[s].dayIndex]?.push(s);

  // Cover.
  for (let s = 0; s < S; s++) {
    const slot = slots[s];
    for (let r = 0; r < slot.roles.length; r++) {
      const demand = slot.roles[r];
      const filled = new LinExpr();
      for (let w = 0; w < W; w++) for (const ref of xs[w][s]) if (ref.roleIndex === r) addX(filled, ref);
      model.addRow(`cmin_${s}_${r}`, filled, '>=', demand.min);
      model.addRow(`cmax_${s}_${r}`, filled, '<=', demand.max);
      const under = (demand.underWeight ?? weights.coverUnder) * slot.priority;
      const over = (demand.overWeight ?? weights.coverOver) * slot.priority;
      if (filled.isConstant) {
        const n = filled.constant;
        model.offset += under * Math.max(0, demand.preferred - n) + over * Math.max(0, n - demand.preferred);
        continue;
      }
      // filled + u - o = preferred
      const balance = new LinExpr().addExpr(filled);
      if (under > 0) balance.add(model.addVar(`cu_${s}_${r}`, 'continuous', under), 1);
      if (over > 0) balance.add(model.addVar(`co_${s}_${r}`, 'continuous', over), -1);
      if (under > 0 && over > 0) model.addRow(`cb_${s}_${r}`, balance, '=', demand.preferred, false);
      else if (under > 0) model.addRow(`cb_${s}_${r}`, balance, '>=', demand.preferred, false);
      else if (over > 0) model.addRow(`cb_${s}_${r}`, balance, '<=', demand.preferred, false);
    }
  }

  for (let w = 0; w < W; w++) {
    const worker = workers[w];
    const mySlots: number[] = [];
    for (let s = 0; s < S; s++) if (xs[w][s].length > 0) mySlots.push(s);

    // One role per slot, and no two overlapping slots: a clique per distinct start instant.
    const starts = [...new Set(mySlots.map((s) => slots[s].startMin))].sort((a, b) => a - b);
    for (const t of starts) {
      const clique = new LinExpr();
      for (const s of mySlots) if (slots[s].startMin <= t && t < slots[s].endMin) clique.addExpr(slotWork(w, s));
      if (clique.vars.length + (clique.constant > 0 ? 1 : 0) > 1) model.addRow(`ov_${w}_${t}`, clique, '<=', 1);
    }
    // Rest and travel gaps between slots that do not overlap.
    const byStart = [...mySlots].sort((a, b) => slots[a].startMin - slots[b].startMin);
    let maxTravel = 0;
    for (const site of problem.sites) for (const t of Object.values(site.travelMinutes)) maxTravel = Math.max(maxTravel, t);
    const maxNeed = Math.max(worker.minRestMinutes, maxTravel);
    for (let i = 0; i < byStart.length && maxNeed > 0; i++) {
      const a = slots[byStart[i]];
      for (let j = i + 1; j < byStart.length; j++) {
        const b = slots[byStart[j]];
        if (b.startMin < a.endMin) continue;
        if (b.startMin - a.endMin >= maxNeed) break;
        const travel = travelMinutes(problem, a.siteId, b.siteId);
        const need = Math.max(worker.minRestMinutes, travel);
        if (b.startMin - a.endMin < need) {
          model.addRow(`rest_${w}_${byStart[i]}_${byStart[j]}`, slotWork(w, byStart[i]).addExpr(slotWork(w, byStart[j])), '<=', 1);
        }
      }
    }

    // Worked days: z_d as an expression when one shift a day at most, else a binary indicator.
    const oneADay = worker.maxShiftsPerDay !== undefined && worker.maxShiftsPerDay <= 1;
    const dayWork: LinExpr[] = days.map((_, d) => {
      const sum = new LinExpr();
      for (const s of slotsByDay[d]) sum.addExpr(slotWork(w, s));
      if (worker.maxShiftsPerDay !== undefined) model.addRow(`mpd_${w}_${d}`, sum, '<=', worker.maxShiftsPerDay);
      if (oneADay || sum.isConstant) return sum.isConstant ? new LinExpr().addConstant(Math.min(1, sum.constant)) : sum;
      if (sum.constant > 0) return new LinExpr().addConstant(1);
      const z = model.addVar(`z_${w}_${d}`, 'binary');
      model.addRow(`zu_${w}_${d}`, new LinExpr().add(z).addExpr(sum, -1), '<=', 0, false);
      for (let i = 0; i < sum.vars.length; i++) {
        model.addRow(`zl_${w}_${d}_${i}`, new LinExpr().add(z).add(sum.vars[i], -1), '>=', 0, false);
      }
      return new LinExpr().add(z);
    });
    const H = days.length;

    // Minutes in total and per week.
    const minutes = (from: number, to: number): LinExpr => {
      const e = new LinExpr();
      for (const s of mySlots) if (slots[s].dayIndex >= from && slots[s].dayIndex < to) e.addExpr(slotWork(w, s), slots[s].workMinutes);
      return e;
    };
    const band = (tag: string, expr: LinExpr, b: NonNullable<typeof worker.minutesTotal>, softWeight: number): void => {
      if (b.hardMin !== undefined) model.addRow(`${tag}hmin`, expr, '>=', b.hardMin);
      if (b.hardMax !== undefined) model.addRow(`${tag}hmax`, expr, '<=', b.hardMax);
      if (softWeight <= 0) return;
      if (b.softMin !== undefined) {
        if (expr.isConstant) model.offset += softWeight * Math.max(0, b.softMin - expr.constant);
        else model.addRow(`${tag}smin`, new LinExpr().addExpr(expr).add(model.addVar(`${tag}su`, 'continuous', softWeight)), '>=', b.softMin, false);
      }
      if (b.softMax !== undefined) {
        if (expr.isConstant) model.offset += softWeight * Math.max(0, expr.constant - b.softMax);
        else model.addRow(`${tag}smax`, new LinExpr().addExpr(expr).add(model.addVar(`${tag}so`, 'continuous', softWeight), -1), '<=', b.softMax, false);
      }
    };
    if (worker.minutesTotal) band(`mt_${w}_`, minutes(0, H), worker.minutesTotal, weights.minutesTotalSoft);
    if (worker.minutesPerWeek) {
      for (let k = 0; 7 * k < H; k++) {
        // A partial last week is held to the maxima only, as in the catalogue.
        const full = 7 * k + 7 <= H;
        const b = full ? worker.minutesPerWeek : { ...worker.minutesPerWeek, hardMin: undefined, softMin: undefined };
        band(`mw_${w}_${k}_`, minutes(7 * k, 7 * k + 7), b, weights.minutesPerWeekSoft);
      }
    }

    // Per-type caps.
    if (worker.maxByType) {
      for (const [typeId, cap] of Object.entries(worker.maxByType)) {
        if (cap === 0) continue;
        const e = new LinExpr();
        for (const s of mySlots) if (slots[s].typeId === typeId) e.addExpr(slotWork(w, s));
        model.addRow(`mbt_${w}_${typeId.replace(/[^A-Za-z0-9_]/g, '_')}`, e, '<=', cap);
      }
    }

    // At most k consecutive working days: every window of k+1 days has an off day. Days worked just
    // before the horizon count as worked days before day 0, days fixed just after it as worked days
    // after the last.
    if (worker.maxConsecutiveDays !== undefined) {
      const k = worker.maxConsecutiveDays;
      const before = worker.history?.consecutiveDaysWorked ?? 0;
      const after = worker.following?.consecutiveDaysWorked ?? 0;
      for (let start = -Math.min(before, k); start + k < H + Math.min(after, k); start++) {
        const e = new LinExpr();
        for (let d = start; d <= start + k; d++) d < 0 || d >= H ? e.addConstant(1) : e.addExpr(dayWork[d]);
        model.addRow(`mxc_${w}_${start + k}`, e, '<=', k);
      }
    }
    // A run of working days starting on day d >= 1 lasts at least m days unless it reaches the end.
    if (worker.minConsecutiveDays !== undefined && worker.minConsecutiveDays > 1) {
      const m = worker.minConsecutiveDays;
      for (let d = 1; d < H; d++) {
        for (let j = 1; j < m && d + j < H; j++) {
          // z_d - z_{d-1} - z_{d+j} <= 0
          const e = new LinExpr().addExpr(dayWork[d]).addExpr(dayWork[d - 1], -1).addExpr(dayWork[d + j], -1);
          model.addRow(`mnc_${w}_${d}_${j}`, e, '<=', 0);
        }
      }
    }
    // A run of days off starting on day d >= 1 lasts at least m days unless it reaches the end.
    if (worker.minConsecutiveDaysOff !== undefined && worker.minConsecutiveDaysOff > 1) {
      const m = worker.minConsecutiveDaysOff;
      for (let d = 1; d < H; d++) {
        for (let j = 1; j < m && d + j < H; j++) {
          // z_{d-1} - z_d + z_{d+j} <= 1
          const e = new LinExpr().addExpr(dayWork[d - 1]).addExpr(dayWork[d], -1).addExpr(dayWork[d + j]);
          model.addRow(`mno_${w}_${d}_${j}`, e, '<=', 1);
        }
      }
    }

    // Weekends: y_k >= every worked Saturday/Sunday of weekend k.
    if (worker.maxWeekends !== undefined) {
      const total = new LinExpr();
      for (const weekend of weekendsOf(problem)) {
        const worked = weekend.map((d) => dayWork[d]);
        if (worked.some((e) => e.isConstant && e.constant > 0)) {
          total.addConstant(1);
          continue;
        }
        if (worked.every((e) => e.isConstant)) continue;
        const y = model.addVar(`y_${w}_${weekend[0]}`, 'continuous');
        worked.forEach((e, i) => {
          if (!e.isConstant) model.addRow(`yl_${w}_${weekend[i]}`, new LinExpr().add(y).addExpr(e, -1), '>=', 0, false);
        });
        total.add(y);
      }
      model.addRow(`mwe_${w}`, total, '<=', worker.maxWeekends);
    }

    // Forbidden successions: type a on day d, then type b on day d+1.
    for (const { fromTypeId, toTypeId } of problem.forbiddenSuccessions ?? []) {
      for (let d = 0; d + 1 < H; d++) {
        const froms = slotsByDay[d].filter((s) => slots[s].typeId === fromTypeId && xs[w][s].length > 0);
        const tos = slotsByDay[d + 1].filter((s) => slots[s].typeId === toTypeId && xs[w][s].length > 0);
        for (const a of froms) {
          for (const b of tos) {
            model.addRow(`fs_${w}_${a}_${b}`, slotWork(w, a).addExpr(slotWork(w, b)), '<=', 1);
          }
        }
      }
    }

    // Preferences.
    worker.preferences.forEach((p, pi) => {
      const matching = mySlots.filter((s) => preferenceMatches(p, slots[s]));
      const weight = p.weight * (p.kind === 'desired' ? weights.desired : weights.undesired);
      if (weight === 0) return;
      const works = new LinExpr();
      for (const s of matching) works.addExpr(slotWork(w, s));
      if (p.kind === 'desired') {
        // penalty when no matching slot is worked: q >= 1 - works
        if (works.isConstant) {
          if (works.constant < 1) model.offset += weight;
          return;
        }
        if (works.constant >= 1) return;
        const q = model.addVar(`pd_${w}_${pi}`, 'continuous', weight);
        model.addRow(`pdr_${w}_${pi}`, new LinExpr().add(q).addExpr(works), '>=', 1, false);
      } else {
        // penalty when any matching slot is worked: q >= x for each
        if (works.constant >= 1) {
          model.offset += weight;
          return;
        }
        if (works.isConstant) return;
        const q = model.addVar(`pu_${w}_${pi}`, 'continuous', weight);
        for (let i = 0; i < works.vars.length; i++) {
          model.addRow(`pur_${w}_${pi}_${i}`, new LinExpr().add(q).add(works.vars[i], -1), '>=', 0, false);
        }
      }
    });
  }

  const lp = model.toLpText();
  const fixedAssignments: Assignment[] = [];
  for (let w = 0; w < W; w++) {
    for (let s = 0; s < S; s++) {
      for (const ref of xs[w][s]) {
        if (ref.variable < 0 && ref.value === 1) {
          fixedAssignments.push({ slotId: slots[s].id, roleId: slots[s].roles[ref.roleIndex].roleId, workerId: workers[w].id });
        }
      }
    }
  }
  return {
    lp,
    relaxedLp: () => model.toLpText(true),
    offset: model.offset,
    variableCount: model.variableCount,
    binaryCount: model.binaryCount,
    rowCount: model.rowCount,
    decode(values) {
      const out = [...fixedAssignments];
      for (const x of freeX) {
        if ((values[x.name] ?? 0) > 0.5) {
          out.push({ slotId: slots[x.s].id, roleId: slots[x.s].roles[x.r].roleId, workerId: workers[x.w].id });
        }
      }
      return out;
    },
    start(assignments) {
      const on = new Set<string>();
      for (const a of assignments) {
        const s = slotIndex.get(a.slotId);
        const w = workerIndex.get(a.workerId);
        if (s === undefined || w === undefined) continue;
        on.add(`x_${keyOf(w, s, roleIndexOf(slots[s], a.roleId))}`);
      }
      const values: Record<string, number> = {};
      for (const x of freeX) values[x.name] = on.has(x.name) ? 1 : 0;
      return values;
    },
    objectiveOf: (values) => model.objectiveOf(values),
  };
}

/** Weekends as lists of day indices: the Saturday and Sunday of each week [7k, 7k+7) of the horizon. */
export function weekendsOf(problem: Problem): number[][] {
  const byWeek = new Map<number, number[]>();
  problem.days.forEach((day, d) => {
    if (day.weekday !== 5 && day.weekday !== 6) return;
    const k = Math.floor(d / 7);
    if (!byWeek.has(k)) byWeek.set(k, []);
    byWeek.get(k)!.push(d);
  });
  return [...byWeek.values()];
}

/** Travel minutes between two venues; a pair known only one way is taken as symmetric (as the catalogue). */
function travelMinutes(problem: Problem, from: string | null, to: string | null): number {
  if (from === null || to === null || from === to) return 0;
  const a = problem.sites.find((x) => x.id === from);
  const b = problem.sites.find((x) => x.id === to);
  return a?.travelMinutes[to] ?? b?.travelMinutes[from] ?? 0;
}
