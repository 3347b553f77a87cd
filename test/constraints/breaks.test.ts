import { describe, expect, it } from 'vitest';
import { HOUR, judge, makeProblem, makeWorker, places, type SlotSpec } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';
import type { Worker } from '../../solver/model.ts';

// The adult rule of the Working Time Regulations (reg. 12): more than 6 h of work needs a 20-minute break.
const adult: Worker['restBreak'] = { maxWorkMinutes: 6 * HOUR, minBreakMinutes: 20 };

function problem(slots: (SlotSpec & { restBreakMinutes?: number })[], worker: Partial<Worker> = { restBreak: adult }) {
  const p = makeProblem({ days: 7, slots, workers: [makeWorker({ id: 'kemi', name: 'Kemi', ...worker })] });
  // makeSlot knows nothing of breaks: put each slot's own break back on.
  return { ...p, slots: p.slots.map((s, i) => ({ ...s, restBreakMinutes: slots[i].restBreakMinutes })) };
}

describe('breaks.restBreak', () => {
  it('is clean when a long shift provides its break, and for shifts of 6 h or less', () => {
    const slots = [
      { id: 'long', day: 2, from: 9, to: 16.5, restBreakMinutes: 20 },
      { id: 'six', day: 3, from: 9, to: 15 },
    ];
    expect(judge('breaks.restBreak', problem(slots), places(['long', 'kemi'], ['six', 'kemi'])).total).toBe(0);
  });

  it('penalises a shift over 6 h with no break, by the minutes of work past 6 h', () => {
    const r = judge('breaks.restBreak', problem([{ id: 'long', day: 2, from: 9, to: 16 }]), places(['long', 'kemi']));
    expect(r.total).toBe(PROTECTION_BASE + 60);
    expect(r.messages).toEqual(['Kemi: Wed 25 Nov day 09:00-16:00 is 7 h of work with no rest break; more than 6 h of work needs a break of at least 20 min (the session provides none)']);
    expect(r.violations[0]).toMatchObject({ workerId: 'kemi', slotId: 'long' });
  });

  it('is exactly at the limit at 6 h of work and at a 20-minute break', () => {
    expect(judge('breaks.restBreak', problem([{ id: 'a', day: 1, from: 9, to: 15 }]), places(['a', 'kemi'])).total).toBe(0);
    expect(judge('breaks.restBreak', problem([{ id: 'a', day: 1, from: 9, to: 15 + 1 / 60 }]), places(['a', 'kemi'])).total).toBe(PROTECTION_BASE + 1);
    const withBreak = (minutes: number) => problem([{ id: 'a', day: 1, from: 9, to: 17, restBreakMinutes: minutes }]);
    expect(judge('breaks.restBreak', withBreak(20), places(['a', 'kemi'])).total).toBe(0);
    expect(judge('breaks.restBreak', withBreak(19), places(['a', 'kemi'])).total).toBe(PROTECTION_BASE + 2 * HOUR);
  });

  it('counts work, not elapsed time: unpaid break minutes are not work', () => {
    // 09:00-16:30 with 45 minutes of unpaid breaks taken in short pieces: 6 h 45 min of work, none long enough.
    const slots = [{ id: 'a', day: 4, from: 9, to: 16.5, workMinutes: 6 * HOUR + 45, restBreakMinutes: 15 }];
    expect(judge('breaks.restBreak', problem(slots), places(['a', 'kemi'])).total).toBe(PROTECTION_BASE + 45);
    const short = [{ id: 'a', day: 4, from: 9, to: 16.5, workMinutes: 6 * HOUR, restBreakMinutes: 15 }];
    expect(judge('breaks.restBreak', problem(short), places(['a', 'kemi'])).total).toBe(0);
  });

  it('treats back-to-back sessions as one stretch of work: the gap between them is the break', () => {
    const pair = (gapMinutes: number) => [
      { id: 'am', day: 0, from: 9, to: 12.5 },
      { id: 'pm', day: 0, from: 12.5 + gapMinutes / 60, to: 16 + gapMinutes / 60 },
    ];
    const both = places(['am', 'kemi'], ['pm', 'kemi']);
    const joined = judge('breaks.restBreak', problem(pair(0)), both);
    expect(joined.total).toBe(PROTECTION_BASE + 60);
    expect(joined.messages).toEqual([
      'Kemi: 7 h of work from Mon 23 Nov day 09:00-12:30 to Mon 23 Nov day 12:30-16:00 with no break of 20 min between or within them; more than 6 h of work needs a break of at least 20 min',
    ]);
    expect(judge('breaks.restBreak', problem(pair(19)), both).total).toBe(PROTECTION_BASE + 60);
    expect(judge('breaks.restBreak', problem(pair(20)), both).total).toBe(0);
    // Either session alone is 3 h 30 min: fine.
    expect(judge('breaks.restBreak', problem(pair(0)), places(['am', 'kemi'])).total).toBe(0);
  });

  it('accepts a stretch one of whose sessions provides the break', () => {
    const slots = [
      { id: 'am', day: 0, from: 9, to: 12.5 },
      { id: 'pm', day: 0, from: 12.5, to: 16, restBreakMinutes: 30 },
    ];
    expect(judge('breaks.restBreak', problem(slots), places(['am', 'kemi'], ['pm', 'kemi'])).total).toBe(0);
  });

  it('judges each stretch on its own, and nothing for a worker without the rule', () => {
    const slots = [
      { id: 'mon', day: 0, from: 9, to: 17 },
      { id: 'tue', day: 1, from: 9, to: 17 },
    ];
    expect(judge('breaks.restBreak', problem(slots), places(['mon', 'kemi'], ['tue', 'kemi'])).total).toBe(2 * (PROTECTION_BASE + 2 * HOUR));
    expect(judge('breaks.restBreak', problem(slots, {}), places(['mon', 'kemi'], ['tue', 'kemi'])).total).toBe(0);
  });
});
