// Compiled problems for offers, cached. Compiling a week takes milliseconds, too slow to do on
// every accept, so the cache key is a fingerprint of the stored rows the compiler reads (taken with
// prepared statements, microseconds): any change to the service, its rules, sites, templates or the
// staff member's own rows gives a new key, whichever code path made it, so a hit is never stale.
// Ranking needs the whole week; an accept needs only the accepting worker, whose data the compiler
// treats on its own, so an accept reads and compiles just that worker.
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { compilerInputRows } from '../db/repositories/compiler-input-repo.ts';
import { ruleSettingsOf as storedRules, serviceHeader, skillNamesOf } from '../db/repositories/lookup-repo.ts';
import { compact } from '../db/repositories/canonical.ts';
import { loadServiceFile, loadSites, loadStaff, loadTemplates } from '../db/repositories/service-file-repo.ts';
import type { ruleSettings } from '../db/schema/index.ts';
import { compileProblem, type CompiledProblem } from '../service-file/compile.ts';
import type { RuleSettings, ServiceFile } from '../service-file/types.ts';

// Room for a few hundred workers' weeks (each entry holds one week's sessions and one worker).
const MAX_ENTRIES = 512;
const cache = new Map<string, CompiledProblem>();

type AnyDb = Pick<Db, 'select'> & { $client?: BetterSqlite3.Database };

function fingerprint(sqlite: BetterSqlite3.Database, weekStart: string, days: number, serviceId: string, staffId: string | null): string {
  const h = createHash('sha256').update(`${weekStart}\u0000${days}\u0000${serviceId}\u0000${staffId ?? '*'}`);
  for (const rows of compilerInputRows(sqlite, serviceId, staffId)) h.update(JSON.stringify(rows));
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
    const svc = serviceHeader(d, serviceId);
    if (!svc) throw new Error(`serviceId: no service "${serviceId}"`);
    const member = loadStaff(d, serviceId, staffId);
    if (member.length !== 1) throw new Error(`staffId: no staff member "${staffId}" in service "${serviceId}"`);
    const rules = storedRules(d, serviceId);
    const file: ServiceFile = {
      formatVersion: 1,
      organisation: { id: svc.id, name: svc.name },
      ...(svc.timeZone ? { timeZone: svc.timeZone } : {}),
      sites: loadSites(d, serviceId),
      roles: [],
      // The skills' names: a refusal says "Full driving licence expired", not the skill's id.
      skills: skillNamesOf(d, serviceId),
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
