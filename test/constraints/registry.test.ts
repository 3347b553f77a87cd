// Binds tests to constraints mechanically: every registered constraint must have its own describe
// block, named by its id, in test/constraints/<family>.test.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { constraints, getConstraint, resolveWeight, evaluateAll } from '../../solver/constraints/index.ts';
import { makeProblem, makeWorker } from './support.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('constraint registry', () => {
  it('has unique ids, readable names and valid levels and weights', () => {
    const ids = constraints.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of constraints) {
      expect(c.id).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(c.name.length).toBeGreaterThan(10);
      expect(c.unit.length).toBeGreaterThan(0);
      expect(['hard', 'soft']).toContain(c.level);
      expect(c.defaultWeight).toBeGreaterThan(0);
      expect(getConstraint(c.id)).toBe(c);
    }
  });

  it('has a describe block for every constraint id in its family test file', () => {
    const missing: string[] = [];
    for (const c of constraints) {
      const file = join(here, `${c.family}.test.ts`);
      const text = readdirSync(here).includes(`${c.family}.test.ts`) ? readFileSync(file, 'utf8') : '';
      if (!text.includes(`describe('${c.id}'`)) missing.push(`${c.id} (expected in test/constraints/${c.family}.test.ts)`);
    }
    expect(missing).toEqual([]);
  });

  it('resolves weights from problem.weights, and refuses to switch a hard constraint off', () => {
    const base = makeProblem({ slots: [], workers: [makeWorker({ id: 'a', name: 'A' })] });
    expect(resolveWeight(base, getConstraint('rest.minGap'))).toBe(1);
    expect(resolveWeight({ ...base, weights: { 'rest.minGap': 3 } }, getConstraint('rest.minGap'))).toBe(3);
    expect(resolveWeight({ ...base, weights: { 'cost.pay': 0 } }, getConstraint('cost.pay'))).toBe(0);
    expect(() => resolveWeight({ ...base, weights: { 'rest.minGap': 0 } }, getConstraint('rest.minGap'))).toThrow(/hard constraint/);
    expect(() => resolveWeight({ ...base, weights: { 'cost.pay': -1 } }, getConstraint('cost.pay'))).toThrow(/cost.pay/);
    expect(() => evaluateAll({ ...base, weights: { 'rest.minGapp': 2 } }, [])).toThrow(/rest.minGapp/);
  });

  it('refuses ambiguous problems: a role twice in one slot, duplicate ids', () => {
    const twice = makeProblem({ slots: [{ id: 's', day: 0, from: 9, to: 17, roles: [{ roleId: 'support' }, { roleId: 'support' }] }], workers: [] });
    expect(() => evaluateAll(twice, [])).toThrow(/slot s: roles lists "support" twice/);
    const dupWorkers = makeProblem({ slots: [], workers: [makeWorker({ id: 'a', name: 'A' }), makeWorker({ id: 'a', name: 'B' })] });
    expect(() => evaluateAll(dupWorkers, [])).toThrow(/duplicate worker id "a"/);
    const backwards = makeProblem({ slots: [{ id: 's', day: 0, from: 17, to: 9 }], workers: [] });
    expect(() => evaluateAll(backwards, [])).toThrow(/slot s: endMin must be after startMin/);
  });

  it('names the field of a bad assignment', () => {
    const base = makeProblem({ slots: [{ id: 's', day: 0, from: 9, to: 17 }], workers: [makeWorker({ id: 'a', name: 'A' })] });
    expect(() => evaluateAll(base, [{ slotId: 's', roleId: 'support', workerId: 'zed' }])).toThrow(/assignments\[0\]\.workerId/);
    expect(() => evaluateAll(base, [{ slotId: 'nope', roleId: 'support', workerId: 'a' }])).toThrow(/assignments\[0\]\.slotId/);
    expect(() => evaluateAll(base, [{ slotId: 's', roleId: 'chef', workerId: 'a' }])).toThrow(/assignments\[0\]\.roleId/);
  });
});
