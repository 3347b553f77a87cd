import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openDb, type Db } from '../../src/db/client.ts';
import { assignments, auditLog, offerFills, rotas } from '../../src/db/schema/index.ts';
import {
  acceptOffer,
  createOffers,
  createSeriesOffer,
  declineOffer,
  myCalendar,
  myOffers,
  processExpired,
  rotaOfferHistory,
  type Who,
} from '../../src/offers/service.ts';
import { bankService, seed } from './support/bank-service.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const MIN = 60_000;
const manager: Who = { name: 'token:1 (manager)' };
const worker = (id: string): Who => ({ name: `token:w (worker kent-bank/${id})`, serviceId: 'kent-bank', staffId: id });

function fresh(): { db: Db; rotaId: string } {
  const db = openDb(':memory:');
  return { db, rotaId: seed(db) };
}

const offerFor = (db: Db, rotaId: string, slotId: string, mode: 'cascade' | 'broadcast' = 'cascade', ttlMinutes = 60) =>
  createOffers(db, manager, rotaId, { mode, ttlMinutes, places: [{ slotId, roleId: 'support' }] }, T0).offers[0];

describe('creating offers', () => {
  it('offers every open place to ranked bank workers only, cascade first to the best', () => {
    const { db, rotaId } = fresh();
    const created = createOffers(db, manager, rotaId, { mode: 'cascade', ttlMinutes: 30 }, T0).offers;
    expect(created.map((c) => c.places[0].slotId).sort()).toEqual([
      'evening@2026-11-23',
      'group@2026-11-23',
      'group@2026-11-25',
      'wellbeing@2026-11-24',
      'wellbeing@2026-11-26',
    ]);
    for (const c of created) {
      expect(c.ranking.eligible.map((e) => e.workerId)).not.toContain('carl');
      // Cheapest first: bank-000 costs least.
      expect(c.ranking.eligible[0].workerId).toBe('bank-000');
    }
    const mine = myOffers(db, worker('bank-000'), T0 + 1);
    expect(mine).toHaveLength(5);
    const tue = mine.find((o) => o.sessions[0].slotId === 'wellbeing@2026-11-24')!;
    expect(tue.sessions[0]).toMatchObject({
      venue: { id: 'gravesend', name: 'Gravesend Community Hub' },
      start: '2026-11-24T10:00:00+00:00',
      end: '2026-11-24T13:00:00+00:00',
      paidHours: 4,
    });
    expect(tue.expiresAt).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(myOffers(db, worker('bank-001'), T0 + 1)).toEqual([]);
    // Sending the same places again finds nothing open.
    expect(createOffers(db, manager, rotaId, { mode: 'cascade', ttlMinutes: 30 }, T0)).toEqual({ offers: [], notSent: [] });
  });

  it('turns a place planned for a bank worker into an offer with that worker first', () => {
    const { db, rotaId } = fresh();
    db.insert(assignments)
      .values({ rotaId, serviceId: 'kent-bank', slotId: 'wellbeing@2026-11-24', roleId: 'support', staffId: 'bank-003', startMin: 0, endMin: 1, workMinutes: 240, source: 'solver', proposed: true, updatedAt: 'x', updatedBy: 'solver' })
      .run();
    const created = createOffers(db, manager, rotaId, { mode: 'cascade', ttlMinutes: 30, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] }, T0).offers;
    expect(db.select().from(assignments).all()).toEqual([]);
    expect(myOffers(db, worker('bank-003'), T0 + 1).map((o) => o.offerId)).toEqual([created[0].offerId]);
    const [made] = db.select().from(auditLog).where(and(eq(auditLog.entityId, created[0].offerId), eq(auditLog.action, 'offer.create'))).all();
    expect(made.details).toMatchObject({ replacedPlanned: [{ staffId: 'bank-003', assignmentId: expect.any(Number) }] });
  });

  it('reports the open places no bank worker may take instead of sending them to nobody', () => {
    const db = openDb(':memory:');
    const file = bankService();
    file.staff = file.staff.map((m) => ({ ...m, skills: [] })); // nobody has group work now
    const rotaId = seed(db, file);
    const { offers, notSent } = createOffers(db, manager, rotaId, { mode: 'broadcast', ttlMinutes: 30 }, T0);
    expect(offers.map((o) => o.places[0].slotId).sort()).toEqual(['evening@2026-11-23', 'wellbeing@2026-11-24', 'wellbeing@2026-11-26']);
    expect(notSent.map((n) => n.places[0].slotId).sort()).toEqual(['group@2026-11-23', 'group@2026-11-25']);
    for (const n of notSent) {
      expect(n.excluded.map((e) => e.workerId)).toEqual(['bank-000', 'bank-001', 'bank-002', 'bank-003']);
      expect(n.excluded[0].reasons.join(' ')).toMatch(/does not hold Group work/);
    }
  });

  it('refuses to send offers while the rota is being solved', () => {
    const { db, rotaId } = fresh();
    db.update(rotas).set({ status: 'running' }).where(eq(rotas.id, rotaId)).run();
    expect(() => createOffers(db, manager, rotaId, { mode: 'cascade', ttlMinutes: 30 }, T0)).toThrow(/being solved/);
  });

  it('refuses a place that is full, naming it', () => {
    const { db, rotaId } = fresh();
    offerFor(db, rotaId, 'wellbeing@2026-11-24');
    expect(() => offerFor(db, rotaId, 'wellbeing@2026-11-24')).toThrow(/already full or under offer/);
    expect(() => offerFor(db, rotaId, 'nope')).toThrow(/places\[0\]\.slotId/);
  });
});

