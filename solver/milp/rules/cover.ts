// Cover: per (slot, role), the count of workers against min, preferred and max, priced as the
// catalogue prices them (solver/constraints/cover.ts). Exact.

import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

export function encodeCover(ctx: EncodeContext): void {
  const { problem } = ctx;
  const minWeight = ctx.weight('cover.min');
  const maxWeight = ctx.weight('cover.max');
  const underWeight = ctx.weight('cover.preferredUnder');
  const overWeight = ctx.weight('cover.preferredOver');
  for (let s = 0; s < ctx.S; s++) {
    const slot = problem.slots[s];
    slot.roles.forEach((demand, r) => {
      const filled = new LinExpr();
      for (let w = 0; w < ctx.W; w++) for (const ref of ctx.xs[w][s]) if (ref.roleIndex === r) ctx.addX(filled, ref);
      ctx.hardPenalty('cover.min', `cmin_${s}_${r}`, filled, '>=', demand.min, slot.priority * minWeight);
      ctx.hardPenalty('cover.max', `cmax_${s}_${r}`, filled, '<=', demand.max, maxWeight);
      ctx.softPenalty('cover.preferredUnder', filled, '>=', demand.preferred, slot.priority * (demand.underWeight ?? underWeight));
      ctx.softPenalty('cover.preferredOver', filled, '<=', demand.preferred, slot.priority * (demand.overWeight ?? overWeight));
    });
  }
}
