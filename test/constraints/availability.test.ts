import { describe, expect, it } from 'vitest';
import { at, judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

const slot = { id: 'w1', day: 0, from: 10, to: 14, typeId: 'wellbeing' };

describe('availability.window', () => {
  const problem = (availability?: { startMin: number; endMin: number }[]) =>
    makeProblem({ slots: [slot], workers: [makeWorker({ id: 'kemi', name: 'Kemi', availability })] });
  it('is clean without windows (always available) and inside a window', () => {
    expect(judge('availability.window', problem(undefined), places(['w1', 'kemi'])).total).toBe(0);
    expect(judge('availability.window', problem([{ startMin: at(0, 9), endMin: at(0, 15) }]), places(['w1', 'kemi'])).total).toBe(0);
  });
  it('penalises the minutes outside every window', () => {
    const r = judge('availability.window', problem([{ startMin: at(0, 9), endMin: at(0, 12, 30) }]), places(['w1', 'kemi']));
    expect(r.total).toBe(PROTECTION_BASE + 90);
    expect(r.messages[0]).toBe('Kemi: not available for 1 h 30 min of Mon 23 Nov wellbeing 10:00-14:00');
  });
  it('is 0 when two windows meet exactly at the slot bounds', () => {
    const windows = [
      { startMin: at(0, 10), endMin: at(0, 12) },
      { startMin: at(0, 12), endMin: at(0, 14) },
    ];
    expect(judge('availability.window', problem(windows), places(['w1', 'kemi'])).total).toBe(0);
  });
});

describe('availability.unavailable', () => {
  const problem = (startMin: number, endMin: number) =>
    makeProblem({
      slots: [slot],
      workers: [makeWorker({ id: 'kemi', name: 'Kemi', unavailability: [{ startMin, endMin, reason: 'leave' }] })],
    });
  it('is clean when leave does not touch the slot', () => {
    expect(judge('availability.unavailable', problem(at(1, 0), at(3, 0)), places(['w1', 'kemi'])).total).toBe(0);
  });
  it('penalises the minutes of overlap with leave', () => {
    const r = judge('availability.unavailable', problem(at(0, 13), at(2, 0)), places(['w1', 'kemi']));
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages[0]).toBe('Kemi: on leave for 1 h of Mon 23 Nov wellbeing 10:00-14:00');
  });
  it('is 0 when leave starts exactly at the slot end (half-open)', () => {
    expect(judge('availability.unavailable', problem(at(0, 14), at(2, 0)), places(['w1', 'kemi'])).total).toBe(0);
  });
  it('says what a commitment elsewhere is, in its own words, instead of an absence kind', () => {
    const booked = makeProblem({
      slots: [slot],
      workers: [
        makeWorker({
          id: 'kemi',
          name: 'Kemi',
          unavailability: [{ startMin: at(0, 12), endMin: at(0, 16), reason: 'other', note: 'already booked: Mon wellbeing 12:00-16:00 (rota r1)' }],
        }),
      ],
    });
    const r = judge('availability.unavailable', booked, places(['w1', 'kemi']));
    expect(r.total).toBe(PROTECTION_BASE + 120);
    expect(r.messages[0]).toBe('Kemi: already booked: Mon wellbeing 12:00-16:00 (rota r1) for 2 h of Mon 23 Nov wellbeing 10:00-14:00');
  });
});
