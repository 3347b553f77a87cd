// Opening the database: better-sqlite3 with WAL and foreign keys, drizzle on top, migrations applied.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectFile } from '../paths.ts';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DB_PATH = 'data/rota.db';
export const MIGRATIONS_FOLDER = fileURLToPath(projectFile('drizzle'));

/** The database path from ROTA_DB, else data/rota.db. */
export function dbPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROTA_DB && env.ROTA_DB.trim() !== '' ? env.ROTA_DB : DEFAULT_DB_PATH;
}

/** Opens (creating if needed) and migrates the database; ':memory:' gives a fresh private one. */
export function openDb(path: string = dbPathFromEnv()): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the API read while a solve's results are being written; in-memory databases ignore it.
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

export function closeDb(db: Db): void {
  db.$client.close();
}
