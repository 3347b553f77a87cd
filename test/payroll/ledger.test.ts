// Locking: a locked period's export never changes; later changes are adjustment lines in the next
// open period; summed over all periods, every place is paid exactly what it is worth now, once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportPeriod, lockPeriod, nextPeriod, periodContaining, renderCsv, renderJson, sessionLine,
  type LedgerInput, type PeriodExport, type SessionRecord,
} from '../../src/payroll/index.ts';
import { ana, cal, carl, london, place, settings } from './helpers.ts';

const weekly = { frequency: 'weekly', anchorDate: '2026-11-02' } as const;
const week1 = periodContaining(weekly, '2026-11-02');
const week2 = nextPeriod(weekly, week1);
const week3 = nextPeriod(weekly, week2);

const wb1 = place({ sessionId: 's1', paidPrepMinutes: 60, startMin: london('2026-11-03 10:00'), endMin: london('2026-11-03 13:00') });
const opt2 = place({ sessionId: 's2', kind: 'options', startMin: london('2026-11-04 10:00'), endMin: london('2026-11-04 15:00'), signedOff: false });
const carl3 = place({ sessionId: 's3', workerId: carl.id, paidPrepMinutes: 60, startMin: london('2026-11-05 10:00'), endMin: london('2026-11-05 13:00') });
const wb4 = place({ sessionId: 's4', paidPrepMinutes: 60, startMin: london('2026-11-10 10:00'), endMin: london('2026-11-10 13:00') });

const input = (records: SessionRecord[], locked: PeriodExport[], firstPeriodStart = week1.startDate): LedgerInput =>
  ({ calendar: cal, settings, workers: [ana, carl], records, locked, firstPeriodStart });

describe('locking and adjustments', () => {
  const before = [wb1, opt2, carl3, wb4];
  const snap1 = lockPeriod(input(before, []), week1);
  // After the lock: s1 ran an hour longer, s2 is signed off late, s3's record is withdrawn.
  const after = [
    { ...wb1, outcome: { status: 'worked' as const, actualStartMin: wb1.startMin, actualEndMin: london('2026-11-03 14:00') } },
    { ...opt2, signedOff: true },
    wb4,
  ];

  it('a locked period exports the same bytes after later changes', () => {
    expect(snap1.locked).toBe(true);
    expect(snap1.lines.map((l) => l.sessionId)).toEqual(['s1', 's3']);
    expect(snap1.pending.map((p) => [p.sessionId, p.workerId, p.state])).toEqual([['s2', ana.id, 'not-signed-off']]);
    const csv = renderCsv([snap1]);
    const json = renderJson([snap1], { from: week1.startDate, to: week1.endDate });
    const again = exportPeriod(input(after, [snap1]), week1);
    expect(renderCsv([again])).toBe(csv);
    expect(renderJson([again], { from: week1.startDate, to: week1.endDate })).toBe(json);
    // A stored snapshot read back from the database renders identically too.
    const stored = JSON.parse(JSON.stringify(snap1)) as PeriodExport;
    expect(renderCsv([exportPeriod(input(after, [stored]), week1)])).toBe(csv);
  });

  it('changes become adjustment lines in the next open period', () => {
    const e2 = exportPeriod(input(after, [snap1]), week2);
    const bySession = new Map(e2.lines.map((l) => [l.sessionId, l]));
    expect(e2.lines.map((l) => [l.sessionId, l.lineType])).toEqual([
      ['s1', 'adjustment'], ['s2', 'adjustment'], ['s4', 'session'], ['s3', 'adjustment'],
    ]);
    // s1: one more hour worked and paid (1250 p), all on 3 Nov.
    expect(bySession.get('s1')).toMatchObject({ workedMinutes: 60, paidMinutes: 60, payPence: 1250, adjustsPeriodId: '2026-11-02', outcome: 'worked' });
    expect(bySession.get('s1')!.days).toEqual([{ date: '2026-11-03', workedMinutes: 60, weekendMinutes: 0, nightMinutes: 0, bankHolidayMinutes: 0 }]);
    // s2: signed off after the lock, paid in full now (5 h).
    expect(bySession.get('s2')).toMatchObject({ workedMinutes: 300, paidMinutes: 300, adjustsPeriodId: '2026-11-02' });
    // s3: withdrawn, so its payment (3 h worked, 4 h paid at 1500 p/h) is reversed.
    expect(bySession.get('s3')).toMatchObject({ workedMinutes: -180, paidMinutes: -240, payPence: -6000, outcome: 'withdrawn' });
    // Totals include adjustments: Ana 60 + 300 + 240 paid; Carl -240.
    expect(e2.totals.map((t) => [t.workerId, t.paidMinutes])).toEqual([[ana.id, 600], [carl.id, -240]]);
    // Only the next open period carries adjustments.
    expect(exportPeriod(input(after, [snap1]), week3).lines).toEqual([]);
  });

  it('once the adjustment period is locked, nothing is paid again', () => {
    const snap2 = lockPeriod(input(after, [snap1]), week2);
    const e3 = exportPeriod(input(after, [snap1, snap2]), week3);
    expect(e3.lines).toEqual([]);
    // Paid over all periods = worth now, per place.
    for (const r of after) {
      const paid = [...snap1.lines, ...snap2.lines].filter((l) => l.sessionId === r.sessionId).reduce((s, l) => s + l.paidMinutes, 0);
      expect(paid).toBe(sessionLine(cal, settings.nightWindow, ana, r).paidMinutes);
    }
  });

  it('locks in order only, from the first pay period, and once', () => {
    expect(() => lockPeriod(input(before, []), week2)).toThrow(/2026-11-09 cannot be locked before the period starting 2026-11-02/);
    expect(() => lockPeriod({ ...input(before, []), firstPeriodStart: undefined }, week1)).toThrow(/firstPeriodStart/);
    expect(() => lockPeriod(input(before, [snap1]), week3)).toThrow(/cannot be locked before the period starting 2026-11-09/);
    expect(() => lockPeriod(input(before, [snap1]), week1)).toThrow(/already locked/);
    const snap3 = lockPeriod(input(before, [], week3.startDate), week3);
    expect(() => exportPeriod(input(before, [snap1, snap3]), week2)).toThrow(/locked in order without gaps/);
  });
});

