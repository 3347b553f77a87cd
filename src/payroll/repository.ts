// SQL for payroll: settings, outcomes and sign-offs, locks with their snapshots, the paid ledger, and
// the reads payroll needs from other areas (service zone, staff, published assignments).
import { and, asc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  assignments, payPeriodLocks, payrollLedger, payrollSettings, rotas, services, sessionOutcomes, staff, templates,
} from '../db/schema/index.ts';
import type { PeriodExport, SessionOutcome } from './types.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
export type PayrollSettingsRow = typeof payrollSettings.$inferSelect;
export type OutcomeRow = typeof sessionOutcomes.$inferSelect;
export type LockRow = typeof payPeriodLocks.$inferSelect;

export function getService(db: Tx, serviceId: string) {
  return db.select({ id: services.id, timeZone: services.timeZone }).from(services).where(eq(services.id, serviceId)).get();
}

export function listServiceIds(db: Tx): string[] {
  return db.select({ id: services.id }).from(services).orderBy(asc(services.id)).all().map((r) => r.id);
}

export function getSettings(db: Tx, serviceId: string): PayrollSettingsRow | undefined {
  return db.select().from(payrollSettings).where(eq(payrollSettings.serviceId, serviceId)).get();
}

export function upsertSettings(db: Tx, row: PayrollSettingsRow): void {
  const { serviceId, ...rest } = row;
  db.insert(payrollSettings).values(row).onConflictDoUpdate({ target: payrollSettings.serviceId, set: rest }).run();
}

export function getStaffRate(db: Tx, serviceId: string, staffId: string): number | undefined {
  return db.select({ rate: staff.costPencePerHour }).from(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, staffId))).get()?.rate;
}

export function getStaffName(db: Tx, serviceId: string, staffId: string): string | undefined {
  return db.select({ name: staff.name }).from(staff).where(and(eq(staff.serviceId, serviceId), eq(staff.id, staffId))).get()?.name;
}

export function listStaff(db: Tx, serviceId: string) {
  return db
    .select({ id: staff.id, name: staff.name, kind: staff.kind, costPencePerHour: staff.costPencePerHour, payrollNumber: staff.payrollNumber })
    .from(staff)
    .where(eq(staff.serviceId, serviceId))
    .all();
}

/** One place of a published rota, with what payroll copies from its slot and template. */
export function findPublishedPlace(db: Tx, serviceId: string, rotaId: string, slotId: string, staffId: string) {
  const row = db
    .select({ a: assignments, rota: rotas })
    .from(assignments)
    .innerJoin(rotas, eq(rotas.id, assignments.rotaId))
    .where(and(eq(assignments.serviceId, serviceId), eq(assignments.rotaId, rotaId), eq(assignments.slotId, slotId), eq(assignments.staffId, staffId)))
    .get();
  if (!row) return undefined;
  const slot = row.rota.slots?.find((s) => s.id === slotId);
  const template = slot
    ? db.select({ min: templates.cancelledMinPaidMinutes }).from(templates).where(and(eq(templates.serviceId, serviceId), eq(templates.id, slot.templateId))).get()
    : undefined;
  return {
    // A bank worker's proposed place is never theirs to be paid for: only once they accept it.
    published: !row.a.proposed && (row.a.published || row.rota.publishedAt !== null),
    proposed: row.a.proposed,
    startMin: row.a.startMin,
    endMin: row.a.endMin,
    workMinutes: row.a.workMinutes,
    unpaidBreakMinutes: slot?.unpaidBreakMinutes ?? 0,
    kind: slot?.kind ?? 'session',
    cancellationMinimumMinutes: template?.min ?? null,
  };
}

/** Published places starting in [fromMin, toMin), with their session kind, for places nobody has recorded an outcome for yet. */
export function listPublishedPlaces(db: Tx, serviceId: string, fromMin: number, toMin: number) {
  const rows = db
    .select({ rotaId: assignments.rotaId, slotId: assignments.slotId, staffId: assignments.staffId, startMin: assignments.startMin, endMin: assignments.endMin, workMinutes: assignments.workMinutes })
    .from(assignments)
    .innerJoin(rotas, eq(rotas.id, assignments.rotaId))
    .where(
      and(
        eq(assignments.serviceId, serviceId),
        gte(assignments.startMin, fromMin),
        lt(assignments.startMin, toMin),
        isNotNull(rotas.publishedAt),
        // Proposals left "to offer" in a published rota are nobody's yet.
        eq(assignments.proposed, false),
      ),
    )
    .all();
  // The kind lives on the rota's slot; read each rota's slots once.
  const rotaIds = [...new Set(rows.map((r) => r.rotaId))];
  const kinds = new Map<string, string>();
  if (rotaIds.length) {
    for (const rota of db.select({ id: rotas.id, slots: rotas.slots }).from(rotas).where(inArray(rotas.id, rotaIds)).all()) {
      for (const slot of rota.slots ?? []) kinds.set(`${rota.id}\u0000${slot.id}`, slot.kind);
    }
  }
  return rows.map((r) => ({ ...r, kind: kinds.get(`${r.rotaId}\u0000${r.slotId}`) ?? 'session' }));
}

