// Staff and what belongs to each of them: qualifications (with expiry), availability, leave and absences.
import { foreignKey, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type {
  CaseloadDef,
  HistoryDef,
  PreferenceDef,
  StaffLimitsDef,
} from '../../service-file/types.ts';
import { services } from './organisation.ts';

export const staff = sqliteTable(
  'staff',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['contracted', 'bank'] }).notNull(),
    contractMinutesPerWeek: integer('contract_minutes_per_week'),
    roles: text('roles', { mode: 'json' }).notNull().$type<string[]>(),
    refusedSiteIds: text('refused_site_ids', { mode: 'json' }).$type<string[]>(),
    costPencePerHour: integer('cost_pence_per_hour').notNull(),
    preferences: text('preferences', { mode: 'json' }).$type<PreferenceDef[]>(),
    /** Working-time history stated in the file; solves prefer what the database itself records. */
    history: text('history', { mode: 'json' }).$type<HistoryDef>(),
    wtrOptOut: integer('wtr_opt_out', { mode: 'boolean' }),
    /** null: inferred from the shifts worked (see src/service-file/night-workers.ts). */
    nightWorker: integer('night_worker', { mode: 'boolean' }),
    limits: text('limits', { mode: 'json' }).$type<StaffLimitsDef>(),
    caseload: text('caseload', { mode: 'json' }).$type<CaseloadDef>(),
    homeSiteId: text('home_site_id'),
    /** The employer's payroll number, for the payroll export. */
    payrollNumber: text('payroll_number'),
    /** Where sign-in links and notifications go; unique in a service, ignoring case. */
    email: text('email'),
    /** Absent availability means "always available", which differs from an empty list of windows. */
    hasAvailability: integer('has_availability', { mode: 'boolean' }).notNull().default(false),
    availabilityComment: text('availability_comment'),
    comment: text('comment'),
    /**
     * Set when the record was archived: something (rotas, offers, payroll, tokens) still refers to it,
     * so it stays, out of planning, lists and exports, and its id is never given to anyone else.
     */
    archivedAt: text('archived_at'),
    archivedBy: text('archived_by'),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.id] })],
);

const staffRef = (t: { serviceId: any; staffId: any }) =>
  foreignKey({ columns: [t.serviceId, t.staffId], foreignColumns: [staff.serviceId, staff.id] }).onDelete('cascade');

export const qualifications = sqliteTable(
  'qualifications',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    position: integer('position').notNull(),
    skillId: text('skill_id').notNull(),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    reference: text('reference'),
    comment: text('comment'),
  },
  (t) => [staffRef(t), index('qualifications_staff').on(t.serviceId, t.staffId)],
);

export const availabilityWindows = sqliteTable(
  'availability_windows',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    position: integer('position').notNull(),
    rrule: text('rrule').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    fromDate: text('from_date'),
    untilDate: text('until_date'),
    comment: text('comment'),
  },
  (t) => [staffRef(t), index('availability_windows_staff').on(t.serviceId, t.staffId)],
);

export const availabilityExceptions = sqliteTable(
  'availability_exceptions',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    position: integer('position').notNull(),
    date: text('date').notNull(),
    available: integer('available', { mode: 'boolean' }).notNull(),
    startTime: text('start_time'),
    endTime: text('end_time'),
    comment: text('comment'),
  },
  (t) => [staffRef(t), index('availability_exceptions_staff').on(t.serviceId, t.staffId)],
);

/** Leave, sickness, training and other absences. */
export const absences = sqliteTable(
  'absences',
  {
    rowId: integer('row_id').primaryKey({ autoIncrement: true }),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    position: integer('position').notNull(),
    /** The file's id when it gave one; the API addresses absences by this, so one is derived if absent. */
    absenceId: text('absence_id').notNull(),
    /** Whether the id came from the file, so an export gives back exactly what was imported. */
    idFromFile: integer('id_from_file', { mode: 'boolean' }).notNull(),
    kind: text('kind', { enum: ['leave', 'sickness', 'training', 'other'] }).notNull(),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    startTime: text('start_time'),
    endTime: text('end_time'),
    approvedBy: text('approved_by'),
    comment: text('comment'),
  },
  (t) => [staffRef(t), index('absences_staff').on(t.serviceId, t.staffId)],
);
