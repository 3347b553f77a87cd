import { createCalendar, DEFAULT_NIGHT_WINDOW, type PayrollSettings, type PayrollWorker, type SessionRecord } from '../../src/payroll/index.ts';
import { localToUtcMin } from '../../src/time/index.ts';

export const ZONE = 'Europe/London';
export const cal = createCalendar(ZONE);
export const settings: PayrollSettings = { zone: ZONE, nightWindow: DEFAULT_NIGHT_WINDOW, holidayMode: 'accrual' };

/** UTC minute of a London wall-clock time, "2026-10-24 20:00". */
export function london(dateTime: string): number {
  const [date, time] = dateTime.split(' ');
  return localToUtcMin(date, time, ZONE);
}

export const ana: PayrollWorker = { id: 'w-ana', name: 'Ana Bank', kind: 'bank', ratePencePerHour: 1250 };
export const carl: PayrollWorker = { id: 'w-carl', name: 'Carl Contract', kind: 'contracted', ratePencePerHour: 1500 };

export function place(p: Partial<SessionRecord> & Pick<SessionRecord, 'sessionId' | 'startMin' | 'endMin'>): SessionRecord {
  return { workerId: ana.id, kind: 'wellbeing', paidPrepMinutes: 0, outcome: { status: 'worked' }, signedOff: true, ...p };
}
