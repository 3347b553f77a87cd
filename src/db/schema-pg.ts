// The PostgreSQL tables, derived from the one schema in schema/ (written for SQLite) so the schema is
// written once. Only drizzle-kit reads this (npm run db:generate:pg writes drizzle-pg/); at run time
// the repositories query through the SQLite tables and pg/translate.ts (see README.md).
// Mapping: integer -> bigint (epoch ms do not fit in 32 bits; booleans stay 0/1 as on SQLite), an
// autoincrement key -> bigint identity, real -> double precision, text -> text COLLATE "C" (byte
// order, as SQLite compares), with the same keys, foreign keys, unique and partial indexes.
import { is, SQL } from 'drizzle-orm';
import {
  bigint,
  customType,
  doublePrecision,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  unique,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as sqlite from './schema/index.ts';

const textC = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPgTable = PgTableWithColumns<any>;

function pgColumn(col: SQLiteColumn): PgColumnBuilderBase {
  const type = col.getSQLType();
  const autoIncrement = (col as unknown as { autoIncrement?: boolean }).autoIncrement === true;
  let b: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (type === 'integer') b = bigint(col.name, { mode: 'number' });
  else if (type === 'real') b = doublePrecision(col.name);
  else if (type === 'text') b = textC(col.name);
  else throw new Error(`schema-pg: column ${col.name} has SQLite type ${type}, which has no PostgreSQL mapping yet`);
  if (col.primary) b = b.primaryKey();
  if (autoIncrement) b = b.generatedByDefaultAsIdentity();
  if (col.notNull && !col.primary) b = b.notNull();
  if (col.hasDefault && col.default !== undefined) {
    const d = col.default;
    b = b.default(is(d, SQL) ? d : typeof d === 'boolean' ? (d ? 1 : 0) : d);
  }
  if (col.isUnique) b = b.unique(col.uniqueName);
  return b;
}

function derive(): Record<string, AnyPgTable> {
  const out: Record<string, AnyPgTable> = {};
  const byName = new Map<string, AnyPgTable>();
  const sqliteTables = (Object.entries(sqlite) as [string, unknown][]).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable));
  for (const [exportName, table] of sqliteTables) {
    const cfg = getTableConfig(table);
    const columns = Object.fromEntries(cfg.columns.map((c) => [c.name, pgColumn(c)]));
    const pg = pgTable(cfg.name, columns, (t) => {
      const col = (c: SQLiteColumn) => t[c.name];
      const extra = [];
      for (const pk of cfg.primaryKeys) extra.push(primaryKey({ name: pk.getName(), columns: pk.columns.map(col) as [never] }));
      for (const u of cfg.uniqueConstraints) extra.push(unique(u.name).on(...(u.columns.map(col) as [never])));
      for (const ix of cfg.indexes) {
        const { name, columns: ixCols, unique: isUnique, where } = ix.config;
        const on = ixCols.map((c) => (is(c, SQL) ? c : t[(c as SQLiteColumn).name])) as [never];
        const built = (isUnique ? uniqueIndex(name) : index(name)).on(...on);
        extra.push(where ? built.where(where) : built);
      }
      for (const fk of cfg.foreignKeys) {
        const ref = fk.reference();
        const foreign = () => byName.get(getTableConfig(ref.foreignTable).name)!;
        let built = foreignKey({
          name: fk.getName(),
          columns: ref.columns.map(col) as [never],
          // The foreign table is built by the time drizzle-kit reads the keys.
          get foreignColumns() {
            return ref.foreignColumns.map((c) => foreign()[c.name]) as [never];
          },
        });
        if (fk.onDelete) built = built.onDelete(fk.onDelete);
        if (fk.onUpdate) built = built.onUpdate(fk.onUpdate);
        extra.push(built);
      }
      return extra;
    });
    out[exportName] = pg;
    byName.set(cfg.name, pg);
  }
  return out;
}

export const pgSchema = derive();
// drizzle-kit reads the module's exports: one per table.
// A test checks that every table of schema/ is listed here.
export const {
  auditLog, tokens, offers, offerPlaces, offerInvites, offerEvents, offerFills, calendarFeeds, services,
  roles, skills, outbox, payrollSettings, sessionOutcomes, payPeriodLocks, payrollLedger, rotas, assignments,
  solveRuns, jobs, ruleSettings, sites, siteTravel, staff, qualifications, availabilityWindows,
  availabilityExceptions, absences, templates, templateDemand, users, signInLinks, webSessions,
  selfServiceSettings, swapRequests, swapTakes, swapDeclines, openSessionRequests, openPlaceClaims, staffRequests,
  fairnessAdjustments,
} = pgSchema;
