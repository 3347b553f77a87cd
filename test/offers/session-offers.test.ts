// Offers as a bank worker sees them (issue 19, point 11): one offer per session, not one per place.
// A session with two places is one offer (one card) that two workers can each take one place of;
// exactly one winner per place; a worker who already holds it gets the same answer again.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDb } from '../../src/db/client.ts';
import { assignments, offerFills } from '../../src/db/schema/index.ts';
import { acceptOffer, createOffers, declineOffer, myOffers, rotaOfferHistory, type Who } from '../../src/offers/service.ts';
import { bankService, seed } from './support/bank-service.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const MIN = 60_000;
const manager: Who = { name: 'mgr' };
const worker = (id: string): Who => ({ name: id, serviceId: 'kent-bank', staffId: id });
const TUE = 'wellbeing@2026-11-24';

function twoPlaceSessions(mode: 'cascade' | 'broadcast') {
  const db = openDb(':memory:');
  const file = bankService();
  // Wellbeing sessions are run by two workers jointly.
  file.templates = file.templates.map((t) => (t.id === 'wellbeing' ? { ...t, demand: [{ roleId: 'support', min: 2, preferred: 2, max: 2 }] } : t));
  const rotaId = seed(db, file);
  const { offers } = createOffers(db, manager, rotaId, { mode, ttlMinutes: 60 }, T0);
  return { db, rotaId, offers };
}

describe('one offer per session', () => {
  it('a session with two places is one offer, one card per worker, two winners, one place each', () => {
    const { db, rotaId, offers } = twoPlaceSessions('cascade');
    const tue = offers.filter((o) => o.places.some((p) => p.slotId === TUE));
    expect(tue).toHaveLength(1);
    expect(tue[0].places).toEqual([
      { slotId: TUE, roleId: 'support' },
      { slotId: TUE, roleId: 'support' },
    ]);
    // A cascade asks one worker per free place: the best two at once.
    const cards = (id: string) => myOffers(db, worker(id), T0 + 1).filter((o) => o.sessions.some((s) => s.slotId === TUE));
    expect(cards('bank-000')).toHaveLength(1);
    expect(cards('bank-000')[0].sessions).toHaveLength(1);
    expect(cards('bank-000')[0]).toMatchObject({ series: false, paidHours: 4, state: 'offered' });
    expect(cards('bank-001')).toHaveLength(1);
    expect(cards('bank-002')).toHaveLength(0);

    const first = acceptOffer(db, worker('bank-001'), tue[0].offerId, T0 + MIN);
    expect(first).toMatchObject({ ok: true, state: 'accepted', status: 'open', repeat: false });
    // The retry of a phone that lost its answer: the same place, nothing new.
    expect(acceptOffer(db, worker('bank-001'), tue[0].offerId, T0 + 2 * MIN)).toEqual({ ...first, repeat: true });
    const second = acceptOffer(db, worker('bank-000'), tue[0].offerId, T0 + 3 * MIN);
    expect(second).toMatchObject({ ok: true, state: 'accepted', status: 'accepted' });
    const late = acceptOffer(db, worker('bank-002'), tue[0].offerId, T0 + 4 * MIN);
    expect(late).toMatchObject({ ok: false, code: 'offer-closed' });

    const held = db.select().from(assignments).where(eq(assignments.slotId, TUE)).all();
    expect(held.map((a) => a.staffId).sort()).toEqual(['bank-000', 'bank-001']);
    const fills = db.select().from(offerFills).where(eq(offerFills.offerId, tue[0].offerId)).all();
    expect(fills.map((f) => f.position).sort()).toEqual([0, 1]);
    const [h] = rotaOfferHistory(db, rotaId).filter((o) => o.offerId === tue[0].offerId);
    expect(h).toMatchObject({ status: 'accepted', capacity: 2, winners: ['bank-000', 'bank-001'] });
  });

  it('in a broadcast, every worker sees one card and the first two valid accepts win', () => {
    const { db, offers } = twoPlaceSessions('broadcast');
    const [tue] = offers.filter((o) => o.places.some((p) => p.slotId === TUE));
    for (const id of ['bank-000', 'bank-001', 'bank-002', 'bank-003']) {
      expect(myOffers(db, worker(id), T0 + 1).filter((o) => o.offerId === tue.offerId)).toHaveLength(1);
    }
    const answers = ['bank-003', 'bank-002', 'bank-001', 'bank-000'].map((id, k) => acceptOffer(db, worker(id), tue.offerId, T0 + (k + 1) * MIN));
    expect(answers.map((a) => a.ok)).toEqual([true, true, false, false]);
    expect(db.select().from(assignments).where(eq(assignments.slotId, TUE)).all().map((a) => a.staffId).sort()).toEqual(['bank-002', 'bank-003']);
    // A worker who lost the race and declines is told where it stands for them.
    expect(declineOffer(db, worker('bank-000'), tue.offerId, T0 + 9 * MIN)).toMatchObject({ ok: true, state: 'taken', repeat: true });
  });
});
