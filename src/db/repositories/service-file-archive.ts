// Archiving: records others still refer to leave the service's data but keep their row.
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { SessionTemplate, SiteDef, StaffMember } from '../../service-file/types.ts';
import { sites, staff, templates } from '../schema/index.ts';
import { nextPosition, readSites, readStaff, readTemplates, type Tx } from './service-file-read.ts';

type ListTable = typeof staff | typeof sites | typeof templates;
const TABLES = { staff, sites, templates } as const;
export type ArchiveKind = keyof typeof TABLES;

export interface ArchivedItem {
  kind: ArchiveKind;
  id: string;
  name: string;
  archivedAt: string;
  archivedBy: string | null;
}

export function archiveItem(db: Tx, serviceId: string, kind: ArchiveKind, id: string, at: string, by: string): boolean {
  const table: ListTable = TABLES[kind];
  return (
    db
      .update(table)
      .set({ archivedAt: at, archivedBy: by })
      .where(and(eq(table.serviceId, serviceId), eq(table.id, id), isNull(table.archivedAt)))
      .run().changes > 0
  );
}

/** Back among the active records, after every one of them. */
export function restoreItem(db: Tx, serviceId: string, kind: ArchiveKind, id: string): boolean {
  const table: ListTable = TABLES[kind];
  const position = nextPosition(db, table, serviceId);
  return (
    db
      .update(table)
      .set({ archivedAt: null, archivedBy: null, position })
      .where(and(eq(table.serviceId, serviceId), eq(table.id, id), isNotNull(table.archivedAt)))
      .run().changes > 0
  );
}

/** Archived records of a service, or of one kind, or the one with this id. */
export function listArchived(db: Tx, serviceId: string, kind?: ArchiveKind, id?: string): ArchivedItem[] {
  const kinds = kind ? [kind] : (Object.keys(TABLES) as ArchiveKind[]);
  return kinds.flatMap((k) => {
    const table: ListTable = TABLES[k];
    const conds = [eq(table.serviceId, serviceId), isNotNull(table.archivedAt)];
    if (id !== undefined) conds.push(eq(table.id, id));
    return db
      .select({ id: table.id, name: table.name, archivedAt: table.archivedAt, archivedBy: table.archivedBy })
      .from(table)
      .where(and(...conds))
      .orderBy(asc(table.id))
      .all()
      .map((r) => ({ kind: k, id: r.id, name: r.name, archivedAt: r.archivedAt!, archivedBy: r.archivedBy }));
  });
}

/** The archived record as it was, for a restore. */
export function loadArchivedStaff(db: Tx, serviceId: string, id: string): StaffMember | undefined {
  return readStaff(db, serviceId, id, true)[0];
}
export function loadArchivedSite(db: Tx, serviceId: string, id: string): SiteDef | undefined {
  return readSites(db, serviceId, true).find((s) => s.id === id);
}
export function loadArchivedTemplate(db: Tx, serviceId: string, id: string): SessionTemplate | undefined {
  return readTemplates(db, serviceId, true).find((t) => t.id === id);
}

/** Every staff member's name and kind, archived ones included: history and payroll still name them. */
export function staffWithArchived(db: Tx, serviceId: string): Map<string, { name: string; kind: StaffMember['kind'] }> {
  const rows = db.select({ id: staff.id, name: staff.name, kind: staff.kind }).from(staff).where(eq(staff.serviceId, serviceId)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

