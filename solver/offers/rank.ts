// Ranking bank workers for an offered place (or a series of places).
// A worker is eligible when taking the place adds no hard breach given everything the rota already
// holds (their pinned and accepted sessions included); eligible workers are ordered by the soft
// change, which carries fairness, cost, refused venues, travel and preferences.
// Pure: plain data in, plain data out. The scorer is injected so this module depends only on the
// Scorer contract, not on one implementation of it.

import { assignmentKey } from '../engine/pinned.ts';
import type { Assignment, Problem } from '../model.ts';
import type { Scorer } from '../engine/scorer.ts';

/** One place to offer: a (slot, role) pair. Which numbered place it is does not matter to ranking. */
export interface OfferPlace {
  readonly slotId: string;
  readonly roleId: string;
}

export type CreateScorer = (problem: Problem, initial?: readonly Assignment[]) => Scorer;

/** Why `workerIndex` cannot take (slotIndex, roleIndex) given `assignments`, in words. */
export type ExplainBlocks = (
  problem: Problem,
  assignments: readonly Assignment[],
  slotIndex: number,
  roleIndex: number,
  workerIndex: number,
) => string[];

export interface RankOptions {
  readonly createScorer: CreateScorer;
  /** Turns an exclusion into readable reasons; without it the reason names the hard change only. */
  readonly explainBlocks?: ExplainBlocks;
  /** Rank only these workers (default: every bank worker in the problem). */
  readonly workerIds?: readonly string[];
  /**
   * Sessions each worker holds outside this problem (other rotas, e.g. the weeks either side), by
   * worker id. An offered session may not overlap one, and must leave the worker's minimum rest.
   */
  readonly outside?: ReadonlyMap<string, readonly HeldElsewhere[]>;
}

export interface HeldElsewhere {
  readonly startMin: number;
  readonly endMin: number;
  readonly label: string;
}

export interface RankedWorker {
  readonly workerId: string;
  readonly workerName: string;
  /** Soft score change of giving this worker the place(s): lower is better. */
  readonly softDelta: number;
}

export interface ExcludedWorker {
  readonly workerId: string;
  readonly workerName: string;
  readonly reasons: readonly string[];
}

export interface Ranking {
  readonly places: readonly OfferPlace[];
  /** Best first. */
  readonly eligible: readonly RankedWorker[];
  readonly excluded: readonly ExcludedWorker[];
}

/**
 * Ranks bank workers for one place. `held` is the rota as it stands without this place: every
 * other assignment, pinned or planned, including the candidates' own sessions.
 */
export function rankPlace(
  problem: Problem,
  held: readonly Assignment[],
  place: OfferPlace,
  options: RankOptions,
): Ranking {
  return rankSeries(problem, held, [place], options);
}

/**
 * Ranks bank workers for a series offered as one: a worker is eligible only if every session of
 * the series is feasible for them together (each added on top of the previous ones).
 */
export function rankSeries(
  problem: Problem,
  held: readonly Assignment[],
  places: readonly OfferPlace[],
  options: RankOptions,
): Ranking {
  return rankOffers(problem, held, [places], options)[0];
}

/**
 * Ranks several offers (each one place or a series) against the same rota at once, on one scorer:
 * what one offer would add is judged from the rota as it stands, never on top of another offer.
 */
