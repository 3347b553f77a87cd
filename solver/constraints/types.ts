// The shape every constraint in the catalogue shares, plus small helpers for penalties and words.

import type { Assignment, Level, Problem, Violation } from '../model.ts';

export type Family =
  | 'cover'
  | 'skills'
  | 'availability'
  | 'overlap-rest'
  | 'breaks'
  | 'travel'
  | 'hours'
  | 'consecutive-days'
  | 'weekends'
  | 'successions'
  | 'fairness'
  | 'preferences'
  | 'cost';

export interface Constraint {
  /** Stable id, used in problem.weights and in reports, e.g. "rest.minGap". */
  readonly id: string;
  /** Readable name, e.g. "At least 11 hours between shifts". */
  readonly name: string;
  readonly family: Family;
  readonly level: Level;
  /** Default weight per unit of breach; override with problem.weights[id]. */
  readonly defaultWeight: number;
  /** What one unit of breach is, e.g. "minute short". */
  readonly unit: string;
  /**
   * Added once to every single breach, before its size: PROTECTION_BASE for the rules that protect a
   * person (leave, availability, rest...), so an empty place always costs less than breaking one.
   * Absent means 0. Not scaled by the weight (the weight prices the size).
   */
  readonly breachBase?: number;
  /** The truth: every breach in the rota, explained, with the weight applied. */
  evaluate(problem: Problem, assignments: readonly Assignment[], weight: number): Violation[];
}

/**
 * A constraint judged on one place alone (worker w in role r of slot s), independent of the rest of
 * the rota. The incremental scorer precomputes these into a table; evaluate uses the same units.
 */
export interface PlaceConstraint extends Constraint {
  /** Units of breach for this worker in this place (0 when fine). Penalty = pen(units, weight). */
  placeUnits(problem: Problem, slotIndex: number, roleIndex: number, workerIndex: number): number;
}

export function isPlaceConstraint(c: Constraint): c is PlaceConstraint {
  return typeof (c as PlaceConstraint).placeUnits === 'function';
}

/**
 * Every penalty is an integer so incremental sums never drift from a full evaluation. Each single
 * breach (one pair, one week, one place...) is rounded on its own, the same way everywhere.
 */
export function pen(units: number, weight: number): number {
  return Math.round(units * weight);
}

/**
 * The base of one breach of a rule protecting a person. It must exceed everything else hard that
 * filling one place can save at default weights: cover.min (60 x priority), the hard minimums of
 * hours (the slot's workMinutes, week and total) and the minimum runs of days (see README).
 */
export const PROTECTION_BASE = 10_000;

/** One breach of `units` (0: none): the constraint's base plus the weighted size. */
export function breachPen(units: number, weight: number, base: number): number {
  return units > 0 ? base + Math.round(units * weight) : 0;
}

/**
 * "8 h 30 min", "11 h", "45 min". A duration is never negative: callers word an overlap as an overlap,
 * so a negative here is a caller's slip, shown as 0 min rather than as "-319 h 30 min" to a person.
 */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (h === 0) return `${r} min`;
  if (r === 0) return `${h} h`;
  return `${h} h ${r} min`;
}

/** A role's display name for explanations (its id when the problem gives none). */
export function roleName(problem: Problem, roleId: string): string {
  return problem.roleNames?.[roleId] ?? roleId;
}

/** A skill's display name for explanations (its id when the problem gives none). */
export function skillName(problem: Problem, skillId: string): string {
  return problem.skillNames?.[skillId] ?? skillId;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
