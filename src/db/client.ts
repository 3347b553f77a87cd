// Opening the database: better-sqlite3 with WAL and foreign keys (or, with DATABASE_URL, PostgreSQL
// through a synchronous client with the same interface: see README.md), drizzle on top, migrations applied.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectFile } from '../paths.ts';
import * as schema from './schema/index.ts';
import { dropDatabase, migratePg, pgDatabaseExists, pgTarget, redactUrl } from './pg/open.ts';
import { PgSyncClient } from './pg/sync-client.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DB_PATH = 'data/rota.db';
export const MIGRATIONS_FOLDER = fileURLToPath(projectFile('drizzle'));
export const PG_MIGRATIONS_FOLDER = fileURLToPath(projectFile('drizzle-pg'));

export type Dialect = 'sqlite' | 'postgres';

/** DATABASE_URL when it names PostgreSQL (postgres:// or postgresql://), else undefined: SQLite. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error(`DATABASE_URL: must be a postgres:// URL (got "${redactUrl(url)}"); unset it to use SQLite`);
  return url;
}

/** Which database a connection speaks to. */
export function dialectOf(db: object): Dialect {
  return clientOf(db) instanceof PgSyncClient ? 'postgres' : 'sqlite';
}

/** The connection under a database or a transaction (a transaction has no $client; its session does). */
function clientOf(db: object): unknown {
  const d = db as { $client?: unknown; session?: { client?: unknown } };
  return d.$client ?? d.session?.client;
}

/** Where the database is, for start-up lines: the file, or the URL without its password. */
export function describeDb(db: Pick<Db, '$client'>, path: string): string {
  return dialectOf(db) === 'postgres' ? redactUrl((db.$client as unknown as PgSyncClient).url) : path;
}

/** The database path from ROTA_DB, else data/rota.db. */
export function dbPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROTA_DB && env.ROTA_DB.trim() !== '' ? env.ROTA_DB : DEFAULT_DB_PATH;
}

/** Opens (creating if needed) and migrates the database; ':memory:' gives a fresh private one. */
export function openDb(path: string = dbPathFromEnv()): Db {
  const url = databaseUrlFromEnv();
  if (url) return openPg(url, path);
  if (path === ':memory:') return sqliteDb(new Database(migratedImage()));
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the API read while a solve's results are being written; in-memory databases ignore it.
  sqlite.pragma('journal_mode = WAL');
  const db = sqliteDb(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

function sqliteDb(sqlite: Database.Database): Db {
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  immediateTransactions(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

let memoryImage: Buffer | undefined;
/**
 * A freshly migrated empty database, serialized: every ':memory:' database of the process starts as
 * a copy of it (a fresh private one, as before) instead of running the migrations again (about
 * 0.1 s each; the tests open hundreds). The migrations folder cannot change under a running process.
 */
function migratedImage(): Buffer {
  if (!memoryImage) {
    const sqlite = new Database(':memory:');
    const db = sqliteDb(sqlite);
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    memoryImage = sqlite.serialize();
    sqlite.close();
  }
  return memoryImage;
}

/** Whether the database `openDb(path)` would open exists already (the CLI will not make an empty one). */
export function databaseExists(path: string = dbPathFromEnv()): boolean {
  const url = databaseUrlFromEnv();
  if (url) return pgDatabaseExists(url, path, dbPathFromEnv({ ...process.env, ROTA_DB: undefined }));
  return path !== ':memory:' && existsSync(path);
}

function openPg(url: string, path: string): Db {
  const target = pgTarget(url, path, dbPathFromEnv({ ...process.env, ROTA_DB: undefined }), PG_MIGRATIONS_FOLDER);
  const client = new PgSyncClient(target.url);
  if (target.temporary) {
    // A ':memory:' database vanishes with its connection, as on SQLite.
    const close = client.close.bind(client);
    client.close = () => {
      if (!client.open) return;
      close();
      dropDatabase(url, target.url);
    };
  }
  migratePg(client, PG_MIGRATIONS_FOLDER);
  return drizzle(client as unknown as Database.Database, { schema }) as Db;
}

/**
 * Every transaction takes the write lock at BEGIN (IMMEDIATE), as on PostgreSQL (pg/sync-client.ts):
 * with several processes on one file, a transaction that reads and then writes would otherwise fail
 * at once with SQLITE_BUSY when another process wrote in between (busy_timeout cannot wait that out).
 */
function immediateTransactions(sqlite: Database.Database): void {
  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const t = transaction(fn);
    const immediate = t.immediate;
    return Object.assign((...args: unknown[]) => immediate(...args), { default: immediate, deferred: immediate, immediate, exclusive: t.exclusive });
  }) as typeof sqlite.transaction;
}

export function closeDb(db: Db): void {
  db.$client.close();
}
