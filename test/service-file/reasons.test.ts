// Reasons in a manager's words, on the real services in weeks other than their example week: skill,
// role and caseload words, blockers sorted into the worker's own facts and what the rota made, the
// cheapest move that fills a short place (applied and re-evaluated here), and the headline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateAll, explainUnfilled, headline, solve } from '../../solver/index.ts';
import type { Assignment, Problem, UnfilledPlace, UnfilledReason } from '../../solver/model.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { validateServiceFile } from '../../src/service-file/validate.ts';
import { minimalFile } from './minimal-file.ts';

function load(name: string): ServiceFile {
  const result = validateServiceFile(JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const WEEK = '2027-03-08'; // Monday; the fixtures' example week is 23 Nov 2026
const AMHP_LABEL = 'amhp 09:00-17:00 at Ashton-under-Lyne team base';
const PRACTITIONER = 'Mental health practitioner (social worker, nurse or OT)';

function tameside(edit: (file: ServiceFile) => void = () => {}): Problem {
  const file = load('tameside-cmht.json');
  // Carla's approval lapses mid-week: her last valid day is Wednesday 10 March.
  file.staff.find((s) => s.id === 'p-carla-nwosu')!.skills!.find((k) => k.skillId === 'amhp-approval')!.validUntil = '2027-03-10';
  for (const s of file.staff) s.absences = [];
  edit(file);
  return compileProblem(file, { weekStart: WEEK }).problem;
}

const place = (unfilled: readonly UnfilledPlace[], slotId: string, level = 'hard') =>
  unfilled.find((u) => u.slotId === slotId && u.level === level)!;
const reasonOf = (u: UnfilledPlace, workerId: string): UnfilledReason => u.reasons.find((r) => r.workerId === workerId)!;

/** The rota after a proposed move: its removals taken out (once each), its additions put in. */
function apply(rota: readonly Assignment[], move: NonNullable<UnfilledPlace['move']>): Assignment[] {
  const out = rota.map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId }));
  for (const r of move.remove) {
    const i = out.findIndex((a) => a.slotId === r.slotId && a.roleId === r.roleId && a.workerId === r.workerId);
    expect(i, `the move removes ${r.workerId} from ${r.slotId}, which the rota holds`).toBeGreaterThanOrEqual(0);
    out.splice(i, 1);
  }
  return [...out, ...move.add];
}

const count = (rota: readonly Assignment[], slotId: string, roleId: string) => rota.filter((a) => a.slotId === slotId && a.roleId === roleId).length;

