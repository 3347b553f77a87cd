// The stored rows a service week's compiled problem is made from, read raw with prepared statements
// (microseconds) so the offers' problem cache can fingerprint them: any change to the service, its
// rules, sites, templates or a staff member's own rows changes what this returns.
import type BetterSqlite3 from 'better-sqlite3';
import { dialectOf } from '../client.ts';

/** Tables the compiler's input comes from: per service, and per staff member. */
const SERVICE_TABLES = ['services:id', 'rule_settings', 'sites', 'site_travel', 'templates', 'template_demand', 'skills'];
const STAFF_TABLES = ['staff:id', 'qualifications', 'availability_windows', 'availability_exceptions', 'absences'];

interface Statements {
  service: BetterSqlite3.Statement[];
  staffOne: BetterSqlite3.Statement[];
  staffAll: BetterSqlite3.Statement[];
}
const prepared = new WeakMap<BetterSqlite3.Database, Statements>();

function statements(sqlite: BetterSqlite3.Database): Statements {
  let s = prepared.get(sqlite);
  if (!s) {
    // Insertion order for a stable fingerprint: SQLite's rowid; PostgreSQL's row position (a row
    // rewritten moves, which only costs a cache miss).
    const rowid = dialectOf({ $client: sqlite }) === 'postgres' ? 'ctid' : 'rowid';
    const split = (t: string) => {
      const [table, key] = t.split(':');
      return { table, key };
    };
    const service = SERVICE_TABLES.map(split).map(({ table, key }) =>
      sqlite.prepare(`SELECT * FROM ${table} WHERE ${key ?? 'service_id'} = ? ORDER BY ${rowid}`).raw(true),
    );
    const staffOne = STAFF_TABLES.map(split).map(({ table, key }) =>
      sqlite.prepare(`SELECT * FROM ${table} WHERE service_id = ? AND ${key ?? 'staff_id'} = ? ORDER BY ${rowid}`).raw(true),
    );
    const staffAll = STAFF_TABLES.map(split).map(({ table }) => sqlite.prepare(`SELECT * FROM ${table} WHERE service_id = ? ORDER BY ${rowid}`).raw(true));
    s = { service, staffOne, staffAll };
    prepared.set(sqlite, s);
  }
  return s;
}

/**
 * Each input table's rows, in a stable order, one array per table: the service's, then every staff
 * member's (staffId null) or one staff member's.
 */
export function compilerInputRows(sqlite: BetterSqlite3.Database, serviceId: string, staffId: string | null): unknown[][] {
  const s = statements(sqlite);
  const out: unknown[][] = s.service.map((st) => st.all(serviceId));
  if (staffId === null) for (const st of s.staffAll) out.push(st.all(serviceId));
  else for (const st of s.staffOne) out.push(st.all(serviceId, staffId));
  return out;
}
