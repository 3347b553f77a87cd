import { describe, expect, it } from 'vitest';
import { judge, makeProblem, makeWorker, places } from './support.ts';

const p = (pence: number, weights?: Record<string, number>) =>
  makeProblem({
    slots: [{ id: 'w', day: 0, from: 10, to: 13, typeId: 'wellbeing', workMinutes: 4 * 60 }],
    workers: [makeWorker({ id: 'kemi', name: 'Kemi', costPencePerHour: pence })],
    weights,
  });

describe('cost.pay', () => {
  it('is 0 for unpaid work', () => {
    expect(judge('cost.pay', p(0), places(['w', 'kemi'])).total).toBe(0);
  });
  it('costs the paid minutes (work plus preparation) in pounds', () => {
    const r = judge('cost.pay', p(1250), places(['w', 'kemi']));
    expect(r.total).toBe(50); // 4 paid hours at £12.50
    expect(r.messages[0]).toBe('Kemi: £50.00 for Mon 23 Nov wellbeing 10:00-13:00');
  });
  it('rounds each place to a whole unit after the weight', () => {
    expect(judge('cost.pay', p(1250, { 'cost.pay': 0.1 }), places(['w', 'kemi'])).total).toBe(5);
  });
});
