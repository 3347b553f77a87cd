import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accept,
  cancelAccepted,
  createOffer,
  decline,
  expireDue,
  invalidate,
  nextExpiryMs,
  openInvites,
  withdraw,
  workerState,
  type Offer,
  type OfferEvent,
} from '../../src/offers/state.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 9);

const statuses = (o: Offer) => Object.fromEntries(o.invites.map((i) => [i.workerId, i.status]));

describe('cascade', () => {
  it('offers one worker at a time, in rank order, moving on at decline and expiry', () => {
    let s = createOffer({ id: 'o1', mode: 'cascade', ttlMs: 30 * MINUTE, workerIds: ['a', 'b', 'c'], nowMs: T0 });
    expect(statuses(s.offer)).toEqual({ a: 'open', b: 'queued', c: 'queued' });
    expect(s.events).toEqual([{ type: 'offered', offerId: 'o1', workerId: 'a', atMs: T0 }]);
    expect(nextExpiryMs(s.offer)).toBe(T0 + 30 * MINUTE);

    const d = decline(s.offer, 'a', T0 + MINUTE);
    expect(d.ok).toBe(true);
    expect(statuses(d.offer)).toEqual({ a: 'declined', b: 'open', c: 'queued' });
    expect(d.events.map((e) => `${e.type}:${e.workerId}`)).toEqual(['declined:a', 'offered:b']);

    // b lets it lapse: expiry hands it to c with a fresh window from the moment of processing.
    s = expireDue(d.offer, T0 + 31 * MINUTE);
    expect(statuses(s.offer)).toEqual({ a: 'declined', b: 'expired', c: 'open' });
    expect(s.offer.invites[2].expiresAtMs).toBe(T0 + 61 * MINUTE);

    const early = accept(s.offer, 'b', T0 + 32 * MINUTE);
    expect(early).toMatchObject({ ok: false, code: 'expired' });

    const won = accept(s.offer, 'c', T0 + 40 * MINUTE);
    expect(won.ok).toBe(true);
    expect(won.offer).toMatchObject({ status: 'accepted', winnerWorkerId: 'c', closedAtMs: T0 + 40 * MINUTE });
    expect(nextExpiryMs(won.offer)).toBeNull();
  });

  it('refuses an accept from a worker the offer has not reached yet', () => {
    const s = createOffer({ id: 'o1', mode: 'cascade', ttlMs: MINUTE, workerIds: ['a', 'b'], nowMs: T0 });
    expect(accept(s.offer, 'b', T0)).toMatchObject({ ok: false, code: 'not-open', reason: 'the offer has not reached you yet' });
    expect(accept(s.offer, 'zed', T0)).toMatchObject({ ok: false, code: 'not-offered' });
  });

  it('is exhausted when the last worker declines', () => {
    const s = createOffer({ id: 'o1', mode: 'cascade', ttlMs: MINUTE, workerIds: ['a'], nowMs: T0 });
    const d = decline(s.offer, 'a', T0 + 1);
    expect(d.offer.status).toBe('exhausted');
    expect(d.events.map((e) => e.type)).toEqual(['declined', 'exhausted']);
  });

  it('moves on when an accept fails the hard-rule re-check', () => {
    const s = createOffer({ id: 'o1', mode: 'cascade', ttlMs: MINUTE, workerIds: ['a', 'b'], nowMs: T0 });
    const r = invalidate(s.offer, 'a', T0 + 5, 'less than 11 hours rest after Tue late');
    expect(r.ok).toBe(true);
    expect(r.offer.invites[0]).toMatchObject({ status: 'withdrawn', reason: 'less than 11 hours rest after Tue late' });
    expect(statuses(r.offer)).toEqual({ a: 'withdrawn', b: 'open' });
  });

  it('an offer with nobody to offer to is exhausted at once', () => {
    const s = createOffer({ id: 'o1', mode: 'cascade', ttlMs: MINUTE, workerIds: [], nowMs: T0 });
    expect(s.offer.status).toBe('exhausted');
  });
});

