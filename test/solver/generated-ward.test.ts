// The generated ward of bench:services (bench/synthetic/ward.ts): 4 weeks, 60 staff, 10 shift types,
// a valid problem for any seed (leave near the roster's end is cut at its last day).

import { describe, expect, it } from 'vitest';
import { wardProblem } from '../../bench/synthetic/ward.ts';
import { validateProblem } from '../../solver/search/validate.ts';

describe('the generated ward', () => {
  it('is a valid 28-day problem of 60 staff and 10 shift types for every seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const problem = wardProblem({ seed });
      expect(() => validateProblem(problem), `seed ${seed}`).not.toThrow();
      expect(problem.days).toHaveLength(28);
      expect(problem.workers).toHaveLength(60);
      expect(new Set(problem.slots.map((s) => s.typeId)).size).toBe(10);
      for (const w of problem.workers) for (const u of w.unavailability) expect(u.endMin).toBeGreaterThan(u.startMin);
    }
  });
});
