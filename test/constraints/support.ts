// Small builders for hand-written constraint cases: days from Monday 23 Nov 2026, slots by day and
// clock time, workers with quiet defaults (so only the rule under test can fire).

import { getConstraint, resolveWeight } from '../../solver/constraints/index.ts';
import type { Assignment, Day, Problem, RoleDemand, Site, Slot, Violation, Worker } from '../../solver/model.ts';

export const HOUR = 60;
export const DAY = 1440;
/** Monday 23 November 2026, 00:00 UTC, in minutes. */
export const BASE_MIN = Date.UTC(2026, 10, 23) / 60000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** UTC minute of hh:mm on day d (hours may exceed 24 to cross midnight). */
export function at(d: number, hours: number, minutes = 0): number {
  return BASE_MIN + d * DAY + hours * HOUR + minutes;
}

export function makeDays(count: number, bankHolidays: readonly number[] = []): Day[] {
  return Array.from({ length: count }, (_, d) => ({
    startMin: at(d, 0),
    endMin: at(d + 1, 0),
    weekday: d % 7,
    isBankHoliday: bankHolidays.includes(d),
    label: `${WEEKDAYS[d % 7]} ${23 + d} Nov`,
  }));
}

export interface SlotSpec {
  id: string;
  day: number;
  /** Start and end as hours after local midnight of `day` (end may exceed 24). */
  from: number;
  to: number;
  typeId?: string;
  siteId?: string | null;
  tags?: string[];
  priority?: number;
  workMinutes?: number;
  roles?: Partial<RoleDemand>[];
  isBankHoliday?: boolean;
}

function clock(hours: number): string {
  const h = Math.floor(hours) % 24;
  const m = Math.round((hours % 1) * 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function makeSlot(spec: SlotSpec): Slot {
  const startMin = at(spec.day, 0) + Math.round(spec.from * HOUR);
  const endMin = at(spec.day, 0) + Math.round(spec.to * HOUR);
  const typeId = spec.typeId ?? 'day';
  return {
    id: spec.id,
    startMin,
    endMin,
    dayIndex: spec.day,
    isWeekend: spec.day % 7 >= 5,
    isBankHoliday: spec.isBankHoliday ?? false,
    siteId: spec.siteId === undefined ? null : spec.siteId,
    typeId,
    tags: spec.tags ?? [],
    priority: spec.priority ?? 1,
    workMinutes: spec.workMinutes ?? endMin - startMin,
    roles: (spec.roles ?? [{}]).map((r) => ({
      roleId: r.roleId ?? 'support',
      min: r.min ?? 0,
      preferred: r.preferred ?? 0,
      max: r.max ?? 5,
      skills: r.skills ?? [],
      underWeight: r.underWeight,
      overWeight: r.overWeight,
    })),
    label: `${WEEKDAYS[spec.day % 7]} ${23 + spec.day} Nov ${typeId} ${clock(spec.from)}-${clock(spec.to)}`,
  };
}

export function makeWorker(spec: Partial<Worker> & { id: string; name: string }): Worker {
  return {
    kind: 'contracted',
    roles: ['support'],
    skills: [],
    unavailability: [],
    minRestMinutes: 0,
    refusedSiteIds: [],
    costPencePerHour: 0,
    preferences: [],
    ...spec,
  };
}

export function makeProblem(spec: {
  days?: number;
  bankHolidays?: number[];
  sites?: Site[];
  slots: SlotSpec[];
  workers: Worker[];
  forbiddenSuccessions?: Problem['forbiddenSuccessions'];
  weights?: Record<string, number>;
  pinned?: Assignment[];
}): Problem {
  return {
    days: makeDays(spec.days ?? 7, spec.bankHolidays),
    sites: spec.sites ?? [],
    slots: spec.slots.map(makeSlot),
    workers: spec.workers,
    forbiddenSuccessions: spec.forbiddenSuccessions,
    pinned: spec.pinned ?? [],
    weights: spec.weights,
  };
}

/** Assignments from [slotId, workerId, roleId?] triples. */
export function places(...triples: [string, string, string?][]): Assignment[] {
  return triples.map(([slotId, workerId, roleId]) => ({ slotId, workerId, roleId: roleId ?? 'support' }));
}

/** Violations of one constraint at its resolved weight, and their total. */
export function judge(id: string, problem: Problem, assignments: readonly Assignment[]): { total: number; violations: Violation[]; messages: string[] } {
  const c = getConstraint(id);
  const violations = c.evaluate(problem, assignments, resolveWeight(problem, c));
  return {
    total: violations.reduce((sum, v) => sum + v.penalty, 0),
    violations,
    messages: violations.map((v) => v.message),
  };
}
