// Compiled problems for offers, cached. Compiling a week takes milliseconds, too slow to do on
// every accept, so the cache key is a fingerprint of the stored rows the compiler reads (taken with
// prepared statements, microseconds): any change to the service, its rules, sites, templates or the
// staff member's own rows gives a new key, whichever code path made it, so a hit is never stale.
// Ranking needs the whole week; an accept needs only the accepting worker, whose data the compiler
// treats on its own, so an accept reads and compiles just that worker.
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { compact } from '../db/repositories/canonical.ts';
import { loadServiceFile, loadSites, loadStaff, loadTemplates } from '../db/repositories/service-file-repo.ts';
import { ruleSettings, services, skills } from '../db/schema/index.ts';
import { compileProblem, type CompiledProblem } from '../service-file/compile.ts';
import type { RuleSettings, ServiceFile } from '../service-file/types.ts';

// Room for a few hundred workers' weeks (each entry holds one week's sessions and one worker).
const MAX_ENTRIES = 512;
const cache = new Map<string, CompiledProblem>();

/** Tables the compiler's input comes from: per service, and per staff member. */
const SERVICE_TABLES = ['services:id', 'rule_settings', 'sites', 'site_travel', 'templates', 'template_demand', 'skills'];
const STAFF_TABLES = ['staff:id', 'qualifications', 'availability_windows', 'availability_exceptions', 'absences'];

interface Statements {
  service: BetterSqlite3.Statement[];
  staffOne: BetterSqlite3.Statement[];
  staffAll: BetterSqlite3.Statement[];
}
const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function statements(sqlite: BetterSqlite3.Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    const split = (t: string) => {
      const [table, key] = t.split(':');
      return { table, key };
    };
    const service = SERVICE_TABLES.map(split).map(({ table, key }) =>
      sqlite.prepare(`SELECT * FROM ${table} WHERE ${key ?? 'service_id'} = ? ORDER BY rowid`).raw(true),
    );
    const staffOne = STAFF_TABLES.map(split).map(({ table, key }) =>
      sqlite.prepare(`SELECT * FROM ${table} WHERE service_id = ? AND ${key ?? 'staff_id'} = ? ORDER BY rowid`).raw(true),
    );
    const staffAll = STAFF_TABLES.map(split).map(({ table }) => sqlite.prepare(`SELECT * FROM ${table} WHERE service_id = ? ORDER BY rowid`).raw(true));
    s = { service, staffOne, staffAll };
    prepared.set(sqlite, s);
  }
  return s;
}

type AnyDb = Pick<Db, 'select'> & { $client?: BetterSqlite3.Database };

function fingerprint(sqlite: BetterSqlite3.Database, weekStart: string, days: number, serviceId: string, staffId: string | null): string {
  const s = statements(sqlite);
  const h = createHash('sha256').update(`${weekStart}\u0000${days}\u0000${serviceId}\u0000${staffId ?? '*'}`);
  for (const st of s.service) h.update(JSON.stringify(st.all(serviceId)));
  if (staffId === null) for (const st of s.staffAll) h.update(JSON.stringify(st.all(serviceId)));
  else for (const st of s.staffOne) h.update(JSON.stringify(st.all(serviceId, staffId)));
  return h.digest('hex');
}

function cached(key: string, build: () => CompiledProblem): CompiledProblem {
  const hit = cache.get(key);
  if (hit) {
    // Refresh recency: a Map keeps insertion order, so the least recently used entry is first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = build();
  cache.set(key, compiled);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/**
 * The whole week (or `days` from `weekStart`, for a series over several weeks): every staff member
 * and session. `sqlite` is the connection under `db`.
 */
export function rotaWeekProblem(db: AnyDb, sqlite: BetterSqlite3.Database, serviceId: string, weekStart: string, days = 7): CompiledProblem {
  return cached(fingerprint(sqlite, weekStart, days, serviceId, null), () => {
    const file = loadServiceFile(db as Db, serviceId);
    if (!file) throw new Error(`serviceId: no service "${serviceId}"`);
    return compileProblem(file, { weekStart, days });
  });
}

/** The week (or `days`) as one worker sees it: every session, and only this staff member. */
export function workerWeekProblem(
  db: AnyDb,
  sqlite: BetterSqlite3.Database,
  serviceId: string,
  weekStart: string,
  staffId: string,
  days = 7,
): CompiledProblem {
  return cached(fingerprint(sqlite, weekStart, days, serviceId, staffId), () => {
    const d = db as Db;
    const svc = d.select({ id: services.id, name: services.name, timeZone: services.timeZone }).from(services).where(eq(services.id, serviceId)).get();
    if (!svc) throw new Error(`serviceId: no service "${serviceId}"`);
    const member = loadStaff(d, serviceId, staffId);
    if (member.length !== 1) throw new Error(`staffId: no staff member "${staffId}" in service "${serviceId}"`);
    const rules = d.select().from(ruleSettings).where(eq(ruleSettings.serviceId, serviceId)).get();
    const file: ServiceFile = {
      formatVersion: 1,
      organisation: { id: svc.id, name: svc.name },
      ...(svc.timeZone ? { timeZone: svc.timeZone } : {}),
      sites: loadSites(d, serviceId),
      roles: [],
      // The skills' names: a refusal says "Full driving licence expired", not the skill's id.
      skills: d.select({ id: skills.id, name: skills.name }).from(skills).where(eq(skills.serviceId, serviceId)).all(),
      staff: member,
      templates: loadTemplates(d, serviceId),
      ...(rules ? { rules: ruleSettingsOf(rules) } : {}),
    };
    return compileProblem(file, { weekStart, days });
  });
}

function ruleSettingsOf(row: typeof ruleSettings.$inferSelect): RuleSettings {
  const { serviceId: _serviceId, ...rest } = row;
  return compact(rest) as RuleSettings;
}