export function rankOffers(
  problem: Problem,
  held: readonly Assignment[],
  offers: readonly (readonly OfferPlace[])[],
  options: RankOptions,
): Ranking[] {
  const slotIndexById = new Map(problem.slots.map((s, i) => [s.id, i]));
  const groups = offers.map((places, g) => {
    const at = offers.length > 1 ? `offers[${g}].` : '';
    if (places.length === 0) throw new Error(`${at}places: a series needs at least one place`);
    const seen = new Set<string>();
    return places.map((p, k) => {
      const slotIndex = slotIndexById.get(p.slotId);
      if (slotIndex === undefined) throw new Error(`${at}places[${k}].slotId: unknown slot "${p.slotId}"`);
      const roleIndex = problem.slots[slotIndex].roles.findIndex((r) => r.roleId === p.roleId);
      if (roleIndex < 0) throw new Error(`${at}places[${k}].roleId: slot "${p.slotId}" has no role "${p.roleId}"`);
      const key = `${p.slotId}\u0000${p.roleId}`;
      if (seen.has(key)) throw new Error(`${at}places[${k}]: the same place appears twice in the series`);
      seen.add(key);
      return { slotIndex, roleIndex };
    });
  });

  // What the rota holds goes in as pinned places: a scorer must keep every one of them (a start
  // rota may be trimmed to fit), since each can limit a candidate. Holdings this problem cannot
  // place (a session no longer in the week) cannot be judged here and are left out.
  const slotIds = new Set(problem.slots.map((s) => s.id));
  const workerIds = new Set(problem.workers.map((w) => w.id));
  const pinnedKey = new Set(problem.pinned.map(assignmentKey));
  const extraPins = held.filter(
    (a) =>
      slotIds.has(a.slotId) &&
      workerIds.has(a.workerId) &&
      problem.slots[slotIndexById.get(a.slotId)!].roles.some((r) => r.roleId === a.roleId) &&
      !pinnedKey.has(assignmentKey(a)),
  );
  // Cover is per (slot, role), so neutralising every offered place at once leaves each one's hard
  // change exactly what it would be alone.
  const rankProblem = neutraliseCover({ ...problem, pinned: [...problem.pinned, ...extraPins] }, groups.flat());
  const scorer = options.createScorer(rankProblem);
  const candidateIndexes = pickWorkers(problem, options.workerIds);
  const placesOfSlot = new Map<number, number[]>();
  for (let p = 0; p < scorer.placeCount; p++) {
    const list = placesOfSlot.get(scorer.placeSlot(p));
    if (list) list.push(p);
    else placesOfSlot.set(scorer.placeSlot(p), [p]);
  }
  const ctx: GroupContext = { problem, rankProblem, scorer, placesOfSlot, candidateIndexes, options };
  return groups.map((targets, g) => rankGroup(ctx, targets, offers[g]));
}

interface GroupContext {
  readonly problem: Problem;
  readonly rankProblem: Problem;
  readonly scorer: Scorer;
  /** The scorer's places of each slot. */
  readonly placesOfSlot: ReadonlyMap<number, readonly number[]>;
  readonly candidateIndexes: readonly number[];
  readonly options: RankOptions;
}

function rankGroup(ctx: GroupContext, targets: readonly { slotIndex: number; roleIndex: number }[], places: readonly OfferPlace[]): Ranking {
  const { problem, rankProblem, scorer, placesOfSlot, candidateIndexes, options } = ctx;
  const eligible: RankedWorker[] = [];
  const excluded: ExcludedWorker[] = [];

  for (const w of candidateIndexes) {
    const worker = problem.workers[w];
    const reasons: string[] = [];
    let softDelta = 0;
    const applied: number[] = [];
    // Each session is put in place before the next is judged, so hours and rest accumulate.
    for (const t of targets) {
      const slot = problem.slots[t.slotIndex];
      const role = slot.roles[t.roleIndex];
      if (!worker.roles.includes(role.roleId)) {
        reasons.push(`${slot.label}: does not hold the role "${role.roleId}"`);
        break;
      }
      const clash = elsewhereClash(slot.startMin, slot.endMin, worker.minRestMinutes, options.outside?.get(worker.id));
      if (clash !== null) {
        reasons.push(`${slot.label}: ${worker.name}: ${clash}`);
        break;
      }
      const slotPlaces = placesOfSlot.get(t.slotIndex) ?? [];
      if (slotPlaces.some((p) => scorer.workerOf(p) === w)) {
        reasons.push(`${slot.label}: already works this session`);
        break;
      }
      const free = emptyPlace(scorer, slotPlaces, t.roleIndex, w);
      if (free < 0) {
        reasons.push(`${slot.label}: no open place for "${role.roleId}"`);
        break;
      }
      scorer.deltaAssign(free, w);
      if (scorer.dHard > 0) {
        const current = scorer.assignments();
        const words = options.explainBlocks?.(rankProblem, current, t.slotIndex, t.roleIndex, w) ?? [];
        reasons.push(
          ...(words.length > 0
            ? words.map((m) => `${slot.label}: ${m}`)
            : [`${slot.label}: breaks hard rules (hard +${scorer.dHard})`]),
        );
        break;
      }
      softDelta += scorer.dSoft;
      scorer.assign(free, w);
      applied.push(free);
    }
    // Undo in reverse so the scorer is back to `held` for the next worker.
    for (let i = applied.length - 1; i >= 0; i--) scorer.assign(applied[i], -1);

    if (reasons.length > 0) excluded.push({ workerId: worker.id, workerName: worker.name, reasons });
    else eligible.push({ workerId: worker.id, workerName: worker.name, softDelta });
  }

  eligible.sort((a, b) => a.softDelta - b.softDelta || compareIds(a.workerId, b.workerId));
  excluded.sort((a, b) => compareIds(a.workerId, b.workerId));
  return { places: places.map((p) => ({ slotId: p.slotId, roleId: p.roleId })), eligible, excluded };
}

