// Writing one item of a service file as rows: a site with its travel times, a staff member with
// their qualifications, availability and absences, a template with its demand, the rule settings.
// service-file-repo.ts decides what to write (upsert by id); these only insert.
import type { RuleSettings, SessionTemplate, SiteDef, StaffMember } from '../../service-file/types.ts';
import {
  absences,
  availabilityExceptions,
  availabilityWindows,
  qualifications,
  ruleSettings,
  siteTravel,
  sites,
  staff,
  templateDemand,
  templates,
} from '../schema/index.ts';
import { withAbsenceIds, type Tx } from './service-file-read.ts';

export function insertSite(db: Tx, serviceId: string, site: SiteDef, position: number): void {
  db.insert(sites)
    .values({ serviceId, id: site.id, position, name: site.name, address: site.address ?? null, comment: site.comment ?? null })
    .run();
  Object.entries(site.travelMinutes ?? {}).forEach(([toSiteId, minutes], i) => {
    db.insert(siteTravel).values({ serviceId, fromSiteId: site.id, toSiteId, position: i, minutes }).run();
  });
}

/** A staff member's row, then the rows of their lists (qualifications, availability, absences). */
export function insertStaff(db: Tx, serviceId: string, m: StaffMember, position: number): void {
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
  insertQualifications(db, serviceId, m);
  insertAvailabilityWindows(db, serviceId, m);
  insertAvailabilityExceptions(db, serviceId, m);
  insertAbsences(db, serviceId, m);
}

/** The member's skills, approvals and licences, in file order. */
function insertQualifications(db: Tx, serviceId: string, m: StaffMember): void {
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
}

/** Recurring availability windows, in file order. */
function insertAvailabilityWindows(db: Tx, serviceId: string, m: StaffMember): void {
  const staffId = m.id;
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
}

/** Dated exceptions to availability, in file order. */
function insertAvailabilityExceptions(db: Tx, serviceId: string, m: StaffMember): void {
  const staffId = m.id;
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
}

/** Leave, sickness and training, with their ids (made up for absences the file gave none). */
function insertAbsences(db: Tx, serviceId: string, m: StaffMember): void {
  const staffId = m.id;
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

export function insertTemplate(db: Tx, serviceId: string, t: SessionTemplate, position: number): void {
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

export function insertRules(db: Tx, serviceId: string, r: RuleSettings): void {
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
