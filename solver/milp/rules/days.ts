// Rules over a worker's days (solver/constraints/consecutive-days.ts, weekends.ts, successions.ts):
// runs of work and of days off, weekends worked and forbidden successions. All exact. The weekly rest
// is in weekly-rest.ts.

import { isFullWeek } from '../../constraints/context.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

export function encodeRuns(ctx: EncodeContext): void {
  for (const id of ['days.maxConsecutive', 'days.minConsecutive', 'days.minConsecutiveOff']) ctx.encoded.add(id);
  const H = ctx.H;
  for (let w = 0; w < ctx.W; w++) {
    const worker = ctx.problem.workers[w];
    const day = (d: number): LinExpr => ctx.dayWork(w, d);
    // At most k days in a row: every window of k+1 days has a day off. Days worked just before the
    // horizon count as worked days before day 0, days fixed just after it as worked days after the last.
    if (worker.maxConsecutiveDays !== undefined && ctx.keeps('days.maxConsecutive')) {
      const k = worker.maxConsecutiveDays;
      const before = worker.history?.consecutiveDaysWorked ?? 0;
      const after = worker.following?.consecutiveDaysWorked ?? 0;
      for (let start = -Math.min(before, k); start + k < H + Math.min(after, k); start++) {
        const e = new LinExpr();
        for (let d = start; d <= start + k; d++) d < 0 || d >= H ? e.addConstant(1) : e.addExpr(day(d));
        ctx.hardRow('days.maxConsecutive', `mxc_${w}_${start + k}`, e, '<=', k);
      }
    }
    // A run of work starting on day d >= 1 lasts at least m days unless it reaches the last day:
    // z_d - z_{d-1} - z_{d+j} <= 0 for j < m.
    if (worker.minConsecutiveDays !== undefined && worker.minConsecutiveDays > 1 && ctx.keeps('days.minConsecutive')) {
      const m = worker.minConsecutiveDays;
      for (let d = 1; d < H; d++) {
        for (let j = 1; j < m && d + j < H; j++) {
          const e = new LinExpr().addExpr(day(d)).addExpr(day(d - 1), -1).addExpr(day(d + j), -1);
          ctx.hardRow('days.minConsecutive', `mnc_${w}_${d}_${j}`, e, '<=', 0);
        }
      }
    }
    // The same for runs of days off: z_{d-1} - z_d + z_{d+j} <= 1.
    if (worker.minConsecutiveDaysOff !== undefined && worker.minConsecutiveDaysOff > 1 && ctx.keeps('days.minConsecutiveOff')) {
      const m = worker.minConsecutiveDaysOff;
      for (let d = 1; d < H; d++) {
        for (let j = 1; j < m && d + j < H; j++) {
          const e = new LinExpr().addExpr(day(d - 1)).addExpr(day(d), -1).addExpr(day(d + j));
          ctx.hardRow('days.minConsecutiveOff', `mno_${w}_${d}_${j}`, e, '<=', 1);
        }
      }
    }
  }
  for (const id of ['days.maxConsecutive', 'days.minConsecutive', 'days.minConsecutiveOff']) {
    if (!ctx.keeps(id)) ctx.dropped.set(id, 'cheaper to break than the hard level bounded');
  }
}

/** Weekends worked: y_k at least each worked Saturday or Sunday of weekend k; their sum is capped. */
export function encodeWeekends(ctx: EncodeContext): void {
  ctx.encoded.add('weekends.max');
  for (let w = 0; w < ctx.W; w++) {
    const max = ctx.problem.workers[w].maxWeekends;
    if (max === undefined) continue;
    const total = new LinExpr();
    for (const weekend of weekendsOf(ctx)) {
      const worked = weekend.map((d) => ctx.dayWork(w, d));
      if (worked.some((e) => e.isConstant && e.constant > 0)) {
        total.addConstant(1);
        continue;
      }
      if (worked.every((e) => e.isConstant)) continue;
      const y = ctx.model.addVar(`y_${w}_${weekend[0]}`, 'continuous');
      worked.forEach((e, i) => {
        if (!e.isConstant) ctx.model.addRow(`yl_${w}_${weekend[i]}`, new LinExpr().add(y).addExpr(e, -1), '>=', 0, false);
      });
      total.add(y);
    }
    ctx.hardRow('weekends.max', `mwe_${w}`, total, '<=', max);
  }
}

/** Weekends as lists of day indices, as the catalogue counts them (a Saturday and the Sunday after it). */
function weekendsOf(ctx: EncodeContext): number[][] {
  const byWeekend: number[][] = Array.from({ length: ctx.ix.weekendCount }, () => []);
  ctx.ix.dayWeekend.forEach((k, d) => {
    if (k >= 0) byWeekend[k].push(d);
  });
  return byWeekend;
}

/** Type b on day d+1 after type a on day d: the pair is never held together. */
export function encodeSuccessions(ctx: EncodeContext): void {
  ctx.encoded.add('successions.forbidden');
  const rules = ctx.problem.forbiddenSuccessions ?? [];
  if (rules.length === 0) return;
  const forbidden = new Set(rules.map((r) => `${r.fromTypeId}\u0000${r.toTypeId}`));
  const slots = ctx.problem.slots;
  for (let w = 0; w < ctx.W; w++) {
    const byDay: number[][] = Array.from({ length: ctx.H }, () => []);
    for (const s of ctx.mySlots[w]) byDay[ctx.ix.slotDay[s]].push(s);
    for (let d = 0; d + 1 < ctx.H; d++) {
      for (const a of byDay[d]) {
        for (const b of byDay[d + 1]) {
          if (!forbidden.has(`${slots[a].typeId}\u0000${slots[b].typeId}`)) continue;
          ctx.hardRow('successions.forbidden', `fs_${w}_${a}_${b}`, ctx.slotWork(w, a).addExpr(ctx.slotWork(w, b)), '<=', 1);
        }
      }
    }
  }
}
