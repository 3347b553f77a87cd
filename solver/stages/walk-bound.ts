// The walk Lagrangian as a bound stage (solver/colgen/walk-bound.ts), where column generation gave no
// bound of its own: its root never priced every worker in one round (instance 20, the long generated
// shapes, whose roots end at their first columns) or it stepped aside. A subgradient ascent on the
// cover duals with walk terms only, in its share (and, when set, more while its bound still climbs fast);
// where its pace stops it or it ends below the bound in hand, one round at the days' own duals too; kept
// only where it beats the bound in hand.

import type { WorkerDayModel } from '../colgen/day-model.ts';
import { dayDuals } from '../colgen/day-duals.ts';
import { coverSlacks, type CoverRows } from '../colgen/master-cover.ts';
import { walkDualAscent } from '../colgen/walk-bound.ts';
import type { SolveContext } from './context.ts';

/** The ascent's pace is read on this many rounds after its first. */
const PACE_ROUNDS = 5;
/** A bound still climbing (by CLIMB_GAIN of itself over the last CLIMB_ROUNDS rounds) at the end of the share may take `walkBoundClimbShare` more. */
const CLIMB_ROUNDS = 50;
const CLIMB_GAIN = 0.05;

/**
 * Whether the best bound so far still climbs: it rose by at least CLIMB_GAIN of itself over the last
 * CLIMB_ROUNDS rounds. The volume ascent climbs steadily for hundreds of rounds on shapes like
 * instance 20 (300 to 400 rounds: +45%) and flattens near the relaxation's optimum (600 to 700: +3%),
 * so a share cut while it climbs leaves most of its bound unreached.
 */
export class ClimbWatch {
  private readonly best: number[] = [];

  note(best: number): void {
    this.best.push(best);
  }

  climbing(): boolean {
    const n = this.best.length;
    if (n <= CLIMB_ROUNDS) return false;
    const now = this.best[n - 1];
    const then = this.best[n - 1 - CLIMB_ROUNDS];
    return now > 0 && now - Math.max(then, 0) >= CLIMB_GAIN * now;
  }
}

export function walkBoundStage(ctx: SolveContext, models: readonly WorkerDayModel[]): string {
  const { budget, stages, bound } = ctx;
  const shareMs = budget.shareMs(stages.walkBoundShare);
  const start = budget.elapsedMs();
  const endMs = start + shareMs;
  const climbMs = budget.shareMs(stages.walkBoundClimbShare);
  let paceStop = false;
  let firstDone = start;
  const watch = new ClimbWatch();
  let best = -Infinity;
  let extended = false;
  const rows = coverSlacks(ctx.problem);
  const result = walkDualAscent(models, rows, {
    upper: ctx.incumbent.legalSoft,
    lower: bound.soft,
    late: () => {
      const now = budget.elapsedMs();
      if (ctx.proven() || now >= endMs + climbMs) return true;
      if (now < endMs) return false;
      if (!watch.climbing()) return true;
      extended = true;
      return false;
    },
    // The ascent needs hundreds of rounds to pass the days' bound: one whose pace says fewer fit in
    // its share gives its time back. The first round also compiles the programme and lays out the
    // extras (in the engine 190 ms on instance 20 against 6 ms for each round after it), so the pace
    // is read on the rounds after it; the first alone may take a third of the share at most.
    onRound: (round, value) => {
      best = Math.max(best, value);
      watch.note(best);
      const now = budget.elapsedMs();
      if (round === 1) {
        firstDone = now;
        paceStop = now - start > shareMs / 3;
      } else if (round === 1 + PACE_ROUNDS) paceStop = ((now - firstDone) / PACE_ROUNDS) * stages.walkBoundMinRounds > shareMs;
      return paceStop;
    },
  });
  const before = bound.soft;
  if (result.bound !== undefined) bound.raiseSoft(0, result.bound, 'walk Lagrangian');
  const value = result.bound === undefined ? 'none' : Math.ceil(result.bound - 1e-6);
  const raisedByAscent = bound.soft !== before;
  const atDays = result.bound !== undefined && dayDualsWanted(paceStop, raisedByAscent) ? atDayDuals(ctx, models, rows) : undefined;
  if (atDays !== undefined) bound.raiseSoft(0, atDays, "walk Lagrangian at the days' duals");
  const days = atDays === undefined ? '' : `, at the days' duals ${Math.ceil(atDays - 1e-6)}`;
  if (paceStop) return `stopped after ${result.rounds} rounds (${Math.round(budget.elapsedMs() - start)} ms: fewer than ${stages.walkBoundMinRounds} rounds fit its share), bound ${value}${days}`;
  const longer = extended ? `, ${Math.round(budget.elapsedMs() - start)} ms: past its share while climbing` : '';
  return `${result.rounds} rounds${longer}, bound ${value}${raisedByAscent ? ' (raised)' : ' (not above the bound in hand)'}${days}`;
}

/**
 * Whether the stage adds a round at the days' duals: when its pace stopped the ascent, or when the
 * ascent ended without passing the bound in hand (the days' own, on the long shapes where the pace
 * reading let a slow ascent run from pi = 0's kink). An ascent that passed it had its rounds.
 */
export function dayDualsWanted(paceStopped: boolean, raisedByAscent: boolean): boolean {
  return paceStopped || !raisedByAscent;
}

/**
 * Where the ascent cannot afford its rounds (the long shapes: the pace rule stopped it, or its rounds
 * from pi = 0's kink never passed the days' bound), the walk Lagrangian at the days' own cover duals
 * (solver/colgen/day-duals.ts): one more round, from a point no lower than the days' Lagrangian.
 */
function atDayDuals(ctx: SolveContext, models: readonly WorkerDayModel[], rows: CoverRows): number | undefined {
  if (ctx.proven() || ctx.budget.late()) return undefined;
  return walkDualAscent(models, rows, { start: dayDuals(models, rows), maxRounds: 1, late: () => false, upper: ctx.incumbent.legalSoft }).bound;
}
