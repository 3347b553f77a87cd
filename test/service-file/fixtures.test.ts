// Every committed fixture validates, compiles and plans with no hard rule broken; service-specific
// facts (AMHP expiry, refused venues, bank holidays, leave, caseload caps) are checked on the result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainBlocks, solve } from '../../solver/index.ts';
import type { Problem, SolveResult } from '../../solver/model.ts';
import { compileProblem, type SlotInfo } from '../../src/service-file/compile.ts';
import { validateServiceFile } from '../../src/service-file/validate.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { buildLargeOrganisation } from '../../fixtures/generate-large.ts';
import { dailyRestBreaches, minShortfalls, staticBreaches } from './rota-check.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

function load(name: string): ServiceFile {
  const result = validateServiceFile(JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return result.value;
}

interface Planned {
  problem: Problem;
  slotInfo: Readonly<Record<string, SlotInfo>>;
  result: SolveResult;
}

const cache = new Map<string, Planned>();
function plan(name: string, weekStart: string, maxMoves = 4000): Planned {
  const key = `${name}@${weekStart}`;
  if (!cache.has(key)) {
    const { problem, slotInfo } = compileProblem(load(name), { weekStart });
    cache.set(key, { problem, slotInfo, result: solve(problem, { seed: 7, maxMoves }) });
  }
  return cache.get(key)!;
}

const held = (p: Planned, workerId: string) => p.result.assignments.filter((a) => a.workerId === workerId).map((a) => a.slotId);

describe.each([
  ['crisis-sanctuary.json', '2026-11-23'],
  ['north-kent-bank.json', '2026-11-23'],
  ['tameside-cmht.json', '2026-11-23'],
  ['red-cross-7-day.json', '2026-12-21'],
  ['greenwich-rehab.json', '2026-11-23'],
  ['large-organisation.json', '2026-11-23'],
])('%s (week of %s)', (name, week) => {
  it('plans with no hard rule broken, and an independent check agrees', () => {
    const p = plan(name, week);
    expect(p.result.status).toBe('feasible');
    expect(p.result.score.hard).toBe(0);
    expect(p.result.unfilled.filter((u) => u.level === 'hard')).toEqual([]);
    expect(staticBreaches(p.problem, p.result.assignments)).toEqual([]);
    expect(minShortfalls(p.problem, p.result.assignments)).toEqual([]);
    expect(dailyRestBreaches(p.problem, p.result.assignments)).toEqual([]);
  });

  it('says in its comment which numbers are the service\'s own and which are chosen', () => {
    const comment = load(name).comment ?? '';
    expect(comment).toMatch(/own/);
    expect(comment).toMatch(/[Cc]hosen/);
    expect(comment).toMatch(/[Tt]est week/);
  });
});

describe('service facts in the plans', () => {
  it('crisis sanctuary: every drop-in crosses midnight with a lead and at least two crisis workers; leave respected', () => {
    const p = plan('crisis-sanctuary.json', '2026-11-23');
    expect(p.problem.slots).toHaveLength(4);
    for (const slot of p.problem.slots) {
      expect(slot.endMin - slot.startMin).toBe(420);
      const here = p.result.assignments.filter((a) => a.slotId === slot.id);
      expect(here.filter((a) => a.roleId === 'project-worker')).toHaveLength(1);
      expect(here.filter((a) => a.roleId === 'crisis-worker').length).toBeGreaterThanOrEqual(2);
    }
    expect(held(p, 's-liam-walsh')).not.toContain('tpl-drop-in@2026-11-27');
    expect(held(p, 's-liam-walsh')).not.toContain('tpl-drop-in@2026-11-28');
  });

  it('Tameside: the AMHP whose approval ends on Wed 25 Nov is not on the AMHP rota after it', () => {
    const p = plan('tameside-cmht.json', '2026-11-23');
    const carla = held(p, 'p-carla-nwosu');
    expect(carla).not.toContain('tpl-amhp@2026-11-26');
    expect(carla).not.toContain('tpl-amhp@2026-11-27');
    for (const day of ['2026-11-26', '2026-11-27']) {
      const amhp = p.result.assignments.filter((a) => a.slotId === `tpl-amhp@${day}`);
      expect(amhp).toHaveLength(1);
      expect(['p-martin-brierley', 'p-siobhan-kelly']).toContain(amhp[0].workerId);
    }
    // With Thursday's AMHP place emptied, the solver's explanation names the expired approval.
    const carlaIndex = p.problem.workers.findIndex((w) => w.id === 'p-carla-nwosu');
    const skills = p.problem.workers[carlaIndex].skills.find((s) => s.skillId === 'amhp-approval');
    expect(skills?.untilMin).toBe(p.problem.days[3].startMin);
    // The worker with no car is never placed where a car is needed.
    for (const a of p.result.assignments.filter((x) => x.workerId === 'p-rebecca-holt')) expect(a.slotId).toMatch(/^tpl-casework/);
  });

  it('North Kent: refused venues, skills and availability hold; the short Options place is explained', () => {
    const p = plan('north-kent-bank.json', '2026-11-23');
    const refusers = p.problem.workers.filter((w) => w.refusedSiteIds.includes('site-sheerness')).map((w) => w.id);
    expect(refusers.length).toBeGreaterThan(3);
    const sheerness = p.result.assignments.filter((a) => a.slotId.startsWith('tpl-options-sheerness'));
    for (const a of sheerness) expect(refusers).not.toContain(a.workerId);
    expect(sheerness.length).toBeGreaterThan(0);
    // Whether or not the Saturday place ends up short, each refuser is blocked there by the refusal.
    const slotIndex = p.problem.slots.findIndex((s) => s.id === 'tpl-options-sheerness@2026-11-28');
    for (const id of refusers) {
      const w = p.problem.workers.findIndex((x) => x.id === id);
      expect(explainBlocks(p.problem, p.result.assignments, slotIndex, 0, w).join(' ')).toContain('refuses the venue Sheerness Gateway');
    }
    for (const u of p.result.unfilled) {
      expect(u.level).toBe('soft');
      expect(u.reasons.length).toBeGreaterThan(0);
    }
    // Remote individual support has no venue and needs the remote-support training.
    const remote = p.problem.slots.filter((s) => s.siteId === null);
    expect(remote.length).toBeGreaterThan(0);
    // Wellbeing sessions pay the extra hour.
    expect(p.problem.slots.find((s) => s.id === 'tpl-wellbeing-gravesend@2026-11-23')?.workMinutes).toBe(240);
    expect(p.slotInfo['tpl-options-sheerness@2026-11-28'].cancelledMinPaidMinutes).toBe(180);
  });

  it('Red Cross: Christmas Day is a bank holiday with shifts; leave and an expiring licence respected', () => {
    const p = plan('red-cross-7-day.json', '2026-12-21');
    const xmas = p.problem.days.findIndex((d) => d.isBankHoliday);
    expect(p.problem.days[xmas].label).toBe('Fri 25 Dec');
    const xmasSlots = p.problem.slots.filter((s) => s.dayIndex === xmas);
    expect(xmasSlots.map((s) => s.typeId).sort()).toEqual(['day', 'late']);
    for (const s of xmasSlots) expect(s.isBankHoliday).toBe(true);
    for (const s of p.problem.slots) {
      expect(p.result.assignments.filter((a) => a.slotId === s.id && a.roleId === 'coordinator')).toHaveLength(1);
    }
    const joanne = held(p, 'rc-joanne-fletcher');
    for (const d of ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24']) {
      expect(joanne.filter((id) => id.endsWith(d))).toEqual([]);
    }
    const ama = held(p, 'rc-hca-ama-boateng');
    for (const id of ama) expect(id.slice(-10) <= '2026-12-22').toBe(true);
    // Winter template by date range: the late shift runs daily in December.
    expect(p.problem.slots.filter((s) => s.typeId === 'late')).toHaveLength(7);
  });

  it('Greenwich: workers at their caseload cap take no new-referral assessments; travel between sites fits', () => {
    const p = plan('greenwich-rehab.json', '2026-11-23');
    const atCap = load('greenwich-rehab.json').staff.filter((s) => s.caseload && s.caseload.allocated >= s.caseload.cap).map((s) => s.id);
    expect(atCap.length).toBeGreaterThan(0);
    for (const a of p.result.assignments) {
      if (a.slotId.startsWith('tpl-woolwich-assessment')) expect(atCap).not.toContain(a.workerId);
    }
    const slots = new Map(p.problem.slots.map((s) => [s.id, s]));
    const sites = new Map(p.problem.sites.map((s) => [s.id, s]));
    for (const w of p.problem.workers) {
      const mine = held(p, w.id).map((id) => slots.get(id)!).sort((a, b) => a.startMin - b.startMin);
      for (let i = 1; i < mine.length; i++) {
        const [a, b] = [mine[i - 1], mine[i]];
        if (a.siteId && b.siteId && a.siteId !== b.siteId && a.dayIndex === b.dayIndex) {
          expect(b.startMin - a.endMin).toBeGreaterThanOrEqual(sites.get(a.siteId)!.travelMinutes[b.siteId] ?? 0);
        }
      }
    }
  });

  it.each([
    ['greenwich-rehab.json'],
    ['north-kent-bank.json'],
    ['large-organisation.json'],
  ])('%s: every worker keeps the 11-hour daily rest, and some still work two sessions in one day', (name) => {
    const p = plan(name, '2026-11-23');
    expect(p.problem.workers.every((w) => w.minRestMinutes === 660)).toBe(true);
    const slots = new Map(p.problem.slots.map((s) => [s.id, s]));
    const twoInADay = p.problem.workers.filter((w) => {
      const days = held(p, w.id).map((id) => slots.get(id)!.dayIndex);
      return new Set(days).size < days.length;
    });
    expect(twoInADay.length).toBeGreaterThan(0);
    expect(p.result.analysis.find((c) => c.id === 'rest.minGap')!.total).toBe(0);
  });

  it('the large organisation matches its generator and has 300 staff', () => {
    const generated = buildLargeOrganisation();
    expect(generated).toEqual(load('large-organisation.json'));
    expect(generated.staff).toHaveLength(300);
    expect(validateServiceFile(buildLargeOrganisation()).ok).toBe(true);
  });
});

describe('deliberately short-staffed: Tameside with the other AMHPs away on Thursday and Friday', () => {
  it('leaves the AMHP places empty rather than use the expired approval, and says why', () => {
    const file = load('tameside-cmht.json');
    for (const id of ['p-martin-brierley', 'p-siobhan-kelly']) {
      file.staff.find((s) => s.id === id)!.absences = [{ kind: 'leave', from: '2026-11-26', to: '2026-11-27' }];
    }
    const { problem } = compileProblem(file, { weekStart: '2026-11-23' });
    const result = solve(problem, { seed: 3, maxMoves: 3000 });
    expect(result.status).toBe('infeasible');
    const short = result.unfilled.filter((u) => u.level === 'hard');
    expect(short.map((u) => `${u.slotId} ${u.roleId} ${u.missing}`).sort()).toEqual([
      'tpl-amhp@2026-11-26 practitioner 1',
      'tpl-amhp@2026-11-27 practitioner 1',
    ]);
    for (const u of short) {
      const carla = u.reasons.find((r) => r.workerId === 'p-carla-nwosu');
      expect(carla?.blocks.join(' ')).toMatch(/Approved Mental Health Professional approval expired on Wed 25 Nov/);
      const martin = u.reasons.find((r) => r.workerId === 'p-martin-brierley');
      expect(martin?.blocks.join(' ')).toMatch(/leave/);
    }
    // Wednesday, her last valid day, she may still be on the rota.
    expect(result.assignments.some((a) => a.slotId === 'tpl-amhp@2026-11-26' && a.workerId === 'p-carla-nwosu')).toBe(false);
    expect(staticBreaches(problem, result.assignments)).toEqual([]);
  });
});
