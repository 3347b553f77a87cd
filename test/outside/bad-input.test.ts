// Bad input met as a user meets it (s21-domain): each malformed field, hand-picked, gets an answer
// naming that field, and nothing already stored is lost. Through `rota validate` (the file a manager
// writes) and the API (import and the edit routes) on a service file written for this test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { closeDb, openDb, type Db } from '../../src/db/client.ts';
import { createToken } from '../../src/services/tokens.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

const SERVICE = 'org-hilltop';
function goodFile() {
  return {
    formatVersion: 1,
    organisation: { id: SERVICE, name: 'Hilltop Community Team' },
    sites: [{ id: 'base', name: 'Hilltop base' }],
    roles: [{ id: 'mhp', name: 'Practitioner' }],
    skills: [{ id: 'amhp', name: 'AMHP approval', kind: 'approval' }],
    staff: [
      { id: 'asha', name: 'Asha', kind: 'contracted', contractMinutesPerWeek: 1800, roles: ['mhp'], skills: [{ skillId: 'amhp', validUntil: '2027-06-30' }], costPencePerHour: 2200 },
      { id: 'zed', name: 'Zed Zero-hours', kind: 'bank', roles: ['mhp'], costPencePerHour: 1500 },
    ],
    templates: [{
      id: 'duty', name: 'Duty', kind: 'duty', siteId: 'base', startTime: '09:00', endTime: '17:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      breaks: [{ minutes: 30, paid: false }], demand: [{ roleId: 'mhp', min: 1, preferred: 1, max: 1 }],
    }],
  } as any;
}

async function validate(file: unknown): Promise<{ code: number; out: string; err: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'rota-bad-')), 'f.json');
  writeFileSync(path, JSON.stringify(file));
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s), isTTY: false }, clock: () => 0 };
  const code = await main(['validate', path], io);
  return { code, out, err };
}

// | field (what a manager might type)                          | the error must name                       |
const CASES: [string, (f: any) => void, string, RegExp][] = [
  ['contract typed as text', (f) => (f.staff[0].contractMinutesPerWeek = '30h'), 'staff[0].contractMinutesPerWeek', /number/],
  ['a date that does not exist', (f) => (f.staff[0].skills[0].validUntil = '2027-02-30'), 'staff[0].skills[0].validUntil', /date/],
  ['24:00 as a start time', (f) => (f.templates[0].startTime = '24:00'), 'templates[0].startTime', /HH:mm/],
  ['a leave that ends before it starts', (f) => (f.staff[0].absences = [{ kind: 'leave', from: '2027-01-08', to: '2027-01-04' }]), 'staff[0].absences[0].to', /before/],
  ['a weekday misspelt in the recurrence', (f) => (f.templates[0].rrule = 'FREQ=WEEKLY;BYDAY=MON'), 'templates[0].rrule', /BYDAY/],
  // Mended on this branch: each was "valid" before, and the first two then stopped every plan.
  ['a weight for a rule that does not exist', (f) => (f.rules = { weights: { 'cover.pay': 2 } }), 'rules.weights["cover.pay"]', /no constraint/],
  ['a hard rule switched off by weight 0', (f) => (f.rules = { weights: { 'cover.min': 0 } }), 'rules.weights["cover.min"]', /hard rule/],
  ['contracted hours on a bank worker', (f) => (f.staff[1].contractMinutesPerWeek = 1200), 'staff[1].contractMinutesPerWeek', /bank/],
  ['a contract longer than a week', (f) => (f.staff[0].contractMinutesPerWeek = 18000), 'staff[0].contractMinutesPerWeek', /minutes in a week/],
];

describe('rota validate names each malformed field', () => {
  it('accepts the good file, zero-hours (bank) worker included', async () => {
    const r = await validate(goodFile());
    expect(r.code, r.out + r.err).toBe(0);
  });
  for (const [what, spoil, path, words] of CASES) {
    it(what, async () => {
      const f = goodFile();
      spoil(f);
      const r = await validate(f);
      expect(r.code).toBe(2);
      const lines = (r.out + r.err).split('\n').filter((l) => l.trim().startsWith(`${path}:`));
      expect(lines.length, r.out + r.err).toBe(1);
      expect(lines[0]).toMatch(words);
    });
  }
});

