// A generated Curtois-format instance and its column-generation root: the set-up of the tests of the
// stages that start from a root (column, window and root-rounding neighbourhoods).

import { generateInstance, type InstanceShape } from '../../../bench/curtois/generate.ts';
import { parseCurtois } from '../../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../../bench/curtois/to-problem.ts';
import { runColumnGeneration, type ColumnGenerationOptions, type ColumnGenerationState } from '../../../solver/colgen/master.ts';
import type { LpSessionFactory } from '../../../solver/milp/backend.ts';
import type { Problem } from '../../../solver/model.ts';

export function generatedRoot(
  exact: LpSessionFactory,
  shape: InstanceShape,
  seed: number,
  options: ColumnGenerationOptions = {},
): { problem: Problem; cg: ColumnGenerationState } {
  const problem = curtoisToProblem(parseCurtois(generateInstance(shape, seed).text));
  const root = runColumnGeneration(problem, exact, { incumbents: [], ...options });
  if (!root.ok) throw new Error(root.reason);
  return { problem, cg: root.state };
}
