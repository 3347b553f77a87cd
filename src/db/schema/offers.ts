// Bank offers: an offer of one place (or a series offered whole) to ranked bank workers, each
// worker's invite with its state, the history of what happened, and the fills that guard against
// double booking. Times are epoch milliseconds (the offer clock runs in ms, expiry included).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { assignments, rotas } from './rotas.ts';

export const offers = sqliteTable(
  'offers',
  {
    id: text('id').primaryKey(),
    rotaId: text('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    serviceId: text('service_id').notNull(),
    mode: text('mode', { enum: ['cascade', 'broadcast'] }).notNull(),
    /** How long each worker has to answer once the offer reaches them. */
    ttlMs: integer('ttl_ms').notNull(),
    /** The first offered session's start: no answer window runs past it. */
    deadlineMs: integer('deadline_ms'),
    status: text('status', { enum: ['open', 'accepted', 'exhausted', 'withdrawn'] }).notNull(),
    /**
     * How many workers can win it: 1 for one place or a series (one worker takes every session), the
     * number of places for a session offered with several places (each worker takes one).
     */
    capacity: integer('capacity').notNull().default(1),
    /** The template series when several sessions are offered together. */
    seriesId: text('series_id'),
    winnerStaffId: text('winner_staff_id'),
    /** Earliest expiry among open invites; what the expiry timer looks up. null when nothing waits. */
    nextExpiryMs: integer('next_expiry_ms'),
    createdAtMs: integer('created_at_ms').notNull(),
    closedAtMs: integer('closed_at_ms'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('offers_rota').on(t.rotaId), index('offers_next_expiry').on(t.nextExpiryMs)],
);

/** The sessions of an offer (one, or several for a series), with what a worker needs to see. */
export const offerPlaces = sqliteTable(
  'offer_places',
  {
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    rotaId: text('rota_id').notNull(),
    slotId: text('slot_id').notNull(),
    roleId: text('role_id').notNull(),
    label: text('label').notNull(),
    siteId: text('site_id'),
    siteName: text('site_name'),
    startMin: integer('start_min').notNull(),
    endMin: integer('end_min').notNull(),
    /** Paid minutes: elapsed time plus paid preparation. */
    workMinutes: integer('work_minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.position] }), index('offer_places_slot').on(t.rotaId, t.slotId, t.roleId)],
);

export const offerInvites = sqliteTable(
  'offer_invites',
  {
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    rank: integer('rank').notNull(),
    /** cancelled: accepted, then the manager took the place away (the reason says why). */
    status: text('status', { enum: ['queued', 'open', 'accepted', 'declined', 'expired', 'withdrawn', 'cancelled'] }).notNull(),
    sentAtMs: integer('sent_at_ms'),
    expiresAtMs: integer('expires_at_ms'),
    closedAtMs: integer('closed_at_ms'),
    reason: text('reason'),
  },
  // Indexed by worker without the status: closing an offer changes many invites' status at once,
  // and a status in the index would move each of their index entries (pages written per accept).
  (t) => [primaryKey({ columns: [t.offerId, t.staffId] }), index('offer_invites_worker').on(t.serviceId, t.staffId)],
);

/** Every offer, accept, decline, expiry and withdrawal, in order: the manager's history view. */
export const offerEvents = sqliteTable(
  'offer_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    staffId: text('staff_id'),
    atMs: integer('at_ms').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
  },
  (t) => [index('offer_events_offer').on(t.offerId)],
);

/**
 * One row per filled offered place. The primary key makes a second fill of the same place fail
 * inside the accept transaction even if every check before it were wrong: the guard of last resort
 * against double booking.
 */
export const offerFills = sqliteTable(
  'offer_fills',
  {
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    staffId: text('staff_id').notNull(),
    assignmentId: integer('assignment_id')
      .notNull()
      .unique()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.position] })],
);

/**
 * A worker's calendar subscription address. A phone subscribes to a URL and cannot send a bearer
 * token, so the feed has its own read-only secret (only its sha256 is stored); making a new one
 * replaces the old.
 */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    tokenHash: text('token_hash').primaryKey(),
    serviceId: text('service_id').notNull(),
    staffId: text('staff_id').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (t) => [index('calendar_feeds_staff').on(t.serviceId, t.staffId)],
);
