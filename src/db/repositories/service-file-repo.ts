// The service file <-> tables mapping. A file is stored across normalised tables and read back to an
// equal file, so an import followed by an export round-trips and a re-import changes nothing.
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
import { canonicalJson, compact } from './canonical.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type EntityKind = 'service' | 'rules' | 'roles' | 'skills' | 'sites' | 'staff' | 'templates';
export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export type ImportReport = Record<EntityKind, ChangeCounts>;

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

function readSites(db: Tx, serviceId: string, archived = false): SiteDef[] {
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

function readStaff(db: Tx, serviceId: string, staffId?: string, archived = false): StaffMember[] {
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

function readTemplates(db: Tx, serviceId: string, archived = false): SessionTemplate[] {
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

// ---------- writing ----------

function insertSite(db: Tx, serviceId: string, site: SiteDef, position: number): void {
  db.insert(sites)
    .values({ serviceId, id: site.id, position, name: site.name, address: site.address ?? null, comment: site.comment ?? null })
    .run();
  Object.entries(site.travelMinutes ?? {}).forEach(([toSiteId, minutes], i) => {
    db.insert(siteTravel).values({ serviceId, fromSiteId: site.id, toSiteId, position: i, minutes }).run();
  });
}

function insertStaff(db: Tx, serviceId: string, m: StaffMember, position: number): void {
  db.insert(staff)
    .values({
      serviceId,
      id: m.id,
      position,
      name: m.name,
      kind: m.kind,
      contractMinutesPerWeek: m.contractMinutesPerWeek ?? null,
      roles: m.roles,
      refusedSiteIds: m.refusedSiteIds ?? null,
      costPencePerHour: m.costPencePerHour,
      preferences: m.preferences ?? null,
      history: m.history ?? null,
      wtrOptOut: m.wtrOptOut ?? null,
      nightWorker: m.nightWorker ?? null,
      limits: m.limits ?? null,
      caseload: m.caseload ?? null,
      homeSiteId: m.homeSiteId ?? null,
      payrollNumber: m.payrollNumber ?? null,
      email: m.email ?? null,
      hasAvailability: m.availability !== undefined,
      availabilityComment: m.availability?.comment ?? null,
      comment: m.comment ?? null,
    })
    .run();
  const staffId = m.id;
  (m.skills ?? []).forEach((q, i) =>
    db.insert(qualifications)
      .values({
        serviceId,
        staffId,
        position: i,
        skillId: q.skillId,
        validFrom: q.validFrom ?? null,
        validUntil: q.validUntil ?? null,
        reference: q.reference ?? null,
        comment: q.comment ?? null,
      })
      .run(),
  );
  (m.availability?.windows ?? []).forEach((w, i) =>
    db.insert(availabilityWindows)
      .values({
        serviceId,
        staffId,
        position: i,
        rrule: w.rrule,
        startTime: w.startTime,
        endTime: w.endTime,
        fromDate: w.from ?? null,
        untilDate: w.until ?? null,
        comment: w.comment ?? null,
      })
      .run(),
  );
  (m.availability?.exceptions ?? []).forEach((e, i) =>
    db.insert(availabilityExceptions)
      .values({
        serviceId,
        staffId,
        position: i,
        date: e.date,
        available: e.available,
        startTime: e.startTime ?? null,
        endTime: e.endTime ?? null,
        comment: e.comment ?? null,
      })
      .run(),
  );
  withAbsenceIds(m.absences ?? []).forEach(({ absence: a, fromFile }, i) =>
    db.insert(absences)
      .values({
        serviceId,
        staffId,
        position: i,
        absenceId: a.id,
        idFromFile: fromFile,
        kind: a.kind,
        fromDate: a.from,
        toDate: a.to,
        startTime: a.startTime ?? null,
        endTime: a.endTime ?? null,
        approvedBy: a.approvedBy ?? null,
        comment: a.comment ?? null,
      })
      .run(),
  );
}

function insertTemplate(db: Tx, serviceId: string, t: SessionTemplate, position: number): void {
  db.insert(templates)
    .values({
      serviceId,
      id: t.id,
      position,
      name: t.name,
      kind: t.kind,
      siteId: t.siteId,
      startTime: t.startTime,
      endTime: t.endTime ?? null,
      durationMinutes: t.durationMinutes ?? null,
      rrule: t.rrule,
      anchorDate: t.anchorDate ?? null,
      validFrom: t.validFrom ?? null,
      validUntil: t.validUntil ?? null,
      runsOnBankHolidays: t.runsOnBankHolidays ?? null,
      excludedDates: t.excludedDates ?? null,
      extraDates: t.extraDates ?? null,
      paidExtraMinutes: t.paidExtraMinutes ?? null,
      breaks: t.breaks ?? null,
      cancelledMinPaidMinutes: t.cancelledMinPaidMinutes ?? null,
      tags: t.tags ?? null,
      priority: t.priority ?? null,
      seriesId: t.seriesId ?? null,
      comment: t.comment ?? null,
    })
    .run();
  t.demand.forEach((d, i) =>
    db.insert(templateDemand)
      .values({
        serviceId,
        templateId: t.id,
        position: i,
        roleId: d.roleId,
        min: d.min,
        preferred: d.preferred,
        max: d.max,
        skills: d.skills ?? null,
        underWeight: d.underWeight ?? null,
        overWeight: d.overWeight ?? null,
        comment: d.comment ?? null,
      })
      .run(),
  );
}

function insertRules(db: Tx, serviceId: string, r: RuleSettings): void {
  db.insert(ruleSettings)
    .values({
      serviceId,
      minRestMinutes: r.minRestMinutes ?? null,
      weeklyRestMinutes: r.weeklyRestMinutes ?? null,
      weeklyRestForm: r.weeklyRestForm ?? null,
      maxMinutesPerWeek: r.maxMinutesPerWeek ?? null,
      averageMaxMinutesPerWeek: r.averageMaxMinutesPerWeek ?? null,
      averageReferenceWeeks: r.averageReferenceWeeks ?? null,
      maxConsecutiveDays: r.maxConsecutiveDays ?? null,
      contractToleranceMinutes: r.contractToleranceMinutes ?? null,
      forbiddenSuccessions: r.forbiddenSuccessions ?? null,
      weights: r.weights ?? null,
      comment: r.comment ?? null,
    })
    .run();
}

/** Normalises what the database cannot tell apart (absent vs empty lists) so comparisons are fair. */
function normaliseStaff(m: StaffMember): StaffMember {
  const out: StaffMember = { ...m };
  if (out.skills?.length === 0) delete out.skills;
  if (out.absences?.length === 0) delete out.absences;
  if (out.availability && out.availability.exceptions?.length === 0) {
    out.availability = { ...out.availability };
    delete out.availability.exceptions;
  }
  return out;
}
function normaliseSite(s: SiteDef): SiteDef {
  if (s.travelMinutes && Object.keys(s.travelMinutes).length === 0) {
    const { travelMinutes: _t, ...rest } = s;
    return rest;
  }
  return s;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const zero = (): ChangeCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** Upserts a list of entities by id: unchanged ones are left alone, changed ones are rewritten. */
function upsertList<T extends { id: string }>(
  counts: ChangeCounts,
  incoming: readonly T[],
  existing: readonly T[],
  write: (item: T, position: number) => void,
  remove: (id: string) => void,
  setPosition: (id: string, position: number) => void,
): void {
  const byId = new Map(existing.map((e, i) => [e.id, { item: e, position: i }]));
  incoming.forEach((item, position) => {
    const old = byId.get(item.id);
    if (!old) {
      write(item, position);
      counts.created++;
    } else if (same(old.item, item)) {
      if (old.position !== position) setPosition(item.id, position);
      counts.unchanged++;
    } else {
      remove(item.id);
      write(item, position);
      counts.updated++;
    }
  });
}

/**
 * Creates or updates the service and every entity in the file, by id. Entities the database holds but
 * the file does not mention are kept (an import never deletes). Call inside a transaction.
 */
export function upsertServiceFile(db: Tx, file: ServiceFile, nowIso: string): ImportReport {
  const serviceId = file.organisation.id;
  const report: ImportReport = {
    service: zero(),
    rules: zero(),
    roles: zero(),
    skills: zero(),
    sites: zero(),
    staff: zero(),
    templates: zero(),
  };
  const before = loadServiceFile(db, serviceId);
  const header = {
    name: file.organisation.name,
    timeZone: file.timeZone ?? null,
    fileComment: file.comment ?? null,
    comment: file.organisation.comment ?? null,
  };
  if (!before) {
    db.insert(services).values({ id: serviceId, formatVersion: 1, createdAt: nowIso, updatedAt: nowIso, ...header }).run();
    report.service.created++;
  } else {
    const oldHeader = {
      name: before.organisation.name,
      timeZone: before.timeZone ?? null,
      fileComment: before.comment ?? null,
      comment: before.organisation.comment ?? null,
    };
    if (same(oldHeader, header)) report.service.unchanged++;
    else {
      db.update(services).set({ ...header, updatedAt: nowIso }).where(eq(services.id, serviceId)).run();
      report.service.updated++;
    }
  }

  // Rules: a file without rules leaves stored rules as they are (an import never deletes).
  if (file.rules !== undefined) {
    if (!before?.rules) {
      insertRules(db, serviceId, file.rules);
      report.rules.created++;
    } else if (same(before.rules, file.rules)) report.rules.unchanged++;
    else {
      db.delete(ruleSettings).where(eq(ruleSettings.serviceId, serviceId)).run();
      insertRules(db, serviceId, file.rules);
      report.rules.updated++;
    }
  }

  const svc = <T extends { serviceId: any; id: any; position: any }>(table: any, t: T) => ({
    remove: (id: string) => db.delete(table).where(and(eq(t.serviceId, serviceId), eq(t.id, id))).run(),
    setPosition: (id: string, position: number) =>
      db.update(table).set({ position }).where(and(eq(t.serviceId, serviceId), eq(t.id, id))).run(),
  });
  const r = svc(roles, roles);
  upsertList(report.roles, file.roles, before?.roles ?? [], (item, position) =>
    db.insert(roles).values({ serviceId, id: item.id, position, name: item.name, comment: item.comment ?? null }).run(),
    r.remove, r.setPosition);
  const k = svc(skills, skills);
  upsertList(report.skills, file.skills, before?.skills ?? [], (item, position) =>
    db.insert(skills).values({ serviceId, id: item.id, position, name: item.name, kind: item.kind ?? null, comment: item.comment ?? null }).run(),
    k.remove, k.setPosition);
  const s = svc(sites, sites);
  upsertList(report.sites, file.sites.map(normaliseSite), before?.sites ?? [], (item, position) => insertSite(db, serviceId, item, position), s.remove, s.setPosition);
  const m = svc(staff, staff);
  upsertList(report.staff, file.staff.map(normaliseStaff), before?.staff ?? [], (item, position) => insertStaff(db, serviceId, item, position), m.remove, m.setPosition);
  const t = svc(templates, templates);
  upsertList(report.templates, file.templates, before?.templates ?? [], (item, position) => insertTemplate(db, serviceId, item, position), t.remove, t.setPosition);
  return report;
}

/** Replaces one staff member (all their qualifications, availability and absences) or adds them at the end. */
export function putStaff(db: Tx, serviceId: string, member: StaffMember): 'created' | 'updated' | 'unchanged' {
  const existing = readStaff(db, serviceId, member.id)[0];
  const next = normaliseStaff(member);
  if (existing && same(existing, next)) return 'unchanged';
  const position = existing
    ? db.select({ p: staff.position }).from(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, member.id))).get()!.p
    : nextPosition(db, staff, serviceId);
  if (existing) db.delete(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, member.id))).run();
  insertStaff(db, serviceId, next, position);
  return existing ? 'updated' : 'created';
}

