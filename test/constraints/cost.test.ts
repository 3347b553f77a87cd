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
  it('costs the paid minutes (work plus preparation) in pounds, at a small default weight', () => {
    const r = judge('cost.pay', p(1250), places(['w', 'kemi']));
    expect(r.total).toBe(5); // 4 paid hours at £12.50 = £50, weight 0.1
    expect(r.messages[0]).toBe('Kemi: £50.00 for Mon 23 Nov wellbeing 10:00-13:00');
    expect(judge('cost.pay', p(1250, { 'cost.pay': 1 }), places(['w', 'kemi'])).total).toBe(50);
  });
  it('rounds each place to a whole unit after the weight', () => {
    expect(judge('cost.pay', p(1290), places(['w', 'kemi'])).total).toBe(5); // £51.60 x 0.1 = 5.16
    expect(judge('cost.pay', p(1390), places(['w', 'kemi'])).total).toBe(6); // £55.60 x 0.1 = 5.56
  });
});
