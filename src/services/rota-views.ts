// What the API shows of a rota: summaries, assignments with names and labels, hours per worker,
// progress, and the slots frozen at solve time. Pure functions over stored rows.
import type { CompiledProblem } from '../service-file/compile.ts';
import { qualityOf } from '../../solver/index.ts';
import type { ConstraintSummary, SolveProgress, SolveQuality, StageRecord, UnfilledPlace } from '../../solver/model.ts';
import type { AssignmentRow, RotaRow, RotaSummaryRow } from '../db/repositories/rota-repo.ts';
import type { StoredSlot } from '../db/schema/index.ts';

const MAX_MATCHES_SHOWN = 50;

export interface AssignmentView {
  id: number;
  slotId: string;
  slotLabel: string;
  roleId: string;
  staffId: string;
  staffName: string;
  start: string | null;
  end: string | null;
  startMin: number;
  endMin: number;
  workMinutes: number;
  pinned: boolean;
  source: 'solver' | 'manual' | 'offer';
  published: boolean;
  overridden: boolean;
  note: string | null;
}

export interface RotaSummary {
  id: string;
  serviceId: string;
  weekStart: string;
  status: RotaRow['status'];
  published: boolean;
  publishedAt: string | null;
  score: { hard: number; soft: number } | null;
  feasible: boolean | null;
  /** How good the rota is: the last solve's lower bound, and the rota's score against it as it now stands. */
  quality: SolveQuality | null;
  createdAt: string;
  updatedAt: string;
}

export interface RotaView extends RotaSummary {
  progress: ProgressView | null;
  error: string | null;
  slots: StoredSlot[];
  assignments: AssignmentView[];
  /** Planned paid minutes per worker in this rota (elapsed plus paid preparation), most first. */
  hoursByStaff: { staffId: string; staffName: string; places: number; workMinutes: number }[];
  unfilled: UnfilledPlace[];
  scoreByConstraint: ConstraintSummary[];
  solveRuns: {
    id: number;
    kind: string;
    status: string;
    inputHash: string;
    seed: number;
    weights: Record<string, number> | null;
    timeLimitMs: number | null;
    maxMoves: number | null;
    startedAt: string;
    durationMs: number | null;
    score: { hard: number; soft: number } | null;
    moves: number | null;
    quality: SolveQuality | null;
    stages: StageRecord[];
    error: string | null;
  }[];
}

export type ProgressView = Omit<SolveProgress, 'bestAssignments'> & {
  bestAssignments?: { slotId: string; roleId: string; staffId: string; staffName: string; pinned: boolean }[];
};

/** Progress as stored by the solve worker, with the best-so-far rota in the API's terms. */
export function progressView(progress: SolveProgress | null, names: Map<string, string>): ProgressView | null {
  if (!progress) return null;
  const { bestAssignments, ...rest } = progress;
  if (!bestAssignments) return rest;
  return {
    ...rest,
    bestAssignments: bestAssignments.map((a) => ({
      slotId: a.slotId,
      roleId: a.roleId,
      staffId: a.workerId,
      staffName: names.get(a.workerId) ?? a.workerId,
      pinned: a.pinned,
    })),
  };
}

export function hoursByStaff(rows: readonly AssignmentRow[], names: Map<string, string>): RotaView['hoursByStaff'] {
  const totals = new Map<string, { places: number; workMinutes: number }>();
  for (const r of rows) {
    const t = totals.get(r.staffId) ?? { places: 0, workMinutes: 0 };
    t.places++;
    t.workMinutes += r.workMinutes;
    totals.set(r.staffId, t);
  }
  return [...totals]
    .map(([staffId, t]) => ({ staffId, staffName: names.get(staffId) ?? staffId, ...t }))
    .sort((a, b) => b.workMinutes - a.workMinutes || a.staffId.localeCompare(b.staffId));
}

export function storedSlots(compiled: CompiledProblem): StoredSlot[] {
  return compiled.problem.slots.map((s) => {
    const info = compiled.slotInfo[s.id];
    return {
      id: s.id,
      label: s.label,
      templateId: info?.templateId ?? s.typeId,
      kind: info?.kind ?? s.typeId,
      siteId: s.siteId,
      siteName: info?.siteName ?? null,
      date: info?.date ?? '',
      localStart: info?.localStart ?? '',
      localEnd: info?.localEnd ?? '',
      startIso: info?.startIso ?? new Date(s.startMin * 60_000).toISOString(),
      endIso: info?.endIso ?? new Date(s.endMin * 60_000).toISOString(),
      startMin: s.startMin,
      endMin: s.endMin,
      workMinutes: s.workMinutes,
      isBankHoliday: s.isBankHoliday,
      roles: s.roles.map((r) => ({ roleId: r.roleId, min: r.min, preferred: r.preferred, max: r.max, skills: [...r.skills] })),
    };
  });
}

export function slotLabel(rota: RotaRow, slotId: string): string | undefined {
  return rota.slots?.find((s) => s.id === slotId)?.label;
}

export function assignmentView(r: AssignmentRow, names: Map<string, string>, label: (slotId: string) => string | undefined): AssignmentView {
  return {
    id: r.id,
    slotId: r.slotId,
    slotLabel: label(r.slotId) ?? r.slotId,
    roleId: r.roleId,
    staffId: r.staffId,
    staffName: names.get(r.staffId) ?? r.staffId,
    start: new Date(r.startMin * 60_000).toISOString(),
    end: new Date(r.endMin * 60_000).toISOString(),
    startMin: r.startMin,
    endMin: r.endMin,
    workMinutes: r.workMinutes,
    pinned: r.pinned,
    source: r.source,
    published: r.published,
    overridden: r.overridden,
    note: r.note,
  };
}

/** Keeps stored explanations small: constraints with no penalty keep their totals but not the empty list. */
export function trimAnalysis(analysis: readonly ConstraintSummary[]): ConstraintSummary[] {
  return analysis.map((c) => ({ ...c, matches: c.matches.slice(0, MAX_MATCHES_SHOWN) }));
}

/**
 * The stored quality against the score as the rota now stands (a manual change or an accepted offer
 * moves the score, not the bound).
 */
export function currentQuality(stored: SolveQuality | null, score: { hard: number; soft: number } | null): SolveQuality | null {
  if (!stored || !stored.lowerBound || !score) return stored;
  return qualityOf(stored.lowerBound, score, stored.note);
}

export function rotaSummary(rota: RotaSummaryRow): RotaSummary {
  const score = rota.scoreHard === null || rota.scoreSoft === null ? null : { hard: rota.scoreHard, soft: rota.scoreSoft };
  return {
    id: rota.id,
    serviceId: rota.serviceId,
    weekStart: rota.weekStart,
    status: rota.status,
    published: rota.publishedAt !== null,
    publishedAt: rota.publishedAt,
    score,
    feasible: rota.feasible,
    quality: currentQuality(rota.quality, score),
    createdAt: rota.createdAt,
    updatedAt: rota.updatedAt,
  };
}
