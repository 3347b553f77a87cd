// Pay periods, locking and adjustments.
// - A period's export is computed live until it is locked; once locked, its snapshot IS the export.
// - Payroll starts at an explicit first period. Periods lock in order from it (locked periods are a
//   prefix), so no period holding signed-off places can be skipped, and "the next open period" is
//   well defined: the one starting where the last locked period ends. Places before the first period
//   were paid outside rota: they are not paid here, and the periods before it export empty.
// - Every change to a place already paid, or whose own period is locked, is paid in the next open
//   period as an adjustment line: what it should be paid now minus everything paid for it in locked
//   snapshots. Summing a place's lines over all periods therefore always equals its current line, so
//   no session is ever paid twice.

import type { PayrollCalendar } from './calendar.ts';
import { holidayFor } from './holiday.ts';
import { sessionLine, validateNightWindow } from './session-line.ts';
import type {
  DayMinutes, LineAmounts, PayPeriod, PayrollLine, PayrollSettings, PayrollWorker, PendingPlace, PendingState, PeriodExport, SessionRecord, WorkerTotals,
} from './types.ts';

export interface LedgerInput {
  readonly calendar: PayrollCalendar;
  readonly settings: PayrollSettings;
  readonly workers: readonly PayrollWorker[];
  /** Every place on record now (any period): the ledger picks out what each period pays. */
  readonly records: readonly SessionRecord[];
  /** Snapshots of locked periods, as returned by lockPeriod. */
  readonly locked: readonly PeriodExport[];
  /**
   * Start date of the first period paid through rota; locking needs it. When absent, the first locked
   * period stands in (data locked before this was a setting), and with nothing locked every place is open.
   */
  readonly firstPeriodStart?: string;
}

const AMOUNT_KEYS = ['workedMinutes', 'paidMinutes', 'weekendMinutes', 'nightMinutes', 'bankHolidayMinutes', 'payPence', 'holidayBaseMinutes', 'holidayBasePence'] as const;
const DAY_KEYS = ['workedMinutes', 'weekendMinutes', 'nightMinutes', 'bankHolidayMinutes'] as const;

const placeKey = (sessionId: string, workerId: string) => `${sessionId}\u0000${workerId}`;

function isPayable(r: SessionRecord): boolean {
  return r.signedOff && r.outcome !== undefined;
}

function zeroAmounts(): Record<(typeof AMOUNT_KEYS)[number], number> {
  return { workedMinutes: 0, paidMinutes: 0, weekendMinutes: 0, nightMinutes: 0, bankHolidayMinutes: 0, payPence: 0, holidayBaseMinutes: 0, holidayBasePence: 0 };
}

function addDays(into: Map<string, Record<string, number>>, days: readonly DayMinutes[], sign: 1 | -1): void {
  for (const d of days) {
    const acc = into.get(d.date) ?? { workedMinutes: 0, weekendMinutes: 0, nightMinutes: 0, bankHolidayMinutes: 0 };
    for (const k of DAY_KEYS) acc[k] += sign * d[k];
    into.set(d.date, acc);
  }
}

function checkLockedPrefix(locked: readonly PeriodExport[], firstPeriodStart: string | undefined): PeriodExport[] {
  const sorted = [...locked].sort((a, b) => (a.period.startDate < b.period.startDate ? -1 : 1));
  if (firstPeriodStart !== undefined && sorted.length && sorted[0].period.startDate !== firstPeriodStart) {
    throw new Error(`locked: the first locked period must be the first pay period ${firstPeriodStart}, not ${sorted[0].period.id}`);
  }
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].period.startDate !== sorted[i - 1].period.endDate) {
      throw new Error(`locked: periods must be locked in order without gaps (${sorted[i - 1].period.id} then ${sorted[i].period.id})`);
    }
  }
  return sorted;
}

/** Local date from which places are paid here: the explicit first period, else the first locked one. */
function firstPaidDate(input: LedgerInput, locked: readonly PeriodExport[]): string | undefined {
  return input.firstPeriodStart ?? locked[0]?.period.startDate;
}

