// Encodes a Problem (the general model) as a MILP in CPLEX LP text, and decodes solutions back.
//
// The model is a relaxation of the constraint catalogue: every rule is encoded exactly, relaxed or
// dropped (solver/milp/README.md lists which), so the optimum of the model, and any dual bound on it,
// is a lower bound on the catalogue's score of every rota it stands for. How hard rules enter is
// the HardMode (encode-context.ts). Decoded rotas are rescored by the catalogue before use.

import { constraints as catalogue } from '../constraints/index.ts';
import { indexProblem, type ProblemIndex } from '../constraints/context.ts';
import type { Assignment, Problem } from '../model.ts';
import { EncodeContext, type HardMode } from './encode-context.ts';
import { isEligible } from './eligibility.ts';
import { encodeCover } from './rules/cover.ts';
import { encodeRuns, encodeSuccessions, encodeWeekends } from './rules/days.ts';
import { encodeWeeklyRest, forcedWeeklyRestPenalty } from './rules/weekly-rest.ts';
import { encodeHours } from './rules/hours.ts';
import { encodePreferences, encodeSpreads } from './rules/wishes.ts';
import { encodeOverlap, encodeRest, encodeShiftsPerDay, encodeTravel } from './rules/worker-time.ts';

export type { HardMode } from './encode-context.ts';
export { doublesPricedAtLevel, leastBreach, oneAtATimeAtLevel, structuralFloor } from './level-guards.ts';

export interface EncodeOptions {
  /**
   * Large-neighbourhood mode: only (worker, slot) pairs for which isFree is true get variables; every
   * other pair keeps its value in `current` as a constant.
   */
  readonly fixed?: {
    readonly current: readonly Assignment[];
    readonly isFree: (workerIndex: number, slotIndex: number) => boolean;
  };
  /** How hard rules enter (default: every hard rule holds). */
  readonly hard?: HardMode;
  /** Shorthand for hard: { kind: 'slack', weight } (repair a rota that breaks hard rules). */
  readonly hardSlackWeight?: number;
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
  /**
   * Mode minimise: a rota that breaks a rule held as a row has at least this hard score, so the
   * hard score of every rota is at least min(objective bound, rowFloor). Infinity otherwise.
   */
  readonly rowFloor: number;
  /** Catalogue rules left out of this model (or relaxed past exactness), with why. */
  readonly dropped: ReadonlyMap<string, string>;
  /** The rota a solution stands for (fixed places included). */
  decode(values: Readonly<Record<string, number>>): Assignment[];
  /** Values of the x variables for a rota, as a MIP start. */
  start(assignments: readonly Assignment[]): Record<string, number>;
  /** Encoded objective of a full set of values, offset included (for tests and checks). */
  objectiveOf(values: Readonly<Record<string, number>>): number;
}

/** Hard penalty every rota of the problem pays whatever it holds (encode-context.ts, forcedHard). */
export function forcedHard(problem: Problem): number {
  return forcedWeeklyRestPenalty(problem, indexProblem(problem));
}

/** Upper bound on the x variables of the whole model (every worker in every role of every slot). */
export function placeCount(problem: Problem): number {
  let roles = 0;
  for (const s of problem.slots) roles += s.roles.length;
  return roles * problem.workers.length;
}

