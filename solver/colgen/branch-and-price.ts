// Branch and price, depth first: branch on "worker w works option o on day d", the most fractional
// first, the work branch on top; nodes are cut by the rounded-up Lagrangian bound. A closed tree
// proves the best rota found (or the incumbent given) optimal among rotas that keep every hard rule.
// With `fixed` and `freeWorkers` it searches only the free workers' rotas (a large neighbourhood).

import type { Assignment } from '../model.ts';
import { generate } from './generate.ts';
import type { Decision, MasterLp } from './master-lp.ts';
import { scheduleCost, type Restriction } from './schedule-rules.ts';

export interface BranchAndPriceOptions {
  readonly timeLimitMs?: number;
  /** Soft score of a known legal rota: only strictly better rotas are reported. */
  readonly incumbent?: number;
  /** With freeWorkers: everyone else keeps their rota in this one (a large neighbourhood). */
  readonly fixed?: readonly Assignment[];
  readonly freeWorkers?: ReadonlySet<number>;
  /** Per worker, days forced before any branching (-1 free, -2 off, else the option): a window
   *  neighbourhood fixes every day outside its window (solver/colgen/window.ts). */
  readonly forced?: ReadonlyMap<number, Int32Array>;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

export interface BranchAndPriceResult {
  readonly nodes: number;
  readonly complete: boolean;
  readonly best: number | undefined;
}

export function branchAndPrice(master: MasterLp, bp: BranchAndPriceOptions): BranchAndPriceResult {
  const { W, H, stride, use } = master;
  // Large-neighbourhood mode: every worker outside freeWorkers keeps their rota in `fixed`.
  let base: Map<number, Int32Array> | undefined = bp.forced && new Map(bp.forced);
  if (bp.fixed && bp.freeWorkers) {
    base ??= new Map();
    const picks = master.picksOf(bp.fixed);
    for (let w = 0; w < W; w++) {
      if (bp.freeWorkers.has(w)) continue;
      const p = picks[w];
      if (!p || scheduleCost(master.models[w], p) === undefined) return { nodes: 0, complete: false, best: undefined };
      base.set(w, master.fixedRestriction(p).forced);
    }
  }
  const { deadline, late } = master.timer(bp.timeLimitMs);
  let best = bp.incumbent ?? Infinity;
  const stack: Decision[][] = [[]];
  let nodes = 0;
  let aborted = false;
  while (stack.length > 0) {
    if (late()) {
      aborted = true;
      break;
    }
    const decisions = stack.pop()!;
    const restrictions = master.restrictionsOf(decisions, base);
    const restrictionOf = (w: number): Restriction | undefined => restrictions.get(w);
    master.applyRestrictions(restrictionOf);
    if (!master.ensureColumns(restrictionOf)) continue;
    nodes++;
    const r = generate(master, { restrictionOf, deadline, cutoff: Number.isFinite(best) ? best : undefined });
    if (r.status === 'infeasible' || r.status === 'pruned') continue;
    if (r.status === 'stopped' || !r.values) {
      aborted = true;
      break;
    }
    if (r.bound !== undefined && master.roundUp(r.bound) >= best) continue;
    master.lpUse(r.values);
    let branchKey = -1;
    let branchValue = -Infinity;
    for (let key = 0; key < use.length; key++) {
      const v = use[key];
      if (key % (stride + 1) === stride || v < 1e-6 || v > 1 - 1e-6) continue;
      // The most fractional decision moves the bound most on both sides.
      const score = -Math.abs(v - 0.5);
      if (score > branchValue + 1e-9 || (Math.abs(score - branchValue) <= 1e-9 && key < branchKey)) {
        branchValue = score;
        branchKey = key;
      }
    }
    if (branchKey < 0) {
      if (r.status !== 'optimal') {
        // Integral, but the node's LP is not proven (relaxed pricing): its rota counts, its tree does not close.
        aborted = true;
      }
      // Integral: a rota keeping every per-worker rule.
      const value = master.objectiveOf(r.values);
      if (value < best - 1e-9) {
        best = value;
        bp.onIncumbent(master.rotaOfValues(r.values), value);
      }
      continue;
    }
    const o = branchKey % (stride + 1);
    const wd = (branchKey - o) / (stride + 1);
    const d = wd % H;
    const w = (wd - d) / H;
    // Depth first, the likelier branch (work it) on top.
    stack.push([...decisions, { w, d, o, up: false }]);
    stack.push([...decisions, { w, d, o, up: true }]);
  }
  master.applyRestrictions(() => undefined);
  return { nodes, complete: !aborted && stack.length === 0, best: Number.isFinite(best) ? best : undefined };
}
