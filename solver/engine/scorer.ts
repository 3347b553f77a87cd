// The contract between the allocation loop (solver/search) and the incremental scoring of the
// constraint catalogue (solver/constraints + solver/engine). The loop only ever talks to a Scorer.

import type { Assignment, Problem, Score } from '../model.ts';

/**
 * A rota under search, as places: each (slot, role) has `max` places (capped by the number of
 * workers who could fill it), each empty (-1) or holding one worker index.
 * Indices: slots and workers are indices into problem.slots / problem.workers.
 */
export interface Scorer {
  readonly problem: Problem;
  readonly placeCount: number;
  placeSlot(place: number): number;
  /** Index into problem.slots[placeSlot(place)].roles. */
  placeRole(place: number): number;
  /** Workers worth trying in this place: they hold the role. Static hard rules may still block them. */
  candidates(place: number): readonly number[];
  isPinned(place: number): boolean;
  /** Worker index in the place, or -1 when empty. */
  workerOf(place: number): number;

  /** Current total score. */
  score(): Score;

  /**
   * Score change if `place` held `worker` (-1 empties it), leaving the state untouched.
   * Written to `dHard` / `dSoft` instead of returned, so the hot loop allocates nothing.
   */
  deltaAssign(place: number, worker: number): void;
  /** Score change if the workers of two places were exchanged. Result in dHard / dSoft. */
  deltaSwap(placeA: number, placeB: number): void;
  readonly dHard: number;
  readonly dSoft: number;

  /** Apply: `place` now holds `worker` (-1 empties it). Keeps every incremental structure exact. */
  assign(place: number, worker: number): void;

  /** The rota as plain assignments (filled places only). */
  assignments(): Assignment[];
}
