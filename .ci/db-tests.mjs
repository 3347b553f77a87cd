#!/usr/bin/env node
// Lists the test files .ci/run runs again on PostgreSQL: those that reach the database, i.e. import
// src/db/client.ts (directly or through any chain of relative imports) or start the server, the CLI
// or a worker in a child process. Left out, each for a reason:
// - tests that never open a database (the solver, constraints, time, service-file compilation):
//   they give the same answer on both, so they run once, on SQLite;
// - the browser tests (they drive Chromium through playwright-core): the pages talk to the database
//   only through the API routes, which the API, offers, payroll and self-service tests exercise on
//   PostgreSQL, and together they cost about as much as a fifth of the PostgreSQL pass, which CI
//   cannot afford (the whole of .ci/run must stay well under 15 minutes). Run them on PostgreSQL with
//   `DATABASE_URL=... ROTA_REQUIRE_BROWSER=1 npx vitest run test/web`.
// `--all` lists the browser tests too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'src/db/client.ts');
const spawns = /src\/server\.ts|bin\/rota\.mjs|src\/cli\/|src\/worker\.ts/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const memo = new Map();
function reaches(file, seen = new Set()) {
  if (file === target) return true;
  if (memo.has(file)) return memo.get(file);
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  let found = false;
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (reaches(resolve(dirname(file), m[1]), seen)) {
      found = true;
      break;
    }
  }
  memo.set(file, found);
  return found;
}

const browser = /from 'playwright-core'|from '\.\/support\/stack\.ts'/;
const all = process.argv.includes('--all');

const files = walk(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => reaches(f) || spawns.test(readFileSync(f, 'utf8')))
  .filter((f) => all || !browser.test(readFileSync(f, 'utf8')))
  .map((f) => relative(root, f))
  .sort();
process.stdout.write(files.join('\n') + '\n');