describe('broadcast', () => {
  it('offers everyone at once; the first valid accept wins and the rest are withdrawn', () => {
    const s = createOffer({ id: 'o2', mode: 'broadcast', ttlMs: 60 * MINUTE, workerIds: ['a', 'b', 'c'], nowMs: T0 });
    expect(openInvites(s.offer).map((i) => i.workerId)).toEqual(['a', 'b', 'c']);
    const d = decline(s.offer, 'a', T0 + 1);
    const w = accept(d.offer, 'c', T0 + 2);
    expect(w.ok).toBe(true);
    expect(statuses(w.offer)).toEqual({ a: 'declined', b: 'withdrawn', c: 'accepted' });
    const late = accept(w.offer, 'b', T0 + 3);
    expect(late).toMatchObject({ ok: false, code: 'offer-closed', reason: 'another worker has already taken this offer' });
    // The winner asking again (a phone retry) gets the same answer, and nothing changes.
    const twice = accept(w.offer, 'c', T0 + 3);
    expect(twice).toMatchObject({ ok: true, repeat: true, events: [] });
    expect(twice.offer).toBe(w.offer);
  });

  it('rejects bad input naming the field', () => {
    expect(() => createOffer({ id: 'x', mode: 'cascade', ttlMs: 0, workerIds: [], nowMs: T0 })).toThrow(/ttlMs/);
    expect(() => createOffer({ id: 'x', mode: 'x' as never, ttlMs: 1, workerIds: [], nowMs: T0 })).toThrow(/mode/);
    expect(() => createOffer({ id: 'x', mode: 'cascade', ttlMs: 1, workerIds: [], nowMs: T0, capacity: 0 })).toThrow(/capacity/);
    expect(() => createOffer({ id: 'x', mode: 'cascade', ttlMs: 1, workerIds: ['a', 'a'], nowMs: T0 })).toThrow(/workerIds/);
  });
});

describe('deadline (the session start)', () => {
  it('no answer window runs past the session start; at the start the rest of a cascade is closed', () => {
    const deadlineMs = T0 + 45 * MINUTE;
    let s = createOffer({ id: 'd', mode: 'cascade', ttlMs: 30 * MINUTE, deadlineMs, workerIds: ['a', 'b', 'c'], nowMs: T0 });
    expect(s.offer.invites[0].expiresAtMs).toBe(T0 + 30 * MINUTE);
    s = expireDue(s.offer, T0 + 30 * MINUTE);
    // b gets only the 15 minutes left before the session starts.
    expect(s.offer.invites[1]).toMatchObject({ status: 'open', expiresAtMs: deadlineMs });
    expect(accept(s.offer, 'b', deadlineMs)).toMatchObject({ ok: false, code: 'expired' });
    s = expireDue(s.offer, deadlineMs);
    expect(statuses(s.offer)).toEqual({ a: 'expired', b: 'expired', c: 'withdrawn' });
    expect(s.offer.invites[2].reason).toBe('the session has started');
    expect(s.offer.status).toBe('exhausted');
  });

  it('an offer made after the session started reaches nobody', () => {
    const s = createOffer({ id: 'd', mode: 'broadcast', ttlMs: MINUTE, deadlineMs: T0, workerIds: ['a', 'b'], nowMs: T0 });
    expect(s.offer.status).toBe('exhausted');
    expect(s.events.map((e) => e.type)).toEqual(['exhausted']);
  });
});

describe('withdraw', () => {
  it('closes every open and queued invite', () => {
    const s = createOffer({ id: 'o', mode: 'cascade', ttlMs: MINUTE, workerIds: ['a', 'b'], nowMs: T0 });
    const w = withdraw(s.offer, T0 + 1);
    expect(w.offer.status).toBe('withdrawn');
    expect(statuses(w.offer)).toEqual({ a: 'withdrawn', b: 'withdrawn' });
    expect(accept(w.offer, 'a', T0 + 2).ok).toBe(false);
  });
});

