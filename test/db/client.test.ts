import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseUrlFromEnv, dbPathFromEnv, openDb } from '../../src/db/client.ts';

const pg = databaseUrlFromEnv() !== undefined;

describe('opening the database', () => {
  it.skipIf(pg)('a file database runs in WAL mode with foreign keys, and reopening applies no migration twice', () => {
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

  it.runIf(pg)('on PostgreSQL a path names its own database, and reopening applies no migration twice', () => {
    const path = join(tmpdir(), `rota-db-${process.pid}-${Date.now()}`, 'rota.db');
    const count = (db: ReturnType<typeof openDb>) => Number((db.$client.prepare('select count(*) as n from drizzle.__drizzle_migrations').get() as { n: number }).n);
    const db = openDb(path);
    const applied = count(db);
    expect(applied).toBeGreaterThan(0);
    db.$client.prepare("insert into services (id, name, time_zone, created_at, updated_at) values ('kept', 'Kept', 'Europe/London', 'x', 'x')").run();
    db.$client.close();
    const again = openDb(path);
    expect(count(again)).toBe(applied);
    expect(again.$client.prepare("select name from services where id = 'kept'").get()).toEqual({ name: 'Kept' });
    // ':memory:' is a fresh private database every time.
    const fresh = openDb(':memory:');
    expect(fresh.$client.prepare("select count(*) as n from services").get()).toEqual({ n: 0 });
    fresh.$client.close();
    again.$client.close();
  });

  it('ROTA_DB chooses the file, data/rota.db otherwise', () => {
    expect(dbPathFromEnv({ ROTA_DB: ':memory:' })).toBe(':memory:');
    expect(dbPathFromEnv({})).toBe('data/rota.db');
    expect(dbPathFromEnv({ ROTA_DB: ' ' })).toBe('data/rota.db');
  });
});
