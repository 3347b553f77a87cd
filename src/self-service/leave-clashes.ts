// Published places that clash with a worker's leave or availability, each with the cheapest cover
// the explanation's move search finds once the worker is taken off it. Computed when asked, from the
// places and the leave as they stand now: a place given to someone else, or leave shortened so it no
// longer overlaps, drops out at the next read (nothing is stored to go stale).
import type { AssignmentRow } from '../db/repositories/rota-repo.ts';
import * as repo from '../db/repositories/self-service-repo.ts';
import { withAbsenceIds } from '../db/repositories/service-file-repo.ts';
import { DEFAULT_TIME_ZONE, type AbsenceKind } from '../service-file/types.ts';
import { toAssignment } from '../services/places.ts';
import { evaluate, explainShortPlaces } from '../services/rota-rules.ts';
import { addDays, localMidnightUtcMin, localToUtcMin } from '../time/local-time.ts';
import { localTimes, type SelfServiceDeps } from './context.ts';
import type { Assignment } from '../../solver/model.ts';

export interface ClashView {
  assignmentId: number;
  rotaId: string;
  slotId: string;
  roleId: string;
  label: string;
  start: string;
  end: string;
  /** The rule the place now breaks, in a manager's words. */
  breach: string;
  /** The cheapest move found that covers the place once the worker is taken off it. */
  cover: { words: string; remove: Assignment[]; add: Assignment[]; delta: { hard: number; soft: number } } | null;
  /** Why there is no cover move (none needed, or none found). */
  coverNote: string | null;
}

export interface LeaveClash extends ClashView {
  staffId: string;
  name: string;
  /** The Monday of the rota's week (the rota page to change it on is rotaId's). */
  weekStart: string;
  /** The absence on file the place overlaps; requestId when it was approved from a staff request. */
  leave: { id: string; kind: AbsenceKind; from: string; to: string; startTime: string | null; endTime: string | null; requestId: string | null };
}

export interface LeaveClashList {
  serviceId: string;
  /** Places starting in [from, to) are looked at: from now, the next half year. */
  from: string;
  to: string;
  clashes: LeaveClash[];
  /** Places overlapping leave in rotas past the bound on rotas judged per read, not examined here. */
  notExamined: number;
}

/** Published places looked at for clashes: the next half year. */
export const CLASH_HORIZON_MIN = 183 * 1440;
/** Rotas judged (and their cover searched) per read, soonest first: bounds the work of one request. */
export const MAX_ROTAS_JUDGED = 12;

const AVAILABILITY_RULES = ['availability.unavailable', 'availability.window'] as const;
const LEAVE_RULES = ['availability.unavailable'] as const;

/**
 * The published places still to come (the next half year) held by a worker with leave or another
 * absence on file overlapping them, as the rules judge each rota now. `rotaId` narrows to one rota.
 */
export function leaveClashes(deps: SelfServiceDeps, serviceId: string, options: { rotaId?: string } = {}): LeaveClashList {
  const file = deps.core.loadFile(serviceId);
  if (options.rotaId) deps.core.mustGetRota(options.rotaId);
  const zone = file.timeZone ?? DEFAULT_TIME_ZONE;
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const endMin = nowMin + CLASH_HORIZON_MIN;
  const requestOf = new Map(
    repo
      .listStaffRequests(deps.db, { serviceId, status: 'approved' })
      .filter((r) => r.absenceId)
      .map((r) => [r.absenceId!, r.id]),
  );
  const leaveOf = new Map<number, LeaveClash['leave']>();
  const candidates: AssignmentRow[] = [];
  for (const member of file.staff) {
    for (const { absence: a } of withAbsenceIds(member.absences ?? [])) {
      const startMin = a.startTime ? localToUtcMin(a.from, a.startTime, zone) : localMidnightUtcMin(a.from, zone);
      const stopMin = a.endTime ? localToUtcMin(a.to, a.endTime, zone) : localMidnightUtcMin(addDays(a.to, 1), zone);
      if (stopMin <= nowMin || startMin >= endMin) continue;
      for (const p of repo.publishedPlacesOverlapping(deps.db, serviceId, member.id, Math.max(startMin, nowMin), Math.min(stopMin, endMin))) {
        if (p.startMin <= nowMin || p.proposed || leaveOf.has(p.id) || (options.rotaId && p.rotaId !== options.rotaId)) continue;
        leaveOf.set(p.id, { id: a.id, kind: a.kind, from: a.from, to: a.to, startTime: a.startTime ?? null, endTime: a.endTime ?? null, requestId: requestOf.get(a.id) ?? null });
        candidates.push(p);
      }
    }
  }
  candidates.sort((x, y) => x.startMin - y.startMin || x.id - y.id);
  const rotas = [...new Set(candidates.map((p) => p.rotaId))];
  const judged = new Set(rotas.slice(0, MAX_ROTAS_JUDGED));
  const names = deps.core.staffNames(serviceId);
  const clashes = placeClashes(
    deps,
    candidates.filter((p) => judged.has(p.rotaId)),
    LEAVE_RULES,
  ).map((c) => ({ ...c, name: names.get(c.staffId) ?? c.staffId, leave: leaveOf.get(c.assignmentId)! }));
  return {
    serviceId,
    from: new Date(nowMin * 60_000).toISOString(),
    to: new Date(endMin * 60_000).toISOString(),
    clashes,
    notExamined: candidates.filter((p) => !judged.has(p.rotaId)).length,
  };
}

