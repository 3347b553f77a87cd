// The PostgreSQL schema is the SQLite one, derived: every table has its twin in schema-pg.ts (what
// drizzle-kit reads), and drizzle-pg/ holds migrations up to date with the schema.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { is } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/db/schema-pg.ts';
import * as schema from '../../src/db/schema/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the PostgreSQL schema', () => {
  it('has every table of the schema, with the same columns, exported for drizzle-kit', () => {
    const sqlite = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable)).map(sqliteConfig);
    const pg = new Map((Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map(pgConfig).map((c) => [c.name, c]));
    expect(sqlite.length).toBeGreaterThan(30);
    for (const t of sqlite) {
      expect(pg.has(t.name), `table ${t.name} missing from the exports of src/db/schema-pg.ts`).toBe(true);
      expect(pg.get(t.name)!.columns.map((c) => c.name), t.name).toEqual(t.columns.map((c) => c.name));
    }
  });

  it('drizzle-pg/ is up to date: generating from the schema finds nothing to add', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-pg-migrations-'));
    try {
      cpSync(join(ROOT, 'drizzle-pg'), join(dir, 'out'), { recursive: true });
      const config = join(ROOT, `drizzle-pg-check-${process.pid}.config.ts`);
      writeFileSync(config, `export default { dialect: 'postgresql', schema: './src/db/schema-pg.ts', out: ${JSON.stringify(relative(ROOT, join(dir, 'out')))} };\n`);
      try {
        const before = readdirSync(join(dir, 'out')).length;
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config], { cwd: ROOT });
        expect(stdout + stderr).toMatch(/No schema changes/);
        expect(readdirSync(join(dir, 'out')).length).toBe(before);
      } finally {
        rmSync(config, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
