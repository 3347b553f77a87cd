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
    expect(r.messages[0]).toBe('Jo: amhp expired; does not hold driving (needed as amhp in Wed 25 Nov amhp 09:00-17:00)');
  });
  it('treats validity as [fromMin, untilMin): valid from exactly the start, expired exactly at it', () => {
    const fromStart = problem([{ skillId: 'amhp', fromMin: at(2, 9) }, { skillId: 'driving' }]);
    expect(judge('skills.required', fromStart, places(['amhp', 'jo', 'amhp'])).total).toBe(0);
    const untilStart = problem([{ skillId: 'amhp', untilMin: at(2, 9) }, { skillId: 'driving' }]);
    expect(judge('skills.required', untilStart, places(['amhp', 'jo', 'amhp'])).total).toBe(PROTECTION_BASE + 500);
    const notYet = problem([{ skillId: 'amhp', fromMin: at(2, 9, 1) }, { skillId: 'driving' }]);
    expect(judge('skills.required', notYet, places(['amhp', 'jo', 'amhp'])).messages[0]).toContain('amhp not yet valid');
  });
  it('names skills and roles, and dates an expiry or a start with the labels it is given', () => {
    const named = (skills: { skillId: string; fromMin?: number; untilMin?: number; fromLabel?: string; untilLabel?: string }[]) => ({
      ...problem(skills),
      skillNames: { amhp: 'Approved Mental Health Professional approval', driving: 'Full driving licence' },
      roleNames: { amhp: 'AMHP on duty' },
    });
    // Renewed once and lapsed again: the later expiry is the one that counts.
    const lapsed = named([
      { skillId: 'amhp', untilMin: at(-300, 0), untilLabel: 'Fri 31 Jan 2025' },
      { skillId: 'amhp', untilMin: at(1, 0), untilLabel: 'Mon 23 Nov' },
      { skillId: 'driving' },
    ]);
    expect(judge('skills.required', lapsed, places(['amhp', 'jo', 'amhp'])).messages).toEqual([
      'Jo: Approved Mental Health Professional approval expired on Mon 23 Nov (needed as AMHP on duty in Wed 25 Nov amhp 09:00-17:00)',
    ]);
    const later = named([{ skillId: 'amhp', fromMin: at(3, 0), fromLabel: 'Thu 26 Nov' }]);
    expect(judge('skills.required', later, places(['amhp', 'jo', 'amhp'])).messages).toEqual([
      'Jo: Approved Mental Health Professional approval valid only from Thu 26 Nov; does not hold Full driving licence (needed as AMHP on duty in Wed 25 Nov amhp 09:00-17:00)',
    ]);
  });
});
