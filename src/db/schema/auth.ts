// API tokens: only the sha256 of each token is stored; the token itself is shown once at creation.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export type Role = 'manager' | 'worker' | 'payroll';

export const tokens = sqliteTable('tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role', { enum: ['manager', 'worker', 'payroll'] }).notNull(),
  /** A worker token is bound to one staff member of one service. */
  serviceId: text('service_id'),
  staffId: text('staff_id'),
  label: text('label'),
  /**
   * Who holds a manager or payroll token (a worker token names its staff member instead), so the
   * audit log names a person; null only for tokens made before names were recorded.
   */
  name: text('name'),
  createdAt: text('created_at').notNull(),
  /** Who made the token (the audit name of the creator). */
  createdBy: text('created_by'),
  /** Every token expires; a token past this instant answers 401. */
  expiresAt: text('expires_at'),
  revokedAt: text('revoked_at'),
});
