// Rule settings of one service (Working Time Regulations defaults are applied by the compiler, not here).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ForbiddenSuccessionDef, WeeklyRestFormDef } from '../../service-file/types.ts';
import { services } from './organisation.ts';

export const ruleSettings = sqliteTable('rule_settings', {
  serviceId: text('service_id')
    .primaryKey()
    .references(() => services.id, { onDelete: 'cascade' }),
  minRestMinutes: integer('min_rest_minutes'),
  weeklyRestMinutes: integer('weekly_rest_minutes'),
  weeklyRestForm: text('weekly_rest_form').$type<WeeklyRestFormDef>(),
  maxMinutesPerWeek: integer('max_minutes_per_week'),
  averageMaxMinutesPerWeek: integer('average_max_minutes_per_week'),
  averageReferenceWeeks: integer('average_reference_weeks'),
  maxConsecutiveDays: integer('max_consecutive_days'),
  contractToleranceMinutes: integer('contract_tolerance_minutes'),
  forbiddenSuccessions: text('forbidden_successions', { mode: 'json' }).$type<ForbiddenSuccessionDef[]>(),
  weights: text('weights', { mode: 'json' }).$type<Record<string, number>>(),
  comment: text('comment'),
});
