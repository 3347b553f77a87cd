// Flows shared by the bank-consent checks on the coordinator service: generate a version of the
// week, act as a bank worker, offer Saturday's coordinator place from a draft.
import { expect } from 'vitest';
import { upsertServiceFile } from '../../../src/db/repositories/service-file-repo.ts';
import { createToken } from '../../../src/services/tokens.ts';
import { COORD_NOW, COORD_SERVICE, COORD_WEEK, coordinatorService } from './coordinator-service.ts';
import { testApp, type TestApp } from './app.ts';

export const SAT = 'day@2026-12-12';

export interface Place {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  bankState: string | null;
  published: boolean;
}

// Ann, the contracted coordinator, is on leave at the weekend: Saturday's coordinator is a bank worker's place.
export async function setUp(open: TestApp[]): Promise<TestApp> {
  const t = await testApp({ now: () => COORD_NOW });
  open.push(t);
  upsertServiceFile(t.db, coordinatorService({ annLeave: { from: '2026-12-12', to: '2026-12-13' } }), '2026-11-01T00:00:00.000Z');
  return t;
}

export async function generate(t: TestApp, seed: number): Promise<{ id: string; assignments: Place[] }> {
  const res = await t.call('manager', { method: 'POST', url: '/rotas', payload: { serviceId: COORD_SERVICE, weekStart: COORD_WEEK, seed } });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.ctx.rotas.idle();
  const read = await t.call('manager', { method: 'GET', url: `/rotas/${res.json().id}` });
  return read.json();
}

export function worker(t: TestApp, staffId: string) {
  const token = createToken(t.db, { role: 'worker', staffId, serviceId: COORD_SERVICE }).token;
  return (method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
}

/** Saturday's coordinator place of the draft `rotaId`, offered to Bob and Cat at once; the offer's id. */
export async function offerSaturday(t: TestApp, rotaId: string): Promise<string> {
  const sent = await t.call('manager', {
    method: 'POST',
    url: `/rotas/${rotaId}/offers`,
    payload: { mode: 'broadcast', ttlMinutes: 600, places: [{ slotId: SAT, roleId: 'coordinator' }], workerIds: ['bob', 'cat'] },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const [offer] = sent.json().offers;
  expect(offer.offeredTo.sort()).toEqual(['bob', 'cat']);
  return offer.offerId as string;
}