/**
 * Why a session [startMin, endMin) cannot sit beside sessions held elsewhere, or null. Rest follows
 * the Working Time Regulations' daily rest as the constraint catalogue does: a gap shorter than the
 * minimum rest keeps both sessions in one working day, which is fine while that day spans at most
 * 24 h minus the minimum rest (two sessions in a day are legal); past that the rest is too short.
 */
export function elsewhereClash(startMin: number, endMin: number, minRestMinutes: number, held: readonly HeldElsewhere[] | undefined): string | null {
  const hours = (m: number) => `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  for (const h of held ?? []) {
    if (h.startMin < endMin && startMin < h.endMin) return `overlaps ${h.label}, already held`;
    if (minRestMinutes <= 0) continue;
    const after = h.endMin <= startMin;
    const gap = after ? startMin - h.endMin : h.startMin - endMin;
    const daySpan = Math.max(endMin, h.endMin) - Math.min(startMin, h.startMin);
    if (gap < minRestMinutes && daySpan > 1440 - minRestMinutes) {
      return `only ${hours(gap)} rest ${after ? 'after' : 'before'} ${h.label}, already held; needs ${hours(minRestMinutes)}`;
    }
  }
  return null;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pickWorkers(problem: Problem, workerIds: readonly string[] | undefined): number[] {
  if (workerIds === undefined) {
    const out: number[] = [];
    problem.workers.forEach((w, i) => {
      if (w.kind === 'bank') out.push(i);
    });
    return out;
  }
  const indexById = new Map(problem.workers.map((w, i) => [w.id, i]));
  return workerIds.map((id, k) => {
    const i = indexById.get(id);
    if (i === undefined) throw new Error(`workerIds[${k}]: unknown worker "${id}"`);
    return i;
  });
}

/**
 * The offered places' own cover minimum is set to 0: filling a place below its minimum lowers the
 * hard score by the same amount whoever fills it, which would hide a breach the worker brings.
 * With min 0 the hard change is only what the worker's own rules add.
 */
function neutraliseCover(problem: Problem, targets: readonly { slotIndex: number; roleIndex: number }[]): Problem {
  const bySlot = new Map<number, Set<number>>();
  for (const t of targets) {
    const roles = bySlot.get(t.slotIndex) ?? new Set<number>();
    roles.add(t.roleIndex);
    bySlot.set(t.slotIndex, roles);
  }
  return {
    ...problem,
    slots: problem.slots.map((slot, s) => {
      const roles = bySlot.get(s);
      if (!roles) return slot;
      return { ...slot, roles: slot.roles.map((r, ri) => (roles.has(ri) ? { ...r, min: 0 } : r)) };
    }),
  };
}

/** An empty place of the slot's role where `worker` is a candidate, or -1. */
function emptyPlace(scorer: Scorer, slotPlaces: readonly number[], roleIndex: number, worker: number): number {
  let anyEmpty = -1;
  for (const p of slotPlaces) {
    if (scorer.placeRole(p) !== roleIndex || scorer.workerOf(p) !== -1) continue;
    if (scorer.candidates(p).includes(worker)) return p;
    if (anyEmpty < 0) anyEmpty = p;
  }
  // Places are capped by the number of possible workers; a worker outside `candidates` may still
  // be judged in any empty place.
  return anyEmpty;
}