export function putSite(db: Tx, serviceId: string, site: SiteDef): 'created' | 'updated' | 'unchanged' {
  const existing = readSites(db, serviceId).find((x) => x.id === site.id);
  const next = normaliseSite(site);
  if (existing && same(existing, next)) return 'unchanged';
  const position = existing
    ? db.select({ p: sites.position }).from(sites).where(and(eq(sites.serviceId, serviceId), eq(sites.id, site.id))).get()!.p
    : nextPosition(db, sites, serviceId);
  if (existing) db.delete(sites).where(and(eq(sites.serviceId, serviceId), eq(sites.id, site.id))).run();
  insertSite(db, serviceId, next, position);
  return existing ? 'updated' : 'created';
}

export function putTemplate(db: Tx, serviceId: string, template: SessionTemplate): 'created' | 'updated' | 'unchanged' {
  const existing = readTemplates(db, serviceId).find((x) => x.id === template.id);
  if (existing && same(existing, template)) return 'unchanged';
  const position = existing
    ? db.select({ p: templates.position }).from(templates).where(and(eq(templates.serviceId, serviceId), eq(templates.id, template.id))).get()!.p
    : nextPosition(db, templates, serviceId);
  if (existing) db.delete(templates).where(and(eq(templates.serviceId, serviceId), eq(templates.id, template.id))).run();
  insertTemplate(db, serviceId, template, position);
  return existing ? 'updated' : 'created';
}

export function deleteStaff(db: Tx, serviceId: string, id: string): boolean {
  return db.delete(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, id))).run().changes > 0;
}
export function deleteSite(db: Tx, serviceId: string, id: string): boolean {
  return db.delete(sites).where(and(eq(sites.serviceId, serviceId), eq(sites.id, id))).run().changes > 0;
}
export function deleteTemplate(db: Tx, serviceId: string, id: string): boolean {
  return db.delete(templates).where(and(eq(templates.serviceId, serviceId), eq(templates.id, id))).run().changes > 0;
}

// ---------- archiving: records others still refer to leave the service's data but keep their row ----------

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

function nextPosition(db: Tx, table: typeof staff | typeof sites | typeof templates, serviceId: string): number {
  const rows = db.select({ p: table.position }).from(table).where(eq(table.serviceId, serviceId)).all();
  return rows.reduce((max, r) => Math.max(max, r.p + 1), 0);
}

export { readStaff as loadStaff, readSites as loadSites, readTemplates as loadTemplates };