describe('Tameside, week of 8 March 2027: the AMHP approval lapses on Wednesday', () => {
  it('names the approval and the day it expired, and counts the empty places in the headline', () => {
    const problem = tameside((file) => {
      for (const id of ['p-martin-brierley', 'p-siobhan-kelly', 'p-owen-pritchard']) {
        file.staff.find((s) => s.id === id)!.absences = [{ kind: 'leave', from: '2027-03-11', to: '2027-03-12' }];
      }
    });
    const result = solve(problem, { seed: 3, maxMoves: 3000 });
    const thu = place(result.unfilled, 'tpl-amhp@2027-03-11');
    const fri = place(result.unfilled, 'tpl-amhp@2027-03-12');
    expect([thu.missing, fri.missing]).toEqual([1, 1]);
    expect(thu.roleName).toBe(PRACTITIONER);
    const carla = reasonOf(thu, 'p-carla-nwosu');
    expect(carla.blocks[0]).toBe(
      `Carla Nwosu: Approved Mental Health Professional approval expired on Wed 10 Mar (needed as ${PRACTITIONER} in Thu 11 Mar ${AMHP_LABEL})`,
    );
    expect(carla.blockers!.find((b) => b.constraintId === 'skills.required')).toMatchObject({ category: 'worker', movable: false });
    expect(reasonOf(thu, 'p-martin-brierley').blockers).toEqual([
      { constraintId: 'availability.unavailable', category: 'worker', movable: false, message: `Martin Brierley: on leave for 8 h of Thu 11 Mar ${AMHP_LABEL}` },
    ]);
    // Only places are missing, so the headline counts and names them rather than saying infeasible.
    const line = headline(result.score, result.analysis, result.unfilled);
    expect(line.kind).toBe('unfilled');
    expect(line.text).toBe(
      `2 places cannot be filled (Thu 11 Mar ${AMHP_LABEL}: ${PRACTITIONER}; Fri 12 Mar ${AMHP_LABEL}: ${PRACTITIONER}); no other hard rule broken`,
    );
  });

  it('sorts a worker held elsewhere as movable, and the move it proposes really fills the place', () => {
    const problem = tameside();
    const solved = solve(problem, { seed: 5, maxMoves: 4000 });
    expect(solved.score.hard).toBe(0);
    const thu = 'tpl-amhp@2027-03-11';
    // By hand: the Thursday AMHP moves to Thursday casework (where there is room), leaving the AMHP place empty.
    const amhp = solved.assignments.find((a) => a.slotId === thu)!;
    const casework = ['tpl-casework-dukinfield@2027-03-11', 'tpl-casework-ashton@2027-03-11'].find((id) => count(solved.assignments, id, 'practitioner') < 4)!;
    const rota: Assignment[] = [
      ...solved.assignments.filter((a) => a !== amhp).map(({ slotId, roleId, workerId }) => ({ slotId, roleId, workerId })),
      { slotId: casework, roleId: 'practitioner', workerId: amhp.workerId },
    ];
    // Carla holds a Thursday place (whether the solve gave her one depends on her contract's days):
    // put her on Thursday casework where there is room if it did not.
    if (!rota.some((a) => a.workerId === 'p-carla-nwosu' && a.slotId.endsWith('@2027-03-11'))) {
      const room = ['tpl-casework-dukinfield@2027-03-11', 'tpl-casework-ashton@2027-03-11'].find((id) => count(rota, id, 'practitioner') < 4)!;
      rota.push({ slotId: room, roleId: 'practitioner', workerId: 'p-carla-nwosu' });
    }
    const unfilled = explainUnfilled(problem, rota);
    const short = place(unfilled, thu);
    const moved = reasonOf(short, amhp.workerId);
    expect(moved.blockers!.length).toBeGreaterThan(0);
    expect(moved.blockers!.every((b) => b.category === 'rota' && b.movable)).toBe(true);
    expect(moved.blocks.every((b) => b.endsWith('(placed elsewhere in this rota; movable)'))).toBe(true);
    // Carla: her lapsed approval is her own fact; her overlap with her Thursday place is the rota's.
    const carla = reasonOf(short, 'p-carla-nwosu');
    expect(carla.blockers!.map((b) => `${b.constraintId} ${b.category}`)).toEqual(['skills.required worker', 'overlap.noOverlap rota']);
    // Workers only the rota blocks come before those their own facts block.
    const ranks = short.reasons.map((r) => (r.blockers!.some((b) => b.category === 'worker') ? 1 : 0));
    expect(ranks).toEqual([...ranks].sort());

    const move = short.move!;
    expect(move.delta.hard).toBeLessThan(0);
    const after = apply(rota, move);
    expect(count(after, thu, 'practitioner')).toBe(1);
    const before = evaluateAll(problem, rota).score;
    const now = evaluateAll(problem, after);
    expect({ hard: now.score.hard - before.hard, soft: now.score.soft - before.soft }).toEqual(move.delta);
    // It fills the place without breaking anything else hard.
    expect(now.analysis.filter((c) => c.level === 'hard' && c.total > 0).map((c) => c.id)).toEqual([]);
    expect(move.words).toMatch(/^(Put|Move) .+ \(score change: hard -\d+, soft [+-]?\d+\)$/);
  });

  it('when every AMHP is held elsewhere, proposes a chain: one comes over and another takes their place', () => {
    const problem = tameside();
    const thu = 'tpl-amhp@2027-03-11';
    const rota: Assignment[] = [
      { slotId: 'tpl-duty@2027-03-11', roleId: 'practitioner', workerId: 'p-martin-brierley' },
      { slotId: 'tpl-casework-ashton@2027-03-11', roleId: 'practitioner', workerId: 'p-siobhan-kelly' },
      { slotId: 'tpl-casework-dukinfield@2027-03-11', roleId: 'practitioner', workerId: 'p-owen-pritchard' },
    ];
    const short = place(explainUnfilled(problem, rota), thu);
    const holders = ['p-martin-brierley', 'p-siobhan-kelly', 'p-owen-pritchard'];
    for (const id of holders) expect(reasonOf(short, id).blockers!.map((b) => [b.category, b.movable])).toEqual([['rota', true]]);
    const move = short.move!;
    // Moving an AMHP alone would empty a place at its minimum: only a chain lowers the hard score.
    expect(move.remove).toHaveLength(1);
    expect(move.add).toHaveLength(2);
    expect(holders).toContain(move.remove[0].workerId);
    expect(move.words).toMatch(/^Move (Martin Brierley|Siobhan Kelly|Owen Pritchard) here from Thu 11 Mar \w+ 09:00-17:00 at .+ and put .+ in that place \(score change: hard -\d+, soft [+-]?\d+\)$/);
    const after = apply(rota, move);
    expect(count(after, thu, 'practitioner')).toBe(1);
    expect(count(after, move.remove[0].slotId, 'practitioner')).toBe(1);
    const before = evaluateAll(problem, rota).score;
    const now = evaluateAll(problem, after).score;
    expect({ hard: now.hard - before.hard, soft: now.soft - before.soft }).toEqual(move.delta);
  });

  it('does not move a pinned place: the block it makes is the rota\'s but not movable', () => {
    const base = tameside();
    const thu = 'tpl-amhp@2027-03-11';
    // Every AMHP holder is pinned somewhere else on Thursday.
    const pins: Assignment[] = [
      { slotId: 'tpl-casework-dukinfield@2027-03-11', roleId: 'practitioner', workerId: 'p-martin-brierley' },
      { slotId: 'tpl-casework-ashton@2027-03-11', roleId: 'practitioner', workerId: 'p-siobhan-kelly' },
      { slotId: 'tpl-duty@2027-03-11', roleId: 'practitioner', workerId: 'p-owen-pritchard' },
    ];
    const problem: Problem = { ...base, pinned: pins };
    const unfilled = explainUnfilled(problem, pins);
    const short = place(unfilled, thu);
    for (const id of ['p-martin-brierley', 'p-siobhan-kelly', 'p-owen-pritchard']) {
      const r = reasonOf(short, id);
      expect(r.blockers!.map((b) => [b.category, b.movable])).toEqual([['rota', false]]);
      expect(r.blocks[0]).toMatch(/\(placed elsewhere in this rota; pinned\)$/);
    }
    expect(short.move).toBeUndefined();
    expect(short.moveSearch).toMatchObject({ complete: true });
  });

  it('counts rest carried from last week as the worker\'s own fact, though they hold other places', () => {
    const problem = tameside((file) => {
      // Martin's last shift before the rota ended at 02:00 on Monday: 7 hours before 09:00.
      file.staff.find((s) => s.id === 'p-martin-brierley')!.history!.lastShiftEnd = '2027-03-08T02:00:00Z';
    });
    const rota: Assignment[] = [{ slotId: 'tpl-casework-ashton@2027-03-10', roleId: 'practitioner', workerId: 'p-martin-brierley' }];
    const mon = place(explainUnfilled(problem, rota), 'tpl-amhp@2027-03-08');
    // The words of rest at the rota's edge may change; the rule, the category and the 7 hours may not.
    expect(reasonOf(mon, 'p-martin-brierley').blockers).toEqual([
      { constraintId: 'rest.minGap', category: 'worker', movable: false, message: expect.stringMatching(/^Martin Brierley: .*\b7 h\b.*Mon 8 Mar amhp/) },
    ]);
  });
});

