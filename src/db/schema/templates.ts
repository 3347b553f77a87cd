// Session templates (recurring shifts and sessions) and the role demand of each.
import { foreignKey, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { BreakDef } from '../../service-file/types.ts';
import { services } from './organisation.ts';

export const templates = sqliteTable(
  'templates',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** null for remote work (phone or video). */
    siteId: text('site_id'),
    startTime: text('start_time').notNull(),
    endTime: text('end_time'),
    durationMinutes: integer('duration_minutes'),
    rrule: text('rrule').notNull(),
    anchorDate: text('anchor_date'),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    runsOnBankHolidays: integer('runs_on_bank_holidays', { mode: 'boolean' }),
    excludedDates: text('excluded_dates', { mode: 'json' }).$type<string[]>(),
    extraDates: text('extra_dates', { mode: 'json' }).$type<string[]>(),
    paidExtraMinutes: integer('paid_extra_minutes'),
    breaks: text('breaks', { mode: 'json' }).$type<BreakDef[]>(),
    cancelledMinPaidMinutes: integer('cancelled_min_paid_minutes'),
    tags: text('tags', { mode: 'json' }).$type<string[]>(),
    priority: real('priority'),
    seriesId: text('series_id'),
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

export const templateDemand = sqliteTable(
  'template_demand',
  {
    serviceId: text('service_id').notNull(),
    templateId: text('template_id').notNull(),
    position: integer('position').notNull(),
    roleId: text('role_id').notNull(),
    min: integer('min').notNull(),
    preferred: integer('preferred').notNull(),
    max: integer('max').notNull(),
    skills: text('skills', { mode: 'json' }).$type<string[]>(),
    underWeight: integer('under_weight'),
    overWeight: integer('over_weight'),
    comment: text('comment'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.templateId, t.position] }),
    foreignKey({ columns: [t.serviceId, t.templateId], foreignColumns: [templates.serviceId, templates.id] }).onDelete(
      'cascade',
    ),
  ],
);
