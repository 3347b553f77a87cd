// The compiled build (`npm run build`, tsc to dist/) is what `npm start`, the CLI and the solve
// worker run: it builds, it runs without tsx, and resources (schemas, migrations, fixtures, bank
// holidays) are found from dist/ as from the sources.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

describe('the compiled build', () => {
  beforeAll(async () => {
    await run(process.execPath, [TSC, '-b', 'tsconfig.build.json'], { cwd: ROOT });
  }, 300_000);

  it('holds JavaScript that imports no TypeScript and no tsx', () => {
    const files = jsFiles(join(ROOT, 'dist'));
    expect(files.some((f) => f.endsWith('dist/src/server.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('dist/src/services/solve-worker.js'))).toBe(true);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code, f).not.toMatch(/(from|import\()\s*["'][^"']*\.ts["']/);
      expect(code, f).not.toMatch(/(from|import\()\s*["']tsx/);
    }
  });

  it('the CLI runs compiled: validate reads the schema, plan solves', async () => {
    const fixture = join(ROOT, 'fixtures/crisis-sanctuary.json');
    const validate = await run(process.execPath, [join(ROOT, 'bin/rota.mjs'), 'validate', fixture]);
    expect(validate.stdout).toContain('crisis-sanctuary.json: valid');
    const plan = await run(process.execPath, [join(ROOT, 'bin/rota.mjs'), 'plan', fixture, '--week', '2026-12-21', '--moves', '2000', '--seconds', '60', '--json']);
    expect(JSON.parse(plan.stdout).days.some((d: { isBankHoliday: boolean }) => d.isBankHoliday)).toBe(true);
  }, 120_000);

  it('the compiled solve worker compiles and solves in its thread, and the app opens its migrations', async () => {
    const dist = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
    const script = `
      import { readFileSync } from 'node:fs';
      import { workerPoolRunner } from '${dist('src/services/solve-runner.js')}';
      import { openDb } from '${dist('src/db/client.js')}';
      const runner = workerPoolRunner({ size: 1 });
      const file = JSON.parse(readFileSync('fixtures/crisis-sanctuary.json', 'utf8'));
      const compiled = await runner.compile(file, '2026-11-23');
      const result = await runner.run(compiled.problem, { seed: 1, maxMoves: 2000 });
      await runner.close();
      const db = openDb(':memory:');
      const tables = db.$client.prepare("select count(*) n from sqlite_master where type = 'table'").get().n;
      console.log(JSON.stringify({ slots: compiled.problem.slots.length, moves: result.stats.moves, tables }));
    `;
    const file = join(mkdtempSync(join(tmpdir(), 'rota-build-')), 'check.mjs');
    writeFileSync(file, script);
    const out = await run(process.execPath, [file], { cwd: ROOT });
    const seen = JSON.parse(out.stdout);
    expect(seen.slots).toBeGreaterThan(0);
    expect(seen.moves).toBeGreaterThan(0);
    expect(seen.tables).toBeGreaterThan(5);
  }, 120_000);
});
