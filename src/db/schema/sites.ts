// Sites (team bases, venues) and the travel minutes between them.
import { foreignKey, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { services } from './organisation.ts';

export const sites = sqliteTable(
  'sites',
  {
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    address: text('address'),
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

/** Travel from one site to another; the target may be any id the file names, so it has no foreign key. */
export const siteTravel = sqliteTable(
  'site_travel',
  {
    serviceId: text('service_id').notNull(),
    fromSiteId: text('from_site_id').notNull(),
    toSiteId: text('to_site_id').notNull(),
    position: integer('position').notNull(),
    minutes: integer('minutes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.fromSiteId, t.toSiteId] }),
    foreignKey({ columns: [t.serviceId, t.fromSiteId], foreignColumns: [sites.serviceId, sites.id] }).onDelete('cascade'),
  ],
);
