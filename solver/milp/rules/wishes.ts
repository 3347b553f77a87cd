// Soft rules over a worker's whole rota (solver/constraints/fairness.ts, preferences.ts): the spread of
// weekend, bank-holiday, late, night and Christmas slots, and requests. Place rules (pay, bank use) are priced on the
// x variables themselves (encode-context.ts).

import { isChristmasSlot, isLateSlot, isNightSlot, priorOf, spreadPenalty } from '../../constraints/fairness.ts';
import { preferenceMatches } from '../../constraints/preferences.ts';
import { pen } from '../../constraints/types.ts';
import type { FairnessCategory, Slot } from '../../model.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

const SPREADS: readonly { readonly id: string; readonly category: FairnessCategory; readonly counts: (slot: Slot) => boolean }[] = [
  { id: 'fairness.weekends', category: 'weekends', counts: (s) => s.isWeekend },
  { id: 'fairness.bankHolidays', category: 'bankHolidays', counts: (s) => s.isBankHoliday },
  { id: 'fairness.lates', category: 'lates', counts: isLateSlot },
  { id: 'fairness.nights', category: 'nights', counts: isNightSlot },
  { id: 'fairness.christmas', category: 'christmas', counts: isChristmasSlot },
];

/**
 * Spread: weight x ((prior + count)^2 - prior^2) per worker, the prior from their ledger. Convex in
 * the count, so it is the maximum of the chords through the whole counts k and k+1,
 * (2 prior + 2k + 1) c - k(k+1) times the weight: exact at every whole count, an under-estimate between.
 * A weight that does not make whole penalties loses what the catalogue's rounding can: half a point
 * with no prior, a point with one (two rounded squares).
 */
export function encodeSpreads(ctx: EncodeContext): void {
  for (const { id, category, counts } of SPREADS) {
    ctx.encoded.add(id);
    const weight = ctx.weight(id);
    if (weight === 0 || !ctx.soft) continue;
    for (let w = 0; w < ctx.W; w++) {
      const prior = priorOf(ctx.problem.workers[w], category);
      const slack = Number.isInteger(weight) ? 0 : prior === 0 ? 0.5 : 1;
      const c = new LinExpr();
      let most = 0;
      for (const s of ctx.mySlots[w]) {
        if (!counts(ctx.problem.slots[s])) continue;
        c.addExpr(ctx.slotWork(w, s));
        most++;
      }
      if (c.isConstant) {
        if (c.constant > 0) ctx.softConstant(spreadPenalty(prior, c.constant, weight));
        continue;
      }
      const name = id.slice('fairness.'.length);
      const v = ctx.model.addVar(`sp_${name}_${w}`, 'continuous');
      ctx.softCost(v, 1);
      // The count as one variable, n = c, so each chord row has two terms instead of every counted
      // place: a worker with m places counted has about m chords, and m^2 terms made the spreads most
      // of a ward's whole model (4 weeks, 60 staff: 17 of its 27 MB). The relaxation is the same.
      const n = ctx.model.addVar(`spn_${name}_${w}`, 'continuous');
      ctx.model.addRow(`spc_${name}_${w}`, new LinExpr().add(n).addExpr(c, -1), '=', 0, false);
      for (let k = Math.floor(c.constant); k < most; k++) {
        // v >= weight ((2 prior + 2k + 1) n - k(k+1)) - slack
        const row = new LinExpr().add(v).add(n, -weight * (2 * prior + 2 * k + 1));
        ctx.model.addRow(`spr_${name}_${w}_${k}`, row, '>=', -weight * k * (k + 1) - slack, false);
      }
    }
  }
}

/** Requests: a desired slot or day not worked, or an undesired one worked, costs its weight once. */
export function encodePreferences(ctx: EncodeContext): void {
  ctx.encoded.add('preferences.desired');
  ctx.encoded.add('preferences.undesired');
  if (!ctx.soft) return;
  for (let w = 0; w < ctx.W; w++) {
    const worker = ctx.problem.workers[w];
    worker.preferences.forEach((p, pi) => {
      const penalty = pen(p.weight, ctx.weight(p.kind === 'desired' ? 'preferences.desired' : 'preferences.undesired'));
      if (penalty === 0) return;
      const works = new LinExpr();
      for (const s of ctx.mySlots[w]) if (preferenceMatches(p, ctx.problem.slots[s])) works.addExpr(ctx.slotWork(w, s));
      if (p.kind === 'desired') {
        if (works.constant >= 1) return;
        if (works.isConstant) {
          ctx.softConstant(penalty);
          return;
        }
        // q >= 1 - works: the request is unmet.
        const q = ctx.model.addVar(`pd_${w}_${pi}`, 'continuous');
        ctx.softCost(q, penalty);
        ctx.model.addRow(`pdr_${w}_${pi}`, new LinExpr().add(q).addExpr(works), '>=', 1, false);
      } else {
        if (works.constant >= 1) {
          ctx.softConstant(penalty);
          return;
        }
        if (works.isConstant) return;
        // q >= each matching x: the request is broken.
        const q = ctx.model.addVar(`pu_${w}_${pi}`, 'continuous');
        ctx.softCost(q, penalty);
        for (let i = 0; i < works.vars.length; i++) {
          ctx.model.addRow(`pur_${w}_${pi}_${i}`, new LinExpr().add(q).add(works.vars[i], -1), '>=', 0, false);
        }
      }
    });
  }
}
