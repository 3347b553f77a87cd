// The cheapest move that fills one short place, found with the scorer's exact deltas.
//
// Three shapes, tried in this order under a budget of scored deltas:
//   put     an unplaced worker in the place;
//   move    a worker leaves one of their places P for this one, P left as it then is;
//   chain   as move, and another worker takes P.
// A move fills a place short of its minimum only if the hard score falls (so leaving P short is a
// move only when P matters less), and a place short of its preferred number only if the hard score
// does not rise; among those the lexicographically best (hard, soft) change wins, then the shorter
// move. Workers known to be blocked by their own facts are not tried: no move can free them.

import type { Assignment, Problem, ProposedMove, Score } from '../model.ts';
import type { Scorer } from '../engine/scorer.ts';
import { coverMinPenalty } from '../constraints/cover.ts';
import { getConstraint, resolveWeight } from '../constraints/index.ts';
import { roleName } from '../constraints/types.ts';

/** Scored deltas the move search may spend: per place and over all places of one explanation. */
export interface MoveBudget {
  readonly perPlace: number;
  remaining: number;
}

export const DEFAULT_MOVE_BUDGET = { perPlace: 20_000, total: 400_000 } as const;

/** Where the scorer's places are, by (slot, role) and by worker; valid while every trial is undone. */
export class PlaceMap {
  private readonly bySlotRole = new Map<string, number[]>();
  readonly byWorker = new Map<number, number[]>();

  constructor(readonly scorer: Scorer) {
    for (let p = 0; p < scorer.placeCount; p++) {
      const key = `${scorer.placeSlot(p)}:${scorer.placeRole(p)}`;
      const list = this.bySlotRole.get(key);
      if (list) list.push(p);
      else this.bySlotRole.set(key, [p]);
      const w = scorer.workerOf(p);
      if (w >= 0) {
        const mine = this.byWorker.get(w);
        if (mine) mine.push(p);
        else this.byWorker.set(w, [p]);
      }
    }
  }

  places(slot: number, role: number): readonly number[] {
    return this.bySlotRole.get(`${slot}:${role}`) ?? [];
  }

  filled(slot: number, role: number): number {
    let n = 0;
    for (const p of this.places(slot, role)) if (this.scorer.workerOf(p) >= 0) n++;
    return n;
  }
}

interface Candidate {
  readonly delta: Score;
  readonly steps: 1 | 2 | 3;
  readonly worker: number;
  /** The place the worker leaves (move and chain). */
  readonly from?: number;
  /** Who takes the place left (chain). */
  readonly refill?: number;
}

export interface MoveSearch {
  readonly move?: ProposedMove;
  readonly evaluated: number;
  readonly complete: boolean;
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (!b) return true;
  if (a.delta.hard !== b.delta.hard) return a.delta.hard < b.delta.hard;
  if (a.delta.soft !== b.delta.soft) return a.delta.soft < b.delta.soft;
  return a.steps < b.steps;
}

/**
 * The cheapest move that fills one place of (slot, role). `order` lists the workers worth trying,
 * most promising first (workers with no hard blocker, then those blocked only by movable places).
 */
