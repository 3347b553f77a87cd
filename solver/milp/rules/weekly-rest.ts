// The weekly rest (solver/constraints/consecutive-days.ts, weekly-rest.ts), in each form:
// - 24 h in 7 days: exact. In every full week some stretch of weeklyRestMinutes holds no held slot.
// - 48 h in 14 days: exact. In every fortnight judged (a full week and the week before it, history
//   included) some stretch of twice weeklyRestMinutes holds no held slot.
// - two of 24 h in 14 days: relaxed to one stretch of weeklyRestMinutes in each fortnight, which every
//   rota keeping the rule has (the second rest, or one rest of twice the length, is left out).
// A stretch may be taken to start at the window's start or at the end of something busy (a slot, or
// a shift in the history), so each candidate start t gets a binary r_t (this rest is taken), no slot
// overlapping [t, t + length) may be held with it, and one candidate at least is taken.
// A window the history alone leaves without such a stretch is broken by every rota: its least
// penalty is a constant of the hard score (forcedWeeklyRestPenalty), which the bound counts.

import { getConstraint, resolveWeight } from '../../constraints/index.ts';
import { isFullWeek, type ProblemIndex } from '../../constraints/context.ts';
import { breachPen } from '../../constraints/types.ts';
import { busyBefore, fortnightBounds, isFortnightForm, longestTwoRests } from '../../constraints/weekly-rest.ts';
import type { Problem } from '../../model.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

/** One window in which one unbroken rest of `lengthMinutes` must fit, with what is busy there already. */
interface RestWindow {
  readonly tag: string;
  readonly fromMin: number;
  readonly toMin: number;
  readonly lengthMinutes: number;
  /** Busy intervals fixed before the horizon (the history), [start, end). */
  readonly fixedBusy: readonly (readonly [number, number])[];
}

export function encodeWeeklyRest(ctx: EncodeContext): void {
  ctx.encoded.add('days.weeklyRest');
  if (!ctx.keeps('days.weeklyRest')) return;
  for (let w = 0; w < ctx.W; w++) {
    for (const window of restWindows(ctx.problem, ctx.ix, w)) encodeWindow(ctx, w, window);
  }
}

/**
 * The weekly-rest penalty every rota pays: windows whose history alone leaves no unbroken rest of the
 * length encoded. Holding slots only shortens rests, so each such window breaks the rule by at least
 * the length less its longest rest without them (for two rests of 24 h: the length is one rest, and
 * the catalogue's shortfall is at least one rest less the longest).
 */
export function forcedWeeklyRestPenalty(problem: Problem, ix: ProblemIndex): number {
  const rule = getConstraint('days.weeklyRest');
  const weight = resolveWeight(problem, rule);
  let total = 0;
  for (let w = 0; w < problem.workers.length; w++) {
    for (const window of restWindows(problem, ix, w)) {
      const busy = [...window.fixedBusy].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const [longest] = longestTwoRests(busy.map((b) => b[0]), busy.map((b) => b[1]), busy.length, window.fromMin, window.toMin);
      if (longest < window.lengthMinutes) total += breachPen(window.lengthMinutes - longest, weight, rule.breachBase ?? 0);
    }
  }
  return total;
}

function restWindows(problem: Problem, ix: ProblemIndex, w: number): RestWindow[] {
  const worker = problem.workers[w];
  const need = worker.weeklyRestMinutes;
  if (need === undefined || need <= 0) return [];
  const form = worker.weeklyRestForm ?? '24h-in-7';
  const out: RestWindow[] = [];
  if (!isFortnightForm(form)) {
    for (let k = 0; k < ix.weekCount; k++) {
      if (!isFullWeek(ix, k)) continue;
      out.push({ tag: `${k}`, fromMin: problem.days[7 * k].startMin, toMin: problem.days[7 * k + 6].endMin, lengthMinutes: need, fixedBusy: [] });
    }
    return out;
  }
  const before = busyBefore(worker, problem.days[0].startMin);
  const fixedBusy = before.starts.map((start, i) => [start, before.ends[i]] as const);
  for (let k = 0; k < ix.weekCount; k++) {
    if (!isFullWeek(ix, k)) continue;
    const [fromMin, toMin] = fortnightBounds(ix, k);
    out.push({ tag: `f${k}`, fromMin, toMin, lengthMinutes: form === '48h-in-14' ? 2 * need : need, fixedBusy });
  }
  return out;
}

