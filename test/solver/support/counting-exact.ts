// What the exact-solver tests share: a service's week compiled from its fixture, and a backend that
// counts the LP relaxations and integer solves it was asked for before passing them on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExactSolver, Problem } from '../../../solver/model.ts';
import { PROJECT_ROOT } from '../../../src/paths.ts';
import { compileProblem } from '../../../src/service-file/compile.ts';

export function fixtureWeek(name: string, weekStart: string): Problem {
  const file = JSON.parse(readFileSync(join(fileURLToPath(PROJECT_ROOT), 'fixtures', `${name}.json`), 'utf8'));
  return compileProblem(file, { weekStart }).problem;
}

export function countingExact(inner: ExactSolver): { exact: ExactSolver; lps: () => number; mips: () => number } {
  let lps = 0;
  let mips = 0;
  const exact: ExactSolver = {
    ...inner,
    name: inner.name,
    solve(lp, options) {
      if (options.relaxation) lps++;
      else mips++;
      return inner.solve(lp, options);
    },
  };
  return { exact, lps: () => lps, mips: () => mips };
}
