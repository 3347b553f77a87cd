#!/usr/bin/env node
// Lists the test files that reach the database: those importing src/db/client.ts (directly or through
// any chain of relative imports), and those starting the server or the CLI in a child process. The
// rest (solver, constraints, time, ...) never touch a database and give the same answer on both, so
// .ci/run runs them once, on SQLite, and runs these again on PostgreSQL.
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

const files = walk(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => reaches(f) || spawns.test(readFileSync(f, 'utf8')))
  .map((f) => relative(root, f))
  .sort();
process.stdout.write(files.join('\n') + '\n');