describe('Greenwich, week of 11 January 2027: caseload caps', () => {
  it('says caseload: full is the worker\'s fact, the last room taken by another session is the rota\'s', () => {
    const file = load('greenwich-rehab.json');
    file.staff.find((s) => s.id === 'rw-deepa')!.caseload = { allocated: 14, cap: 15 };
    const { problem } = compileProblem(file, { weekStart: '2027-01-11' });
    const rota: Assignment[] = [{ slotId: 'tpl-woolwich-assessment@2027-01-12', roleId: 'rehab-worker', workerId: 'rw-deepa' }];
    const thu = place(explainUnfilled(problem, rota), 'tpl-woolwich-assessment@2027-01-14', 'soft');
    expect(reasonOf(thu, 'rw-gemma').blockers).toEqual([
      {
        constraintId: 'hours.maxByType',
        category: 'worker',
        movable: false,
        message: 'Gemma Rowe: caseload 15 of 15 service users, so no room for a new one (1 assessment session would take on 1 new)',
      },
    ]);
    expect(reasonOf(thu, 'rw-deepa').blockers).toEqual([
      {
        constraintId: 'hours.maxByType',
        category: 'rota',
        movable: true,
        message: 'Deepa Menon: caseload 14 of 15 service users, room for 1 new; 2 assessment sessions would take on 2 new',
      },
    ]);
  });

  it('keeps "shift" words for a session limit that binds before the caseload does', () => {
    const file = load('greenwich-rehab.json');
    file.staff.find((s) => s.id === 'rw-deepa')!.limits = { maxSessionsByKind: { assessment: 0 } };
    const { problem } = compileProblem(file, { weekStart: '2027-01-11' });
    const thu = place(explainUnfilled(problem, []), 'tpl-woolwich-assessment@2027-01-14', 'soft');
    expect(reasonOf(thu, 'rw-deepa').blocks).toEqual(['Deepa Menon: 1 assessment shift; at most 0']);
  });
});

