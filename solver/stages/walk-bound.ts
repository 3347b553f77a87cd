// The walk Lagrangian as a bound stage (solver/colgen/walk-bound.ts), where column generation gave no
// bound of its own: its root never priced every worker in one round (instance 20, the long generated
// shapes, whose roots end at their first columns) or it stepped aside. A subgradient ascent on the
// cover duals with walk terms only, in its share; kept only where it beats the bound in hand.

import type { WorkerDayModel } from '../colgen/day-model.ts';
import { coverSlacks } from '../colgen/master-cover.ts';
import { walkDualAscent } from '../colgen/walk-bound.ts';
import type { SolveContext } from './context.ts';

/** The ascent's pace is read on this many rounds after its first. */
const PACE_ROUNDS = 5;

export function walkBoundStage(ctx: SolveContext, models: readonly WorkerDayModel[]): string {
  const { budget, stages, bound } = ctx;
  const shareMs = budget.shareMs(stages.walkBoundShare);
  const start = budget.elapsedMs();
  const endMs = start + shareMs;
  let paceStop = false;
  let firstDone = start;
  const result = walkDualAscent(models, coverSlacks(ctx.problem), {
    upper: ctx.incumbent.legalSoft,
    lower: bound.soft,
    late: () => budget.elapsedMs() >= endMs || ctx.proven(),
    // The ascent needs hundreds of rounds to pass the days' bound: one whose pace says fewer fit in
    // its share gives its time back. The first round also compiles the programme and lays out the
    // extras (in the engine 190 ms on instance 20 against 6 ms for each round after it), so the pace
    // is read on the rounds after it; the first alone may take a third of the share at most.
    onRound: (round) => {
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
  if (paceStop) return `stopped after ${result.rounds} rounds (${Math.round(budget.elapsedMs() - start)} ms: fewer than ${stages.walkBoundMinRounds} rounds fit its share), bound ${value}`;
  return `${result.rounds} rounds, bound ${value}${bound.soft !== before ? ' (raised)' : ' (not above the bound in hand)'}`;
}
