// What every rule's encoding shares: the x variables (worker, slot, role), expressions for a worker's
// slots, days and minutes, and the policy that decides how a hard rule enters the model in each mode.
//
// The encoding is a relaxation of the constraint catalogue: each rule is encoded exactly, relaxed
// (its penalty under-estimated, or its rows implied by it), or dropped. That is what makes the model's
// dual bound a lower bound on the catalogue's score. Hard rules enter in one of four ways (HardMode):
// - rows: every hard rule holds; the objective is the soft score (rotas with no hard breach);
// - minimise: the objective is the hard penalties that are linear (cover minimum and maximum, hour
//   floors); rules whose every breach costs at least `structuralFloor` hold as rows, cheaper ones are
//   dropped; a rota breaking a row costs at least `rowFloor`, so min(bound, rowFloor) bounds the hard score;
// - level: rotas whose hard score is at most `level`: rules whose least breach costs more than the
//   level leaves (after the forced penalty) hold as rows, the linear hard penalties add up to at most
//   `level`, the rest is dropped; it assumes no such rota holds two places at once (`oneAtATime`);
// - slack: every hard row bends at a price (repairing a rota; no bound is read from it).

import { getConstraint, isPlaceConstraint, resolveWeight, constraints as catalogue } from '../constraints/index.ts';
import type { ProblemIndex } from '../constraints/context.ts';
import { breachPen, type PlaceConstraint } from '../constraints/types.ts';
import type { Problem } from '../model.ts';
import { leastBreach, structuralFloor } from './level-guards.ts';
import { LinExpr, LpModel } from './lp-writer.ts';
import { forcedWeeklyRestPenalty } from './rules/weekly-rest.ts';

export type HardMode =
  | { readonly kind: 'rows' }
  | {
      readonly kind: 'minimise';
      /** A worker's two roles in one slot cost their double place's penalty rather than being a row (heldSlot). */
      readonly priceDoubles?: boolean;
    }
  | {
      readonly kind: 'level';
      readonly level: number;
      /**
       * The caller has shown that no rota at this level holds two places at once (oneAtATimeAtLevel),
       * though the level is past the least cost of doing so.
       */
      readonly oneAtATime?: boolean;
      /**
       * Double places priced into the level, as in mode minimise; the caller has shown that no rota at
       * the level holds two overlapping slots (doublesPricedAtLevel).
       */
      readonly priceDoubles?: boolean;
    }
  | { readonly kind: 'slack'; readonly weight: number };

/** One x term: a variable index, or a constant 0/1 when the place is fixed. */
export interface XRef {
  readonly roleIndex: number;
  /** -1 when fixed. */
  readonly variable: number;
  /** The fixed value when variable is -1. */
  readonly value: number;
}

type Sense = '<=' | '>=';

export class EncodeContext {
  readonly model = new LpModel();
  readonly W: number;
  readonly S: number;
  readonly H: number;
  /** xs[w][s]: the worker's refs in that slot, one per role they may hold. */
  readonly xs: XRef[][][];
  /** Per worker: slots with any ref, in slot order (start, end, id). */
  readonly mySlots: number[][];
  readonly slotsByDay: number[][];
  /** Linear hard penalties (modes minimise and level). */
  readonly hardTerms = new LinExpr();
  /** The least hard penalty of a rota breaking a rule held as a row (mode minimise). */
  rowFloor = Infinity;
  /** Hard penalty every rota pays whatever it holds (weekly rests the history alone breaks). */
  readonly forcedHard: number;
  /** Rules left out of the model, with why. */
  readonly dropped = new Map<string, string>();
  /** Rules encoded (exactly or relaxed). */
  readonly encoded = new Set<string>();
  /** Double places are a priced hard term, not a row (modes minimise and level, when asked). */
  readonly priceDoubles: boolean;
  private readonly dayWorkCache = new Map<number, LinExpr>();
  /** With priced doubles: per (worker, slot) offering two roles or more, 1 when the slot is held. */
  private readonly heldCache = new Map<number, LinExpr>();
  private readonly weights = new Map<string, number>();
  private penaltyCount = 0;

