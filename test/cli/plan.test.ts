// The CLI run in-process: main(argv, io) with captured stdout and stderr and a fake clock.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { minimalFile } from '../service-file/minimal-file.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';

function capture(tty = false) {
  let out = '';
  let err = '';
  let now = 0;
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    // Each reading moves 1 ms, so a time limit would end the search deterministically.
    clock: () => (now += 1),
  };
  return { io, out: () => out, err: () => err };
}

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'rota-cli-'));
function writeJson(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}
const FAST = ['--moves', '1500', '--seconds', '5'];

describe('rota plan', () => {
  it('prints the grid, the unfilled places and the score, and exits 0 for a feasible plan', async () => {
    const c = capture();
    const code = await main(['plan', fixture('crisis-sanctuary.json'), '--week', '2026-11-23', ...FAST], c.io);
    expect(code).toBe(0);
    const out = c.out();
    expect(out).toContain('Nottingham Crisis Sanctuary: week of Mon 23 Nov 2026 (Europe/London)');
    expect(out).toMatch(/^Worker\s+Mon 23 Nov\s+Tue 24 Nov\s+Wed 25 Nov\s+Thu 26 Nov\s+Fri 27 Nov\s+Sat 28 Nov\s+Sun 29 Nov\s+Hours$/m);
    expect(out).toMatch(/^Aisha Begum .*drop-in 17:30-00:30/m);
    expect(out).toContain('Score by constraint:');
    expect(out).toMatch(/Unfilled/);
    // Not a TTY: one plain final line on stderr, no carriage returns.
    expect(c.err()).toMatch(/^planned in [\d.]+ s: 1500 moves, feasible, score 0 hard \/ \d+ soft, proven optimal \(no rota scores below 0 hard \/ \d+ soft\)\n$/);
    // The exact stages prove this small week: the text says so, with the bound.
    expect(out).toMatch(/^Quality: proven optimal \(no rota scores below 0 hard \/ \d+ soft\)$/m);
  });

  it('shows bank holidays and prints the machine form with --json', async () => {
    const c = capture();
    const code = await main(['plan', fixture('red-cross-7-day.json'), '--week', '2026-12-21', '--json', '--seed', '5', ...FAST], c.io);
    expect(code).toBe(0);
    const json = JSON.parse(c.out());
    expect(json.status).toBe('feasible');
    expect(json.stats.seed).toBe(5);
    expect(json.days.find((d: { isBankHoliday: boolean }) => d.isBankHoliday).label).toBe('Fri 25 Dec');
    const xmas = json.assignments.filter((a: { date: string }) => a.date === '2026-12-25');
    expect(xmas.length).toBeGreaterThan(0);
    expect(xmas[0].start).toMatch(/^2026-12-25T(09|15):00:00\+00:00$/);
    expect(json.analysis.map((c: { id: string }) => c.id)).toContain('cover.min');
  });

  it('lists every unfilled place with reasons, and exits 1 when hard places stay empty', async () => {
    const file = minimalFile();
    file.staff = file.staff.filter((s) => s.id !== 'ann'); // nobody left who can lead
    const c = capture();
    const code = await main(['plan', writeJson('no-lead.json', file), '--week', '2026-11-23', ...FAST], c.io);
    expect(code).toBe(1);
    // Only places are missing: the headline counts and names them instead of saying INFEASIBLE.
    expect(c.out()).not.toContain('INFEASIBLE');
    expect(c.out()).toMatch(/^4 places cannot be filled \(Tue 24 Nov drop-in 17:30-00:30 at Hub: Lead; Wed 25 Nov .*\); no other hard rule broken; score 240 hard/m);
    expect(c.out()).toMatch(/HARD {2}Tue 24 Nov drop-in 17:30-00:30 at Hub: Lead, 1 short of the minimum/);
    expect(c.out()).toMatch(/^ {8}nobody holds this role$/m);
    expect(c.out()).toMatch(/hard\s+cover\.min/);
  });

  it('marks every bank place as proposed, in the grid and in --json (the CLI sends no offers)', async () => {
    // A sanctuary week where bank workers are needed: two contracted staff are on leave.
    const file = JSON.parse(readFileSync(fixture('crisis-sanctuary.json'), 'utf8')) as ServiceFile;
    const bank = new Set(file.staff.filter((m) => m.kind === 'bank').map((m) => m.id));
    const contracted = file.staff.filter((m) => m.kind === 'contracted').slice(0, 2);
    for (const m of contracted) m.absences = [...(m.absences ?? []), { kind: 'leave', from: '2026-11-23', to: '2026-11-29' }];
    const path = writeJson('sanctuary-leave.json', file);
    const c = capture();
    await main(['plan', path, '--week', '2026-11-23', '--json', '--seed', '3', ...FAST], c.io);
    const json = JSON.parse(c.out());
    const placed = json.assignments as { workerId: string; bankState: string | null }[];
    expect(placed.some((a) => bank.has(a.workerId))).toBe(true);
    for (const a of placed) expect(a.bankState).toBe(bank.has(a.workerId) ? 'proposed' : null);

    const t = capture();
    await main(['plan', path, '--week', '2026-11-23', '--seed', '3', ...FAST], t.io);
    const rows = t.out().split('\n');
    for (const m of file.staff) {
      const row = rows.find((r) => r.startsWith(m.name));
      expect(row, m.name).toBeDefined();
      const cells = row!.match(/drop-in [^ ]+/g) ?? [];
      const proposed = row!.match(/\(proposed\)/g) ?? [];
      expect(proposed.length, m.name).toBe(bank.has(m.id) ? cells.length : 0);
    }
    const proposedCount = placed.filter((a) => bank.has(a.workerId)).length;
    expect(t.out()).toContain(`Of them ${proposedCount} proposed to bank workers, marked (proposed): not covered until the worker accepts an offer`);
  });

  it('draws a live progress line only on a terminal', async () => {
    const c = capture(true);
    await main(['plan', fixture('crisis-sanctuary.json'), '--week', '2026-11-23', '--moves', '20000', '--seconds', '600'], c.io);
    expect(c.err()).toContain('\r');
    expect(c.err()).toMatch(/planned in .* feasible/);
  });

  it('exits 2 and prints every problem with its JSON path for an invalid file, with nothing on stdout', async () => {
    const file = minimalFile() as any;
    file.staff[1].contractMinutesPerWeek = 'twenty';
    file.templates[0].startTime = '7pm';
    file.staff[0].roles.push('chef');
    const c = capture();
    const code = await main(['plan', writeJson('bad.json', file), '--week', '2026-11-23'], c.io);
    expect(code).toBe(2);
    expect(c.out()).toBe('');
    expect(c.err()).toContain('is not a valid service file (3 problems)');
    expect(c.err()).toContain('staff[1].contractMinutesPerWeek: must be a number');
    expect(c.err()).toContain('templates[0].startTime: must be a local time HH:mm');
    expect(c.err()).toContain('staff[0].roles[2]: refers to unknown role "chef"');
  });

  it('exits 2 naming the field when the file\'s history lies after the week planned (Red Cross history of 20 Dec, planned for 7 Dec)', async () => {
    const c = capture();
    const code = await main(['plan', fixture('red-cross-7-day.json'), '--week', '2026-12-07', ...FAST], c.io);
    expect(code).toBe(2);
    expect(c.out()).toBe('');
    expect(c.err()).toContain('its history lies after that week starts');
    expect(c.err()).toContain('staff[0].history.lastShiftEnd: 2026-12-20T16:30:00Z is after the week planned starts (Mon 7 Dec 2026)');
    expect(c.err()).not.toMatch(/-\d+ h/);
    // The week the history was written for, and a later one, plan as before.
    const d = capture();
    expect(await main(['plan', fixture('red-cross-7-day.json'), '--week', '2026-12-28', ...FAST], d.io)).not.toBe(2);
  });

  it('plans the week of the spring clock change with a session the change swallows, and warns', async () => {
    const file = minimalFile();
    file.templates.push({ ...file.templates[0], id: 'night-check', name: 'Night check', startTime: '01:30', endTime: '02:30', rrule: 'FREQ=DAILY' });
    const c = capture();
    const code = await main(['plan', writeJson('spring.json', file), '--week', '2026-03-23', ...FAST], c.io);
    expect(code).not.toBe(2);
    expect(c.out()).toMatch(/^Warning: template "night-check" \(Night check\): the session on Sun 29 Mar 2026 \(01:30-02:30\) lies wholly in the time the clocks skip/m);
    expect(c.out()).toMatch(/^Worker\s+Mon 23 Mar/m);
    const j = capture();
    expect(await main(['plan', writeJson('spring.json', file), '--week', '2026-03-23', '--json', ...FAST], j.io)).not.toBe(2);
    const json = JSON.parse(j.out());
    expect(json.warnings).toHaveLength(1);
    expect(json.assignments.some((a: { slotId: string }) => a.slotId === 'night-check@2026-03-29')).toBe(false);
  });

  it('exits 2 for broken JSON and a missing file', async () => {
    const c = capture();
    expect(await main(['plan', writeJson('broken.json', '{"formatVersion": 1,'), '--week', '2026-11-23'], c.io)).toBe(2);
    expect(c.err()).toContain('not valid JSON');
    const d = capture();
    expect(await main(['plan', join(tmp, 'nope.json'), '--week', '2026-11-23'], d.io)).toBe(2);
    expect(d.err()).toContain('file not found');
  });

  it.each([
    [['plan', 'x.json', '--week', '2026-11-23', '--wek', '1'], /Unknown option '--wek'/],
    [['plan', 'x.json'], /--week is required/],
    [['plan', 'x.json', '--week', '23/11/2026'], /--week must be a real date YYYY-MM-DD/],
    [['plan', 'x.json', '--week', '2026-02-30'], /--week must be a real date/],
    [['plan', 'x.json', '--week', '2026-11-24'], /--week must be a Monday/],
    [['plan', '--week', '2026-11-23'], /give the service file/],
    [['plan', 'a.json', 'b.json', '--week', '2026-11-23'], /give one service file/],
    [['plan', 'x.json', '--week', '2026-11-23', '--seconds', '0'], /--seconds must be a positive number/],
    [['plan', 'x.json', '--week', '2026-11-23', '--seconds', '-1'], /Option '--seconds' argument is ambiguous/],
    [['plan', 'x.json', '--week', '2026-11-23', '--moves', '1.5'], /--moves must be a positive whole number/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /usage: rota <command>/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const c = capture();
    expect(await main(argv as string[], c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.out()).toBe('');
  });

  it('prints help with exit 0', async () => {
    const c = capture();
    expect(await main(['help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/plan\s+plan a week/);
    const d = capture();
    expect(await main(['plan', '--help'], d.io)).toBe(0);
    expect(d.out()).toContain('usage: rota plan <service-file.json> --week YYYY-MM-DD');
  });
});

describe('rota plan --bank-holidays', () => {
  it('uses the given GOV.UK-format file for bank holidays', async () => {
    const holidays = writeJson('bh.json', {
      'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Test holiday', date: '2026-11-26', notes: '', bunting: true }] },
    });
    const c = capture();
    const code = await main(['plan', fixture('crisis-sanctuary.json'), '--week', '2026-11-23', '--bank-holidays', holidays, '--json', ...FAST], c.io);
    expect(code).toBe(0);
    const json = JSON.parse(c.out());
    expect(json.days.filter((d: { isBankHoliday: boolean }) => d.isBankHoliday).map((d: { label: string }) => d.label)).toEqual(['Thu 26 Nov']);
    const d = capture();
    expect(await main(['plan', fixture('crisis-sanctuary.json'), '--week', '2026-11-23', '--bank-holidays', writeJson('bh-bad.json', { scotland: {} })], d.io)).toBe(2);
    expect(d.err()).toMatch(/"england-and-wales" is missing/);
    expect(d.out()).toBe('');
  });
});

describe('rota validate', () => {
  it('says which files are valid and lists the problems of the others', async () => {
    const bad = minimalFile() as any;
    bad.staff[0].skills[0].validUntil = 'soon';
    const c = capture();
    const code = await main(['validate', fixture('tameside-cmht.json'), writeJson('bad-skill.json', bad)], c.io);
    expect(code).toBe(2);
    expect(c.out()).toMatch(/tameside-cmht\.json: valid \(Tameside Community Mental Health Team: 11 staff, 2 sites, 5 session templates\)/);
    expect(c.err()).toContain('staff[0].skills[0].validUntil: must be a real date YYYY-MM-DD');
    const d = capture();
    expect(await main(['validate'], d.io)).toBe(2);
    expect(d.err()).toContain('give at least one service file');
  });

  it('checks every part and value of every RRULE and names the field', async () => {
    const file = minimalFile() as any;
    const rules = ['FREQ=DAILY;INTERVAL=-1', 'FREQ=DAILY;INTERVAL=abc', 'FREQ=DAILY;BYMONTH=13', 'FREQ=DAILY;INTERVAL=1.5', 'FREQ=WEEKLY;BYDAY=XX'];
    file.templates = rules.map((rrule, i) => ({ ...file.templates[0], id: `t${i}`, rrule }));
    file.staff[0].availability = { windows: [{ rrule: 'FREQ=MONTHLY;BYDAY=6MO', startTime: '09:00', endTime: '17:00' }] };
    const c = capture();
    expect(await main(['validate', writeJson('bad-rrules.json', file)], c.io)).toBe(2);
    expect(c.err()).toContain('bad-rrules.json: 6 problems:');
    expect(c.err()).toContain('  templates[0].rrule: INTERVAL must be a whole number from 1 to 1000 (got "-1")\n');
    expect(c.err()).toContain('  templates[1].rrule: INTERVAL must be a whole number from 1 to 1000 (got "ABC")\n');
    expect(c.err()).toContain('  templates[2].rrule: BYMONTH must list months 1 to 12, separated by commas (got "13")\n');
    expect(c.err()).toContain('  templates[3].rrule: INTERVAL must be a whole number from 1 to 1000 (got "1.5")\n');
    expect(c.err()).toContain('  templates[4].rrule: BYDAY must list weekdays MO, TU, WE, TH, FR, SA, SU');
    expect(c.err()).toContain('  staff[0].availability.windows[0].rrule: BYDAY positions must be from 1 to 5 or -5 to -1 within a month (got 6MO)\n');
    expect(c.out()).toBe('');
  });
});