describe('answering offers', () => {
  it('accept pins the place, closes the offer and audits it; a second accept by the winner answers the same', () => {
    const { db, rotaId } = fresh();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-24', 'broadcast');
    const r = acceptOffer(db, worker('bank-002'), o.offerId, T0 + MIN);
    expect(r).toMatchObject({ ok: true, status: 'accepted' });
    const rows = db.select().from(assignments).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ staffId: 'bank-002', slotId: 'wellbeing@2026-11-24', pinned: true, source: 'offer' });
    expect(acceptOffer(db, worker('bank-001'), o.offerId, T0 + 2 * MIN)).toMatchObject({ ok: false, code: 'offer-closed' });
    // A phone retry by the winner: 200 with the same result, not "you lost it", and nothing booked twice.
    expect(acceptOffer(db, worker('bank-002'), o.offerId, T0 + 2 * MIN)).toEqual({ ...r, repeat: true });
    expect(db.select().from(assignments).all()).toHaveLength(1);
    const [h] = rotaOfferHistory(db, rotaId);
    expect(h).toMatchObject({ status: 'accepted', winner: 'bank-002' });
    expect(h.invites.map((i) => `${i.staffId}:${i.status}:${i.reason ?? ''}`)).toEqual([
      'bank-000:withdrawn:taken by another worker',
      'bank-001:withdrawn:taken by another worker',
      'bank-002:accepted:',
      'bank-003:withdrawn:taken by another worker',
    ]);
    const actions = db.select().from(auditLog).where(eq(auditLog.entityId, o.offerId)).all().map((a) => a.action);
    expect(actions.filter((a) => a === 'offer.send')).toHaveLength(4);
    expect(actions).toContain('offer.create');
    expect(actions.filter((a) => a === 'offer.accept')).toHaveLength(1);
    // Late accepts change nothing, so they are answered but not logged as changes.
    expect(actions.filter((a) => a === 'offer.accept.refused')).toHaveLength(0);
  });

  it('the fills table is a second guard: if the place was somehow filled already, the accept rolls back whole', () => {
    const { db, rotaId } = fresh();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-24', 'broadcast');
    // Simulate a writer that got past the state checks: the place's fill exists, the offer still looks open.
    const other = db
      .insert(assignments)
      .values({ rotaId: 'rota-1', serviceId: 'kent-bank', slotId: 'group@2026-11-23', roleId: 'support', staffId: 'bank-003', startMin: 0, endMin: 1, workMinutes: 120, source: 'manual', updatedAt: 'x', updatedBy: 'x' })
      .returning()
      .get();
    db.insert(offerFills).values({ offerId: o.offerId, position: 0, staffId: 'bank-003', assignmentId: other.id, atMs: T0 }).run();
    const r = acceptOffer(db, worker('bank-001'), o.offerId, T0 + MIN);
    expect(r).toMatchObject({ ok: false, code: 'offer-closed' });
    // Nothing of the failed accept is left: no assignment for bank-001, the offer still open, no accept logged.
    expect(db.select().from(assignments).where(eq(assignments.staffId, 'bank-001')).all()).toEqual([]);
    expect(rotaOfferHistory(db, rotaId)[0].status).toBe('open');
    expect(db.select().from(auditLog).where(and(eq(auditLog.entityId, o.offerId), eq(auditLog.action, 'offer.accept'))).all()).toEqual([]);
  });

  it('a place accepted on a published rota is published with it', () => {
    const { db, rotaId } = fresh();
    db.update(rotas).set({ publishedAt: '2026-11-20T08:00:00.000Z', publishedBy: 'mgr' }).where(eq(rotas.id, rotaId)).run();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-24', 'broadcast');
    expect(acceptOffer(db, worker('bank-003'), o.offerId, T0 + MIN).ok).toBe(true);
    expect(db.select().from(assignments).all()[0]).toMatchObject({ staffId: 'bank-003', published: true, pinned: true, overridden: false });
  });

  it('a worker not offered the place cannot see or take it', () => {
    const { db, rotaId } = fresh();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-24', 'cascade');
    expect(() => acceptOffer(db, worker('carl'), o.offerId, T0 + 1)).toThrow(/not found/);
    expect(() => acceptOffer(db, { ...worker('bank-000'), serviceId: 'other' }, o.offerId, T0 + 1)).toThrow(/not found/);
    expect(acceptOffer(db, worker('bank-001'), o.offerId, T0 + 1)).toMatchObject({ ok: false, code: 'not-open' });
  });

  it('re-checks hard rules at accept: a clash taken meanwhile is refused with the reason and the cascade moves on', () => {
    const db = openDb(':memory:');
    const file = bankService();
    // A late activity on Monday 20:00-22:00 overlaps the Monday evening session (18:00-21:00).
    file.templates.push({
      id: 'late',
      name: 'Late activity',
      kind: 'activity',
      siteId: 'gravesend',
      startTime: '20:00',
      endTime: '22:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
    });
    const rotaId = seed(db, file);
    // Both offered to bank-000 first.
    const late = offerFor(db, rotaId, 'late@2026-11-23');
    const evening = offerFor(db, rotaId, 'evening@2026-11-23');
    expect(acceptOffer(db, worker('bank-000'), late.offerId, T0 + MIN).ok).toBe(true);
    const r = acceptOffer(db, worker('bank-000'), evening.offerId, T0 + 2 * MIN);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('rules');
      expect(r.reason).toMatch(/no longer take this offer/);
      expect(r.reasons!.join(' ')).toMatch(/overlap/i);
    }
    expect(myOffers(db, worker('bank-001'), T0 + 3 * MIN).map((o) => o.offerId)).toContain(evening.offerId);
    expect(db.select().from(assignments).where(eq(assignments.staffId, 'bank-000')).all()).toHaveLength(1);
    const refusal = db.select().from(auditLog).where(and(eq(auditLog.entityId, evening.offerId), eq(auditLog.action, 'offer.accept.refused'))).all();
    expect(refusal).toHaveLength(1);
    expect(refusal[0].reason).toMatch(/overlap/i);
  });

  it('counts sessions held in the neighbouring week\'s rota: rest across the week boundary', () => {
    const db = openDb(':memory:');
    const file = bankService();
    const extra = (id: string, rrule: string, startTime: string, endTime: string) => ({
      id,
      name: id,
      kind: 'activity',
      siteId: 'gravesend',
      startTime,
      endTime,
      rrule,
      demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
    });
    file.templates.push(extra('sunday-late', 'FREQ=WEEKLY;BYDAY=SU', '20:00', '23:00'), extra('monday-early', 'FREQ=WEEKLY;BYDAY=MO', '08:00', '10:00'));
    const week1 = seed(db, file, 'rota-w1', '2026-11-23');
    const week2 = seed(db, file, 'rota-w2', '2026-11-30');
    const place = (slotId: string) => ({ mode: 'cascade' as const, ttlMinutes: 60, places: [{ slotId, roleId: 'support' }] });
    const monday = createOffers(db, manager, week2, place('monday-early@2026-11-30'), T0).offers[0];
    const sunday = createOffers(db, manager, week1, place('sunday-late@2026-11-29'), T0).offers[0];
    expect(monday.offeredTo[0]).toBe('bank-000');
    expect(acceptOffer(db, worker('bank-000'), sunday.offerId, T0 + MIN).ok).toBe(true);
    const r = acceptOffer(db, worker('bank-000'), monday.offerId, T0 + 2 * MIN);
    expect(r).toMatchObject({ ok: false, code: 'rules' });
    if (!r.ok) expect(r.reasons![0]).toMatch(/only 9 h rest after sunday-late on 2026-11-29 20:00-23:00, already held; needs 11 h/);
    // The manager sees why, and the cascade has moved on.
    const history = rotaOfferHistory(db, week2).find((o) => o.offerId === monday.offerId)!;
    expect(history.invites[0]).toMatchObject({ staffId: 'bank-000', status: 'withdrawn', reason: expect.stringMatching(/rest after sunday-late/) });
    expect(myOffers(db, worker('bank-001'), T0 + 3 * MIN).map((o) => o.offerId)).toContain(monday.offerId);
  });

  it('decline and expiry hand a cascade to the next worker; expiry needs no request', () => {
    const { db, rotaId } = fresh();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-26', 'cascade', 30);
    expect(declineOffer(db, worker('bank-000'), o.offerId, T0 + MIN, 'too far')).toMatchObject({ ok: true });
    expect(myOffers(db, worker('bank-001'), T0 + MIN).map((x) => x.offerId)).toEqual([o.offerId]);
    expect(processExpired(db, T0 + 30 * MIN)).toBe(0);
    expect(processExpired(db, T0 + 31 * MIN)).toBe(1);
    expect(myOffers(db, worker('bank-001'), T0 + 31 * MIN)).toEqual([]);
    expect(myOffers(db, worker('bank-002'), T0 + 31 * MIN).map((x) => x.offerId)).toEqual([o.offerId]);
    // A stale accept from the worker whose time ran out is refused.
    expect(acceptOffer(db, worker('bank-001'), o.offerId, T0 + 32 * MIN)).toMatchObject({ ok: false, code: 'expired' });

    const [h] = rotaOfferHistory(db, rotaId);
    expect(h.history.map((e) => `${e.type}:${e.staffId ?? ''}`)).toEqual([
      'offered:bank-000',
      'declined:bank-000',
      'offered:bank-001',
      'expired:bank-001',
      'offered:bank-002',
    ]);
    expect(h.history[1].reason).toBe('too far');
    const expiries = db.select().from(auditLog).where(and(eq(auditLog.entityId, o.offerId), eq(auditLog.action, 'offer.expire'))).all();
    expect(expiries).toHaveLength(1);
    expect(expiries[0].actor).toBe('system');
  });

  it('offers a series whole: one accept books every session', () => {
    const { db, rotaId } = fresh();
    const {
      offers: [o],
    } = createOffers(db, manager, rotaId, {
      mode: 'broadcast',
      ttlMinutes: 60,
      series: true,
      places: [
        { slotId: 'group@2026-11-23', roleId: 'support' },
        { slotId: 'group@2026-11-25', roleId: 'support' },
      ],
    }, T0);
    const mine = myOffers(db, worker('bank-001'), T0 + 1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ series: true, paidHours: 4 });
    expect(acceptOffer(db, worker('bank-001'), o.offerId, T0 + MIN)).toMatchObject({ ok: true });
    expect(db.select().from(assignments).all().map((a) => a.slotId).sort()).toEqual(['group@2026-11-23', 'group@2026-11-25']);
    expect(db.select().from(offerFills).all()).toHaveLength(2);
  });

  it('offers a weekly group over two weekly rotas as one series, judged over both weeks', () => {
    const db = openDb(':memory:');
    const file = bankService();
    // bank-001 is on leave on the second Monday: the series does not fit, though week 1 would.
    file.staff = file.staff.map((m) => (m.id === 'bank-001' ? { ...m, absences: [{ kind: 'leave', from: '2026-11-30', to: '2026-11-30' }] } : m));
    const week1 = seed(db, file, 'rota-w1', '2026-11-23');
    const week2 = seed(db, file, 'rota-w2', '2026-11-30');
    const series = createSeriesOffer(db, manager, {
      mode: 'cascade',
      ttlMinutes: 60,
      places: [
        { rotaId: week1, slotId: 'group@2026-11-23', roleId: 'support' },
        { rotaId: week2, slotId: 'group@2026-11-30', roleId: 'support' },
      ],
    }, T0);
    expect(series.offeredTo).toEqual(['bank-000', 'bank-002', 'bank-003']);
    expect(series.ranking.excluded.map((e) => e.workerId)).toEqual(['bank-001']);
    expect(series.ranking.excluded[0].reasons.join(' ')).toMatch(/leave/);
    expect(myOffers(db, worker('bank-000'), T0 + 1)[0]).toMatchObject({ series: true, paidHours: 4 });

    expect(acceptOffer(db, worker('bank-000'), series.offerId, T0 + MIN)).toMatchObject({ ok: true });
    const rows = db.select().from(assignments).where(eq(assignments.staffId, 'bank-000')).all();
    expect(rows.map((a) => `${a.rotaId}:${a.slotId}`).sort()).toEqual(['rota-w1:group@2026-11-23', 'rota-w2:group@2026-11-30']);
    // The manager sees it in both weeks' history.
    expect(rotaOfferHistory(db, week1).map((o) => o.offerId)).toEqual([series.offerId]);
    expect(rotaOfferHistory(db, week2).map((o) => o.offerId)).toEqual([series.offerId]);
    // A session not in the named rota's week is refused, naming the field.
    expect(() =>
      createSeriesOffer(db, manager, { mode: 'cascade', ttlMinutes: 60, places: [{ rotaId: week1, slotId: 'group@2026-11-30', roleId: 'support' }] }, T0),
    ).toThrow(/places\[0\]\.slotId/);
  });

  it('gives the worker an iCalendar feed of accepted sessions with the venue', () => {
    const { db, rotaId } = fresh();
    const o = offerFor(db, rotaId, 'wellbeing@2026-11-24', 'broadcast');
    acceptOffer(db, worker('bank-002'), o.offerId, T0 + MIN);
    const ics = myCalendar(db, worker('bank-002'), T0 + MIN);
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain('DTSTART;TZID=Europe/London:20261124T100000');
    expect(lines).toContain('DTEND;TZID=Europe/London:20261124T130000');
    expect(lines).toContain('LOCATION:Gravesend Community Hub\\, 1 Windmill St\\, Gravesend');
    expect(lines.filter((l) => l.startsWith('UID:'))).toHaveLength(1);
    expect(myCalendar(db, worker('bank-001'), T0 + MIN)).not.toMatch(/BEGIN:VEVENT/);
  });
});
