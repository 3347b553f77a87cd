// Unpaid breaks through the payroll service: a published place whose session has an unpaid break is
// worked and paid without it (Working Time Regulations reg. 12: breaks may be unpaid and are not work).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { assignments, rotas } from '../../src/db/schema/index.ts';
import { exportPayroll } from '../../src/payroll/ledger-service.ts';
import { putPayrollConfig, recordOutcome, signOff } from '../../src/payroll/service.ts';
import type { Actor } from '../../src/services/actor.ts';
import { closeDb, ROTA, seedDb, SERVICE } from './db-seed.ts';

const manager: Actor = { tokenId: 1, role: 'manager' };
const now = new Date('2026-11-02T09:00:00Z');
const OPT = { rotaId: ROTA, slotId: 'opt@2026-10-28', staffId: 'carl' };

let db: Db;
beforeEach(() => {
  db = seedDb();
  putPayrollConfig(db, manager, now, SERVICE, { frequency: 'weekly', anchorDate: '2026-10-19', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' });
  // The 10:00-15:00 session as the compiler now stores it with a 30-minute unpaid lunch: 270 minutes of work.
  const rota = db.select().from(rotas).where(eq(rotas.id, ROTA)).get()!;
  const slots = rota.slots!.map((s) => (s.id === OPT.slotId ? { ...s, workMinutes: 270, unpaidBreakMinutes: 30 } : s));
  db.update(rotas).set({ slots }).where(eq(rotas.id, ROTA)).run();
  db.update(assignments).set({ workMinutes: 270 }).where(and(eq(assignments.rotaId, ROTA), eq(assignments.slotId, OPT.slotId))).run();
});
afterEach(() => closeDb(db));

describe('payroll and unpaid breaks', () => {
  it('neither pays nor counts as worked the unpaid break of a session', () => {
    recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'worked' });
    signOff(db, manager, now, SERVICE, [OPT]);
    const line = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0].lines.find((l) => l.sessionId.endsWith(OPT.slotId))!;
    // 5 h less 30 min = 270 min, at Carl's 1500 p/h = 6750 p.
    expect([line.workedMinutes, line.paidMinutes, line.payPence]).toEqual([270, 270, 6750]);
  });

  it('keeps the break with the schedule when actual times are recorded', () => {
    // Worked 10:30-15:30 (BST ended on 25 Oct: 10:30 GMT = 10:30 UTC): the break (12:15-12:45) falls inside.
    recordOutcome(db, manager, now, SERVICE, { ...OPT, status: 'worked', actualStart: '2026-10-28T10:30:00Z', actualEnd: '2026-10-28T15:30:00Z' });
    signOff(db, manager, now, SERVICE, [OPT]);
    const line = exportPayroll(db, SERVICE, '2026-10-26', '2026-11-02', 'json').periods[0].lines.find((l) => l.sessionId.endsWith(OPT.slotId))!;
    expect([line.workedMinutes, line.paidMinutes]).toEqual([270, 270]);
  });
});
