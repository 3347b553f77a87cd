// The fairness ledger: per worker, per service, a rolling twelve months of weekend, bank-holiday,
// late, night and Christmas/New Year places worked, counted from published rotas (so swaps, edits
// and places taken from the open board follow at once), plus a manager's adjustments and resets.
// Categories are those of src/time/fairness-days.ts, the same the week compiler tags the solver's
// slots with, so the solver's fairness rules square (ledger + rota) counts of the same things.
import { FAIRNESS_CATEGORIES } from '../../solver/constraints/fairness.ts';
import type { FairnessCategory, FairnessPrior, Problem } from '../../solver/model.ts';
import type { Db } from '../db/client.ts';
import * as rotaRepo from '../db/repositories/rota-repo.ts';
import { adjustmentsBetween } from '../db/repositories/self-service-repo.ts';
import { loadServiceFile, loadTemplates } from '../db/repositories/service-file-repo.ts';
import type { ServiceFile } from '../service-file/types.ts';
import { DEFAULT_TIME_ZONE } from '../service-file/types.ts';
import { isBankHoliday } from '../time/bank-holidays.ts';
import { fairnessTags, isWeekendDate } from '../time/fairness-days.ts';
import { localMidnightUtcMin, utcMinToLocal } from '../time/local-time.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type Counts = Record<FairnessCategory, number>;
export const CATEGORIES: readonly FairnessCategory[] = FAIRNESS_CATEGORIES;

export interface LedgerEntry {
  readonly staffId: string;
  /** Published places of each category started in the window (after the category's last reset). */
  readonly worked: Counts;
  /** Managers' adjustments in the window (after the last reset). */
  readonly adjusted: Counts;
  /** What fairness counts: worked + adjusted, never below 0. */
  readonly counts: Counts;
  /** When each category was last reset within the window (UTC minute). */
  readonly resetAtMin: Partial<Record<FairnessCategory, number>>;
}

export interface Ledger {
  /** [fromMin, toMin): the twelve months counted. */
  readonly fromMin: number;
  readonly toMin: number;
  readonly entries: ReadonlyMap<string, LedgerEntry>;
}

export function zeroCounts(): Counts {
  return { weekends: 0, bankHolidays: 0, lates: 0, nights: 0, christmas: 0 };
}

/** Local midnight of the same date a year before `asOfMin`'s local date (29 Feb counts from 28 Feb). */
export function yearBeforeMin(asOfMin: number, zone: string): number {
  const date = utcMinToLocal(asOfMin, zone).date;
  const year = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return localMidnightUtcMin(`${year}-${md}`, zone);
}

/** The categories one published place counts for. */
export function placeCategories(
  place: { slotId: string; startMin: number; endMin: number },
  zone: string,
  templateTags: ReadonlyMap<string, readonly string[]>,
  storedBankHoliday: boolean | undefined,
): FairnessCategory[] {
  const date = utcMinToLocal(place.startMin, zone).date;
  const tags = new Set([...(templateTags.get(place.slotId.split('@')[0]) ?? []), ...fairnessTags(place.startMin, place.endMin, zone)]);
  const out: FairnessCategory[] = [];
  if (isWeekendDate(date)) out.push('weekends');
  if (storedBankHoliday ?? isBankHoliday(date)) out.push('bankHolidays');
  if (tags.has('late')) out.push('lates');
  if (tags.has('night')) out.push('nights');
  if (tags.has('christmas')) out.push('christmas');
  return out;
}

/** The ledger of a service as of `asOfMin`: the twelve months before it. */
export function ledgerAsOf(db: Tx, file: ServiceFile, asOfMin: number): Ledger {
  const serviceId = file.organisation.id;
  const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
  const fromMin = yearBeforeMin(asOfMin, zone);
  // An archived template's sessions are history: its tags still say what they were.
  const templates = [...loadTemplates(db, serviceId, true), ...file.templates];
  const tags = new Map(templates.map((t) => [t.id, t.tags ?? []]));
  // A manager's change made this very minute already counts (the league table is read "as of now").
  const adjustments = adjustmentsBetween(db, serviceId, fromMin, asOfMin + 1);
  const entries = new Map<string, { worked: Counts; adjusted: Counts; resetAtMin: Partial<Record<FairnessCategory, number>> }>();
  const entry = (staffId: string) => {
    let e = entries.get(staffId);
    if (!e) entries.set(staffId, (e = { worked: zeroCounts(), adjusted: zeroCounts(), resetAtMin: {} }));
    return e;
  };
  for (const s of file.staff) entry(s.id);
  // In the order they were made (oldest first): a reset clears the adjustments before it, even those
  // of the same minute, and places started before it stop counting.
  for (const a of adjustments) {
    const e = entry(a.staffId);
    if (a.kind === 'reset') {
      e.resetAtMin[a.category] = a.atMin;
      e.adjusted[a.category] = 0;
    } else e.adjusted[a.category] += a.delta;
  }
  const bankHolidayOf = storedBankHolidays(db);
  for (const p of rotaRepo.publishedAssignmentsBetween(db, serviceId, fromMin, asOfMin)) {
    if (p.proposed) continue;
    const e = entry(p.staffId);
    for (const c of placeCategories(p, zone, tags, bankHolidayOf(p.rotaId, p.slotId))) {
      if (p.startMin >= (e.resetAtMin[c] ?? -Infinity)) e.worked[c]++;
    }
  }
  const out = new Map<string, LedgerEntry>();
  for (const [staffId, e] of entries) {
    const counts = zeroCounts();
    for (const c of CATEGORIES) counts[c] = Math.max(0, e.worked[c] + e.adjusted[c]);
    out.set(staffId, { staffId, ...e, counts });
  }
  return { fromMin, toMin: asOfMin, entries: out };
}

/** Whether a stored slot fell on a bank holiday, as its rota was compiled (the calendar it used). */
function storedBankHolidays(db: Tx): (rotaId: string, slotId: string) => boolean | undefined {
  const byRota = new Map<string, Map<string, boolean>>();
  return (rotaId, slotId) => {
    let slots = byRota.get(rotaId);
    if (!slots) {
      slots = new Map((rotaRepo.getRota(db, rotaId)?.slots ?? []).map((s) => [s.id, s.isBankHoliday]));
      byRota.set(rotaId, slots);
    }
    return slots.get(slotId);
  };
}

/** The ledger's counts before the horizon, as each worker's fairness prior (zeros left out). */
export function withFairnessPriors(db: Tx, file: ServiceFile, problem: Problem): Problem {
  if (problem.days.length === 0) return problem;
  const ledger = ledgerAsOf(db, file, problem.days[0].startMin);
  let changed = false;
  const workers = problem.workers.map((w) => {
    const counts = ledger.entries.get(w.id)?.counts;
    if (!counts) return w;
    const prior: Partial<Record<FairnessCategory, number>> = {};
    for (const c of CATEGORIES) if (counts[c] > 0) prior[c] = counts[c];
    if (Object.keys(prior).length === 0) return w;
    changed = true;
    return { ...w, fairnessPrior: prior as FairnessPrior };
  });
  return changed ? { ...problem, workers } : problem;
}

/** withFairnessPriors for a problem compiled elsewhere (the offers' cache): the service read here. */
export function withServicePriors(db: Tx, serviceId: string, problem: Problem): Problem {
  const file = loadServiceFile(db, serviceId);
  return file ? withFairnessPriors(db, file, problem) : problem;
}