/**
 * One worker's published places to come (the next half year) that break their availability or leave
 * now, each with the cheapest cover found: what an approval reports at that moment.
 */
export function workerClashes(deps: SelfServiceDeps, serviceId: string, staffId: string): ClashView[] {
  const nowMin = Math.floor(deps.now().getTime() / 60_000);
  const places = repo
    .publishedPlacesOverlapping(deps.db, serviceId, staffId, nowMin, nowMin + CLASH_HORIZON_MIN)
    .filter((p) => p.startMin > nowMin && !p.proposed);
  const judged = new Set([...new Set(places.map((p) => p.rotaId))].slice(0, MAX_ROTAS_JUDGED));
  return placeClashes(deps, places.filter((p) => judged.has(p.rotaId)), AVAILABILITY_RULES).map(
    ({ staffId: _s, weekStart: _w, ...c }) => c,
  );
}

/**
 * Of these places, those whose worker breaks one of `rules` there as their rota is judged now, each
 * with a cover: the rota's clashing places are vacated together (they all need covering at once)
 * and the short places explained as the rota's own unfilled list is.
 */
function placeClashes(deps: SelfServiceDeps, places: readonly AssignmentRow[], rules: readonly string[]): (ClashView & { staffId: string; weekStart: string })[] {
  const out: (ClashView & { staffId: string; weekStart: string })[] = [];
  for (const rotaId of new Set(places.map((p) => p.rotaId))) {
    const rota = deps.core.mustGetRota(rotaId);
    const judged = deps.core.judge(rota);
    const carried = judged.carried.map((c) => ({ slotId: c.slotId, roleId: c.roleId, workerId: c.workerId }));
    const kept = judged.rows.filter(judged.known);
    const breaches = evaluate(judged.problem, [...kept.map(toAssignment), ...carried])
      .analysis.filter((c) => rules.includes(c.id))
      .flatMap((c) => c.matches);
    const clashing = places
      .filter((p) => p.rotaId === rotaId && kept.some((r) => r.id === p.id))
      .map((p) => ({ p, breach: breaches.find((b) => b.workerId === p.staffId && b.slotId === p.slotId) }))
      .filter((x): x is { p: AssignmentRow; breach: NonNullable<typeof x.breach> } => x.breach !== undefined);
    if (clashing.length === 0) continue;
    const vacated = new Set(clashing.map((x) => x.p.id));
    const short = explainShortPlaces(judged.problem, [...kept.filter((r) => !vacated.has(r.id)).map(toAssignment), ...carried]);
    for (const { p, breach } of clashing) {
      const gap = short.find((u) => u.slotId === p.slotId && u.roleId === p.roleId);
      out.push({
        assignmentId: p.id,
        rotaId,
        staffId: p.staffId,
        weekStart: rota.weekStart,
        slotId: p.slotId,
        roleId: p.roleId,
        label: judged.problem.slots.find((s) => s.id === p.slotId)?.label ?? p.slotId,
        ...localTimes(p.startMin, p.endMin),
        breach: breach.message,
        cover: gap?.move ? { words: gap.move.words, remove: [...gap.move.remove], add: [...gap.move.add], delta: gap.move.delta } : null,
        coverNote: !gap ? 'no cover needed: the session keeps its preferred number without them' : gap.move ? null : 'no move of one or two places covers it without breaking a hard rule',
      });
    }
  }
  return out.sort((x, y) => x.start.localeCompare(y.start) || x.assignmentId - y.assignmentId);
}
