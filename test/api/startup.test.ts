// First start loads the example services once; a later start leaves the database alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.ts';
import { listServices } from '../../src/db/repositories/service-file-repo.ts';
import { fixtureFiles, loadFixturesIfEmpty } from '../../src/services/startup.ts';
import { sampleService } from './helpers/sample-service.ts';

describe('loading fixtures on first start', () => {
  it('loads every valid file once, reports invalid ones, and does nothing when services exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-fixtures-'));
    try {
      writeFileSync(join(dir, 'a.json'), JSON.stringify(sampleService('svc-a')));
      writeFileSync(join(dir, 'b.json'), JSON.stringify(sampleService('svc-b')));
      writeFileSync(join(dir, 'broken.json'), JSON.stringify({ formatVersion: 1 }));
      writeFileSync(join(dir, 'large-organisation.json'), JSON.stringify(sampleService('svc-large')));
      const db = openDb(':memory:');
      const first = loadFixturesIfEmpty(db, dir);
      expect(first.loaded).toEqual(['svc-a', 'svc-b']);
      expect(first.skipped).toEqual([{ file: 'broken.json', reason: expect.stringContaining('organisation') }]);
      expect(listServices(db).map((s) => s.id)).toEqual(['svc-a', 'svc-b']);
      expect(loadFixturesIfEmpty(db, dir)).toEqual({ loaded: [], skipped: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the repository's example services all import", () => {
    const dir = fileURLToPath(new URL('../../fixtures/', import.meta.url));
    const db = openDb(':memory:');
    const result = loadFixturesIfEmpty(db, dir);
    expect(result.skipped).toEqual([]);
    expect(result.loaded).toHaveLength(fixtureFiles(dir).length);
    expect(result.loaded.length).toBeGreaterThanOrEqual(5);
  });
});
