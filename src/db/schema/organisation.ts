// A service (the service file's organisation) and its reference lists: roles, skills, rule settings.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const services = sqliteTable('services', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone'),
  formatVersion: integer('format_version').notNull().default(1),
  /** The file-level comment and the organisation's comment, kept so an export matches the import. */
  fileComment: text('file_comment'),
  comment: text('comment'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const roles = sqliteTable(
  'roles',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.id] })],
);

export const skills = sqliteTable(
  'skills',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['skill', 'qualification', 'approval', 'licence', 'training'] }),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.id] })],
);
