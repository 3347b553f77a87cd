import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { closeDb, openDb } from '../../src/db/client.ts';
import { createOffers, myOffers } from '../../src/offers/service.ts';
import { startExpiryTimer, type ExpiryTimer } from '../../src/offers/expiry-timer.ts';
import { seed } from './support/bank-service.ts';

const T0 = Date.UTC(2026, 10, 20, 9);
const MIN = 60_000;
const worker = (id: string) => ({ name: id, serviceId: 'kent-bank', staffId: id });
const timers: ExpiryTimer[] = [];
const dirs: string[] = [];
afterEach(() => {
  timers.splice(0).forEach((t) => t.stop());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('expiry timer', () => {
  it('processes offers that expired while the server was down as soon as it starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-offers-'));
    dirs.push(dir);
    const path = join(dir, 'rota.db');
    let db = openDb(path);
    const rotaId = seed(db);
    const {
      offers: [o],
    } = createOffers(db, { name: 'mgr' }, rotaId, { mode: 'cascade', ttlMinutes: 30, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] }, T0);
    closeDb(db); // the server stops

    db = openDb(path); // ...and starts again two hours later
    const expired: number[] = [];
    const timer = startExpiryTimer(db, { now: () => T0 + 120 * MIN, intervalMs: 60_000, onExpired: (n) => expired.push(n) });
    timers.push(timer);
    expect(expired).toEqual([1]);
    expect(myOffers(db, worker('bank-001'), T0 + 120 * MIN).map((x) => x.offerId)).toEqual([o.offerId]);
    expect(myOffers(db, worker('bank-000'), T0 + 120 * MIN)).toEqual([]);
    closeDb(db);
  });

  it('runs on its own interval without any request', async () => {
    const db = openDb(':memory:');
    const rotaId = seed(db);
    let now = T0;
    createOffers(db, { name: 'mgr' }, rotaId, { mode: 'cascade', ttlMinutes: 1, places: [{ slotId: 'wellbeing@2026-11-24', roleId: 'support' }] }, T0);
    const seen: number[] = [];
    const timer = startExpiryTimer(db, { now: () => now, intervalMs: 10, onExpired: (n) => seen.push(n) });
    timers.push(timer);
    expect(seen).toEqual([]);
    now = T0 + 2 * MIN;
    for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([1]);
    expect(myOffers(db, worker('bank-001'), now)).toHaveLength(1);
  });

  it('names a bad interval', () => {
    const db = openDb(':memory:');
    expect(() => startExpiryTimer(db, { now: () => 0, intervalMs: 0 })).toThrow(/intervalMs/);
  });
});
