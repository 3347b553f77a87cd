// Each database a test or a new file path gets on PostgreSQL is copied from a template migrated once
// (src/db/pg/open.ts). Two processes that need one at the same moment, while the template is still
// being migrated, must both get their database: the second must never copy a half-migrated template
// or one the migrating connection still holds (CREATE DATABASE ... TEMPLATE then fails with 55006);
// and building the template must not stop writers of the URL's own database meanwhile.
// Runs only with DATABASE_URL (.ci/run's PostgreSQL pass).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrlFromEnv } from '../../src/db/client.ts';
import { PgSyncClient } from '../../src/db/pg/sync-client.ts';
import { nameForPath, templateName } from '../../src/db/pg/open.ts';
import { projectFile } from '../../src/paths.ts';

const url = databaseUrlFromEnv();

/** The project's migrations plus one slow one, so the template stays mid-migration for a while. */
function slowMigrations(seconds: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rota-slow-migrations-'));
  cpSync(projectFile('drizzle-pg'), dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1];
  // A unique tag makes a template of its own (its name hashes the journal), never one another run made.
  const tag = `9999_slow_${process.pid}_${Date.now()}`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, `${tag}.sql`), `SELECT pg_sleep(${seconds});`);
  return dir;
}

function openIn(path: string, folder: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/db/support/open-target.ts', url!, path, folder], {
      cwd: projectFile('.'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', () => resolve(out.trim()));
  });
}

describe.skipIf(!url)('databases made from the template', () => {
  const made: string[] = [];
  let folder: string | undefined;
  afterAll(() => {
    const admin = new PgSyncClient(url!, 'rota template test');
    try {
      for (const name of made) admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      admin.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    }
  });

  it('two processes needing a database while the template is still migrating both get one; the URL database takes writes meanwhile', async () => {
    folder = slowMigrations(10);
    const template = templateName(folder);
    const stamp = `${process.pid}-${Date.now()}`;
    const paths = [`/tmp/rota-template-race-a-${stamp}.db`, `/tmp/rota-template-race-b-${stamp}.db`];
    made.push(...paths.map(nameForPath), template);
    const first = openIn(paths[0], folder);
    // The second starts as soon as the first has begun the template (under its own name or a
    // building name), so it arrives while the 10 s migration is still running.
    const watcher = new PgSyncClient(url!, 'rota template watcher');
    try {
      const deadline = Date.now() + 60_000;
      while (watcher.query('SELECT 1 FROM pg_database WHERE starts_with(datname, $1)', [template]).rows.length === 0) {
        if (Date.now() > deadline) throw new Error('the first process never began the template');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      watcher.close();
    }
    const second = openIn(paths[1], folder);
    // Meanwhile the URL's own database (the application's, when it is the URL's) takes writes: the
    // template is built under a lock of its own, not the database's write lock, so this transaction
    // commits while the migration is still running.
    const writer = new PgSyncClient(url!, 'rota template writer');
    try {
      writer.query('CREATE TEMP TABLE template_probe (n int)');
      writer.transaction(() => writer.query('INSERT INTO template_probe VALUES (1)'))();
      const named = writer.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]).rows.length;
      expect(named, 'the write waited for the whole migration').toBe(0);
    } finally {
      writer.close();
    }
    const answers = await Promise.all([first, second]);
    expect(answers).toEqual(['ok', 'ok']);
  }, 120_000);
});
