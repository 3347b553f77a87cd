// What still refers to a staff member, template or site: rotas, offers, payroll, tokens and feeds,
// and for a staff member their swaps, requests and fairness adjustments.
// A record something refers to is archived rather than deleted (src/services/archive.ts).
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { selfServiceReferences } from './self-service-repo.ts';
import { assignments, calendarFeeds, offerInvites, offerPlaces, offers, payrollLedger, rotas, sessionOutcomes, tokens } from '../schema/index.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** Kinds of reference, each with how many; only kinds with at least one are listed. */
export type References = Record<string, number>;

function n(row: { n: number } | undefined): number {
  return row?.n ?? 0;
}

function nonZero(counts: Record<string, number>): References {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0));
}

export function staffReferences(db: Tx, serviceId: string, staffId: string): References {
  const mine = and(eq(assignments.serviceId, serviceId), eq(assignments.staffId, staffId));
  const published = n(db.select({ n: count() }).from(assignments).where(and(mine, eq(assignments.published, true))).get());
  const accepted = n(db.select({ n: count() }).from(assignments).where(and(mine, eq(assignments.source, 'offer'))).get());
  const all = n(db.select({ n: count() }).from(assignments).where(mine).get());
  return nonZero({
    publishedAssignments: published,
    acceptedOffers: accepted,
    plannedAssignments: all - published,
    offerInvites: n(
      db.select({ n: count() }).from(offerInvites).where(and(eq(offerInvites.serviceId, serviceId), eq(offerInvites.staffId, staffId))).get(),
    ),
    payrollOutcomes: n(
      db.select({ n: count() }).from(sessionOutcomes).where(and(eq(sessionOutcomes.serviceId, serviceId), eq(sessionOutcomes.staffId, staffId))).get(),
    ),
    payrollLines: n(
      db.select({ n: count() }).from(payrollLedger).where(and(eq(payrollLedger.serviceId, serviceId), eq(payrollLedger.staffId, staffId))).get(),
    ),
    tokens: n(db.select({ n: count() }).from(tokens).where(and(eq(tokens.serviceId, serviceId), eq(tokens.staffId, staffId))).get()),
    calendarFeeds: n(
      db.select({ n: count() }).from(calendarFeeds).where(and(eq(calendarFeeds.serviceId, serviceId), eq(calendarFeeds.staffId, staffId))).get(),
    ),
    ...selfServiceReferences(db, serviceId, staffId),
  });
}

/** Slot ids are `<templateId>@<date>`: the template's sessions in rotas, offers and payroll. */
export function templateReferences(db: Tx, serviceId: string, templateId: string): References {
  const prefix = `${templateId}@`;
  const startsWith = (column: typeof assignments.slotId | typeof offerPlaces.slotId | typeof sessionOutcomes.slotId) =>
    sql`substr(${column}, 1, ${prefix.length}) = ${prefix}`;
  const mine = and(eq(assignments.serviceId, serviceId), startsWith(assignments.slotId));
  return nonZero({
    publishedAssignments: n(db.select({ n: count() }).from(assignments).where(and(mine, eq(assignments.published, true))).get()),
    acceptedOffers: n(db.select({ n: count() }).from(assignments).where(and(mine, eq(assignments.source, 'offer'))).get()),
    plannedAssignments: n(db.select({ n: count() }).from(assignments).where(and(mine, eq(assignments.published, false))).get()),
    offerPlaces: n(
      db
        .select({ n: count() })
        .from(offerPlaces)
        .innerJoin(offers, eq(offers.id, offerPlaces.offerId))
        .where(and(eq(offers.serviceId, serviceId), startsWith(offerPlaces.slotId)))
        .get(),
    ),
    payrollOutcomes: n(
      db.select({ n: count() }).from(sessionOutcomes).where(and(eq(sessionOutcomes.serviceId, serviceId), startsWith(sessionOutcomes.slotId))).get(),
    ),
  });
}

/** Sessions held at the site: rota slots (frozen at solve time, with the site) and offered places. */
export function siteReferences(db: Tx, serviceId: string, siteId: string): References {
  const rotaCount = n(
    db
      .select({ n: sql<number>`count(distinct ${rotas.id})` })
      .from(rotas)
      .where(
        and(
          eq(rotas.serviceId, serviceId),
          sql`exists (select 1 from json_each(${rotas.slots}) where json_extract(json_each.value, '$.siteId') = ${siteId})`,
        ),
      )
      .get(),
  );
  return nonZero({
    rotas: rotaCount,
    offerPlaces: n(
      db
        .select({ n: count() })
        .from(offerPlaces)
        .innerJoin(offers, eq(offers.id, offerPlaces.offerId))
        .where(and(eq(offers.serviceId, serviceId), eq(offerPlaces.siteId, siteId)))
        .get(),
    ),
  });
}

/** Open or queued invites of a staff member, by offer id (closed when they are archived). */
export function openInviteOfferIds(db: Tx, serviceId: string, staffId: string): string[] {
  return db
    .select({ offerId: offerInvites.offerId })
    .from(offerInvites)
    .innerJoin(offers, eq(offers.id, offerInvites.offerId))
    .where(
      and(
        eq(offerInvites.serviceId, serviceId),
        eq(offerInvites.staffId, staffId),
        sql`${offerInvites.status} in ('open', 'queued')`,
        eq(offers.status, 'open'),
      ),
    )
    .all()
    .map((r) => r.offerId);
}