// Model-based property: any interleaving of accepts, declines, invalidations, expiries and
// withdrawals by any workers keeps the offer consistent and never produces two winners.
const workerPool = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5'];
const action = fc.record({
  kind: fc.constantFrom('accept', 'accept', 'decline', 'invalidate', 'expire', 'withdraw'),
  worker: fc.constantFrom(...workerPool, 'stranger'),
  waitMs: fc.integer({ min: 0, max: 20 * MINUTE }),
});

describe('several places, repeats and cancellations', () => {
  it('a session with two places: a cascade asks two at once, each accept takes one place, the second closes it', () => {
    const s = createOffer({ id: 'o3', mode: 'cascade', ttlMs: 30 * MINUTE, workerIds: ['a', 'b', 'c'], nowMs: T0, capacity: 2 });
    expect(statuses(s.offer)).toEqual({ a: 'open', b: 'open', c: 'queued' });
    const d = decline(s.offer, 'a', T0 + 1);
    expect(statuses(d.offer)).toEqual({ a: 'declined', b: 'open', c: 'open' });
    const one = accept(d.offer, 'c', T0 + 2);
    expect(one).toMatchObject({ ok: true, repeat: false, offer: { status: 'open', winnerWorkerId: 'c' } });
    const two = accept(one.offer, 'b', T0 + 3);
    expect(two.offer).toMatchObject({ status: 'accepted', winnerWorkerId: 'c', closedAtMs: T0 + 3 });
    expect(statuses(two.offer)).toEqual({ a: 'declined', b: 'accepted', c: 'accepted' });
    expect(workerState(two.offer, 'a')).toEqual({ state: 'declined', reason: null });
    expect(workerState(two.offer, 'b')).toEqual({ state: 'accepted', reason: null });
  });

  it('a decline repeated changes nothing; declining what you hold is refused', () => {
    const s = createOffer({ id: 'o4', mode: 'broadcast', ttlMs: MINUTE, workerIds: ['a', 'b'], nowMs: T0 });
    const d = decline(s.offer, 'a', T0 + 1);
    expect(decline(d.offer, 'a', T0 + 2)).toMatchObject({ ok: true, repeat: true, events: [] });
    const w = accept(d.offer, 'b', T0 + 3);
    expect(decline(w.offer, 'b', T0 + 4)).toMatchObject({ ok: false, code: 'not-open' });
  });

  it('cancelling an accepted place tells the worker why; a closed offer with no winner left reads withdrawn', () => {
    const s = createOffer({ id: 'o5', mode: 'broadcast', ttlMs: MINUTE, workerIds: ['a', 'b'], nowMs: T0 });
    const won = accept(s.offer, 'a', T0 + 1);
    expect(workerState(won.offer, 'b')).toEqual({ state: 'taken', reason: 'taken by another worker' });
    const c = cancelAccepted(won.offer, 'a', T0 + 2, 'session cancelled');
    expect(c.events).toEqual([{ type: 'cancelled', offerId: 'o5', workerId: 'a', atMs: T0 + 2, reason: 'session cancelled' }]);
    expect(c.offer).toMatchObject({ status: 'withdrawn', winnerWorkerId: null });
    expect(workerState(c.offer, 'a')).toEqual({ state: 'cancelled', reason: 'session cancelled' });
    expect(accept(c.offer, 'a', T0 + 3)).toMatchObject({ ok: false, code: 'cancelled', reason: 'your place was taken away: session cancelled' });
    // Nothing to cancel for a worker who does not hold it.
    expect(cancelAccepted(c.offer, 'b', T0 + 4, 'x').offer).toBe(c.offer);
  });

  it('cancelling one of two places of an open session offer frees it for the next worker', () => {
    const s = createOffer({ id: 'o6', mode: 'cascade', ttlMs: MINUTE, workerIds: ['a', 'b', 'c'], nowMs: T0, capacity: 2 });
    const one = accept(s.offer, 'a', T0 + 1);
    const c = cancelAccepted(one.offer, 'a', T0 + 2, 'moved');
    expect(c.offer.status).toBe('open');
    expect(statuses(c.offer)).toEqual({ a: 'cancelled', b: 'open', c: 'open' });
  });
});

