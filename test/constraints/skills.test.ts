import { describe, expect, it } from 'vitest';
import { at, judge, makeProblem, makeWorker, places } from './support.ts';
import { PROTECTION_BASE } from '../../solver/constraints/types.ts';

describe('skills.required', () => {
  const problem = (skills: { skillId: string; fromMin?: number; untilMin?: number }[]) =>
    makeProblem({
      slots: [{ id: 'amhp', day: 2, from: 9, to: 17, typeId: 'amhp', roles: [{ roleId: 'amhp', skills: ['amhp', 'driving'] }] }],
      workers: [makeWorker({ id: 'jo', name: 'Jo', roles: ['amhp'], skills })],
    });
  it('is clean when every skill is held and valid at the start', () => {
    expect(judge('skills.required', problem([{ skillId: 'amhp' }, { skillId: 'driving' }]), places(['amhp', 'jo', 'amhp'])).total).toBe(0);
  });
  it('penalises each missing skill and says an approval has expired', () => {
    const r = judge('skills.required', problem([{ skillId: 'amhp', untilMin: at(2, 8) }]), places(['amhp', 'jo', 'amhp']));
    expect(r.total).toBe(PROTECTION_BASE + 1000);
    expect(r.messages[0]).toBe('Jo: lacks amhp (expired), driving (not held) needed as amhp in Wed 25 Nov amhp 09:00-17:00');
  });
  it('treats validity as [fromMin, untilMin): valid from exactly the start, expired exactly at it', () => {
    const fromStart = problem([{ skillId: 'amhp', fromMin: at(2, 9) }, { skillId: 'driving' }]);
    expect(judge('skills.required', fromStart, places(['amhp', 'jo', 'amhp'])).total).toBe(0);
    const untilStart = problem([{ skillId: 'amhp', untilMin: at(2, 9) }, { skillId: 'driving' }]);
    expect(judge('skills.required', untilStart, places(['amhp', 'jo', 'amhp'])).total).toBe(PROTECTION_BASE + 500);
    const notYet = problem([{ skillId: 'amhp', fromMin: at(2, 9, 1) }, { skillId: 'driving' }]);
    expect(judge('skills.required', notYet, places(['amhp', 'jo', 'amhp'])).messages[0]).toContain('amhp (not yet valid)');
  });
});
