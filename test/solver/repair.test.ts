// The repair move for places below min: fill the empty required place with a candidate and give up
// the candidate's clashing place, refilled by someone else, all in one move.

import { describe, expect, it } from 'vitest';
import { catalogueEngine } from '../../solver/solve.ts';
import { solveWith } from '../../solver/search/run.ts';
import { defaultTuning } from '../../solver/search/local-search.ts';
import { problem, role, slot, worker } from './support/build.ts';

// Sam can lead or coordinate, Jo can only lead. The coordinator shift overlaps the lead shift, so
// with Sam leading (the re-plan's start) the coordinator place stays empty until Jo takes the lead
// shift and Sam moves over: two changes that no single plain move makes.
const p = problem({
  slots: [slot('lead', 0, 9, 8, [role('lead', 1)]), slot('coord', 0, 13, 8, [role('coordinator', 1)])],
  workers: [worker('w-sam', 'Sam', ['lead', 'coordinator']), worker('w-jo', 'Jo', ['lead'])],
});
const initial = [{ slotId: 'lead', roleId: 'lead', workerId: 'w-sam' }];

describe('repair move', () => {
  it('fills a place below min by moving the clashing worker and refilling their place, in one move', () => {
    const result = solveWith(catalogueEngine, p, { seed: 1, maxMoves: 1, initial }, { tuning: { ...defaultTuning, pRepair: 1 } });
    expect(result.score.hard).toBe(0);
    expect(result.assignments.map((a) => `${a.slotId}:${a.workerId}`).sort()).toEqual(['coord:w-sam', 'lead:w-jo']);
    expect(result.unfilled.filter((u) => u.level === 'hard')).toEqual([]);
  });

  it('is what fixes it: without repairs one move leaves the coordinator place short', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = solveWith(catalogueEngine, p, { seed, maxMoves: 1, initial }, { tuning: { ...defaultTuning, pRepair: 0 } });
      expect(result.score.hard).toBeGreaterThan(0);
    }
  });

  it('leaves the rota alone when no place is below min', () => {
    const easy = problem({ slots: [slot('lead', 0, 9, 8, [role('lead', 1)])], workers: [worker('w-jo', 'Jo', ['lead'])] });
    const result = solveWith(catalogueEngine, easy, { seed: 1, maxMoves: 50 }, { tuning: { ...defaultTuning, pRepair: 1 } });
    expect(result.score).toEqual({ hard: 0, soft: 0 });
    expect(result.assignments.map((a) => a.workerId)).toEqual(['w-jo']);
  });
});
