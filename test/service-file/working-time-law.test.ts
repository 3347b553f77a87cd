// The Working Time Regulations 1998 as a service file states them: breaks (reg. 12), the 48-hour
// average with no weekly cap unless the service sets one (reg. 4), weekly rest in its three forms
// (reg. 11) and night workers (reg. 6). Weeks other than the fixtures' example weeks on purpose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../solver/constraints/index.ts';
import type { Assignment, Problem } from '../../solver/model.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import type { ServiceFile, SessionTemplate, StaffMember } from '../../src/service-file/types.ts';
import { validateServiceFile } from '../../src/service-file/validate.ts';

const PROTECTION_BASE = 10_000;

function fixture(name: string): ServiceFile {
  const result = validateServiceFile(JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function total(problem: Problem, assignments: Assignment[], id: string): number {
  return evaluateAll(problem, assignments).analysis.find((a) => a.id === id)!.total;
}

/** A one-site service with one worker and the given templates. */
function service(templates: Partial<SessionTemplate>[], staff: Partial<StaffMember> = {}, rules: ServiceFile['rules'] = {}): ServiceFile {
  return {
    formatVersion: 1,
    organisation: { id: 'org', name: 'Test' },
    sites: [{ id: 'base', name: 'Base' }],
    roles: [{ id: 'worker', name: 'Worker' }],
    skills: [],
    staff: [{ id: 'sam', name: 'Sam Okoye', kind: 'contracted', contractMinutesPerWeek: 2250, roles: ['worker'], costPencePerHour: 1500, ...staff }],
    templates: templates.map((t, i) => ({
      id: `t${i}`,
      name: `Shift ${i}`,
      kind: 'shift',
      siteId: 'base',
      startTime: '09:00',
      endTime: '17:00',
      rrule: 'FREQ=DAILY',
      demand: [{ roleId: 'worker', min: 0, preferred: 1, max: 1 }],
      ...t,
    })) as SessionTemplate[],
    rules,
  };
}

function valid(file: ServiceFile): ServiceFile {
  const result = validateServiceFile(file);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const all = (problem: Problem, workerId = 'sam'): Assignment[] => problem.slots.map((s) => ({ slotId: s.id, roleId: s.roles[0].roleId, workerId }));

describe('breaks (reg. 12)', () => {
  it("Tameside's 30-hour posts come out at 30 hours: four 09:00-17:00 days less an unpaid lunch", () => {
    const { problem, slotInfo } = compileProblem(fixture('tameside-cmht.json'), { weekStart: '2027-03-08' });
    const duty = problem.slots.filter((s) => s.typeId === 'duty');
    expect(duty).toHaveLength(5);
    expect(duty[0].workMinutes).toBe(450);
    expect(slotInfo[duty[0].id]).toMatchObject({ elapsedMinutes: 480, unpaidBreakMinutes: 30, workMinutes: 450 });
    // Siobhan (a practitioner with no AMHP or BIA) on four casework days: 30 h exactly, inside her contract.
    const days = problem.slots.filter((s) => s.typeId === 'casework' && s.id.startsWith('tpl-casework-dukinfield') && s.dayIndex < 4);
    const four = days.map((s) => ({ slotId: s.id, roleId: s.roles[0].roleId, workerId: 'p-siobhan-kelly' }));
    const result = evaluateAll(problem, four);
    const soft = result.analysis.find((a) => a.id === 'hours.weekSoft')!;
    expect(soft.matches.filter((m) => m.workerId === 'p-siobhan-kelly')).toEqual([]);
    expect(four.reduce((sum, a) => sum + problem.slots.find((s) => s.id === a.slotId)!.workMinutes, 0)).toBe(30 * 60);
    expect(result.analysis.find((a) => a.id === 'breaks.restBreak')!.total).toBe(0);
  });

  it('makes a shift over 6 hours with no break a hard breach for whoever takes it, and a 20-minute break clears it', () => {
    const noBreak = compileProblem(valid(service([{ startTime: '10:00', endTime: '16:30', rrule: 'FREQ=WEEKLY;BYDAY=WE' }])), { weekStart: '2027-05-10' });
    expect(noBreak.warnings).toEqual([
      'template t0 (Shift 0) has 6 h 30 min of work and no break of 20 min: the Working Time Regulations (reg. 12) leave its places empty; give it a break',
    ]);
    const breach = evaluateAll(noBreak.problem, all(noBreak.problem)).analysis.find((a) => a.id === 'breaks.restBreak')!;
    expect(breach.total).toBe(PROTECTION_BASE + 30);
    expect(breach.matches[0].message).toBe(
      'Sam Okoye: Wed 12 May shift 10:00-16:30 is 6 h 30 min of work with no rest break; more than 6 h of work needs a break of at least 20 min (the session provides none)',
    );
    const paid = compileProblem(valid(service([{ startTime: '10:00', endTime: '16:30', rrule: 'FREQ=WEEKLY;BYDAY=WE', breaks: [{ minutes: 20, paid: true }] }])), {
      weekStart: '2027-05-10',
    });
    expect(paid.problem.slots[0].workMinutes).toBe(390);
    expect(paid.warnings).toEqual([]);
    expect(total(paid.problem, all(paid.problem), 'breaks.restBreak')).toBe(0);
  });

  it('counts unpaid break minutes towards no hours: the 48-hour average and contract bands see work only', () => {
    // Six 09:00-17:00 days with a 60-minute unpaid break: 48 h elapsed, 42 h of work, after 16 weeks
    // averaging just over 48 h (5 h over in all): the average holds only if the breaks are not work.
    const history = { minutesByWeek: [...Array(15).fill(48 * 60), 53 * 60], consecutiveDaysWorked: 0 };
    const file = valid(service([{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA', breaks: [{ minutes: 60, paid: false, startAfterMinutes: 150, endBeforeMinutes: 150 }] }], { history }));
    const { problem } = compileProblem(file, { weekStart: '2027-05-10' });
    expect(problem.slots.every((s) => s.workMinutes === 420)).toBe(true);
    expect(total(problem, all(problem), 'hours.averageWeekly')).toBe(0);
  });

  it('judges back-to-back sessions as one working stretch', () => {
    const file = valid(service([
      { startTime: '09:00', endTime: '12:30', rrule: 'FREQ=WEEKLY;BYDAY=TU' },
      { startTime: '12:30', endTime: '16:00', rrule: 'FREQ=WEEKLY;BYDAY=TU' },
    ]));
    const { problem } = compileProblem(file, { weekStart: '2027-05-10' });
    expect(total(problem, all(problem), 'breaks.restBreak')).toBe(PROTECTION_BASE + 60);
    expect(total(problem, all(problem).slice(0, 1), 'breaks.restBreak')).toBe(0);
  });

  it('refuses breaks that do not fit, naming the field', () => {
    const bad = service([
      { breaks: [{ minutes: 480, paid: false }] },
      { breaks: [{ minutes: 30, paid: false, startAfterMinutes: 0 }] },
      { breaks: [{ minutes: 30, paid: false, endBeforeMinutes: 0 }] },
      { breaks: [{ minutes: 30, paid: false, startAfterMinutes: 500 }] },
      { breaks: [{ minutes: 30, paid: false, startAfterMinutes: 300, endBeforeMinutes: 170 }] },
      { durationMinutes: 120, endTime: undefined, breaks: [{ minutes: 60, paid: false }, { minutes: 60, paid: true }] },
      { breaks: [{ minutes: 20 } as never] },
    ]);
    const result = validateServiceFile(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: 'templates[6].breaks[0].paid', message: 'is required' },
      { path: 'templates[0].breaks[0].minutes', message: 'must be shorter than the 8 h session, leaving work before and after it' },
      { path: 'templates[1].breaks[0].startAfterMinutes', message: 'must be more than 0: a break is not taken at the very start of the session' },
      { path: 'templates[2].breaks[0].endBeforeMinutes', message: 'must be more than 0: a break is not taken at the very end of the session' },
      { path: 'templates[3].breaks[0].startAfterMinutes', message: 'must fall within the 8 h session' },
      { path: 'templates[4].breaks[0]', message: 'a 30 min break does not fit between 5 h after the start and 2 h 50 min before the end of the 8 h session' },
      { path: 'templates[5].breaks', message: 'the breaks (2 h in all) leave no work in the 2 h session' },
    ]);
  });
});

describe('the 48-hour limit is an average (reg. 4)', () => {
  // Five 07:00-19:00 days with a 60-minute unpaid break: 55 h of work this week, after 16 weeks of 40 h.
  const heavyWeek = (rules: ServiceFile['rules'] = {}) =>
    valid(service([{ startTime: '07:00', endTime: '19:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', breaks: [{ minutes: 60, paid: false }] }], {
      history: { minutesByWeek: Array(16).fill(40 * 60), consecutiveDaysWorked: 0 },
    }, rules));

  it('has no weekly hard cap by default: a 55-hour week inside a lower 17-week average breaks no hard rule', () => {
    const { problem } = compileProblem(heavyWeek(), { weekStart: '2027-06-07' });
    expect(problem.workers[0].minutesPerWeek?.hardMax).toBeUndefined();
    const score = evaluateAll(problem, all(problem));
    expect(score.analysis.find((a) => a.id === 'hours.weekHard')!.total).toBe(0);
    expect(score.analysis.find((a) => a.id === 'hours.averageWeekly')!.total).toBe(0);
    expect(score.score.hard).toBe(0);
  });

  it('still holds the 17-week average', () => {
    const file = heavyWeek();
    file.staff[0].history = { minutesByWeek: Array(16).fill(48 * 60), consecutiveDaysWorked: 0 };
    const { problem } = compileProblem(file, { weekStart: '2027-06-07' });
    expect(total(problem, all(problem), 'hours.averageWeekly')).toBe(PROTECTION_BASE + 7 * 60);
  });

  it('applies a weekly cap when the service sets one, to everyone (an opt-out from the average does not lift it)', () => {
    const file = heavyWeek({ maxMinutesPerWeek: 50 * 60 });
    file.staff[0].wtrOptOut = true;
    expect(validateServiceFile(heavyWeek({ maxMinutesPerWeek: 40 * 60 })).ok).toBe(true);
    const { problem } = compileProblem(file, { weekStart: '2027-06-07' });
    expect(problem.workers[0].minutesPerWeek?.hardMax).toBe(3000);
    expect(problem.workers[0].averageWeekly).toBeUndefined();
    expect(total(problem, all(problem), 'hours.weekHard')).toBe(PROTECTION_BASE + 5 * 60);
  });
});

describe('weekly rest in three forms (reg. 11)', () => {
  // Every day but Sunday, 09:00-17:00 with a paid break: 40 h of rest from Saturday 17:00 to Monday 09:00.
  const sixDays = (rules: ServiceFile['rules'], history?: StaffMember['history']) =>
    valid(service([{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA', breaks: [{ minutes: 30, paid: true }] }], history ? { history } : {}, rules));
  const lastWeek = (): StaffMember['history'] => ({
    minutesByWeek: [48 * 60],
    consecutiveDaysWorked: 0,
    // 2027-06-07 is a Monday: the week before, worked Monday to Saturday 09:00-17:00 (BST, +01:00).
    recentShifts: ['2027-05-31', '2027-06-01', '2027-06-02', '2027-06-03', '2027-06-04', '2027-06-05'].map((d) => ({
      start: `${d}T09:00:00+01:00`,
      end: `${d}T17:00:00+01:00`,
    })),
  });

  it("defaults to 24 h in each 7 days, which the six-day week meets", () => {
    const { problem } = compileProblem(sixDays({}, lastWeek()), { weekStart: '2027-06-07' });
    expect(problem.workers[0].weeklyRestForm).toBeUndefined();
    expect(total(problem, all(problem), 'days.weeklyRest')).toBe(0);
  });

  it("'48h-in-14' judges this week with the week before it, read from history.recentShifts", () => {
    const { problem } = compileProblem(sixDays({ weeklyRestForm: '48h-in-14' }, lastWeek()), { weekStart: '2027-06-07' });
    expect(problem.workers[0].weeklyRestForm).toBe('48h-in-14');
    expect(problem.workers[0].history?.recentShifts).toHaveLength(6);
    const r = evaluateAll(problem, all(problem)).analysis.find((a) => a.id === 'days.weeklyRest')!;
    // Longest rest in the fortnight: Saturday 17:00 to Monday 09:00 (40 h) or the Sunday of this week (31 h).
    expect(r.total).toBe(PROTECTION_BASE + 8 * 60);
    expect(r.matches[0].message).toBe('Sam Okoye: in the week before the rota and the week of Mon 7 Jun, longest rest is 40 h; needs 48 h unbroken in each 14 days');
    // Without last week's shifts the week before counts as rest.
    const fresh = compileProblem(sixDays({ weeklyRestForm: '48h-in-14' }), { weekStart: '2027-06-07' });
    expect(total(fresh.problem, all(fresh.problem), 'days.weeklyRest')).toBe(0);
  });

  it("'2x24h-in-14' wants two rests of 24 h: the two Sundays give them", () => {
    const { problem } = compileProblem(sixDays({ weeklyRestForm: '2x24h-in-14' }, lastWeek()), { weekStart: '2027-06-07' });
    expect(total(problem, all(problem), 'days.weeklyRest')).toBe(0);
    const busy = lastWeek()!;
    busy.recentShifts!.push({ start: '2027-06-06T09:00:00+01:00', end: '2027-06-06T17:00:00+01:00' });
    const sundayWorked = compileProblem(sixDays({ weeklyRestForm: '2x24h-in-14' }, busy), { weekStart: '2027-06-07' });
    // Last Sunday worked too: rests of 31 h (this Sunday) and 16 h nights; the second is 8 h short.
    expect(total(sundayWorked.problem, all(sundayWorked.problem), 'days.weeklyRest')).toBe(PROTECTION_BASE + 8 * 60);
  });

  it('refuses an unknown form and a recent shift that ends before it starts', () => {
    const file = service([{}], { history: lastWeek() }, { weeklyRestForm: '36h-in-10' as never });
    file.staff[0].history!.recentShifts![0].end = '2027-05-31T08:00:00+01:00';
    const result = validateServiceFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        { path: 'rules.weeklyRestForm', message: 'must be one of: "24h-in-7", "48h-in-14", "2x24h-in-14"' },
        { path: 'staff[0].history.recentShifts[0].end', message: 'must be after start (2027-05-31T09:00:00+01:00)' },
      ]);
    }
  });
});

describe('night workers (reg. 6)', () => {
  // Nights 22:00-07:00 (9 h, 8 h of night time) four a week, with a paid hour of breaks.
  const nights = (staff: Partial<StaffMember>) =>
    valid(service([{ startTime: '22:00', endTime: '07:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH', breaks: [{ minutes: 60, paid: true }] }], staff));

  it('gives a flagged night worker an 8-hour daily average over the reference period, opted out or not', () => {
    const { problem } = compileProblem(nights({ nightWorker: true, wtrOptOut: true }), { weekStart: '2027-01-11' });
    expect(problem.workers[0].averageWeekly).toBeUndefined();
    // 8 h x (7 days - 1 day of weekly rest) a week, over 17 weeks.
    expect(problem.workers[0].nightAverage).toEqual({ maxMinutesPerWeek: 48 * 60, referenceWeeks: 17 });
  });

  it('holds an opted-out night worker to the average, which the 48-hour rule no longer does', () => {
    const history = { minutesByWeek: Array(16).fill(50 * 60), consecutiveDaysWorked: 0 };
    const { problem } = compileProblem(nights({ nightWorker: true, wtrOptOut: true, history }), { weekStart: '2027-01-11' });
    // 16 x 50 h + 36 h = 836 h against 17 x 48 h = 816 h: 20 h over.
    const r = evaluateAll(problem, all(problem)).analysis;
    expect(r.find((a) => a.id === 'hours.nightAverage')!.total).toBe(PROTECTION_BASE + 20 * 60);
    expect(r.find((a) => a.id === 'hours.averageWeekly')!.total).toBe(0);
  });

  it('infers a night worker from recent shifts when the flag is absent, and the flag decides when given', () => {
    const night = (d: string, next: string) => ({ start: `${d}T22:00:00Z`, end: `${next}T07:00:00Z` });
    const day = (d: string) => ({ start: `${d}T09:00:00Z`, end: `${d}T17:00:00Z` });
    // Week before 2027-01-11: two nights and three days: nights on 2 of 5 days worked, at least a third.
    const recentShifts = [night('2027-01-04', '2027-01-05'), night('2027-01-05', '2027-01-06'), day('2027-01-07'), day('2027-01-08'), day('2027-01-09')];
    const history = { minutesByWeek: [], consecutiveDaysWorked: 0, recentShifts };
    const week = { weekStart: '2027-01-11' };
    expect(compileProblem(nights({ history }), week).problem.workers[0].nightAverage).toBeDefined();
    expect(compileProblem(nights({ history, nightWorker: false }), week).problem.workers[0].nightAverage).toBeUndefined();
    // One night in five days worked is not a normal course; 20:00-02:00 has only 3 h of night time.
    const oneNight = { ...history, recentShifts: [night('2027-01-04', '2027-01-05'), day('2027-01-06'), day('2027-01-07'), day('2027-01-08'), day('2027-01-09')] };
    expect(compileProblem(nights({ history: oneNight }), week).problem.workers[0].nightAverage).toBeUndefined();
    const lates = { ...history, recentShifts: ['04', '05', '06'].map((d) => ({ start: `2027-01-${d}T20:00:00Z`, end: `2027-01-${d}T23:00:00Z` })) };
    expect(compileProblem(nights({ history: lates }), week).problem.workers[0].nightAverage).toBeUndefined();
    const threeHours = { ...history, recentShifts: ['04', '05', '06'].map((d) => ({ start: `2027-01-${d}T20:00:00Z`, end: `2027-01-${String(Number(d) + 1).padStart(2, '0')}T02:00:00Z` })) };
    expect(compileProblem(nights({ history: threeHours }), week).problem.workers[0].nightAverage).toBeDefined();
    expect(compileProblem(nights({}), week).problem.workers[0].nightAverage).toBeUndefined();
  });
});
