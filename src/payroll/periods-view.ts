// The pay periods around a date, for choosing one (the payroll page): each with its boundaries, whether
// it is locked, before the first pay period, or the next one to lock.
import type { Db } from '../db/client.ts';
import { periodAt, type PeriodHistory } from './pay-periods.ts';
import * as repo from './repository.ts';
import { getPayrollConfig, type PayrollConfig } from './service.ts';

export interface PeriodListItem {
  periodId: string;
  startDate: string;
  endDate: string;
  locked: boolean;
  /** Before the first period paid through rota: exportable (empty), never locked. */
  beforeFirst: boolean;
  /** The one period that may be locked now (periods lock in order). */
  nextToLock: boolean;
}

export interface PeriodList {
  settings: PayrollConfig;
  /** Start of the period to lock next; null until the first pay period is chosen. */
  nextToLock: string | null;
  periods: PeriodListItem[];
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** `before` periods before the one containing `around`, that one, and `after` after it (each at most 26). */
export function listPayPeriods(db: Db, serviceId: string, around: string, before = 4, after = 4): PeriodList {
  const settings = getPayrollConfig(db, serviceId);
  const locked = repo.listLockedPeriods(db, serviceId);
  const history: PeriodHistory = { locked, ...(settings.firstPeriodStart !== null ? { firstPeriodStart: settings.firstPeriodStart } : {}) };
  const nextToLock = settings.firstPeriodStart === null ? null : (locked.at(-1)?.endDate ?? settings.firstPeriodStart);
  const middle = periodAt(settings, history, around);
  const periods = [middle];
  for (let i = 0; i < Math.min(before, 26); i++) periods.unshift(periodAt(settings, history, dayBefore(periods[0].startDate)));
  for (let i = 0; i < Math.min(after, 26); i++) periods.push(periodAt(settings, history, periods[periods.length - 1].endDate));
  const lockedIds = new Set(locked.map((l) => l.startDate));
  return {
    settings,
    nextToLock,
    periods: periods.map((p) => ({
      periodId: p.startDate,
      startDate: p.startDate,
      endDate: p.endDate,
      locked: lockedIds.has(p.startDate),
      beforeFirst: settings.firstPeriodStart !== null && p.startDate < settings.firstPeriodStart,
      nextToLock: p.startDate === nextToLock,
    })),
  };
}