  constructor(
    readonly problem: Problem,
    readonly ix: ProblemIndex,
    readonly hard: HardMode,
    isFree: (w: number, s: number) => boolean,
    fixedOne: ReadonlySet<number>,
    pinned: ReadonlySet<number>,
    key: (w: number, s: number, r: number) => number,
    eligible: (w: number, s: number, r: number) => boolean,
  ) {
    this.W = problem.workers.length;
    this.S = problem.slots.length;
    this.H = problem.days.length;
    if (hard.kind === 'slack') this.model.hardSlackWeight = hard.weight;
    this.forcedHard = forcedWeeklyRestPenalty(problem, ix);
    this.priceDoubles = (hard.kind === 'minimise' || hard.kind === 'level') && hard.priceDoubles === true;
    // Past the least cost of holding two places, the caller must have shown the level keeps them apart.
    const shown = hard.kind === 'level' && (hard.oneAtATime === true || hard.priceDoubles === true);
    if (hard.kind === 'level' && !shown && !(hard.level - this.forcedHard < structuralFloor(problem))) {
      throw new Error(`encode: level ${hard.level} less the forced ${this.forcedHard} must be below the least breach of holding two places (${structuralFloor(problem)})`);
    }
    if (hard.kind === 'level' || hard.kind === 'minimise') this.hardTerms.addConstant(this.forcedHard);
    const softPlace = catalogue.filter((c): c is PlaceConstraint => isPlaceConstraint(c) && c.level === 'soft');
    const hardPlace = catalogue.filter((c): c is PlaceConstraint => isPlaceConstraint(c) && c.level === 'hard');
    for (const c of [...softPlace, ...hardPlace]) this.encoded.add(c.id);
    // Most (worker, slot) pairs hold no ref (a neighbourhood fixes most of the rota): they share one
    // empty list, so a whole year of slots costs a pointer per pair.
    const none: XRef[] = [];
    this.xs = problem.workers.map(() => new Array<XRef[]>(this.S).fill(none));
    const refsOf = (w: number, s: number): XRef[] => {
      if (this.xs[w][s] === none) this.xs[w][s] = [];
      return this.xs[w][s];
    };
    for (let w = 0; w < this.W; w++) {
      for (let s = 0; s < this.S; s++) {
        const slot = problem.slots[s];
        const free = isFree(w, s);
        for (let r = 0; r < slot.roles.length; r++) {
          const k = key(w, s, r);
          if (pinned.has(k) || !free) {
            if (fixedOne.has(k)) {
              refsOf(w, s).push({ roleIndex: r, variable: -1, value: 1 });
              if (this.soft) this.model.offset += this.placeCost(softPlace, s, r, w);
              this.addConstantHardPlace(hardPlace, s, r, w);
            }
            continue;
          }
          if (!eligible(w, s, r)) continue;
          // A place that breaks a hard place rule is no variable, unless its penalty fits the level.
          const hardCost = this.placeCost(hardPlace, s, r, w);
          if (hardCost > 0 && !(this.hard.kind === 'level' && hardCost <= this.hard.level)) {
            if (this.hard.kind === 'minimise') this.rowFloor = Math.min(this.rowFloor, hardCost);
            continue;
          }
          const variable = this.model.addVar(`x_${w}_${s}_${r}`, 'binary', this.soft ? this.placeCost(softPlace, s, r, w) : 0);
          if (hardCost > 0) this.hardTerms.add(variable, hardCost);
          refsOf(w, s).push({ roleIndex: r, variable, value: 0 });
        }
      }
    }
    this.mySlots = this.xs.map((row) => {
      const out: number[] = [];
      row.forEach((refs, s) => refs.length > 0 && out.push(s));
      return out.sort((a, b) => ix.slotRank[a] - ix.slotRank[b]);
    });
    this.slotsByDay = problem.days.map(() => []);
    for (let s = 0; s < this.S; s++) this.slotsByDay[problem.slots[s].dayIndex].push(s);
    // Static blocks (eligibility) break rules that carry the protection base.
    for (const id of ['cover.roleHeld', 'skills.required', 'availability.window', 'availability.unavailable', 'travel.refusedSite']) {
      this.noteRow(id);
    }
  }

  /** Whether the objective carries the soft score (every mode but minimise). */
  get soft(): boolean {
    return this.hard.kind !== 'minimise';
  }

  weight(id: string): number {
    let w = this.weights.get(id);
    if (w === undefined) {
      w = resolveWeight(this.problem, getConstraint(id));
      this.weights.set(id, w);
    }
    return w;
  }

  /** Place rules (pay and bank use; the hard ones: roles, skills, leave...): their exact penalty for holding this place. */
  private placeCost(rules: readonly PlaceConstraint[], s: number, r: number, w: number): number {
    let cost = 0;
    for (const c of rules) {
      const weight = this.weight(c.id);
      if (weight === 0 && !c.breachBase) continue;
      cost += breachPen(c.placeUnits(this.problem, s, r, w), weight, c.breachBase ?? 0);
    }
    return cost;
  }

  private addConstantHardPlace(rules: readonly PlaceConstraint[], s: number, r: number, w: number): void {
    if (this.hard.kind === 'minimise' || this.hard.kind === 'level') this.hardTerms.addConstant(this.placeCost(rules, s, r, w));
  }