export function proposeMove(
  map: PlaceMap,
  slot: number,
  role: number,
  level: 'hard' | 'soft',
  order: readonly number[],
  budget: MoveBudget,
): MoveSearch {
  const scorer = map.scorer;
  const problem = scorer.problem;
  const empty = map.places(slot, role).find((p) => scorer.workerOf(p) < 0 && !scorer.isPinned(p));
  if (empty === undefined) return { evaluated: 0, complete: true };
  const limit = Math.min(budget.perPlace, budget.remaining);
  let evaluated = 0;
  let complete = true;
  const spend = (): boolean => {
    if (evaluated >= limit) {
      complete = false;
      return false;
    }
    evaluated++;
    return true;
  };
  const accepts = (d: Score) => (level === 'hard' ? d.hard < 0 : d.hard <= 0);
  const wMin = resolveWeight(problem, getConstraint('cover.min'));
  let best: Candidate | undefined;
  const consider = (c: Candidate) => {
    if (accepts(c.delta) && better(c, best)) best = c;
  };
  const inSlot = (w: number) => (map.byWorker.get(w) ?? []).some((p) => scorer.placeSlot(p) === slot);

  search: for (const w of order) {
    if (!inSlot(w)) {
      if (!spend()) break;
      scorer.deltaAssign(empty, w);
      consider({ delta: { hard: scorer.dHard, soft: scorer.dSoft }, steps: 1, worker: w });
    }
    for (const from of map.byWorker.get(w) ?? []) {
      // A pinned place never moves; leaving one place of this (slot, role) for another changes nothing.
      if (scorer.isPinned(from) || (scorer.placeSlot(from) === slot && scorer.placeRole(from) === role)) continue;
      if (!spend()) break search;
      scorer.deltaSwap(from, empty);
      const moved: Score = { hard: scorer.dHard, soft: scorer.dSoft };
      consider({ delta: moved, steps: 2, worker: w, from });
      // Another worker in `from` can at best win back its cover: skip when even that cannot be enough.
      const fs = scorer.placeSlot(from);
      const fr = scorer.placeRole(from);
      const count = map.filled(fs, fr);
      const fSlot = problem.slots[fs];
      const fRole = fSlot.roles[fr];
      const regain = coverMinPenalty(fSlot, fRole, count - 1, wMin) - coverMinPenalty(fSlot, fRole, count, wMin);
      const floor = moved.hard - regain;
      if (!accepts({ hard: floor, soft: 0 }) || (best !== undefined && floor > best.delta.hard)) continue;
      scorer.assign(from, -1);
      scorer.assign(empty, w);
      try {
        for (const y of scorer.candidates(from)) {
          if (y === w) continue;
          if (!spend()) break;
          scorer.deltaAssign(from, y);
          consider({ delta: { hard: moved.hard + scorer.dHard, soft: moved.soft + scorer.dSoft }, steps: 3, worker: w, from, refill: y });
        }
      } finally {
        scorer.assign(empty, -1);
        scorer.assign(from, w);
      }
      if (!complete) break;
    }
  }
  budget.remaining -= evaluated;
  return { ...(best ? { move: describe(map, slot, role, best) } : {}), evaluated, complete };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

function describe(map: PlaceMap, slot: number, role: number, c: Candidate): ProposedMove {
  const scorer = map.scorer;
  const problem = scorer.problem;
  const here = problem.slots[slot];
  const hereRole = here.roles[role].roleId;
  const who = problem.workers[c.worker];
  const add: Assignment[] = [{ slotId: here.id, roleId: hereRole, workerId: who.id }];
  const remove: Assignment[] = [];
  let words = `Put ${who.name} in this place`;
  if (c.from !== undefined) {
    const fs = scorer.placeSlot(c.from);
    const fr = scorer.placeRole(c.from);
    const fromSlot = problem.slots[fs];
    const fromRole = fromSlot.roles[fr];
    const as = fromSlot.roles.length > 1 || fs === slot ? ` (as ${roleName(problem, fromRole.roleId)})` : '';
    remove.push({ slotId: fromSlot.id, roleId: fromRole.roleId, workerId: who.id });
    words = `Move ${who.name} here from ${fromSlot.label}${as}`;
    if (c.refill !== undefined) {
      const other = problem.workers[c.refill];
      add.push({ slotId: fromSlot.id, roleId: fromRole.roleId, workerId: other.id });
      words += ` and put ${other.name} in that place`;
    } else {
      const left = map.filled(fs, fr) - 1;
      const state = left < fromRole.min ? 'short of its minimum' : left < fromRole.preferred ? 'below its preferred number' : 'still covered';
      words += `, leaving that place ${state}`;
    }
  }
  words += ` (score change: hard ${signed(c.delta.hard)}, soft ${signed(c.delta.soft)})`;
  return { words, remove, add, delta: c.delta };
}
