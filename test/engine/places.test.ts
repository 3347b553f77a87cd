// Place layout: min(role.max, holders of the role) places per (slot, role), raised to hold every
// pinned assignment; candidates are the role's holders.

import { describe, expect, it } from 'vitest';
import { createScorer } from '../../solver/engine/incremental-scorer.ts';
import { makeProblem, makeWorker } from '../constraints/support.ts';

const workers = [
  makeWorker({ id: 'sam', name: 'Sam', roles: ['lead', 'support'] }),
  makeWorker({ id: 'alex', name: 'Alex', roles: ['support'] }),
  makeWorker({ id: 'priya', name: 'Priya', roles: ['support'] }),
];

describe('places', () => {
  it('gives each slot-role min(max, holders) places and its holders as candidates', () => {
    const problem = makeProblem({
      slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, roles: [{ roleId: 'lead', max: 2 }, { roleId: 'support', max: 2 }, { roleId: 'amhp', max: 1 }] }],
      workers,
    });
    const scorer = createScorer(problem);
    const roles = Array.from({ length: scorer.placeCount }, (_, p) => problem.slots[0].roles[scorer.placeRole(p)].roleId);
    expect(roles).toEqual(['lead', 'support', 'support']); // 1 lead holder, 2 of 3 support, no amhp holder
    expect(scorer.candidates(0)).toEqual([0]);
    expect(scorer.candidates(1)).toEqual([0, 1, 2]);
    expect(Array.from({ length: scorer.placeCount }, (_, p) => scorer.workerOf(p))).toEqual([-1, -1, -1]);
  });

  it('adds places for pinned assignments beyond the cap, fixed and filled first', () => {
    const problem = makeProblem({
      slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5, roles: [{ roleId: 'support', max: 1 }] }],
      workers,
      pinned: [
        { slotId: 'd1', roleId: 'support', workerId: 'alex' },
        { slotId: 'd1', roleId: 'support', workerId: 'priya' },
      ],
    });
    const scorer = createScorer(problem, [{ slotId: 'd1', roleId: 'support', workerId: 'sam' }]);
    expect(scorer.placeCount).toBe(2);
    expect([scorer.workerOf(0), scorer.workerOf(1)]).toEqual([1, 2]);
    expect([scorer.isPinned(0), scorer.isPinned(1)]).toEqual([true, true]);
    // No room is left for Sam from the start rota; the pinned overflow is a cover.max breach.
    expect(scorer.assignments().map((a) => a.workerId)).toEqual(['alex', 'priya']);
    expect(scorer.score().hard).toBe(60);
  });

  it('fills pinned places first, then the start rota in order, skipping what repeats a pin or does not resolve', () => {
    const problem = makeProblem({
      slots: [{ id: 'd3', day: 3, from: 7, to: 15, roles: [{ roleId: 'support', max: 3 }] }],
      workers,
      pinned: [{ slotId: 'd3', roleId: 'support', workerId: 'alex' }],
    });
    const scorer = createScorer(problem, [
      { slotId: 'd3', roleId: 'support', workerId: 'alex' }, // the pin itself: not a second place
      { slotId: 'd3', roleId: 'support', workerId: 'zed' }, // unknown worker
      { slotId: 'd9', roleId: 'support', workerId: 'sam' }, // unknown slot
      { slotId: 'd3', roleId: 'amhp', workerId: 'sam' }, // a role the slot does not have
      { slotId: 'd3', roleId: 'support', workerId: 'priya' },
      { slotId: 'd3', roleId: 'support', workerId: 'sam' },
    ]);
    expect(scorer.placeCount).toBe(3);
    expect(scorer.assignments().map((a) => a.workerId)).toEqual(['alex', 'priya', 'sam']);
    expect([0, 1, 2].map((p) => scorer.isPinned(p))).toEqual([true, false, false]);
  });

  it('names the field of a pinned assignment that does not resolve', () => {
    const problem = makeProblem({
      slots: [{ id: 'd1', day: 1, from: 17.5, to: 24.5 }],
      workers,
      pinned: [{ slotId: 'd1', roleId: 'support', workerId: 'zed' }],
    });
    expect(() => createScorer(problem)).toThrow(/problem\.pinned\[0\]\.workerId/);
  });
});
