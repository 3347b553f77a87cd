// solver/ is pure: plain data in, data out. No I/O, no database, no HTTP, no time-zone library, no clock,
// no unseeded randomness. This scans every source file under solver/ for the forbidden imports and calls.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const solverDir = join(root, 'solver');

const FORBIDDEN_PACKAGES = ['fastify', 'drizzle-orm', 'better-sqlite3', 'luxon', 'rrule', '@fastify/'];
// Node built-ins that do I/O, spawn, or read the clock or environment.
const FORBIDDEN_BUILTINS = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'cluster', 'dgram', 'dns', 'os',
  'process', 'readline', 'tls', 'worker_threads', 'perf_hooks', 'stream', 'inspector', 'v8', 'vm', 'timers',
  'timers/promises', 'sqlite', 'module',
];
const FORBIDDEN_CALLS: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\b/, 'new Date()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bprocess\.(hrtime|env|uptime)\b/, 'process clock or environment'],
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function isForbiddenModule(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  if (FORBIDDEN_BUILTINS.includes(spec)) return true;
  return FORBIDDEN_PACKAGES.some((p) => spec === p || spec.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/** Every problem found in one source text. */
export function impurities(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const importRe = /(?:\bimport\s*(?:[\s\S]*?\bfrom\s*)?|\bexport\s*[\s\S]*?\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(importRe)) if (isForbiddenModule(m[1])) found.push(`imports ${m[1]}`);
  for (const [re, what] of FORBIDDEN_CALLS) if (re.test(code)) found.push(`uses ${what}`);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

describe('solver/ purity', () => {
  it('the detector catches each forbidden import and call', () => {
    expect(impurities("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(impurities("import fs from 'fs';")).toEqual(['imports fs']);
    expect(impurities("import Fastify from 'fastify';")).toEqual(['imports fastify']);
    expect(impurities("import { eq } from 'drizzle-orm/sql';")).toEqual(['imports drizzle-orm/sql']);
    expect(impurities("import Database from 'better-sqlite3';")).toEqual(['imports better-sqlite3']);
    expect(impurities("import { DateTime } from 'luxon';")).toEqual(['imports luxon']);
    expect(impurities("import rrulePkg from 'rrule';")).toEqual(['imports rrule']);
    expect(impurities("const m = await import('node:child_process');")).toEqual(['imports node:child_process']);
    expect(impurities("export { x } from 'node:http';")).toEqual(['imports node:http']);
    expect(impurities('const t = Date.now();')).toEqual(['uses Date.now()']);
    expect(impurities('const d = new Date(0);')).toEqual(['uses new Date()']);
    expect(impurities('const t = performance.now();')).toEqual(['uses performance.now()']);
    expect(impurities('const r = Math.random();')).toEqual(['uses Math.random']);
    expect(impurities("import type { Problem } from '../model.ts';\n// Math.random is banned here\nconst x = Math.floor(2);")).toEqual([]);
  });

  it('no file under solver/ does I/O, reads the clock or uses unseeded randomness', () => {
    const files = sourceFiles(solverDir);
    expect(files.length).toBeGreaterThan(0);
    const offences = files.flatMap((f) => impurities(readFileSync(f, 'utf8')).map((p) => `${relative(root, f)}: ${p}`));
    expect(offences).toEqual([]);
  });
});
