// SQLite-dialect SQL (what drizzle's SQLite dialect writes, and our few raw statements) into
// PostgreSQL's. Only what differs in the SQL this code base writes; see ../README.md.
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema/index.ts';

export interface Translated {
  readonly text: string;
  /** An INSERT into a table with an autoincrement id: the id comes back as the last column returned. */
  readonly returnsId: boolean;
}

/** Table name -> its autoincrement column (SQLite's rowid alias), from the schema. */
const AUTO_INCREMENT: ReadonlyMap<string, string> = new Map(
  (Object.values(schema) as unknown[])
    .filter((t): t is SQLiteTable => is(t, SQLiteTable))
    .flatMap((t) => {
      const cfg = getTableConfig(t);
      const col = cfg.columns.find((c) => (c as unknown as { autoIncrement?: boolean }).autoIncrement === true);
      return col ? [[cfg.name, col.name] as const] : [];
    }),
);

const cache = new Map<string, Translated>();

export function translate(sql: string): Translated {
  let t = cache.get(sql);
  if (!t) {
    t = translateUncached(sql);
    if (cache.size > 5000) cache.clear();
    cache.set(sql, t);
  }
  return t;
}

function translateUncached(sql: string): Translated {
  let text = placeholders(sql);
  // PostgreSQL's conflict target names bare columns: on conflict ("t"."c") -> on conflict ("c").
  text = text.replace(/on conflict \(([^)]*)\)/gi, (_m, cols: string) => `on conflict (${cols.replace(/"[^"]+"\."([^"]+)"/g, '"$1"')})`);
  let returnsId = false;
  const insert = /^\s*insert into "?([a-z_][a-z0-9_]*)"?\s*\(([^)]*)\)\s*values\s*/i.exec(text);
  if (insert) {
    const idColumn = AUTO_INCREMENT.get(insert[1]);
    if (idColumn) {
      const columns = insert[2].split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
      const at = columns.indexOf(idColumn);
      if (at >= 0) text = text.slice(0, insert[0].length) + defaultsAt(text.slice(insert[0].length), at);
      // better-sqlite3's lastInsertRowid: ask for the id when the statement returns nothing else.
      if (!/\breturning\b/i.test(stripQuoted(text))) {
        text = `${text.replace(/;\s*$/, '')} returning "${idColumn}"`;
        returnsId = true;
      }
    }
  }
  return { text, returnsId };
}

/** `?` -> `$1..$n`, outside quoted strings and identifiers. */
function placeholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      out += c;
      if (c === quote) {
        if (sql[i + 1] === quote) out += sql[++i];
        else quote = null;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') out += `$${++n}`;
    else out += c;
  }
  return out;
}

function stripQuoted(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, '');
}

/** In `(v, v, ...), (...) [rest]`, the `null` at column `at` of each tuple becomes DEFAULT. */
function defaultsAt(values: string, at: number): string {
  let out = '';
  let depth = 0;
  let column = 0;
  let quote: string | null = null;
  let i = 0;
  for (; i < values.length; i++) {
    const c = values[i];
    if (quote) {
      out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '(') {
      depth++;
      if (depth === 1) column = 0;
      out += c;
      // A tuple's value at `at`: replace a bare null.
      if (depth === 1 && at === 0) {
        const m = /^\s*null\b/i.exec(values.slice(i + 1));
        if (m) {
          out += 'DEFAULT';
          i += m[0].length;
        }
      }
      continue;
    }
    if (c === ')') {
      depth--;
      out += c;
      continue;
    }
    if (c === ',' && depth === 1) {
      column++;
      out += c;
      if (column === at) {
        const m = /^\s*null\b/i.exec(values.slice(i + 1));
        if (m) {
          out += ' DEFAULT';
          i += m[0].length;
        }
      }
      continue;
    }
    if (depth === 0 && /[a-z]/i.test(c)) break; // on conflict / returning: the tuples are over
    out += c;
  }
  return out + values.slice(i);
}
