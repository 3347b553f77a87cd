// First start: an empty database gets the example services from fixtures/.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/client.ts';
import { readJsonFile } from '../json-text.ts';
import { listServices } from '../db/repositories/service-file-repo.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError } from './errors.ts';
import { ServiceDataService } from './service-data.ts';
import { createToken, hasActiveManagerToken } from './tokens.ts';

/** The example services (the generated large organisation is for benchmarks, not for a first look). */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('large-'))
    .sort()
    .map((f) => join(dir, f));
}

export interface FixtureLoad {
  loaded: string[];
  /** Files that could not be imported, with why; the server starts without them. */
  skipped: { file: string; reason: string }[];
}

export function loadFixturesIfEmpty(db: Db, dir: string, now: () => Date = () => new Date()): FixtureLoad {
  const result: FixtureLoad = { loaded: [], skipped: [] };
  if (listServices(db).length > 0) return result;
  const data = new ServiceDataService(db, now);
  for (const path of fixtureFiles(dir)) {
    try {
      result.loaded.push(data.importFile(SYSTEM_ACTOR, readJsonFile(path)).serviceId);
    } catch (error) {
      const detail =
        error instanceof BadRequestError ? error.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ') : (error as Error).message;
      result.skipped.push({ file: basename(path), reason: detail });
    }
  }
  return result;
}

/**
 * A manager token for a database nobody can manage yet (none live: first start, or every manager
 * token expired or revoked). Returns null, minting nothing, when a manager can already get in.
 */
export function mintFirstManagerToken(
  db: Db,
  options: { name: string; days: number; now?: Date },
): { id: number; token: string; expiresAt: string } | null {
  const now = options.now ?? new Date();
  // IMMEDIATE: two servers starting on one file cannot both find no manager and both mint.
  return db.transaction((tx) => {
    const txDb = tx as unknown as Db;
    if (hasActiveManagerToken(txDb, now)) return null;
    const created = createToken(txDb, { role: 'manager', name: options.name, label: 'printed at start-up', expiresInDays: options.days }, now, SYSTEM_ACTOR);
    recordAudit(tx, now, {
      actor: SYSTEM_ACTOR,
      action: 'token.create',
      entity: 'token',
      entityId: String(created.id),
      details: { role: 'manager', name: options.name, via: 'start-up: no live manager token', expiresAt: created.expiresAt },
    });
    return { id: created.id, token: created.token, expiresAt: created.expiresAt };
  }, { behavior: 'immediate' });
}
