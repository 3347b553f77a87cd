// What the API shows of a rota: summaries, assignments with names and labels, hours per worker,
// progress, and the slots frozen at solve time. Pure functions over stored rows.
import type { CompiledProblem } from '../service-file/compile.ts';
import { qualityOf } from '../../solver/stages/bound.ts';
import type { ConstraintSummary, SolveProgress, SolveQuality, StageRecord } from '../../solver/model.ts';
import { headline } from '../../solver/explain/headline.ts';
import type { AssignmentRow, RotaRow, RotaSummaryRow } from '../db/repositories/rota-repo.ts';
import type { StoredSlot } from '../db/schema/index.ts';
import { bankStateOf, coveredHeadline, type BankState, type OfferedPlaceView, type RotaHeadline, type UnfilledView } from './bank-places.ts';
import type { StaffInfo } from './rota-core.ts';

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
  /** The manager's note; never shown to workers (it may be about someone else). */
  note: string | null;
  /** A bank worker's place: proposed (not theirs yet), offered or accepted; null for contracted staff. */
  bankState: BankState | null;
}

/** A worker's own place (published, or a place offered to them awaiting their answer: id null). */
export interface MyPlaceView extends Omit<AssignmentView, 'id'> {
  id: number | null;
  offerId: string | null;
  /** Where and when in the service's own words: its local date and wall-clock times, the venue. */
  kind: string | null;
  date: string;
  localStart: string;
  localEnd: string;
  siteName: string | null;
  timeZone: string;
  /** The session has ended (by the server's clock): a past session. */
  ended: boolean;
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
  /**
   * The first line a manager reads: feasible, which places cannot be filled, hard rules broken, or
   * (awaiting) places below their minimum held only by a proposal or an open offer.
   */
  headline: RotaHeadline | null;
  progress: ProgressView | null;
  error: string | null;
  slots: StoredSlot[];
  /** The service's roles by id, with the names people read (empty for a worker). */
  roles: { id: string; name: string }[];
  /** The compile warnings of the week as last solved (e.g. a session the spring clock change removes). */
  warnings: string[];
  assignments: AssignmentView[];
  /** Planned paid minutes per worker in this rota (elapsed plus paid preparation), most first. */
  hoursByStaff: { staffId: string; staffName: string; places: number; workMinutes: number }[];
  /** Places out as offers, awaiting an answer (no worker holds them yet). */
  offered: OfferedPlaceView[];
  unfilled: UnfilledView[];
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
      unpaidBreakMinutes: info?.unpaidBreakMinutes ?? 0,
      isBankHoliday: s.isBankHoliday,
      roles: s.roles.map((r) => ({ roleId: r.roleId, min: r.min, preferred: r.preferred, max: r.max, skills: [...r.skills] })),
    };
  });
}

export function slotLabel(rota: RotaRow, slotId: string): string | undefined {
  return rota.slots?.find((s) => s.id === slotId)?.label;
}

export function assignmentView(
  r: AssignmentRow,
  staff: ReadonlyMap<string, StaffInfo>,
  label: (slotId: string) => string | undefined,
  forWorker = false,
): AssignmentView {
  return {
    id: r.id,
    slotId: r.slotId,
    slotLabel: label(r.slotId) ?? r.slotId,
    roleId: r.roleId,
    staffId: r.staffId,
    staffName: staff.get(r.staffId)?.name ?? r.staffId,
    start: new Date(r.startMin * 60_000).toISOString(),
    end: new Date(r.endMin * 60_000).toISOString(),
    startMin: r.startMin,
    endMin: r.endMin,
    workMinutes: r.workMinutes,
    pinned: r.pinned,
    source: r.source,
    published: r.published,
    overridden: r.overridden,
    // A manager's note explains a change (often about another worker): it never reaches a worker.
    note: forWorker ? null : r.note,
    bankState: bankStateOf(r, staff),
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

/**
 * The rota's headline from its stored score, analysis and unfilled places, told with the places
 * below their minimum that only a proposal or an open offer holds (`unfilled`, the unfilled view);
 * null before it has a score.
 */
export function rotaHeadline(rota: Pick<RotaRow, 'scoreHard' | 'scoreSoft' | 'analysis' | 'unfilled'>, unfilled: readonly UnfilledView[]): RotaHeadline | null {
  if (rota.scoreHard === null || rota.scoreSoft === null) return null;
  return coveredHeadline(headline({ hard: rota.scoreHard, soft: rota.scoreSoft }, rota.analysis ?? [], rota.unfilled ?? []), unfilled);
}
