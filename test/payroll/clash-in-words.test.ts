// A manager recording what happened reads the refusal of a place that would pay a worker's minutes
// twice: it names the worker and the session it clashes with in words (name, session kind, local
// times), not their ids; the ids stay in the structured `clash` for a program.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { putPayrollConfig, recordOutcome, signOff } from '../../src/payroll/service.ts';
import type { Actor } from '../../src/services/actor.ts';
import { AppError } from '../../src/services/errors.ts';
import { addPublishedPlace, closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';

const manager: Actor = { tokenId: 1, role: 'manager' };
const now = new Date('2026-11-02T09:00:00Z');
// Seeded: Ana's wellbeing session, Tue 27 Oct 10:00-13:00. Another rota gives her a day shift the same
// Tuesday, 09:00-17:00 (a manager's override, say).
const WB = { rotaId: ROTA, slotId: 'wb@2026-10-27', staffId: 'ana' };
const DAY = { rotaId: 'rota-day', slotId: 'day@2026-10-27', staffId: 'ana' };

let db: Db;
beforeEach(() => {
  db = seedDb();
  putPayrollConfig(db, manager, now, SERVICE, { frequency: 'weekly', anchorDate: '2026-10-19', firstPeriodStart: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' });
  addPublishedPlace(db, DAY.rotaId, { id: DAY.slotId, templateId: 'day', kind: 'day', start: '2026-10-27 09:00', end: '2026-10-27 17:00', prep: 0, staffId: 'ana' });
});
afterEach(() => closeDb(db));

function refusalOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a clash between two places of a worker, in words', () => {
  it('names the worker and the session by name, kind and local times, with no raw id', () => {
    recordOutcome(db, manager, now, SERVICE, { ...WB, status: 'worked' });
    signOff(db, manager, now, SERVICE, [WB]);
    const e = refusalOf(() => recordOutcome(db, manager, now, SERVICE, { ...DAY, status: 'worked' }));
    expect(e.statusCode).toBe(409);
    const words = [e.message, ...((e.details?.errors ?? []) as { message: string }[]).map((x) => x.message)];
    for (const text of words) {
      expect(text).toContain('Ana, "Bank"');
      expect(text).toMatch(/wellbeing session/);
      expect(text).toContain('2026-10-27 10:00 to 2026-10-27 13:00');
      expect(text).toContain('180 minute(s) would be paid twice');
      expect(text).not.toContain('wb@2026-10-27');
      expect(text).not.toMatch(/\bana is\b/);
    }
    // A program still gets the place's ids.
    expect(e.details?.clash).toMatchObject({ sessionId: `${ROTA}/wb@2026-10-27`, staffId: 'ana', overlapMinutes: 180 });
  });
});
