// A small service for the self-service tests, written apart from the code under test: the sample
// sanctuary (evening drop-ins Tue-Fri 17:30-00:30 at the Hub, a lead and a support role) plus a
// morning outreach on Wednesdays (09:00-13:00: too little rest after Tuesday's drop-in), an annex
// group on Thursdays ending 17:20 (20 minutes' travel to the Hub), Fay whose safeguarding ends on
// Wed 9 Dec, and a legal weekly cap of 21 hours (three drop-ins). Rotas are stored published as written here (no
// solve), so each test knows exactly who holds what; the clock is fixed before the week.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import * as rotaRepo from '../../src/db/repositories/rota-repo.ts';
import { outbox } from '../../src/db/schema/index.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { storedSlots } from '../../src/services/rota-views.ts';
import { createToken } from '../../src/services/tokens.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

export const SERVICE = 'test-sanctuary';
export const WEEK = '2026-12-07';
/** Tuesday 1 December 2026, 09:00 UTC: before every session of the week. */
export const NOW = Date.UTC(2026, 11, 1, 9);

export function selfServiceFile(): ServiceFile {
  const file = sampleService(SERVICE);
  file.templates.push(
    {
      id: 'outreach',
      name: 'Morning outreach',
      kind: 'outreach',
      siteId: 'hub',
      startTime: '09:00',
      endTime: '13:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1, skills: ['safeguarding'] }],
    },
    {
      id: 'annex-group',
      name: 'Annex group',
      kind: 'group',
      siteId: 'annex',
      startTime: '14:00',
      endTime: '17:20',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      demand: [{ roleId: 'support', min: 0, preferred: 1, max: 1 }],
    },
  );
  file.staff.push({
    id: 'fay',
    name: 'Fay Support',
    kind: 'contracted',
    contractMinutesPerWeek: 1680,
    roles: ['support'],
    skills: [{ skillId: 'safeguarding', validUntil: '2026-12-09' }],
    costPencePerHour: 1300,
  });
  file.rules = { ...file.rules, maxMinutesPerWeek: 1260 };
  return file;
}

/** 'manager', or a staff id (each staff member of the file has a worker token). */
export type Role = string;

export interface SelfApp {
  app: FastifyInstance;
  db: Db;
  clock: { ms: number };
  tokens: ReadonlyMap<Role, string>;
  call(who: Role, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Stores a published rota of the week holding exactly these places: [session, role, staff]. */
  publishedRota(places: [string, string, string][], weekStart?: string): Promise<{ rotaId: string; ids: Map<string, number> }>;
}

/** The app on a fresh database holding `file`; the clock starts at `nowMs`. */
export async function selfApp(file: ServiceFile = selfServiceFile(), nowMs = NOW): Promise<SelfApp> {
  const service = file.organisation.id;
  const db = openDb(':memory:');
  upsertServiceFile(db, file, new Date(nowMs).toISOString());
  const clock = { ms: nowMs };
  const app = await buildApp({ db, solve: { maxMoves: 2000 }, now: () => new Date(clock.ms) });
  const tokens = new Map<Role, string>([['manager', createToken(db, { role: 'manager' }, new Date(nowMs)).token]]);
  for (const m of file.staff) tokens.set(m.id, createToken(db, { role: 'worker', staffId: m.id, serviceId: service }, new Date(nowMs)).token);
  const call: SelfApp['call'] = (who, options) => {
    const token = tokens.get(who);
    if (!token) throw new Error(`no token for ${who}`);
    return app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } });
  };
  let n = 0;
  const publishedRota: SelfApp['publishedRota'] = async (places, weekStart = WEEK) => {
    const rotaId = `rota-${++n}`;
    const compiled = app.ctx.rotas.compileFor(service, weekStart);
    const at = new Date(clock.ms).toISOString();
    const slots = storedSlots(compiled);
    rotaRepo.insertRota(db, { id: rotaId, serviceId: service, weekStart, status: 'done', slots, createdAt: at, createdBy: 'test', updatedAt: at, publishedAt: at, publishedBy: 'test' });
    const ids = new Map<string, number>();
    for (const [slotId, roleId, staffId] of places) {
      const slot = slots.find((s) => s.id === slotId);
      if (!slot) throw new Error(`no session ${slotId}`);
      const row = rotaRepo.insertAssignment(db, {
        rotaId,
        serviceId: service,
        slotId,
        roleId,
        staffId,
        startMin: slot.startMin,
        endMin: slot.endMin,
        workMinutes: slot.workMinutes,
        pinned: true,
        source: 'manual',
        published: true,
        proposed: false,
        overridden: false,
        note: null,
        updatedAt: at,
        updatedBy: 'test',
      });
      ids.set(`${slotId} ${staffId}`, row.id);
    }
    return { rotaId, ids };
  };
  return { app, db, clock, tokens, call, publishedRota };
}

/** The week's places: lead and support each evening (Bob is on leave Mon-Wed). */
export const WEEK_PLACES: [string, string, string][] = [
  ['drop-in@2026-12-08', 'lead', 'ann'],
  ['drop-in@2026-12-08', 'support', 'cat'],
  ['drop-in@2026-12-09', 'lead', 'ann'],
  ['drop-in@2026-12-09', 'support', 'eve'],
  ['drop-in@2026-12-10', 'lead', 'bob'],
  ['drop-in@2026-12-10', 'support', 'cat'],
  ['drop-in@2026-12-11', 'lead', 'bob'],
  ['drop-in@2026-12-11', 'support', 'eve'],
];

/** Who was told what through the outbox: "<kind> <staff id, or managers>", in order. */
export function told(db: Db): string[] {
  return db
    .select()
    .from(outbox)
    .orderBy(outbox.id)
    .all()
    .map((m) => `${m.kind} ${m.staffId ?? 'managers'}`);
}
