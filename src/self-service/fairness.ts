// The fairness ledger as people see it: a manager's league table (every worker's counts, most
// burdened first), adjustments and resets with a reason (audited), and a worker's own position with
// an anonymised spread of the service (never another worker's counts by name).
import type { FairnessCategory } from '../../solver/model.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import { actorName, type Actor } from '../services/actor.ts';
import { recordAudit } from '../services/audit.ts';
import { BadRequestError, NotFoundError } from '../services/errors.ts';
import { DEFAULT_TIME_ZONE, type ServiceFile } from '../service-file/types.ts';
import { utcMinToLocal } from '../time/local-time.ts';
import { CATEGORIES, ledgerAsOf, type Counts } from './fairness-ledger.ts';
import { text, workerOf, type SelfServiceDeps } from './context.ts';

export interface LeagueRow {
  staffId: string;
  name: string;
  kind: 'contracted' | 'bank';
  /** What fairness counts per category: places worked plus adjustments, never below 0. */
  counts: Counts;
  /** Published places worked in the window (after any reset). */
  worked: Counts;
  /** Managers' adjustments in the window (after any reset). */
  adjusted: Counts;
  total: number;
  /** When a category was last reset within the window. */
  resets: Partial<Record<FairnessCategory, string>>;
}

/** The window as the service's local dates: the first day counted and today. */
export interface WindowDates {
  fromDate: string;
  toDate: string;
}

export interface LeagueTable extends WindowDates {
  serviceId: string;
  from: string;
  to: string;
  categories: readonly FairnessCategory[];
  rows: LeagueRow[];
}

/** Fewer than this many staff and a spread would let a worker work out a colleague's count. */
export const MIN_SPREAD_STAFF = 5;

export interface Spread {
  lowest: number;
  median: number;
  highest: number;
  /** The mean over the service's staff, to one decimal place. */
  average: number;
}

export interface MyFairness extends WindowDates {
  from: string;
  to: string;
  counts: Counts;
  /** Per category: the service's lowest, median, highest and average counts, with no names; null when too few staff. */
  spread: Record<FairnessCategory, Spread> | null;
  staffCounted: number;
}

const iso = (min: number) => new Date(min * 60_000).toISOString();

function windowDates(file: ServiceFile, ledger: { fromMin: number; toMin: number }): WindowDates {
  const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
  return { fromDate: utcMinToLocal(ledger.fromMin, zone).date, toDate: utcMinToLocal(ledger.toMin, zone).date };
}

export function leagueTable(deps: SelfServiceDeps, serviceId: string): LeagueTable {
  const file = deps.core.loadFile(serviceId);
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const ledger = ledgerAsOf(deps.db, file, nowMin);
  const rows: LeagueRow[] = file.staff.map((s) => {
    const e = ledger.entries.get(s.id)!;
    const resets: Partial<Record<FairnessCategory, string>> = {};
    for (const c of CATEGORIES) if (e.resetAtMin[c] !== undefined) resets[c] = iso(e.resetAtMin[c]!);
    return { staffId: s.id, name: s.name, kind: s.kind, counts: e.counts, worked: e.worked, adjusted: e.adjusted, total: CATEGORIES.reduce((n, c) => n + e.counts[c], 0), resets };
  });
  rows.sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { serviceId, from: iso(ledger.fromMin), to: iso(ledger.toMin), ...windowDates(file, ledger), categories: CATEGORIES, rows };
}

export function myFairness(deps: SelfServiceDeps, actor: Actor): MyFairness {
  const me = workerOf(actor);
  const file = deps.core.loadFile(me.serviceId);
  const ledger = ledgerAsOf(deps.db, file, Math.floor(deps.now().getTime() / 60_000));
  const mine = ledger.entries.get(me.staffId);
  if (!mine) throw new NotFoundError('staff member', me.staffId);
  const staff = file.staff.map((s) => ledger.entries.get(s.id)!);
  let spread: MyFairness['spread'] = null;
  if (staff.length >= MIN_SPREAD_STAFF) {
    spread = Object.fromEntries(
      CATEGORIES.map((c) => {
        const values = staff.map((e) => e.counts[c]).sort((a, b) => a - b);
        const mid = values.length >> 1;
        const median = values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        const average = Math.round((values.reduce((n, v) => n + v, 0) / values.length) * 10) / 10;
        return [c, { lowest: values[0], median, highest: values[values.length - 1], average }];
      }),
    ) as NonNullable<MyFairness['spread']>;
  }
  return { from: iso(ledger.fromMin), to: iso(ledger.toMin), ...windowDates(file, ledger), counts: mine.counts, spread, staffCounted: staff.length };
}

export interface AdjustInput {
  staffId: string;
  category: FairnessCategory;
  /** Added to the count (negative takes off). Give this or `value`. */
  delta?: number;
  /** The count to set (at least 0): the adjustment made is whatever brings the count to it. */
  value?: number;
  reason: string;
}

