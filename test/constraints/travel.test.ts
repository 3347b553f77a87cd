import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import type { Site } from '../../solver/model.ts';

const sites: Site[] = [
  { id: 'dukinfield', name: 'Dukinfield', travelMinutes: { ashton: 30 } },
  { id: 'ashton', name: 'Ashton', travelMinutes: {} },
];

describe('travel.refusedSite', () => {
  const p = makeProblem({
    sites,
    slots: [
      { id: 'a', day: 0, from: 9, to: 12, siteId: 'ashton', typeId: 'activity' },
      { id: 'r', day: 0, from: 14, to: 15, siteId: null, typeId: 'phone' },
    ],
    workers: [makeWorker({ id: 'tom', name: 'Tom', refusedSiteIds: ['ashton'] })],
  });
  it('is clean for remote work', () => {
    expect(judge('travel.refusedSite', p, places(['r', 'tom'])).total).toBe(0);
  });
  it('penalises a place at a refused venue', () => {
    const r = judge('travel.refusedSite', p, places(['a', 'tom']));
    expect(r.total).toBe(PROTECTION_BASE + 500);
    expect(r.messages[0]).toBe('Tom: refuses the venue Ashton of Mon 23 Nov activity 09:00-12:00');
  });
});

describe('travel.time', () => {
  const p = (secondFrom: number, secondSite: string | null = 'ashton') =>
    makeProblem({
      sites,
      slots: [
        { id: 'a', day: 0, from: 9, to: 12, siteId: 'dukinfield', typeId: 'wellbeing' },
        { id: 'b', day: 0, from: secondFrom, to: secondFrom + 2, siteId: secondSite, typeId: 'activity' },
      ],
      workers: [makeWorker({ id: 'tom', name: 'Tom' })],
    });
  it('is clean with time to travel, and for remote work', () => {
    expect(judge('travel.time', p(13), places(['a', 'tom'], ['b', 'tom'])).total).toBe(0);
    expect(judge('travel.time', p(12, null), places(['a', 'tom'], ['b', 'tom'])).total).toBe(0);
  });
  it('penalises each minute short of the journey (known one way, taken both ways)', () => {
    const r = judge('travel.time', p(12.25), places(['a', 'tom'], ['b', 'tom']));
    expect(r.total).toBe(PROTECTION_BASE + 15);
    expect(r.messages[0]).toBe(
      'Tom: only 15 min to travel from Mon 23 Nov wellbeing 09:00-12:00 to Mon 23 Nov activity 12:15-14:15; the journey takes 30 min',
    );
  });
  it('is 0 with exactly the journey time between', () => {
    expect(judge('travel.time', p(12.5), places(['a', 'tom'], ['b', 'tom'])).total).toBe(0);
  });
});

describe('travel.time with slots at the same times', () => {
  it('judges consecutive slots in (start, end, id) order, whatever the order of problem.slots', () => {
    const slots = [
      { id: 'a', day: 0, from: 9, to: 12, siteId: 'dukinfield', typeId: 'wellbeing' },
      { id: 'b', day: 0, from: 12 + 1 / 6, to: 14, siteId: 'dukinfield', typeId: 'activity' },
      { id: 'c', day: 0, from: 12 + 1 / 6, to: 14, siteId: 'ashton', typeId: 'activity' },
    ];
    const forwards = makeProblem({ sites, slots, workers: [makeWorker({ id: 'tom', name: 'Tom' })] });
    const backwards = makeProblem({ sites, slots: [...slots].reverse(), workers: [makeWorker({ id: 'tom', name: 'Tom' })] });
    const rota = places(['a', 'tom'], ['b', 'tom'], ['c', 'tom']);
    // a -> b (same site) are the consecutive pair; b and c overlap, which is overlap.noOverlap's business.
    expect(judge('travel.time', forwards, rota).total).toBe(0);
    expect(judge('travel.time', backwards, rota).total).toBe(0);
  });
});
