// Signing in to the web app: people who are not staff (managers, payroll), one-time links sent by
// email, and browser sessions. Secrets are stored only as sha256 hashes.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tokens } from './auth.ts';

/**
 * Managers and payroll clerks who sign in by email (staff sign in with the email on their staff
 * record). Email is stored lower-cased.
 */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['manager', 'payroll'] }).notNull(),
  createdAt: text('created_at').notNull(),
  /** A disabled user gets no more links; their sessions end. */
  disabledAt: text('disabled_at'),
});

/** A one-time sign-in link: for one staff member of one service, or for one user. */
export const signInLinks = sqliteTable(
  'sign_in_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    secretHash: text('secret_hash').notNull().unique(),
    email: text('email').notNull(),
    serviceId: text('service_id'),
    staffId: text('staff_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('sign_in_links_email').on(t.email, t.createdAt)],
);

/**
 * A signed-in browser. It carries the rights of one token (so a cookie passes the same access rules
 * as a bearer token, and revoking the token ends the session): a token made for it when signing in by
 * link, or the token pasted in.
 */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    secretHash: text('secret_hash').notNull().unique(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => tokens.id, { onDelete: 'cascade' }),
    /** The user who signed in by link (null for staff and for pasted tokens): disabling them ends it. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** 'link': signed in from an emailed link (the token was made for this session); 'token': pasted. */
    via: text('via', { enum: ['link', 'token'] }).notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('web_sessions_token').on(t.tokenId)],
);
