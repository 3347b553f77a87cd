// First start: an empty database gets the example services from fixtures/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/client.ts';
import { listServices } from '../db/repositories/service-file-repo.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { ServiceDataService } from './service-data.ts';

/** The example services (the generated large organisation is for benchmarks, not for a first look). */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('large-'))
    .sort()
    .map((f) => join(dir, f));
}

export function loadFixturesIfEmpty(db: Db, dir: string, now: () => Date = () => new Date()): string[] {
  if (listServices(db).length > 0) return [];
  const data = new ServiceDataService(db, now);
  return fixtureFiles(dir).map((path) => data.importFile(SYSTEM_ACTOR, JSON.parse(readFileSync(path, 'utf8'))).serviceId);
}