function pendingPlace(cal: PayrollCalendar, worker: PayrollWorker, r: SessionRecord): PendingPlace {
  const state: PendingState = !r.outcome ? 'not-recorded' : !r.signedOff ? 'not-signed-off' : 'change-not-signed-off';
  return {
    sessionId: r.sessionId, workerId: r.workerId, workerName: worker.name, workerKind: worker.kind,
    ...(worker.payrollNumber !== undefined ? { payrollNumber: worker.payrollNumber } : {}),
    sessionKind: r.kind, state, localDate: cal.localDateOf(r.startMin), startLocal: cal.formatLocal(r.startMin), endLocal: cal.formatLocal(r.endMin),
  };
}

function sortLines(lines: PayrollLine[]): PayrollLine[] {
  const key = (l: PayrollLine) => [l.workerId, l.startLocal, l.sessionId, l.lineType];
  return lines.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

/** The export of one period: the stored snapshot if locked, else computed from the records now. */
export function exportPeriod(input: LedgerInput, period: PayPeriod): PeriodExport {
  validateNightWindow(input.settings.nightWindow);
  const locked = checkLockedPrefix(input.locked, input.firstPeriodStart);
  const snapshot = locked.find((e) => e.period.id === period.id);
  if (snapshot) return snapshot;
  const first = firstPaidDate(input, locked);
  // Before the first period nothing is paid here, so such a period is simply empty.
  if (first !== undefined && period.endDate <= first) return { period, locked: false, lines: [], totals: [], pending: [] };
  if (first !== undefined && period.startDate < first) throw new Error(`period: ${period.id}..${period.endDate} straddles the first pay period ${first}`);
  const lockedUntil = locked.length ? locked[locked.length - 1].period.endDate : undefined;
  if (lockedUntil !== undefined && period.startDate < lockedUntil) {
    throw new Error(`period: ${period.id} overlaps locked periods but is not one of them`);
  }
  const isNextOpen = lockedUntil === undefined || period.startDate === lockedUntil;
  const { calendar: cal, settings } = input;
  const workers = new Map(input.workers.map((w) => [w.id, w]));

  // Everything already paid per place, from the locked snapshots.
  const paid = new Map<string, { lines: PayrollLine[]; periodId: string }>();
  for (const e of locked) {
    for (const l of e.lines) {
      const k = placeKey(l.sessionId, l.workerId);
      const entry = paid.get(k) ?? { lines: [], periodId: e.period.id };
      entry.lines.push(l);
      entry.periodId = e.period.id;
      paid.set(k, entry);
    }
  }

  const lines: PayrollLine[] = [];
  const pending: PendingPlace[] = [];
  const seen = new Set<string>();
  const inPeriod = (date: string) => date >= period.startDate && date < period.endDate;

  for (const r of input.records) {
    const k = placeKey(r.sessionId, r.workerId);
    if (seen.has(k)) throw new Error(`records: place session ${r.sessionId} worker ${r.workerId} appears twice`);
    seen.add(k);
    const worker = workers.get(r.workerId);
    if (!worker) throw new Error(`workerId: unknown worker "${r.workerId}" (session ${r.sessionId})`);
    const homeDate = cal.localDateOf(r.startMin);
    if (first !== undefined && homeDate < first) continue;
    const homeLocked = lockedUntil !== undefined && homeDate < lockedUntil;
    const wasPaid = paid.has(k);
    if (homeLocked || wasPaid) {
      if (!isNextOpen) continue;
      if (!isPayable(r) && !wasPaid) {
        pending.push(pendingPlace(cal, worker, r));
        continue;
      }
      const current = isPayable(r) ? sessionLine(cal, settings.nightWindow, worker, r) : undefined;
      const homePeriod = locked.find((e) => homeDate >= e.period.startDate && homeDate < e.period.endDate)?.period.id;
      const adj = adjustment(current, paid.get(k)?.lines ?? [], homePeriod ?? paid.get(k)?.periodId, r);
      if (adj) lines.push(adj);
      if (!isPayable(r) || r.awaitingSignOff) pending.push(pendingPlace(cal, worker, r));
    } else if (inPeriod(homeDate)) {
      if (isPayable(r)) lines.push(sessionLine(cal, settings.nightWindow, worker, r));
      if (!isPayable(r) || r.awaitingSignOff) pending.push(pendingPlace(cal, worker, r));
    }
  }
  // Places paid before whose record has since disappeared: reverse them in the next open period.
  if (isNextOpen) {
    for (const [k, entry] of paid) {
      if (seen.has(k)) continue;
      const adj = adjustment(undefined, entry.lines, entry.periodId, undefined);
      if (adj) lines.push(adj);
    }
  }

  sortLines(lines);
  return { period, locked: false, lines, totals: totalsFor(lines, workers, settings), pending };
}

/** Current line minus everything paid so far; undefined when nothing differs. */
function adjustment(current: PayrollLine | undefined, paidLines: readonly PayrollLine[], adjustsPeriodId: string | undefined, r: SessionRecord | undefined): PayrollLine | undefined {
  const amounts = zeroAmounts();
  const days = new Map<string, Record<string, number>>();
  if (current) {
    for (const k of AMOUNT_KEYS) amounts[k] += current[k];
    addDays(days, current.days, 1);
  }
  for (const l of paidLines) {
    for (const k of AMOUNT_KEYS) amounts[k] -= l[k];
    addDays(days, l.days, -1);
  }
  const dayList: DayMinutes[] = [...days.entries()]
    .filter(([, v]) => DAY_KEYS.some((k) => v[k] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, v]) => ({ date, workedMinutes: v.workedMinutes, weekendMinutes: v.weekendMinutes, nightMinutes: v.nightMinutes, bankHolidayMinutes: v.bankHolidayMinutes }));
  if (AMOUNT_KEYS.every((k) => amounts[k] === 0) && dayList.length === 0) return undefined;
  const like = current ?? paidLines[paidLines.length - 1];
  return {
    lineType: 'adjustment',
    workerId: like.workerId,
    sessionId: like.sessionId,
    sessionKind: r?.kind ?? like.sessionKind,
    outcome: current ? current.outcome : 'withdrawn',
    localDate: like.localDate,
    startLocal: like.startLocal,
    endLocal: like.endLocal,
    days: dayList,
    ...amounts,
    ...(adjustsPeriodId !== undefined ? { adjustsPeriodId } : {}),
  };
}

