// Every service file in fixtures/ survives import then export unchanged, and re-imports as unchanged.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { canonicalJson } from '../../src/db/repositories/canonical.ts';
import { loadServiceFile, upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';

const dir = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** The database keeps no difference between an empty optional list and none: drop the empty ones. */
function dropEmptyOptionals(file: ServiceFile): ServiceFile {
  const out = structuredClone(file);
  for (const m of out.staff) {
    if (m.skills?.length === 0) delete m.skills;
    if (m.absences?.length === 0) delete m.absences;
    if (m.availability?.exceptions?.length === 0) delete m.availability.exceptions;
  }
  for (const site of out.sites) if (site.travelMinutes && Object.keys(site.travelMinutes).length === 0) delete site.travelMinutes;
  return out;
}

describe('fixtures round-trip through the database', () => {
  it.each(files)('%s', (name) => {
    const file = JSON.parse(readFileSync(`${dir}${name}`, 'utf8')) as ServiceFile;
    const db = openDb(':memory:');
    db.transaction((tx) => upsertServiceFile(tx, file, '2026-11-23T00:00:00Z'));
    const back = loadServiceFile(db, file.organisation.id)!;
    const { $schema: _s, ...rest } = file as ServiceFile & { $schema?: string };
    expect(canonicalJson(back)).toBe(canonicalJson(dropEmptyOptionals(rest as ServiceFile)));
    const again = db.transaction((tx) => upsertServiceFile(tx, file, '2026-11-23T00:00:00Z'));
    for (const counts of Object.values(again)) expect(counts.created + counts.updated).toBe(0);
  });
});