describe('state machine properties', () => {
  it('never more winners than places, never a change after closing, a cascade asks one worker per free place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cascade' as const, 'broadcast' as const),
        fc.integer({ min: 0, max: workerPool.length }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(action, { maxLength: 40 }),
        fc.option(fc.integer({ min: 0, max: 120 * MINUTE }), { nil: undefined }),
        (mode, n, capacity, actions, deadlineIn) => {
          let now = T0;
          const deadlineMs = deadlineIn === undefined ? undefined : T0 + deadlineIn;
          const first = createOffer({ id: 'p', mode, ttlMs: 10 * MINUTE, deadlineMs, workerIds: workerPool.slice(0, n), nowMs: now, capacity });
          let offer = first.offer;
          const log: OfferEvent[] = [...first.events];
          let successes = 0;
          for (const a of actions) {
            now += a.waitMs;
            const before = offer;
            let step;
            if (a.kind === 'accept') {
              step = accept(offer, a.worker, now);
              if (step.ok && step.repeat) {
                // A repeat comes only from a worker who already won it, and changes nothing.
                expect(before.invites.find((i) => i.workerId === a.worker)!.status).toBe('accepted');
              } else if (step.ok) {
                successes++;
                // A winner held an open, unexpired invite once due expiries were processed.
                const inv = expireDue(before, now).offer.invites.find((i) => i.workerId === a.worker)!;
                expect(inv.status).toBe('open');
                expect(inv.expiresAtMs!).toBeGreaterThan(now);
                if (deadlineMs !== undefined) expect(now).toBeLessThan(deadlineMs);
              }
            } else if (a.kind === 'decline') step = decline(offer, a.worker, now);
            else if (a.kind === 'invalidate') step = invalidate(offer, a.worker, now, 'rule');
            else if (a.kind === 'expire') step = expireDue(offer, now);
            else step = withdraw(offer, now);
            offer = step.offer;
            log.push(...step.events);

            // Closed offers never change again.
            if (before.status !== 'open') expect(offer).toBe(before);
            // Terminal invites stay terminal.
            before.invites.forEach((inv, k) => {
              if (!['open', 'queued'].includes(inv.status)) expect(offer.invites[k]).toEqual(inv);
            });
            const accepted = offer.invites.filter((i) => i.status === 'accepted');
            expect(accepted.length).toBeLessThanOrEqual(capacity);
            expect(offer.status === 'accepted').toBe(accepted.length === capacity);
            if (accepted.length === 0) expect(offer.winnerWorkerId).toBeNull();
            else expect(accepted.map((i) => i.workerId)).toContain(offer.winnerWorkerId);
            if (offer.status !== 'open') {
              expect(offer.invites.some((i) => i.status === 'open' || i.status === 'queued')).toBe(false);
            } else {
              expect(offer.invites.some((i) => i.status === 'open')).toBe(true);
            }
            if (deadlineMs !== undefined) for (const inv of offer.invites) if (inv.expiresAtMs !== null) expect(inv.expiresAtMs).toBeLessThanOrEqual(deadlineMs);
            if (mode === 'cascade') {
              expect(openInvites(offer).length).toBeLessThanOrEqual(capacity - accepted.length);
              // Cascade order: nobody is offered before everyone ranked above them has had it.
              const firstQueued = offer.invites.findIndex((i) => i.status === 'queued');
              if (firstQueued >= 0) expect(offer.invites.slice(firstQueued).every((i) => i.status === 'queued' || i.status === 'withdrawn')).toBe(true);
            }
          }
          expect(successes).toBeLessThanOrEqual(capacity);
          // The log tells the whole story: one "offered" per sent invite, one closing event per closed one.
          const offered = log.filter((e) => e.type === 'offered').length;
          expect(offered).toBe(offer.invites.filter((i) => i.sentAtMs !== null).length);
          expect(log.filter((e) => e.type === 'accepted').length).toBe(successes);
          for (const t of ['declined', 'expired'] as const) {
            expect(log.filter((e) => e.type === t).length).toBe(offer.invites.filter((i) => i.status === t).length);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