function encodeWindow(ctx: EncodeContext, w: number, window: RestWindow): void {
  const { ix } = ctx;
  const { fromMin, toMin, lengthMinutes: length } = window;
  const inWindow = ctx.mySlots[w].filter((s) => ix.slotEnd[s] > fromMin && ix.slotStart[s] < toMin);
  const fixed = window.fixedBusy.filter(([start, end]) => end > fromMin && start < toMin);
  const starts = [fromMin, ...fixed.map(([, end]) => end), ...inWindow.map((s) => ix.slotEnd[s])].filter((t) => t >= fromMin && t + length <= toMin);
  // A rest that the history already breaks is no candidate (a zero-length interval, the last shift's
  // end, breaks one that it falls strictly inside).
  const candidates = [...new Set(starts)].filter((t) => !fixed.some(([start, end]) => start < t + length && end > t));
  const blocking = candidates.map((t) => inWindow.filter((s) => ix.slotStart[s] < t + length && ix.slotEnd[s] > t));
  // No stretch fits: the rule breaks whatever is worked (forcedWeeklyRestPenalty), by more for a slot
  // that cuts the longest rest.
  if (candidates.length === 0) return encodeForcedWindow(ctx, w, window, inWindow, fixed);
  // A stretch overlaps nothing the worker may work: the rule cannot break.
  if (blocking.some((list) => list.length === 0)) return;
  const any = new LinExpr();
  candidates.forEach((t, i) => {
    const r = ctx.model.addVar(`wr_${w}_${window.tag}_${i}`, 'binary');
    any.add(r);
    for (const s of blocking[i]) ctx.hardRow('days.weeklyRest', `wrb_${w}_${window.tag}_${i}_${s}`, ctx.slotWork(w, s).add(r), '<=', 1);
  });
  ctx.hardRow('days.weeklyRest', `wra_${w}_${window.tag}`, any, '>=', 1);
}

/**
 * A window the history alone breaks (its least penalty is in forcedWeeklyRestPenalty): holding a slot
 * that cuts the longest rest breaks it by more. In the modes that bound the hard score, a variable at
 * least each such slot's own extra penalty: the largest of them under-estimates what any set of slots
 * adds, since more busy time only shortens rests.
 */
function encodeForcedWindow(ctx: EncodeContext, w: number, window: RestWindow, inWindow: readonly number[], fixed: readonly (readonly [number, number])[]): void {
  if (ctx.hard.kind !== 'minimise' && ctx.hard.kind !== 'level') return;
  const { ix } = ctx;
  const weight = ctx.weight('days.weeklyRest');
  const base = getConstraint('days.weeklyRest').breachBase ?? 0;
  const penalty = (longest: number): number => breachPen(window.lengthMinutes - longest, weight, base);
  const longestWith = (extra: readonly (readonly [number, number])[]): number => {
    const busy = [...fixed, ...extra].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return longestTwoRests(busy.map((b) => b[0]), busy.map((b) => b[1]), busy.length, window.fromMin, window.toMin)[0];
  };
  const forced = penalty(longestWith([]));
  const extras = inWindow
    .map((s) => ({ s, extra: penalty(longestWith([[ix.slotStart[s], ix.slotEnd[s]]])) - forced }))
    .filter((e) => e.extra > 0);
  if (extras.length === 0) return;
  const v = ctx.model.addVar(`wrf_${w}_${window.tag}`, 'continuous');
  for (const { s, extra } of extras) {
    ctx.model.addRow(`wrf_${w}_${window.tag}_${s}`, new LinExpr().add(v).addExpr(ctx.slotWork(w, s), -extra), '>=', 0, false);
  }
  ctx.hardTerms.add(v, 1);
}