  /**
   * 1 when the worker works the slot: x_w_s summed over roles (at most one, by the clique rows), or
   * with priced doubles the held indicator of heldSlot.
   */
  slotWork(w: number, s: number): LinExpr {
    if (this.priceDoubles && this.xs[w][s].length > 1) return new LinExpr().addExpr(this.heldSlot(w, s));
    const e = new LinExpr();
    for (const ref of this.xs[w][s]) this.addX(e, ref);
    return e;
  }

  /**
   * Priced doubles: h_w_s in [0, 1] with h >= each role's x and h <= their sum is 1 exactly when the
   * slot is held (for whole x), which is what every worker rule of the catalogue reads (its distinct
   * held slots); the roles past the first, sum x - h, are the double place's extra places, priced as
   * the catalogue prices them (a linear hard term). Called for every such pair by encodeOverlap.
   */
  heldSlot(w: number, s: number): LinExpr {
    const cacheKey = w * this.S + s;
    const cached = this.heldCache.get(cacheKey);
    if (cached) return cached;
    const refs = this.xs[w][s];
    const sum = new LinExpr();
    for (const ref of refs) this.addX(sum, ref);
    let held: LinExpr;
    if (sum.constant > 0) held = new LinExpr().addConstant(1);
    else {
      const h = this.model.addVar(`h_${w}_${s}`, 'continuous');
      held = new LinExpr().add(h);
      for (const ref of refs) this.model.addRow(`hl_${w}_${s}_${ref.roleIndex}`, new LinExpr().add(h).add(ref.variable, -1), '>=', 0, false);
      this.model.addRow(`hu_${w}_${s}`, new LinExpr().add(h).addExpr(sum, -1), '<=', 0, false);
      this.model.addRow(`h1_${w}_${s}`, new LinExpr().add(h), '<=', 1, false);
    }
    this.heldCache.set(cacheKey, held);
    this.hardPenalty('cover.doublePlace', `dbl_${w}_${s}`, new LinExpr().addExpr(sum).addExpr(held, -1), '<=', 0, this.weight('cover.doublePlace'));
    return held;
  }

  addX(e: LinExpr, ref: XRef, coef = 1): LinExpr {
    return ref.variable >= 0 ? e.add(ref.variable, coef) : e.addConstant(ref.value * coef);
  }

  /**
   * 1 when the worker starts a slot on day d: the sum itself when at most one slot a day can be
   * worked, otherwise a binary tied to the day's slots.
   */
  dayWork(w: number, d: number): LinExpr {
    const cached = this.dayWorkCache.get(w * this.H + d);
    if (cached) return cached;
    const worker = this.problem.workers[w];
    const sum = new LinExpr();
    for (const s of this.slotsByDay[d]) sum.addExpr(this.slotWork(w, s));
    let out: LinExpr;
    if (sum.isConstant) out = new LinExpr().addConstant(Math.min(1, sum.constant));
    else if (sum.constant > 0) out = new LinExpr().addConstant(1);
    else if ((worker.maxShiftsPerDay !== undefined && worker.maxShiftsPerDay <= 1) || this.oneSlotADay(w, d)) out = sum;
    else {
      const z = this.model.addVar(`z_${w}_${d}`, 'binary');
      this.model.addRow(`zu_${w}_${d}`, new LinExpr().add(z).addExpr(sum, -1), '<=', 0, false);
      for (let i = 0; i < sum.vars.length; i++) {
        this.model.addRow(`zl_${w}_${d}_${i}`, new LinExpr().add(z).add(sum.vars[i], -1), '>=', 0, false);
      }
      out = new LinExpr().add(z);
    }
    this.dayWorkCache.set(w * this.H + d, out);
    return out;
  }

  /** Every pair of the worker's slots that day overlaps: the clique rows allow one at most. */
  private oneSlotADay(w: number, d: number): boolean {
    const mine = this.slotsByDay[d].filter((s) => this.xs[w][s].length > 0);
    for (let i = 0; i < mine.length; i++) {
      for (let j = i + 1; j < mine.length; j++) {
        const a = mine[i];
        const b = mine[j];
        if (!(this.ix.slotStart[a] < this.ix.slotEnd[b] && this.ix.slotStart[b] < this.ix.slotEnd[a])) return false;
      }
    }
    return true;
  }

  /** Minutes the worker works in slots starting on days [from, to). */
  minutes(w: number, from: number, to: number): LinExpr {
    const e = new LinExpr();
    for (const s of this.mySlots[w]) {
      const d = this.ix.slotDay[s];
      if (d >= from && d < to) e.addExpr(this.slotWork(w, s), this.ix.slotWork[s]);
    }
    return e;
  }

