// The service file <-> tables mapping. A file is stored across normalised tables and read back to an
// equal file, so an import followed by an export round-trips and a re-import changes nothing. This module
// decides what to write (upsert by id); the rows of one item are written by service-file-rows.ts.
// Reading lives in service-file-read.ts and archiving in service-file-archive.ts, both re-exported
// here so callers keep one import.
import { and, eq } from 'drizzle-orm';
import type { ServiceFile, SessionTemplate, SiteDef, StaffMember } from '../../service-file/types.ts';
import { roles, ruleSettings, services, sites, skills, staff, templates } from '../schema/index.ts';
import { canonicalJson } from './canonical.ts';
import { loadServiceFile, nextPosition, readSites, readStaff, readTemplates, type Tx } from './service-file-read.ts';
import { insertRules, insertSite, insertStaff, insertTemplate } from './service-file-rows.ts';

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