describe('a worker nothing hard blocks, left out because the soft rules said so', () => {
  it('names each soft rule and its cost, and they add up to what the full evaluation says', () => {
    const file = minimalFile();
    // A support place is worth only 50 to fill; Bob, a bank worker, costs more than that.
    file.templates[0].demand[1] = { roleId: 'support', min: 0, preferred: 1, max: 2, skills: ['safeguarding'], underWeight: 50 };
    const { problem } = compileProblem(file, { weekStart: '2027-02-01' });
    const result = solve(problem, { seed: 2, maxMoves: 2000 });
    const tue = place(result.unfilled, 'drop-in@2027-02-02', 'soft');
    const bob = reasonOf(tue, 'bob');
    expect(bob.blockers).toEqual([]);
    // Each rule's share, from a full evaluation of the rota with and without Bob in the place.
    const withBob = [...result.assignments, { slotId: 'drop-in@2027-02-02', roleId: 'support', workerId: 'bob' }];
    const was = evaluateAll(problem, result.assignments).analysis;
    const now = evaluateAll(problem, withBob).analysis;
    const shares = now
      .map((c, i) => ({ constraintId: c.id, name: c.name, cost: c.total - was[i].total }))
      .filter((c) => c.cost !== 0 && now.find((x) => x.id === c.constraintId)!.level === 'soft')
      .sort((a, b) => b.cost - a.cost);
    expect(bob.softCosts).toEqual(shares);
    const total = shares.reduce((t, c) => t + c.cost, 0);
    expect(total).toBeGreaterThan(0);
    expect(shares.map((c) => c.constraintId)).toEqual(['fairness.bankUse', 'fairness.lates', 'cost.pay', 'cover.preferredUnder']);
    expect(bob.blocks).toEqual([
      `Bob Bank: no hard rule blocks this place; placing them scored worse on soft rules: it would cost ${total} more: ` +
        shares.map((c) => `${c.name} (${c.cost > 0 ? '+' : ''}${c.cost})`).join(', '),
    ]);
    expect(bob.blocks[0]).toContain('Contracted staff are used before bank staff (+70)');
    expect(bob.blocks[0]).toContain('Every role has its preferred number of workers (-50)');
    // The cheapest move for the soft place is putting Bob in, at that cost.
    expect(tue.move).toMatchObject({ add: [{ slotId: 'drop-in@2027-02-02', roleId: 'support', workerId: 'bob' }], remove: [], delta: { hard: 0, soft: total } });
  });
});
