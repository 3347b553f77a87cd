import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';
import type { Preference } from '../../solver/model.ts';

const slots = [
  { id: 'e1', day: 1, from: 7, to: 15, typeId: 'early' },
  { id: 'l1', day: 1, from: 14, to: 22, typeId: 'late' },
  { id: 'e2', day: 2, from: 7, to: 15, typeId: 'early' },
];
const p = (preferences: Preference[]) => makeProblem({ slots, workers: [makeWorker({ id: 'priya', name: 'Priya', preferences })] });

describe('preferences.desired', () => {
  it('is clean when the request is met (Curtois on-request: day and type)', () => {
    expect(judge('preferences.desired', p([{ kind: 'desired', dayIndex: 1, typeId: 'early', weight: 3 }]), places(['e1', 'priya'])).total).toBe(0);
  });
  it('penalises an unmet request by its weight', () => {
    const r = judge('preferences.desired', p([{ kind: 'desired', dayIndex: 1, typeId: 'early', weight: 3 }]), places(['l1', 'priya']));
    expect(r.total).toBe(3);
    expect(r.messages[0]).toBe('Priya: asked for early on Tue 24 Nov, not given');
  });
  it('matches by slot id and scales with the constraint weight', () => {
    const prob = { ...p([{ kind: 'desired', slotId: 'e2', weight: 2 }]), weights: { 'preferences.desired': 5 } };
    const r = judge('preferences.desired', prob, []);
    expect(r.total).toBe(10);
    expect(r.messages[0]).toContain('asked for Wed 25 Nov early 07:00-15:00');
  });
});

describe('preferences.undesired', () => {
  it('is clean when the day asked off is kept free', () => {
    expect(judge('preferences.undesired', p([{ kind: 'undesired', dayIndex: 1, weight: 2 }]), places(['e2', 'priya'])).total).toBe(0);
  });
  it('penalises a broken off-request once, however many slots match', () => {
    const r = judge('preferences.undesired', p([{ kind: 'undesired', dayIndex: 1, weight: 2 }]), places(['e1', 'priya'], ['l1', 'priya']));
    expect(r.total).toBe(2);
    expect(r.messages).toEqual(['Priya: asked not to have work on Tue 24 Nov, but has it']);
  });
});
