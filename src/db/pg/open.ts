// Opening PostgreSQL: which database (the URL's, a fresh private one for ':memory:', or one named
// after a file path), created from a migrated template when missing, then migrated.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgSyncClient } from './sync-client.ts';

const MIGRATION_LOCK_KEY = 7_406_153_202;

/** The URL with another database name (the path part), keeping the socket and options. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** The URL without its password, for logs and start-up lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Applies drizzle-pg/ migrations not yet applied, under a lock so two processes starting together do not both. */
export function migratePg(client: PgSyncClient, folder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  client.transaction(() => {
    client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
    client.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
    const last = client.query('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1').rows[0] as { created_at: number } | undefined;
    for (const m of migrations) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const statement of m.sql) if (statement.trim() !== '') client.query(statement);
      client.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [m.hash, m.folderMillis]);
    }
  })();
}

function migrationsHash(folder: string): string {
  const journal = readFileSync(join(folder, 'meta', '_journal.json'), 'utf8');
  const h = createHash('sha256').update(journal);
  for (const m of readMigrationFiles({ migrationsFolder: folder })) h.update(m.hash);
  return h.digest('hex').slice(0, 12);
}

let admin: PgSyncClient | undefined;
let adminUrl: string | undefined;
/** One connection per process to the URL's own database, for CREATE/DROP DATABASE. */
function adminClient(url: string): PgSyncClient {
  if (!admin || adminUrl !== url || !admin.open) {
    admin = new PgSyncClient(url, 'rota admin');
    adminUrl = url;
  }
  return admin;
}

function exists(client: PgSyncClient, name: string): boolean {
  return client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]).rows.length > 0;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The template database for a migrations folder: a new migration makes a new template. */
export function templateName(folder: string): string {
  return `rota_template_${migrationsHash(folder)}`;
}

/**
 * Migrates a new template under a name of its own and renames it once migrated: a process that checks
 * for the template without the lock sees it only complete and with nobody connected, so copying it
 * never meets a half-migrated database or the migrating connection (55006).
 */
function buildTemplate(url: string, template: string, folder: string): void {
  const building = `${template}_${process.pid}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE cannot run in a transaction: a connection of its own makes it.
  const maker = new PgSyncClient(url, 'rota template');
  try {
    maker.query(`CREATE DATABASE ${quoteIdent(building)}`);
    const t = new PgSyncClient(withDatabase(url, building), 'rota template');
    try {
      migratePg(t, folder);
    } finally {
      t.close();
    }
    maker.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template)}`);
  } finally {
    maker.close();
  }
}

/** A database copied from the migrated template (built once per set of migrations). */
function createFromTemplate(url: string, name: string, folder: string): void {
  const a = adminClient(url);
  const template = templateName(folder);
  if (!exists(a, template)) {
    // A session lock, not a transaction: the client's transactions also take the URL's database
    // write lock (sync-client.ts), which would stop every writer of that database - the
    // application's own, when it is the URL's - for as long as the migrations run.
    try {
      // Inside the try: a lock call that times out still takes the lock later on this connection,
      // and the unlock queued behind it then gives it back.
      a.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      if (!exists(a, template)) buildTemplate(url, template, folder);
    } finally {
      a.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  }
  try {
    a.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} STRATEGY FILE_COPY`);
  } catch (error) {
    // Another process made it first (a path shared with a child process).
    if ((error as { code?: string }).code !== '42P04') throw error;
  }
}

export interface PgTarget {
  readonly url: string;
  /** Dropped when its connection closes (a ':memory:' database). */
  readonly temporary: boolean;
}

export function nameForPath(path: string): string {
  return `rota_file_${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 16)}`;
}

/** Whether `openDb(path)` would find a database that exists already (it never creates one here). */
export function pgDatabaseExists(url: string, path: string, defaultPath: string): boolean {
  if (path === defaultPath) return true; // the URL's own database: connecting says whether it exists
  if (path === ':memory:') return false;
  return exists(adminClient(url), nameForPath(path));
}

/** Which database `openDb(path)` means with DATABASE_URL set (see ../README.md). */
export function pgTarget(url: string, path: string, defaultPath: string, folder: string): PgTarget {
  if (path === defaultPath) return { url, temporary: false };
  const name =
    path === ':memory:'
      ? `rota_tmp_${process.pid}_${randomBytes(4).toString('hex')}`
      : nameForPath(path);
  const a = adminClient(url);
  if (!exists(a, name)) createFromTemplate(url, name, folder);
  return { url: withDatabase(url, name), temporary: path === ':memory:' };
}

/** Drops a temporary database once its connection has closed. */
export function dropDatabase(url: string, targetUrl: string): void {
  const name = databaseName(targetUrl);
  adminClient(url).query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
}
