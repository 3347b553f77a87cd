// The service file <-> tables mapping. A file is stored across normalised tables and read back to an
// equal file, so an import followed by an export round-trips and a re-import changes nothing. This module
// writes; reading lives in service-file-read.ts and archiving in service-file-archive.ts, both re-exported
// here so callers keep one import.
import { and, eq } from 'drizzle-orm';
import type { RuleSettings, ServiceFile, SessionTemplate, SiteDef, StaffMember } from '../../service-file/types.ts';
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
import { canonicalJson } from './canonical.ts';
import {
  loadServiceFile,
  nextPosition,
  readSites,
  readStaff,
  readTemplates,
  withAbsenceIds,
  type Tx,
} from './service-file-read.ts';

export * from './service-file-read.ts';
export * from './service-file-archive.ts';

export type EntityKind = 'service' | 'rules' | 'roles' | 'skills' | 'sites' | 'staff' | 'templates';
export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export type ImportReport = Record<EntityKind, ChangeCounts>;

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