const MAX_COUNT = 1000;

export function adjustLedger(deps: SelfServiceDeps, actor: Actor, serviceId: string, input: AdjustInput): LeagueRow {
  const reason = text(input.reason, 'reason', true)!;
  checkStaffAndCategory(deps, serviceId, input.staffId, [input.category]);
  if ((input.delta === undefined) === (input.value === undefined)) {
    const path = input.delta === undefined ? 'body.delta' : 'body.value';
    throw new BadRequestError('give delta (to add to the count) or value (to set it), one of the two', [{ path, message: 'give delta or value, not both and not neither' }]);
  }
  let delta: number;
  let set: number | undefined;
  if (input.value !== undefined) {
    if (!Number.isInteger(input.value) || input.value < 0 || input.value > MAX_COUNT) {
      throw new BadRequestError('value must be a whole number from 0 to 1000: a count cannot be negative', [{ path: 'body.value', message: 'a whole number from 0 to 1000' }]);
    }
    set = input.value;
    // Against worked + adjusted as stored (a count shown as 0 may stand below it), so the count becomes exactly the value.
    const e = ledgerAsOf(deps.db, deps.core.loadFile(serviceId), Math.floor(deps.now().getTime() / 60_000)).entries.get(input.staffId)!;
    delta = set - (e.worked[input.category] + e.adjusted[input.category]);
  } else {
    delta = input.delta!;
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_COUNT) {
      throw new BadRequestError('delta must be a whole number other than 0', [{ path: 'body.delta', message: 'a whole number from -1000 to 1000, not 0' }]);
    }
  }
  write(deps, actor, serviceId, [{ staffId: input.staffId, category: input.category, kind: 'adjust', delta }], reason, set === undefined ? {} : { set });
  return leagueTable(deps, serviceId).rows.find((r) => r.staffId === input.staffId)!;
}

export interface ResetInput {
  /** One worker; absent with `allStaff: true`, every worker of the service. */
  staffId?: string;
  allStaff?: boolean;
  /** Absent: every category. */
  categories?: FairnessCategory[];
  reason: string;
}

export function resetLedger(deps: SelfServiceDeps, actor: Actor, serviceId: string, input: ResetInput): LeagueRow | LeagueTable {
  const reason = text(input.reason, 'reason', true)!;
  const categories = input.categories && input.categories.length > 0 ? [...new Set(input.categories)] : [...CATEGORIES];
  if ((input.staffId === undefined) === (input.allStaff !== true)) {
    // Resetting everyone is never the default of a forgotten field.
    throw new BadRequestError('name a worker (staffId) or reset the whole service (allStaff: true), one of the two', [
      { path: input.staffId === undefined ? 'body.staffId' : 'body.allStaff', message: 'give staffId or allStaff: true, not both' },
    ]);
  }
  const staffIds = input.staffId !== undefined ? [input.staffId] : deps.core.loadFile(serviceId).staff.map((s) => s.id);
  for (const staffId of staffIds) checkStaffAndCategory(deps, serviceId, staffId, categories);
  const changes = staffIds.flatMap((staffId) => categories.map((category) => ({ staffId, category, kind: 'reset' as const, delta: 0 })));
  if (changes.length > 0) write(deps, actor, serviceId, changes, reason, input.allStaff ? { allStaff: true } : {});
  const table = leagueTable(deps, serviceId);
  return input.staffId !== undefined ? table.rows.find((r) => r.staffId === input.staffId)! : table;
}

function checkStaffAndCategory(deps: SelfServiceDeps, serviceId: string, staffId: string, categories: readonly string[]): void {
  const file = deps.core.loadFile(serviceId);
  if (!file.staff.some((s) => s.id === staffId)) throw new NotFoundError('staff member', staffId);
  categories.forEach((c, k) => {
    if (!(CATEGORIES as readonly string[]).includes(c)) {
      throw new BadRequestError(`unknown category "${c}"`, [{ path: categories.length === 1 ? 'body.category' : `body.categories[${k}]`, message: `one of ${CATEGORIES.join(', ')}` }]);
    }
  });
}

type Change = { staffId: string; category: FairnessCategory; kind: 'adjust' | 'reset'; delta: number };

function write(deps: SelfServiceDeps, actor: Actor, serviceId: string, changes: Change[], reason: string, extra: { set?: number; allStaff?: boolean }): void {
  const at = deps.now();
  const atMin = Math.floor(at.getTime() / 60_000);
  deps.db.transaction((tx) => {
    for (const c of changes) repo.insertAdjustment(tx, { serviceId, ...c, reason, atMin, actor: actorName(actor) });
    recordAudit(tx, at, {
      actor,
      action: changes[0].kind === 'reset' ? 'fairness.reset' : 'fairness.adjust',
      entity: 'fairness',
      entityId: extra.allStaff ? serviceId : `${serviceId}/${changes[0].staffId}`,
      serviceId,
      reason,
      details: { changes, ...extra },
    });
  });
}
