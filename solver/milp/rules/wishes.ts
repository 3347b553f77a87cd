// Soft rules over a worker's whole rota (solver/constraints/fairness.ts, preferences.ts): the spread of
// weekend, bank-holiday and late slots, and requests. Place rules (pay, bank use) are priced on the
// x variables themselves (encode-context.ts).

import { isLateSlot } from '../../constraints/fairness.ts';
import { preferenceMatches } from '../../constraints/preferences.ts';
import { pen } from '../../constraints/types.ts';
import type { Slot } from '../../model.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

const SPREADS: readonly { readonly id: string; readonly counts: (slot: Slot) => boolean }[] = [
  { id: 'fairness.weekends', counts: (s) => s.isWeekend },
  { id: 'fairness.bankHolidays', counts: (s) => s.isBankHoliday },
  { id: 'fairness.lates', counts: isLateSlot },
];

/**
 * Spread: weight x count^2 per worker. Convex, so it is the maximum of the chords through the whole
 * counts k and k+1, (2k+1) c - k(k+1): exact at every whole count, an under-estimate between them.
 * A weight that does not make whole penalties loses half a point per worker (the catalogue rounds).
 */
export function encodeSpreads(ctx: EncodeContext): void {
  for (const { id, counts } of SPREADS) {
    ctx.encoded.add(id);
    const weight = ctx.weight(id);
    if (weight === 0 || !ctx.soft) continue;
    const slack = Number.isInteger(weight) ? 0 : 0.5;
    for (let w = 0; w < ctx.W; w++) {
      const c = new LinExpr();
      let most = 0;
      for (const s of ctx.mySlots[w]) {
        if (!counts(ctx.problem.slots[s])) continue;
        c.addExpr(ctx.slotWork(w, s));
        most++;
      }
      if (c.isConstant) {
        ctx.softConstant(pen(c.constant * c.constant, weight));
        continue;
      }
      const v = ctx.model.addVar(`sp_${id.slice(9)}_${w}`, 'continuous');
      ctx.softCost(v, 1);
      for (let k = Math.floor(c.constant); k < most; k++) {
        // v >= weight ((2k+1) c - k(k+1)) - slack
        const row = new LinExpr().add(v).addExpr(c, -weight * (2 * k + 1));
        ctx.model.addRow(`spr_${id.slice(9)}_${w}_${k}`, row, '>=', -weight * k * (k + 1) - slack, false);
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