describe('rota validate warns about a session kind no template has', () => {
  // A forbidden succession, a cap and a preference naming "nite" (a typo of no kind here) never
  // apply: the file is valid (exit 0), each is named in a warning.
  it('names each misspelt kind and still exits 0', async () => {
    const f = goodFile();
    f.rules = { forbiddenSuccessions: [{ fromKind: 'nite', toKind: 'duty' }] };
    f.staff[0].limits = { maxSessionsByKind: { nite: 2 } };
    f.staff[0].preferences = [{ kind: 'undesired', sessionKind: 'nite', weight: 3 }];
    const r = await validate(f);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/warning: rules\.forbiddenSuccessions\[0\]\.fromKind: no template has the session kind "nite"/);
    expect(r.out).not.toMatch(/forbiddenSuccessions\[0\]\.toKind/);
    expect(r.out).toMatch(/warning: staff\[0\]\.limits\.maxSessionsByKind\["nite"\]/);
    expect(r.out).toMatch(/warning: staff\[0\]\.preferences\[0\]\.sessionKind/);
  });
});

let db: Db;
let app: FastifyInstance;
let manager = '';
const call = (opts: InjectOptions) => app.inject({ ...opts, headers: { authorization: `Bearer ${manager}` } });

beforeAll(async () => {
  db = openDb(':memory:');
  const now = new Date('2026-12-01T09:00:00Z');
  app = await buildApp({ db, solve: { maxMoves: 1000 }, now: () => now });
  manager = createToken(db, { role: 'manager', name: 'Mo Manager' }, now).token;
  expect((await call({ method: 'POST', url: '/services/import', payload: goodFile() })).statusCode).toBe(200);
});
afterAll(async () => {
  await app.close();
  closeDb(db);
});

describe('the API refuses a malformed field by name and keeps what is stored', () => {
  it('a re-import with one bad field changes nothing', async () => {
    const before = (await call({ method: 'GET', url: `/services/${SERVICE}/file` })).json();
    for (const [what, spoil, path] of CASES) {
      const f = goodFile();
      f.staff[0].name = 'Asha Renamed'; // a good change in the same file must not be stored either
      spoil(f);
      const res = await call({ method: 'POST', url: '/services/import', payload: f });
      expect(res.statusCode, what).toBe(400);
      expect(JSON.stringify(res.json()), what).toContain(JSON.stringify(path).slice(1, -1));
    }
    expect((await call({ method: 'GET', url: `/services/${SERVICE}/file` })).json()).toEqual(before);
  });

  it('an edit of one staff member with a bad date is refused and the record stays', async () => {
    const url = `/services/${SERVICE}/staff/asha`;
    const before = (await call({ method: 'GET', url })).json();
    const { id: _id, ...body } = { ...before, name: 'Asha Renamed', skills: [{ skillId: 'amhp', validUntil: '2027-13-01' }] };
    const res = await call({ method: 'PUT', url, payload: body });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toMatch(/skills\[0\]\.validUntil/);
    expect((await call({ method: 'GET', url })).json()).toEqual(before);
  });

  it('a leave ending before it starts is refused and the leave list stays', async () => {
    const url = `/services/${SERVICE}/staff/asha/leave`;
    const before = (await call({ method: 'GET', url })).json();
    const res = await call({ method: 'POST', url, payload: { kind: 'leave', from: '2027-01-08', to: '2027-01-04' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toMatch(/\bto\b/);
    expect((await call({ method: 'GET', url })).json()).toEqual(before);
  });

  it('a week that does not start on a Monday, or a date that does not exist, is refused naming weekStart', async () => {
    for (const weekStart of ['2026-12-06', '2026-02-30']) {
      const res = await call({ method: 'POST', url: '/rotas', payload: { serviceId: SERVICE, weekStart } });
      expect(res.statusCode, weekStart).toBe(400);
      expect(JSON.stringify(res.json()), weekStart).toMatch(/weekStart/);
    }
  });
});