function totalsFor(lines: readonly PayrollLine[], workers: ReadonlyMap<string, PayrollWorker>, settings: PayrollSettings): WorkerTotals[] {
  const byWorker = new Map<string, Record<(typeof AMOUNT_KEYS)[number], number>>();
  for (const l of lines) {
    const acc = byWorker.get(l.workerId) ?? zeroAmounts();
    for (const k of AMOUNT_KEYS) acc[k] += l[k];
    byWorker.set(l.workerId, acc);
  }
  return [...byWorker.keys()].sort().map((id) => {
    const w = workers.get(id);
    if (!w) throw new Error(`workerId: unknown worker "${id}"`);
    const amounts: LineAmounts = byWorker.get(id)!;
    return {
      workerId: id, workerName: w.name, workerKind: w.kind, ...(w.payrollNumber !== undefined ? { payrollNumber: w.payrollNumber } : {}),
      ...amounts, ...holidayFor(w, settings.holidayMode, amounts),
    };
  });
}

/** Start date of the period to lock next: the first pay period, then each one after the last locked. */
export function nextPeriodToLock(input: Pick<LedgerInput, 'locked' | 'firstPeriodStart'>): string | undefined {
  const locked = checkLockedPrefix(input.locked, input.firstPeriodStart);
  return locked.length ? locked[locked.length - 1].period.endDate : input.firstPeriodStart;
}

/**
 * Lock a period: it must be the next one to lock, so periods lock strictly in order from the first pay
 * period. The returned snapshot is stored by the caller and is from then on the period's export, byte
 * for byte.
 */
export function lockPeriod(input: LedgerInput, period: PayPeriod): PeriodExport {
  if (input.locked.some((e) => e.period.id === period.id)) throw new Error(`period: ${period.id} is already locked`);
  const next = nextPeriodToLock(input);
  if (next === undefined) throw new Error('firstPeriodStart: set the first pay period before locking any');
  if (period.startDate !== next) throw new Error(`period: ${period.id} cannot be locked before the period starting ${next}`);
  return { ...exportPeriod(input, period), locked: true };
}