  /** Whether a hard rule holds as rows in this mode (records the floor in mode minimise). */
  keeps(id: string): boolean {
    const least = leastBreach(this.problem, id);
    switch (this.hard.kind) {
      case 'rows':
      case 'slack':
        return true;
      case 'level':
        // Every rota pays the forced penalty apart from any row's breach: what is left of the level.
        return least > this.hard.level - this.forcedHard;
      case 'minimise':
        return least >= structuralFloor(this.problem);
    }
  }

  /** Records that rule `id` holds as rows (for the floor of mode minimise). */
  noteRow(id: string): void {
    if (this.hard.kind === 'minimise') this.rowFloor = Math.min(this.rowFloor, leastBreach(this.problem, id));
  }

  /** A hard rule whose every breach costs at least leastBreach(id): a row, or dropped by the mode. */
  hardRow(id: string, name: string, expr: LinExpr, sense: Sense | '=', rhs: number): void {
    if (!this.keeps(id)) {
      this.dropped.set(id, 'cheaper to break than the hard level bounded');
      return;
    }
    this.encoded.add(id);
    if (!expr.isConstant) this.noteRow(id);
    this.model.addRow(name, expr, sense, rhs, true);
  }

  /**
   * A hard rule with no base: `unitPenalty` per unit by which expr misses rhs. A row in modes rows and
   * slack; a linear term of the hard score in modes minimise and level.
   */
  hardPenalty(id: string, name: string, expr: LinExpr, sense: Sense, rhs: number, unitPenalty: number): void {
    this.encoded.add(id);
    if (this.hard.kind === 'rows' || this.hard.kind === 'slack') {
      this.model.addRow(name, expr, sense, rhs, true);
      return;
    }
    this.penaltyInto(this.hardTerms, expr, sense, rhs, unitPenalty, false);
  }

  /** A soft rule: `unitPenalty` per unit by which expr misses rhs, rounded per breach as the catalogue does. */
  softPenalty(id: string, expr: LinExpr, sense: Sense, rhs: number, unitPenalty: number): void {
    this.encoded.add(id);
    if (!this.soft || unitPenalty === 0) return;
    this.penaltyInto(undefined, expr, sense, rhs, unitPenalty, true);
  }

  /** A soft linear cost (penalty variables built by the rule itself). */
  softCost(variable: number, cost: number): void {
    if (this.soft) this.model.addCost(variable, cost);
  }

  /** A constant soft penalty (decided by fixed places). */
  softConstant(value: number): void {
    if (this.soft) this.model.offset += value;
  }

  /**
   * max(0, miss) x unitPenalty, where miss is how far expr falls short of rhs ('>=') or exceeds it
   * ('<='). The catalogue rounds each breach, Math.round(units x weight); when that product need not
   * be whole the term is under-estimated by half a point (max(0, a x units - 0.5)), so it stays a
   * relaxation. Goes to the objective, and to `terms` when given.
   */
  private penaltyInto(terms: LinExpr | undefined, expr: LinExpr, sense: Sense, rhs: number, a: number, objective: boolean): void {
    const miss = sense === '>=' ? rhs - expr.constant : expr.constant - rhs;
    if (expr.isConstant) {
      const value = miss > 0 ? Math.round(miss * a) : 0;
      if (objective) this.model.offset += value;
      terms?.addConstant(value);
      return;
    }
    const n = this.penaltyCount++;
    const u = this.model.addVar(`pu${n}`, 'continuous');
    // expr + u >= rhs, or expr - u <= rhs: u is the miss.
    this.model.addRow(`pr${n}`, new LinExpr().addExpr(expr).add(u, sense === '>=' ? 1 : -1), sense, rhs, false);
    const whole = Number.isInteger(a) && expr.coefs.every(Number.isInteger) && Number.isInteger(expr.constant) && Number.isInteger(rhs);
    let costVar = u;
    let scale = a;
    if (!whole) {
      const v = this.model.addVar(`pv${n}`, 'continuous');
      this.model.addRow(`pq${n}`, new LinExpr().add(v).add(u, -a), '>=', -0.5, false);
      costVar = v;
      scale = 1;
    }
    if (objective) this.model.addCost(costVar, scale);
    terms?.add(costVar, scale);
  }

  /** Closes the model: in mode level, the linear hard penalties stay within the level. */
  finish(): void {
    if (this.hard.kind === 'level') this.model.addRow('hard_level', this.hardTerms, '<=', this.hard.level, false);
    if (this.hard.kind === 'minimise') {
      this.model.addObjective(this.hardTerms, 1);
      // A rota breaking a row pays the forced penalty besides (it is never a row's breach).
      this.rowFloor += this.forcedHard;
    }
  }
}
