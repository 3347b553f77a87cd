// Small compiled plans where one rule decides the outcome: the solver must leave the place empty and
// name the rule, rather than break it.
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/index.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import { minimalFile } from './minimal-file.ts';

function annexSession() {
  const file = minimalFile();
  file.templates = [
    {
      id: 'annex-group',
      name: 'Group at the annex',
      kind: 'group',
      siteId: 'annex',
      startTime: '10:00',
      endTime: '12:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1, skills: ['safeguarding'] }],
    },
  ];
  return file;
}

describe('rules decided in the compiled problem', () => {
  it('a refused venue and an expired skill leave the place empty, with both reasons', () => {
    const file = annexSession();
    file.staff[0].skills = [{ skillId: 'safeguarding', validUntil: '2026-11-24' }]; // lapses the day before
    const { problem } = compileProblem(file, { weekStart: '2026-11-23' });
    const result = solve(problem, { seed: 1, maxMoves: 500 });
    expect(result.assignments).toEqual([]);
    expect(result.status).toBe('infeasible');
    const [place] = result.unfilled;
    expect(place).toMatchObject({ slotId: 'annex-group@2026-11-25', roleId: 'support', missing: 1, level: 'hard' });
    const why = Object.fromEntries(place.reasons.map((r) => [r.workerId, r.blocks.join(' | ')]));
    expect(why.bob).toMatch(/refuses the venue Annex/);
    expect(why.ann).toMatch(/Safeguarding expired on Tue 24 Nov/);
  });

  it('the same place is filled once the skill is renewed', () => {
    const file = annexSession();
    file.staff[0].skills = [{ skillId: 'safeguarding', validUntil: '2026-11-24' }, { skillId: 'safeguarding', validFrom: '2026-11-25' }];
    const { problem } = compileProblem(file, { weekStart: '2026-11-23' });
    const result = solve(problem, { seed: 1, maxMoves: 500 });
    expect(result.assignments.map((a) => a.workerId)).toEqual(['ann']);
    expect(result.status).toBe('feasible');
  });

  it('leave and availability windows keep workers off sessions they cannot do', () => {
    const file = annexSession();
    file.staff[1].refusedSiteIds = [];
    file.staff[0].absences = [{ kind: 'sickness', from: '2026-11-25', to: '2026-11-25' }];
    // Wholly outside the session: the engine weighs hard breaches by size (minutes outside
    // availability against missing workers), so a window that nearly fits could still be chosen.
    file.staff[1].availability = { windows: [{ rrule: 'FREQ=WEEKLY;BYDAY=WE', startTime: '13:00', endTime: '18:00' }] };
    const { problem } = compileProblem(file, { weekStart: '2026-11-23' });
    const result = solve(problem, { seed: 1, maxMoves: 500 });
    expect(result.assignments).toEqual([]);
    const why = Object.fromEntries(result.unfilled[0].reasons.map((r) => [r.workerId, r.blocks.join(' | ')]));
    expect(why.ann).toMatch(/sickness|unavailable|off/i);
    expect(why.bob).toMatch(/not available/);
    // Widen Bob's window to cover the session and he takes it.
    file.staff[1].availability.windows[0].startTime = '09:30';
    file.staff[1].availability.windows[0].endTime = '12:00';
    const again = solve(compileProblem(file, { weekStart: '2026-11-23' }).problem, { seed: 1, maxMoves: 500 });
    expect(again.assignments.map((a) => a.workerId)).toEqual(['bob']);
  });
});
