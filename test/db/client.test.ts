import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbPathFromEnv, openDb } from '../../src/db/client.ts';

describe('opening the database', () => {
  it('a file database runs in WAL mode with foreign keys, and reopening applies no migration twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-db-'));
    try {
      const path = join(dir, 'nested', 'rota.db');
      const db = openDb(path);
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
      const applied = (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
      expect(applied).toBeGreaterThan(0);
      db.$client.close();
      const again = openDb(path);
      expect((again.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(applied);
      again.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ROTA_DB chooses the file, data/rota.db otherwise', () => {
    expect(dbPathFromEnv({ ROTA_DB: ':memory:' })).toBe(':memory:');
    expect(dbPathFromEnv({})).toBe('data/rota.db');
    expect(dbPathFromEnv({ ROTA_DB: ' ' })).toBe('data/rota.db');
  });
});
