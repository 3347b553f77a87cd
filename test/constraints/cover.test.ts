import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

const sam = makeWorker({ id: 'sam', name: 'Sam', roles: ['support', 'lead'] });
const alex = makeWorker({ id: 'alex', name: 'Alex', roles: ['support'] });
const priya = makeWorker({ id: 'priya', name: 'Priya', roles: ['support'] });

function problem(role: { min?: number; preferred?: number; max?: number; underWeight?: number; overWeight?: number }, priority = 1, weights?: Record<string, number>) {
  return makeProblem({
    slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', priority, roles: [{ roleId: 'support', ...role }] }],
    workers: [sam, alex, priya],
    weights,
  });
}

describe('cover.min', () => {
  it('is clean when the minimum is met', () => {
    expect(judge('cover.min', problem({ min: 2 }), places(['d1', 'sam'], ['d1', 'alex'])).total).toBe(0);
  });
  it('penalises each missing worker times the slot priority', () => {
    const r = judge('cover.min', problem({ min: 2 }, 3), places(['d1', 'sam']));
    expect(r.total).toBe(60 * 1 * 3);
    expect(r.messages[0]).toContain('Tue 24 Nov drop-in 17:30-00:30: support has 1 of at least 2 (1 worker missing)');
  });
  it('counts two missing workers twice as much', () => {
    expect(judge('cover.min', problem({ min: 2 }), []).total).toBe(120);
  });
  it('is 0 exactly at the minimum, and a weight override scales it', () => {
    expect(judge('cover.min', problem({ min: 1 }), places(['d1', 'sam'])).total).toBe(0);
    expect(judge('cover.min', problem({ min: 1 }, 1, { 'cover.min': 500 }), []).total).toBe(500);
  });
});

describe('cover.max', () => {
  it('is clean at or below the maximum', () => {
    expect(judge('cover.max', problem({ max: 2 }), places(['d1', 'sam'], ['d1', 'alex'])).total).toBe(0);
  });
  it('penalises each worker above the maximum', () => {
    const r = judge('cover.max', problem({ max: 1 }), places(['d1', 'sam'], ['d1', 'alex'], ['d1', 'priya']));
    expect(r.total).toBe(120);
    expect(r.messages[0]).toContain('support has 3, more than the maximum 1');
  });
});

describe('cover.preferredUnder', () => {
  it('is clean at the preferred number', () => {
    expect(judge('cover.preferredUnder', problem({ preferred: 2 }), places(['d1', 'sam'], ['d1', 'alex'])).total).toBe(0);
  });
  it('uses the default weight per worker short times priority', () => {
    const r = judge('cover.preferredUnder', problem({ preferred: 3 }, 2), places(['d1', 'sam']));
    expect(r.total).toBe(100 * 2 * 2);
    expect(r.messages[0]).toContain('support has 1 of the preferred 3 (2 workers short)');
  });
  it('uses the role underWeight over the default and over problem.weights', () => {
    expect(judge('cover.preferredUnder', problem({ preferred: 2, underWeight: 7 }, 1, { 'cover.preferredUnder': 1 }), []).total).toBe(14);
  });
});

describe('cover.preferredOver', () => {
  it('is clean at the preferred number', () => {
    expect(judge('cover.preferredOver', problem({ preferred: 1 }), places(['d1', 'sam'])).total).toBe(0);
  });
  it('penalises workers above preferred with the role overWeight', () => {
    const r = judge('cover.preferredOver', problem({ preferred: 1, overWeight: 3 }), places(['d1', 'sam'], ['d1', 'alex'], ['d1', 'priya']));
    expect(r.total).toBe(6);
    expect(r.messages[0]).toContain('2 workers above the preferred 1');
  });
  it('uses the default weight without an overWeight', () => {
    expect(judge('cover.preferredOver', problem({ preferred: 0 }), places(['d1', 'sam'])).total).toBe(20);
  });
});

describe('cover.doublePlace', () => {
  const twoRoles = makeProblem({
    slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', roles: [{ roleId: 'lead' }, { roleId: 'support' }] }],
    workers: [sam, alex],
  });
  it('is clean when each worker holds one place', () => {
    expect(judge('cover.doublePlace', twoRoles, places(['d1', 'sam', 'lead'], ['d1', 'alex', 'support'])).total).toBe(0);
  });
  it('penalises a second place in the same slot', () => {
    const r = judge('cover.doublePlace', twoRoles, places(['d1', 'sam', 'lead'], ['d1', 'sam', 'support']));
    expect(r.total).toBe(1000);
    expect(r.messages).toEqual(['Sam: holds 2 places in Tue 24 Nov drop-in 17:30-00:30']);
  });
});

describe('cover.roleHeld', () => {
  const leadSlot = makeProblem({
    slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, typeId: 'drop-in', roles: [{ roleId: 'lead' }] }],
    workers: [sam, alex],
  });
  it('is clean for a worker who holds the role', () => {
    expect(judge('cover.roleHeld', leadSlot, places(['d1', 'sam', 'lead'])).total).toBe(0);
  });
  it('penalises a worker in a role they do not hold', () => {
    const r = judge('cover.roleHeld', leadSlot, places(['d1', 'alex', 'lead']));
    expect(r.total).toBe(PROTECTION_BASE + 1000);
    expect(r.messages[0]).toBe('Alex: placed as lead in Tue 24 Nov drop-in 17:30-00:30 but does not hold that role');
  });
});
