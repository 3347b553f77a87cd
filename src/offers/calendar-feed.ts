// Calendar subscription addresses: a phone subscribes to a URL and cannot send a bearer token, so
// the feed has its own read-only secret.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { countFeeds, deleteFeeds, feedByHash, feedOfWorker, replaceFeed } from '../db/repositories/calendar-feed-repo.ts';
import { audit, immediate, OfferError, requireWorker, type Who } from './common.ts';
import { myCalendar } from './my-calendar.ts';


/**
 * Makes a calendar subscription secret for the worker and returns the path to subscribe to; with
 * `replace`, a new one for one they already have (the old stops working). Only the secret's sha256
 * is kept; the path is shown once.
 */
export function newCalendarFeed(db: Db, who: Who, nowMs: number, replace = false): { path: string } {
  const staffId = requireWorker(who);
  const secret = randomBytes(24).toString('base64url');
  immediate(db, () => {
    const existing = feedOfWorker(db, who.serviceId!, staffId);
    // A new address silently breaking the phone's subscription would surprise: replacing is explicit.
    if (existing && !replace) {
      throw new OfferError(409, 'conflict', 'you already have a calendar address; send {"replace": true} for a new one (the old one stops working)');
    }
    replaceFeed(db, { tokenHash: sha256(secret), serviceId: who.serviceId!, staffId, createdAtMs: nowMs });
    audit(db, nowMs, who, 'calendar.feed.create', `calendar:${staffId}`, who.serviceId!, null, { staffId });
  });
  return { path: `/calendar/${secret}/feed.ics` };
}

/** The feed behind a subscription secret, or a 404 for an unknown or replaced one. */
export function calendarByFeed(db: Db, secret: string, nowMs: number): string {
  const row = feedByHash(db, sha256(secret));
  if (!row) throw new OfferError(404, 'not_found', 'no calendar at this address (it may have been replaced)');
  return myCalendar(db, { name: `calendar:${row.staffId}`, serviceId: row.serviceId, staffId: row.staffId }, nowMs);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Ends a worker's calendar subscription addresses (their token was revoked, or they were archived). */
export function revokeCalendarFeeds(db: Db, serviceId: string, staffId: string): number {
  return deleteFeeds(db, serviceId, staffId);
}

export function countCalendarFeeds(db: Db, serviceId: string, staffId: string): number {
  return countFeeds(db, serviceId, staffId);
}