describe('no place is ever paid twice (random edits and locks)', () => {
  const places = [wb1, opt2, carl3, wb4, place({ sessionId: 's5', kind: 'night', startMin: london('2026-11-14 20:00'), endMin: london('2026-11-15 08:00') })];
  const edit = fc.record({
    place: fc.integer({ min: 0, max: places.length - 1 }),
    signedOff: fc.boolean(),
    outcome: fc.constantFrom('worked', 'longer', 'cancelled', 'no-show', 'none'),
    awaiting: fc.boolean(),
    lockAfter: fc.boolean(),
  });

  it('sum of every period\u2019s lines equals what each place is worth now', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), (edits) => {
        const records = places.map((p) => ({ ...p, cancellationMinimumMinutes: 180 }));
        const locked: PeriodExport[] = [];
        let open = week1;
        const lockNext = () => {
          locked.push(lockPeriod(input(records, locked), open));
          open = nextPeriod(weekly, open);
        };
        for (const e of edits) {
          const r = records[e.place];
          const outcome: SessionRecord['outcome'] =
            e.outcome === 'worked' ? { status: 'worked' }
            : e.outcome === 'longer' ? { status: 'worked', actualStartMin: r.startMin, actualEndMin: r.endMin + 45 }
            : e.outcome === 'cancelled' ? { status: 'cancelled', reason: 'no-service-users' }
            : e.outcome === 'no-show' ? { status: 'no-show' } : undefined;
          records[e.place] = { ...r, signedOff: e.signedOff, outcome, awaitingSignOff: e.awaiting };
          // Locking refuses nothing here; the service refuses pending places unless told otherwise.
          if (e.lockAfter) lockNext();
        }
        // Lock once more after the last edit and through the week after the last session, so every
        // change has landed in some locked period.
        lockNext();
        while (open.startDate <= '2026-11-16') lockNext();
        for (const r of records) {
          const worker = r.workerId === carl.id ? carl : ana;
          const worth = r.signedOff && r.outcome ? sessionLine(cal, settings.nightWindow, worker, r) : undefined;
          const lines = locked.flatMap((x) => x.lines).filter((l) => l.sessionId === r.sessionId);
          for (const k of ['workedMinutes', 'paidMinutes', 'nightMinutes', 'weekendMinutes', 'payPence'] as const) {
            expect(lines.reduce((s, l) => s + l[k], 0)).toBe(worth ? worth[k] : 0);
          }
          // At most one 'session' line per place, ever.
          expect(lines.filter((l) => l.lineType === 'session').length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });
});
