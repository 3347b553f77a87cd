// Reading a service back from its tables: the whole file, one list, or a summary of every service.
import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type {
  AbsenceDef,
  AvailabilityDef,
  RoleDef,
  RuleSettings,
  ServiceFile,
  SessionTemplate,
  SiteDef,
  SkillDef,
  StaffMember,
} from '../../service-file/types.ts';
import type { Db } from '../client.ts';
import {
  absences,
  availabilityExceptions,
  availabilityWindows,
  qualifications,
  roles,
  ruleSettings,
  services,
  siteTravel,
  sites,
  skills,
  staff,
  templateDemand,
  templates,
} from '../schema/index.ts';
import { compact } from './canonical.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface ServiceSummary {
  id: string;
  name: string;
  timeZone: string | null;
  counts: { sites: number; staff: number; templates: number };
}

// ---------- absences: the API addresses them by id, so id-less ones get a derived, stable one ----------

/** Gives every absence an id (the file's, or kind-from with a counter), marking which were derived. */
export function withAbsenceIds(list: readonly AbsenceDef[]): { absence: AbsenceDef & { id: string }; fromFile: boolean }[] {
  const taken = new Set(list.filter((a) => a.id !== undefined).map((a) => a.id as string));
  return list.map((a) => {
    if (a.id !== undefined) return { absence: { ...a, id: a.id }, fromFile: true };
    const base = `${a.kind}-${a.from}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { absence: { ...a, id }, fromFile: false };
  });
}

// ---------- reading ----------

export function readSites(db: Tx, serviceId: string, archived = false): SiteDef[] {
  const state = archived ? isNotNull(sites.archivedAt) : isNull(sites.archivedAt);
  const siteRows = db.select().from(sites).where(and(eq(sites.serviceId, serviceId), state)).orderBy(asc(sites.position)).all();
  const travelRows = db
    .select()
    .from(siteTravel)
    .where(eq(siteTravel.serviceId, serviceId))
    .orderBy(asc(siteTravel.position))
    .all();
  return siteRows.map((row) => {
    const travel = travelRows.filter((t) => t.fromSiteId === row.id);
    const site: SiteDef = compact({ id: row.id, name: row.name, address: row.address, comment: row.comment });
    if (travel.length > 0) site.travelMinutes = Object.fromEntries(travel.map((t) => [t.toSiteId, t.minutes]));
    return reorder(site, ['id', 'name', 'address', 'travelMinutes', 'comment']);
  });
}

export function readStaff(db: Tx, serviceId: string, staffId?: string, archived = false): StaffMember[] {
  const where = <T extends { serviceId: any; staffId?: any; id?: any }>(t: T, col: any) =>
    staffId === undefined ? eq(t.serviceId, serviceId) : and(eq(t.serviceId, serviceId), eq(col, staffId));
  // Archived staff are out of the service's data (planning, lists, exports); their rows stay for history.
  const state = archived ? isNotNull(staff.archivedAt) : isNull(staff.archivedAt);
  const staffRows = db.select().from(staff).where(and(where(staff, staff.id), state)).orderBy(asc(staff.position)).all();
  const quals = db.select().from(qualifications).where(where(qualifications, qualifications.staffId)).orderBy(asc(qualifications.position)).all();
  const windows = db.select().from(availabilityWindows).where(where(availabilityWindows, availabilityWindows.staffId)).orderBy(asc(availabilityWindows.position)).all();
  const exceptions = db.select().from(availabilityExceptions).where(where(availabilityExceptions, availabilityExceptions.staffId)).orderBy(asc(availabilityExceptions.position)).all();
  const absenceRows = db.select().from(absences).where(where(absences, absences.staffId)).orderBy(asc(absences.position)).all();

  return staffRows.map((row) => {
    const member: StaffMember = compact({
      id: row.id,
      name: row.name,
      kind: row.kind,
      contractMinutesPerWeek: row.contractMinutesPerWeek,
      roles: row.roles,
      refusedSiteIds: row.refusedSiteIds,
      costPencePerHour: row.costPencePerHour,
      preferences: row.preferences,
      history: row.history,
      wtrOptOut: row.wtrOptOut,
      nightWorker: row.nightWorker,
      limits: row.limits,
      caseload: row.caseload,
      homeSiteId: row.homeSiteId,
      payrollNumber: row.payrollNumber,
      email: row.email,
      comment: row.comment,
    });
    const mine = <R extends { staffId: string }>(rows: R[]) => rows.filter((r) => r.staffId === row.id);
    const skillRows = mine(quals);
    if (skillRows.length > 0) {
      member.skills = skillRows.map((q) =>
        compact({ skillId: q.skillId, validFrom: q.validFrom, validUntil: q.validUntil, reference: q.reference, comment: q.comment }),
      );
    }
    if (row.hasAvailability) {
      const availability: AvailabilityDef = {
        windows: mine(windows).map((w) =>
          compact({ rrule: w.rrule, startTime: w.startTime, endTime: w.endTime, from: w.fromDate, until: w.untilDate, comment: w.comment }),
        ),
      };
      const ex = mine(exceptions);
      if (ex.length > 0) {
        availability.exceptions = ex.map((e) =>
          compact({ date: e.date, available: e.available, startTime: e.startTime, endTime: e.endTime, comment: e.comment }),
        );
      }
      if (row.availabilityComment !== null) availability.comment = row.availabilityComment;
      member.availability = availability;
    }
    const abs = mine(absenceRows);
    if (abs.length > 0) {
      member.absences = abs.map((a) =>
        compact({
          id: a.idFromFile ? a.absenceId : null,
          kind: a.kind,
          from: a.fromDate,
          to: a.toDate,
          startTime: a.startTime,
          endTime: a.endTime,
          approvedBy: a.approvedBy,
          comment: a.comment,
        }),
      );
    }
    return member;
  });
}

export function readTemplates(db: Tx, serviceId: string, archived = false): SessionTemplate[] {
  const state = archived ? isNotNull(templates.archivedAt) : isNull(templates.archivedAt);
  const rows = db.select().from(templates).where(and(eq(templates.serviceId, serviceId), state)).orderBy(asc(templates.position)).all();
  const demand = db
    .select()
    .from(templateDemand)
    .where(eq(templateDemand.serviceId, serviceId))
    .orderBy(asc(templateDemand.position))
    .all();
  return rows.map((row) => {
    const { serviceId: _s, position: _p, siteId, archivedAt: _a, archivedBy: _b, ...rest } = row;
    const template = compact(rest) as unknown as SessionTemplate;
    template.siteId = siteId;
    template.demand = demand
      .filter((d) => d.templateId === row.id)
      .map((d) =>
        compact({
          roleId: d.roleId,
          min: d.min,
          preferred: d.preferred,
          max: d.max,
          skills: d.skills,
          underWeight: d.underWeight,
          overWeight: d.overWeight,
          comment: d.comment,
        }),
      );
    return template;
  });
}

function readRules(db: Tx, serviceId: string): RuleSettings | undefined {
  const row = db.select().from(ruleSettings).where(eq(ruleSettings.serviceId, serviceId)).get();
  if (!row) return undefined;
  const { serviceId: _s, ...rest } = row;
  return compact(rest) as RuleSettings;
}

/** Keeps JSON output in the file's usual key order (cosmetic only). */
function reorder<T extends object>(obj: T, keys: string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in obj) out[k] = (obj as Record<string, unknown>)[k];
  return out as T;
}

export function loadServiceFile(db: Tx, serviceId: string): ServiceFile | undefined {
  const svc = db.select().from(services).where(eq(services.id, serviceId)).get();
  if (!svc) return undefined;
  const file: ServiceFile = compact({
    comment: svc.fileComment,
    formatVersion: 1 as const,
    organisation: compact({ id: svc.id, name: svc.name, comment: svc.comment }),
    timeZone: svc.timeZone,
    sites: readSites(db, serviceId),
    roles: db.select().from(roles).where(eq(roles.serviceId, serviceId)).orderBy(asc(roles.position)).all()
      .map((r) => compact({ id: r.id, name: r.name, comment: r.comment }) as RoleDef),
    skills: db.select().from(skills).where(eq(skills.serviceId, serviceId)).orderBy(asc(skills.position)).all()
      .map((s) => compact({ id: s.id, name: s.name, kind: s.kind, comment: s.comment }) as SkillDef),
    staff: readStaff(db, serviceId),
    templates: readTemplates(db, serviceId),
    rules: readRules(db, serviceId),
  }) as ServiceFile;
  return file;
}

export function serviceExists(db: Tx, serviceId: string): boolean {
  return db.select({ id: services.id }).from(services).where(eq(services.id, serviceId)).get() !== undefined;
}

export function listServices(db: Tx): ServiceSummary[] {
  const rows = db.select().from(services).orderBy(asc(services.id)).all();
  const countOf = (table: typeof sites | typeof staff | typeof templates, id: string) =>
    db.select({ n: count() }).from(table).where(and(eq(table.serviceId, id), isNull(table.archivedAt))).get()?.n ?? 0;
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    counts: { sites: countOf(sites, s.id), staff: countOf(staff, s.id), templates: countOf(templates, s.id) },
  }));
}

/** One past the highest position in a list (archived records included), where an added record goes. */
export function nextPosition(db: Tx, table: typeof staff | typeof sites | typeof templates, serviceId: string): number {
  const rows = db.select({ p: table.position }).from(table).where(eq(table.serviceId, serviceId)).all();
  return rows.reduce((max, r) => Math.max(max, r.p + 1), 0);
}

export { readStaff as loadStaff, readSites as loadSites, readTemplates as loadTemplates };