export function getOutcome(db: Tx, serviceId: string, rotaId: string, slotId: string, staffId: string): OutcomeRow | undefined {
  return db
    .select()
    .from(sessionOutcomes)
    .where(and(eq(sessionOutcomes.serviceId, serviceId), eq(sessionOutcomes.rotaId, rotaId), eq(sessionOutcomes.slotId, slotId), eq(sessionOutcomes.staffId, staffId)))
    .get();
}

export function upsertOutcome(db: Tx, row: OutcomeRow): void {
  const { serviceId, rotaId, slotId, staffId, ...rest } = row;
  db.insert(sessionOutcomes)
    .values(row)
    .onConflictDoUpdate({ target: [sessionOutcomes.serviceId, sessionOutcomes.rotaId, sessionOutcomes.slotId, sessionOutcomes.staffId], set: rest })
    .run();
}

/** Sign off the current draft: it becomes the version that is paid. */
export function setSignOff(db: Tx, key: { serviceId: string; rotaId: string; slotId: string; staffId: string }, signedOutcome: SessionOutcome, at: string, by: string): void {
  db.update(sessionOutcomes)
    .set({ signedOutcome, signedOffAt: at, signedOffBy: by })
    .where(and(eq(sessionOutcomes.serviceId, key.serviceId), eq(sessionOutcomes.rotaId, key.rotaId), eq(sessionOutcomes.slotId, key.slotId), eq(sessionOutcomes.staffId, key.staffId)))
    .run();
}

/** Every outcome of the service: the ledger weighs each against what was paid in locked periods. */
export function listOutcomes(db: Tx, serviceId: string): OutcomeRow[] {
  return db
    .select()
    .from(sessionOutcomes)
    .where(eq(sessionOutcomes.serviceId, serviceId))
    .orderBy(asc(sessionOutcomes.startMin))
    .all();
}

/** Every outcome of one staff member: each may pay minutes another outcome of theirs would pay again. */
export function listOutcomesOfStaff(db: Tx, serviceId: string, staffId: string): OutcomeRow[] {
  return db
    .select()
    .from(sessionOutcomes)
    .where(and(eq(sessionOutcomes.serviceId, serviceId), eq(sessionOutcomes.staffId, staffId)))
    .orderBy(asc(sessionOutcomes.startMin))
    .all();
}

export function listLocks(db: Tx, serviceId: string): LockRow[] {
  return db.select().from(payPeriodLocks).where(eq(payPeriodLocks.serviceId, serviceId)).orderBy(asc(payPeriodLocks.startDate)).all();
}

/** The boundaries of the locked periods, in order, without their snapshots. */
export function listLockedPeriods(db: Tx, serviceId: string): { id: string; startDate: string; endDate: string }[] {
  return db
    .select({ id: payPeriodLocks.periodId, startDate: payPeriodLocks.startDate, endDate: payPeriodLocks.endDate })
    .from(payPeriodLocks)
    .where(eq(payPeriodLocks.serviceId, serviceId))
    .orderBy(asc(payPeriodLocks.startDate))
    .all();
}

/** Store a locked period and its lines in the ledger (the caller runs this in a transaction). */
export function insertLock(db: Tx, serviceId: string, snapshot: PeriodExport, at: string, by: string): void {
  const p = snapshot.period;
  db.insert(payPeriodLocks).values({ serviceId, periodId: p.id, startDate: p.startDate, endDate: p.endDate, snapshot, lockedAt: at, lockedBy: by }).run();
  for (const l of snapshot.lines) {
    db.insert(payrollLedger)
      .values({ serviceId, periodId: p.id, sessionId: l.sessionId, staffId: l.workerId, lineType: l.lineType, workedMinutes: l.workedMinutes, paidMinutes: l.paidMinutes, payPence: l.payPence })
      .run();
  }
}
