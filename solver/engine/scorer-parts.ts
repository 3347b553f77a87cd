// Everything the incremental scorer's parts read, built once per problem: the problem's index and
// place layout, the tables of scorer-tables.ts and worker-rules.ts and the empty rota's dynamic
// state. Each part (the per-worker state, the place penalties, one rule family each) keeps the arrays
// it needs as fields of its own, so the move-by-move code reads this.x directly. Those fields are
// `declare`d: an ES2022 class field would first hold undefined, and the engine would then not know
// the field's type on every read in the hot loop; declared, the constructor's assignment is its first
// value.

import type { Problem } from '../model.ts';
import { indexProblem, type ProblemIndex } from '../constraints/context.ts';
import { layoutPlaces, type PlaceLayout } from './places.ts';
import {
  calendarTables,
  emptyState,
  preferenceTables,
  ruleWeights,
  successionTables,
  typeIndexOf,
} from './scorer-tables.ts';
import { workerRules } from './worker-rules.ts';

export type WorkerRules = ReturnType<typeof workerRules>;
export type RuleWeights = ReturnType<typeof ruleWeights>;
export type CalendarTables = ReturnType<typeof calendarTables>;
export type SuccessionTables = ReturnType<typeof successionTables>;
export type PreferenceTables = ReturnType<typeof preferenceTables>;
export type DynamicState = ReturnType<typeof emptyState>;

export interface ScorerParts {
  readonly problem: Problem;
  readonly ix: ProblemIndex;
  readonly layout: PlaceLayout;
  readonly rules: WorkerRules;
  readonly weights: RuleWeights;
  readonly calendar: CalendarTables;
  readonly successions: SuccessionTables;
  readonly preferences: PreferenceTables;
  /** The empty rota's per-worker state, shared (the same arrays) by every part that reads it. */
  readonly state: DynamicState;
}

export function buildParts(problem: Problem): ScorerParts {
  const ix = indexProblem(problem);
  const typeIndex = typeIndexOf(ix);
  const calendar = calendarTables(problem, ix);
  const successions = successionTables(problem, ix.typeIds.length, typeIndex);
  return {
    problem,
    ix,
    layout: layoutPlaces(problem),
    rules: workerRules(problem, ix, typeIndex),
    weights: ruleWeights(problem),
    calendar,
    successions,
    preferences: preferenceTables(problem, ix, typeIndex),
    state: emptyState(problem, ix, successions.hasSuccessions, calendar.weekStartMin, calendar.weekEndMin),
  };
}
