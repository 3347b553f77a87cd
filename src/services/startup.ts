// First start: an empty database gets the example services from fixtures/.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/client.ts';
import { readJsonFile } from '../json-text.ts';
import { listServices } from '../db/repositories/service-file-repo.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { BadRequestError } from './errors.ts';
import { ServiceDataService } from './service-data.ts';

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
