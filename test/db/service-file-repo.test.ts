import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { canonicalJson } from '../../src/db/repositories/canonical.ts';
import { loadServiceFile, putStaff, upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { sampleService } from '../api/helpers/sample-service.ts';

const NOW = '2026-11-23T03:00:00.000Z';

describe('service file storage', () => {
  it('reads back exactly the file it stored (absence ids derived only inside the database)', () => {
    const db = openDb(':memory:');
    const file = sampleService();
    db.transaction((tx) => upsertServiceFile(tx, file, NOW));
    expect(canonicalJson(loadServiceFile(db, file.organisation.id))).toBe(canonicalJson(file));
  });

  it('re-importing the same file changes nothing; a changed member counts as updated', () => {
    const db = openDb(':memory:');
    const file = sampleService();
    const first = db.transaction((tx) => upsertServiceFile(tx, file, NOW));
    expect(first.staff).toEqual({ created: 5, updated: 0, unchanged: 0 });
    expect(first.templates.created).toBe(1);
    const again = db.transaction((tx) => upsertServiceFile(tx, file, NOW));
    for (const counts of Object.values(again)) {
      expect(counts.created + counts.updated).toBe(0);
    }
    expect(again.staff.unchanged).toBe(5);

    const changed = sampleService();
    changed.staff[2] = { ...changed.staff[2], name: 'Cat Renamed' };
    changed.staff.push({ id: 'fay', name: 'Fay', kind: 'bank', roles: ['support'], costPencePerHour: 1200 });
    const third = db.transaction((tx) => upsertServiceFile(tx, changed, NOW));
    expect(third.staff).toEqual({ created: 1, updated: 1, unchanged: 4 });
    expect(canonicalJson(loadServiceFile(db, changed.organisation.id))).toBe(canonicalJson(changed));
  });

  it('replacing a staff member rewrites their qualifications and keeps their place in the order', () => {
    const db = openDb(':memory:');
    const file = sampleService();
    upsertServiceFile(db, file, NOW);
    const bob = { ...file.staff[1], skills: [{ skillId: 'driving', validUntil: '2027-01-01' }] };
    expect(putStaff(db, file.organisation.id, bob)).toBe('updated');
    const loaded = loadServiceFile(db, file.organisation.id)!;
    expect(loaded.staff.map((s) => s.id)).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
    expect(loaded.staff[1].skills).toEqual([{ skillId: 'driving', validUntil: '2027-01-01' }]);
    expect(putStaff(db, file.organisation.id, bob)).toBe('unchanged');
  });

  it('has foreign keys on: a qualification cannot point at a missing staff member', () => {
    const db = openDb(':memory:');
    upsertServiceFile(db, sampleService(), NOW);
    expect(() =>
      db.$client
        .prepare("insert into qualifications (service_id, staff_id, position, skill_id) values ('test-sanctuary', 'nobody', 0, 'x')")
        .run(),
    ).toThrow(/FOREIGN KEY|foreign key/);
  });
});
