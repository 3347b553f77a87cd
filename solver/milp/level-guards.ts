// When a hard level may be read as a bound: the least cost of each kind of breach, and the checks that
// no rota at a level holds two places at once (mode level's assumption) or, with double places
// priced, two overlapping slots. Each is an argument about every rota, so each is conservative.

import { getConstraint, isPlaceConstraint, resolveWeight, constraints as catalogue } from '../constraints/index.ts';
import { pen } from '../constraints/types.ts';
import type { Problem } from '../model.ts';

/** The least penalty of any single breach of a hard rule: its base plus one unit at its weight. */
export function leastBreach(problem: Problem, id: string): number {
  const c = getConstraint(id);
  return (c.breachBase ?? 0) + Math.max(0, pen(1, resolveWeight(problem, c)));
}

/**
 * The least hard penalty of holding two places at once (a clique row covers both overlapping slots
 * and two roles in one slot): every bound mode keeps it, so the rest and travel rows, which read a
 * worker's slots in order, may assume no two held slots overlap.
 */
export function structuralFloor(problem: Problem): number {
  return Math.min(leastBreach(problem, 'overlap.noOverlap'), leastBreach(problem, 'cover.doublePlace'));
}

/**
 * Whether no rota with hard score `level` holds two places at once, which mode level assumes. It
 * holds when the level, less the forced penalty, is below the least cost of holding two; past that,
 * when every way of holding two costs more than the level leaves: `minimiseRowFloor` (the rowFloor of
 * this problem's mode minimise, the forced penalty included) is at most the hard score of any rota
 * breaking a clique row or holding a place with a hard cost among the places the model may hold, so
 * it must be above the level itself; a place the model leaves out as ineligible breaks a hard place
 * rule (at least the least such breach, besides the forced penalty); and no worker is pinned to two
 * places at once.
 */
export function oneAtATimeAtLevel(problem: Problem, level: number, forced: number, minimiseRowFloor: number): boolean {
  const left = level - forced;
  if (left < structuralFloor(problem)) return true;
  return level < minimiseRowFloor && left < leastHardPlace(problem) && !pinnedTwoAtOnce(problem);
}

/**
 * Whether mode level with double places priced holds for `level`: no rota at the level holds two
 * overlapping slots, because the overlap's least breach is past what the level leaves after the
 * forced penalty, or because the level is below `minimiseRowFloor` (the rowFloor of this problem's
 * mode minimise with doubles priced, whose clique rows forbid overlaps among the places the model may
 * hold); a place the model leaves out as ineligible costs more than the level leaves; and no worker is
 * pinned to two places at once. Two roles of one slot are then a priced term of the level, and the
 * rows that read a worker's slots in order read each held slot once.
 */
export function doublesPricedAtLevel(problem: Problem, level: number, forced: number, minimiseRowFloor: number): boolean {
  const left = level - forced;
  const noOverlap = left < leastBreach(problem, 'overlap.noOverlap') || level < minimiseRowFloor;
  return noOverlap && left < leastHardPlace(problem) && !pinnedTwoAtOnce(problem);
}

/** The least penalty of holding a place a hard place rule forbids. */
function leastHardPlace(problem: Problem): number {
  return Math.min(...catalogue.filter((c) => isPlaceConstraint(c) && c.level === 'hard').map((c) => leastBreach(problem, c.id)));
}

function pinnedTwoAtOnce(problem: Problem): boolean {
  const slotById = new Map(problem.slots.map((s) => [s.id, s]));
  const held = new Map<string, { startMin: number; endMin: number }[]>();
  for (const a of problem.pinned) {
    const s = slotById.get(a.slotId);
    if (!s) continue;
    const mine = held.get(a.workerId) ?? [];
    if (mine.some((x) => x.startMin < s.endMin && s.startMin < x.endMin)) return true;
    mine.push(s);
    held.set(a.workerId, mine);
  }
  return false;
}