export function encodeProblem(problem: Problem, options: EncodeOptions = {}): EncodedMilp {
  const ix = indexProblem(problem);
  const { slots, workers } = problem;
  const hard: HardMode = options.hard ?? (options.hardSlackWeight !== undefined ? { kind: 'slack', weight: options.hardSlackWeight } : { kind: 'rows' });
  // A place as one number: worker, then slot-role (indexProblem's roleOffset).
  const key = (w: number, s: number, r: number): number => w * ix.slotRoleCount + ix.roleOffset[s] + r;
  const resolve = (a: Assignment, field: string): number => {
    const s = ix.slotIndexById.get(a.slotId);
    const w = ix.workerIndexById.get(a.workerId);
    if (s === undefined || w === undefined) throw new Error(`${field}: unknown slot or worker in ${JSON.stringify(a)}`);
    const r = slots[s].roles.findIndex((x) => x.roleId === a.roleId);
    if (r < 0) throw new Error(`${field}: slot ${a.slotId} has no role ${a.roleId}`);
    return key(w, s, r);
  };
  // Fixed values: pinned places always, and the current rota outside the free set.
  const pinned = new Set<number>();
  const fixedOne = new Set<number>();
  for (const a of problem.pinned) {
    const k = resolve(a, 'pinned');
    pinned.add(k);
    fixedOne.add(k);
  }
  const isFree = options.fixed?.isFree ?? (() => true);
  for (const a of options.fixed?.current ?? []) {
    const k = resolve(a, 'fixed.current');
    if (!isFree(ix.workerIndexById.get(a.workerId)!, ix.slotIndexById.get(a.slotId)!)) fixedOne.add(k);
  }

  const ctx = new EncodeContext(problem, ix, hard, isFree, fixedOne, pinned, key, (w, s, r) => isEligible(workers[w], slots[s], r));
  encodeCover(ctx);
  encodeOverlap(ctx);
  encodeRest(ctx);
  encodeTravel(ctx);
  encodeShiftsPerDay(ctx);
  encodeHours(ctx);
  encodeRuns(ctx);
  encodeWeeklyRest(ctx);
  encodeWeekends(ctx);
  encodeSuccessions(ctx);
  encodeSpreads(ctx);
  encodePreferences(ctx);
  ctx.finish();
  for (const c of catalogue) if (!ctx.encoded.has(c.id) && !ctx.dropped.has(c.id)) ctx.dropped.set(c.id, 'no MILP encoding');

  return packEncoded(ctx, ix, key);
}

/** The model's text and what reads its solutions back as rotas. */
function packEncoded(ctx: EncodeContext, ix: ProblemIndex, key: (w: number, s: number, r: number) => number): EncodedMilp {
  const { slots, workers } = ctx.problem;
  const S = slots.length;
  const model = ctx.model;
  // The MILP text is written when asked for: a caller that wants only the LP relaxation's bound
  // (legal-bound.ts) reads relaxedLp() alone, and on a 300-staff week each text is 1.5 MB to build.
  let lp: string | undefined;
  const freeX: { name: string; w: number; s: number; r: number; variable: number }[] = [];
  const fixedAssignments: Assignment[] = [];
  for (let w = 0; w < ctx.W; w++) {
    for (let s = 0; s < S; s++) {
      for (const ref of ctx.xs[w][s]) {
        const a = { slotId: slots[s].id, roleId: slots[s].roles[ref.roleIndex].roleId, workerId: workers[w].id };
        if (ref.variable >= 0) freeX.push({ name: model.nameOf(ref.variable), w, s, r: ref.roleIndex, variable: ref.variable });
        else if (ref.value === 1) fixedAssignments.push(a);
      }
    }
  }
  return {
    get lp() {
      lp ??= model.toLpText();
      return lp;
    },
    relaxedLp: () => model.toLpText(true),
    offset: model.offset,
    get variableCount() {
      return model.variableCount;
    },
    binaryCount: model.binaryCount,
    rowCount: model.rowCount,
    rowFloor: ctx.rowFloor,
    dropped: ctx.dropped,
    decode(values) {
      const out = [...fixedAssignments];
      for (const x of freeX) {
        if ((values[x.name] ?? 0) > 0.5) out.push({ slotId: slots[x.s].id, roleId: slots[x.s].roles[x.r].roleId, workerId: workers[x.w].id });
      }
      return out;
    },
    start(assignments) {
      const on = new Set<number>();
      for (const a of assignments) {
        const s = ix.slotIndexById.get(a.slotId);
        const w = ix.workerIndexById.get(a.workerId);
        if (s === undefined || w === undefined) continue;
        on.add(key(w, s, slots[s].roles.findIndex((x) => x.roleId === a.roleId)));
      }
      const values: Record<string, number> = {};
      for (const x of freeX) values[x.name] = on.has(key(x.w, x.s, x.r)) ? 1 : 0;
      return values;
    },
    objectiveOf: (values) => model.objectiveOf(values),
  };
}
