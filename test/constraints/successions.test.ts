import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

const p = makeProblem({
  slots: [
    { id: 'late0', day: 0, from: 14, to: 22, typeId: 'late' },
    { id: 'early1', day: 1, from: 7, to: 15, typeId: 'early' },
    { id: 'early2', day: 2, from: 7, to: 15, typeId: 'early' },
    { id: 'late2', day: 2, from: 14, to: 22, typeId: 'late' },
  ],
  workers: [makeWorker({ id: 'tom', name: 'Tom' })],
  forbiddenSuccessions: [{ fromTypeId: 'late', toTypeId: 'early' }],
});

describe('successions.forbidden', () => {
  it('is clean for allowed orders (early then late; late then early two days on)', () => {
    expect(judge('successions.forbidden', p, places(['early1', 'tom'], ['late2', 'tom'])).total).toBe(0);
    expect(judge('successions.forbidden', p, places(['late0', 'tom'], ['early2', 'tom'])).total).toBe(0);
  });
  it('penalises a forbidden type on the next day', () => {
    const r = judge('successions.forbidden', p, places(['late0', 'tom'], ['early1', 'tom']));
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages[0]).toBe('Tom: Tue 24 Nov early 07:00-15:00 may not follow Mon 23 Nov late 14:00-22:00 on the day before');
  });
});
