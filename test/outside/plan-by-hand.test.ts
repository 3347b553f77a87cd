// `rota plan` met as a user meets it (s21-domain): service files written for this test from
// DOMAIN.md alone (none of the five fixtures' weeks), run through the CLI in-process, with what a
// correct rota must and must not do worked out by hand in each test's table.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rota-outside-'));
let n = 0;
async function plan(file: unknown, args: string[]): Promise<{ code: number; out: string; err: string; json?: any }> {
  const path = join(tmp, `f${n++}.json`);
  writeFileSync(path, JSON.stringify(file));
  let out = '';
  let err = '';
  let now = 0;
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s), isTTY: false }, clock: () => (now += 1) };
  const code = await main(['plan', path, ...args, '--moves', '3000', '--seconds', '5'], io);
  return { code, out, err, json: args.includes('--json') && code !== 2 ? JSON.parse(out) : undefined };
}
const row = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(name)) ?? '';
const one = (roleId: string, skills: string[] = []) => ({ roleId, min: 1, preferred: 1, max: 1, skills });

// A night cafe: a drop-in 22:00-04:00 on Friday, Saturday and Sunday nights, a lead and a worker
// (never alone at night), a 30-minute unpaid break (over 6 h of work needs 20 min, reg. 12).
const nightCafe = {
  formatVersion: 1,
  organisation: { id: 'org-night-cafe', name: 'Riverside Night Cafe' },
  sites: [{ id: 'cafe', name: 'Riverside cafe' }],
  roles: [{ id: 'lead', name: 'Lead' }, { id: 'worker', name: 'Support worker' }],
  skills: [{ id: 'safeguarding', name: 'Safeguarding', kind: 'training' }],
  staff: [
    { id: 'ola', name: 'Ola Lead', kind: 'contracted', contractMinutesPerWeek: 1050, roles: ['lead'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1800 },
    { id: 'ben', name: 'Ben Worker', kind: 'contracted', contractMinutesPerWeek: 1050, roles: ['worker'], skills: [{ skillId: 'safeguarding' }], costPencePerHour: 1500 },
  ],
  templates: [{
    id: 'night', name: 'Night drop-in', kind: 'night-drop-in', siteId: 'cafe', startTime: '22:00', endTime: '04:00', rrule: 'FREQ=WEEKLY;BYDAY=FR,SA,SU',
    breaks: [{ minutes: 30, paid: false, startAfterMinutes: 120, endBeforeMinutes: 60 }],
    demand: [one('lead', ['safeguarding']), one('worker', ['safeguarding'])],
  }],
};

describe('a night drop-in across midnight and the clock change', () => {
  // | week          | Fri night        | Sat night (the change)            | Sun night | hours each        |
  // | 19-25 Oct 26  | 6 h - 30 = 5:30  | 22:00 BST-04:00 GMT = 7 h -30 = 6:30 | 5:30   | 17:30             |
  // | 23-29 Mar 26  | 5:30             | 22:00 GMT-04:00 BST = 5 h -30 = 4:30 | 5:30   | 15:30             |
  // Both workers take all three nights (each role has one holder); the grid shows clock times.
  for (const [week, hours, sat, satEnd] of [['2026-10-19', '17:30', '2026-10-24', '2026-10-25T04:00:00+00:00'], ['2026-03-23', '15:30', '2026-03-28', '2026-03-29T04:00:00+01:00']] as const) {
    it(`week of ${week}: hours actually worked, ${hours} each`, async () => {
      const r = await plan(nightCafe, ['--week', week]);
      expect(r.code, r.out + r.err).toBe(0);
      for (const name of ['Ola Lead', 'Ben Worker']) {
        const line = row(r.out, name);
        expect(line.match(/night-drop-in 22:00-04:00/g)?.length, line).toBe(3);
        expect(line.trimEnd().endsWith(hours), line).toBe(true);
      }
      const j = await plan(nightCafe, ['--week', week, '--json']);
      const saturday = j.json.assignments.filter((a: { date: string }) => a.date === sat);
      expect(saturday.map((a: { end: string }) => a.end)).toEqual([satEnd, satEnd]);
    });
  }
});

// A community team's AMHP rota (Mon-Fri 09:00-17:00, 30 min unpaid lunch): only a current approval
// may be placed. Asha's approval lapses after Wed 9 Dec; Bilal's renewal starts Thu 10 Dec; Cath
// holds none; Dev holds one but is on leave all week.
const moorside = (bilalFrom: string) => ({
  formatVersion: 1,
  organisation: { id: 'org-moorside', name: 'Moorside CMHT' },
  sites: [{ id: 'base', name: 'Moorside base' }],
  roles: [{ id: 'mhp', name: 'Mental health practitioner' }],
  skills: [{ id: 'amhp', name: 'AMHP approval', kind: 'approval' }],
  staff: [
    { id: 'asha', name: 'Asha Lapse', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['mhp'], skills: [{ skillId: 'amhp', validUntil: '2026-12-09' }], costPencePerHour: 2200 },
    { id: 'bilal', name: 'Bilal Renewed', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['mhp'], skills: [{ skillId: 'amhp', validFrom: bilalFrom, validUntil: '2031-12-09' }], costPencePerHour: 2200 },
    { id: 'cath', name: 'Cath NoApproval', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['mhp'], costPencePerHour: 2000 },
    { id: 'dev', name: 'Dev OnLeave', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['mhp'], skills: [{ skillId: 'amhp' }], costPencePerHour: 2200, absences: [{ kind: 'leave', from: '2026-12-07', to: '2026-12-11' }] },
  ],
  templates: ['amhp', 'duty'].map((kind) => ({
    id: kind, name: kind, kind, siteId: 'base', startTime: '09:00', endTime: '17:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    breaks: [{ minutes: 30, paid: false, startAfterMinutes: 180, endBeforeMinutes: 180 }],
    demand: [one('mhp', kind === 'amhp' ? ['amhp'] : [])],
  })),
});
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

describe('an AMHP rota where an approval lapses mid-week', () => {
  // | amhp on  | Mon  | Tue  | Wed  | Thu   | Fri   |
  // | must be  | Asha | Asha | Asha | Bilal | Bilal |   (the only current approval each day)
  // Cath (none) and Dev (on leave) never; Dev nowhere; every place is 7:30 of work.
  it('places each day\'s only current approval holder, and nobody else', async () => {
    const r = await plan(moorside('2026-12-10'), ['--week', '2026-12-07', '--json']);
    expect(r.code, r.out).toBe(0);
    const amhp = r.json.assignments.filter((a: { slotId: string }) => a.slotId.startsWith('amhp@'));
    expect(amhp.map((a: { date: string; workerId: string }) => `${a.date} ${a.workerId}`).sort()).toEqual([
      '2026-12-07 asha', '2026-12-08 asha', '2026-12-09 asha', '2026-12-10 bilal', '2026-12-11 bilal',
    ]);
    expect(r.json.assignments.filter((a: { workerId: string }) => a.workerId === 'dev')).toEqual([]);
    expect(r.json.unfilled).toEqual([]);
    expect(amhp.every((a: { workMinutes: number }) => a.workMinutes === 450)).toBe(true);
  });

  // With Bilal's renewal from Friday, Thursday's AMHP place has nobody: it is unfilled (exit 1) and
  // the reasons are each worker's own facts, with the dates.
  it('explains an AMHP day nobody may take, worker by worker', async () => {
    const r = await plan(moorside('2026-12-11'), ['--week', '2026-12-07']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^1 place cannot be filled \(Thu 10 Dec amhp 09:00-17:00/m);
    const block = r.out.slice(r.out.indexOf('Unfilled'));
    expect(block).toMatch(/HARD\s+Thu 10 Dec amhp 09:00-17:00: Mental health practitioner, 1 short of the minimum/);
    expect(block).toMatch(/Asha Lapse: AMHP approval expired on Wed 9 Dec/);
    expect(block).toMatch(/Bilal Renewed: AMHP approval valid only from Fri 11 Dec/);
    expect(block).toMatch(/Cath NoApproval: does not hold AMHP approval/);
    expect(block).toMatch(/Dev OnLeave: on leave/);
    expect(r.out).toMatch(/^Quality: /m);
    for (const d of DAYS) expect(r.out).toContain(`${d} `);
  });
});

// A 7-day home-visiting service on two sites 40 minutes apart: a north morning round 08:00-12:00 and
// a south afternoon round 12:30-16:30, each needing a coordinator with a driving licence. One
// coordinator only: 30 minutes between the rounds is less than the 40 minutes' travel, so she takes
// one round a day and the other is unfilled, with travel as the reason. At 20 minutes' travel she
// takes both.
function twoSites(travel: number) {
  return {
    formatVersion: 1,
    organisation: { id: 'org-two-sites', name: 'Two-site crisis visits' },
    sites: [{ id: 'north', name: 'North base', travelMinutes: { south: travel } }, { id: 'south', name: 'South base', travelMinutes: { north: travel } }],
    roles: [{ id: 'coordinator', name: 'Service coordinator' }],
    skills: [{ id: 'driving', name: 'Driving licence', kind: 'licence' }],
    staff: [{ id: 'cora', name: 'Cora Coord', kind: 'contracted', contractMinutesPerWeek: 480, roles: ['coordinator'], skills: [{ skillId: 'driving' }], costPencePerHour: 1700 }],
    templates: [
      { id: 'am', name: 'North round', kind: 'visits', siteId: 'north', startTime: '08:00', endTime: '12:00', rrule: 'FREQ=DAILY', extraDates: [], validFrom: '2027-01-13', validUntil: '2027-01-13', demand: [one('coordinator', ['driving'])] },
      { id: 'pm', name: 'South round', kind: 'visits', siteId: 'south', startTime: '12:30', endTime: '16:30', rrule: 'FREQ=DAILY', validFrom: '2027-01-13', validUntil: '2027-01-13', demand: [one('coordinator', ['driving'])] },
    ],
  };
}

describe('two sites and travel', () => {
  // | travel | Wed 13 Jan north 08-12 | Wed 13 Jan south 12:30-16:30 | exit |
  // | 40     | one of the two, the other unfilled: travel 40 > 30 min gap          | 1    |
  // | 20     | Cora                   | Cora                          | 0    |
  it('never places one worker on two sites without the travel time between them', async () => {
    const far = await plan(twoSites(40), ['--week', '2027-01-11']);
    expect(far.code, far.out).toBe(1);
    expect(row(far.out, 'Cora Coord').match(/visits/g)?.length).toBe(1);
    expect(far.out).toMatch(/Cora Coord: [^\n]*travel/i);
    expect(far.out).toContain('; 1 place filled (2 needed at least, 2 wanted)');
    const near = await plan(twoSites(20), ['--week', '2027-01-11']);
    expect(near.code, near.out).toBe(0);
    expect(row(near.out, 'Cora Coord').match(/visits/g)?.length).toBe(2);
  });
});

describe('a service whose week starts on a Sunday', () => {
  // The CLI plans Monday-to-Sunday weeks; a Sunday is refused with the reason, not planned silently
  // from the wrong day.
  it('refuses --week on a Sunday with a clear message (exit 2)', async () => {
    const r = await plan(nightCafe, ['--week', '2026-10-18']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--week must be a Monday/);
  });
});

// A 7-day service, four healthcare assistants on 37.5-hour contracts (five 08:00-16:00 days with a
// 30-minute unpaid break, 7:30 each), two to three a day. Hana has approved annual leave on Monday
// and Tuesday. Leave is paid time off the contract: a week with two days' leave asks three days of
// her (22:30), not five crammed around the leave.
// | worker | leave   | days rostered | hours |
// | Hana   | Mon-Tue | 3, none Mon-Tue | 22:30 |
// | others | none    | 5             | 37:30 |
// A day of leave is worth a fifth of the contract (src/service-file/compile-staff.ts): 7:30 here.
describe('approved leave counts against the contract', () => {
  it('rosters a worker with two days\' leave for three days, not a full week around it', async () => {
    const staff = [0, 1, 2, 3].map((i) => ({ id: `h${i}`, name: i === 0 ? 'Hana Leave' : `HCA ${i}`, kind: 'contracted', contractMinutesPerWeek: 2250, roles: ['hca'], costPencePerHour: 1300 }));
    const file = {
      formatVersion: 1,
      organisation: { id: 'org-seven-day', name: 'Seven-day home care' },
      sites: [{ id: 'b', name: 'Base' }],
      roles: [{ id: 'hca', name: 'Healthcare assistant' }],
      skills: [],
      staff: [{ ...staff[0], absences: [{ kind: 'leave', from: '2027-01-11', to: '2027-01-12', approvedBy: 'coordinator' }] }, ...staff.slice(1)],
      templates: [{
        id: 'day', name: 'Day', kind: 'day', siteId: 'b', startTime: '08:00', endTime: '16:00', rrule: 'FREQ=DAILY',
        breaks: [{ minutes: 30, paid: false }], demand: [{ roleId: 'hca', min: 2, preferred: 2, max: 3 }],
      }],
    };
    const r = await plan(file, ['--week', '2027-01-11']);
    expect(r.code, r.out).toBe(0);
    const hana = row(r.out, 'Hana Leave');
    expect(hana.match(/day 08:00-16:00/g)?.length, hana).toBe(3);
    expect(hana.trimEnd().endsWith('22:30'), hana).toBe(true);
    for (const i of [1, 2, 3]) expect(row(r.out, `HCA ${i}`).trimEnd().endsWith('37:30')).toBe(true);
    expect(r.out).not.toMatch(/hours\.weekSoft/);
  });
});
