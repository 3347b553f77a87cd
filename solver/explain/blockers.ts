// Sorting what blocks a worker from a place into the worker's own facts and what the rota made.
//
// The same question is asked three times of the worker: with every place they hold (the real
// blockers), with none of them (what remains is a fact about the worker: leave, skills, venue,
// history, caps), and with only their pinned places (what those add cannot be moved by a re-plan).
// A blocker found in the first answer and also in the second is the worker's own fact; else if in
// the third, the rota made it from a pinned place; else the rota made it and it is movable.
// Breaches are matched by their words first, then by rule: a history-carried rest breach may read
// differently once other places are counted, yet it is the same fact.

import type { Blocker, SoftRuleCost, UnfilledReason, Violation } from '../model.ts';

/** Which entries of `list` are also in `reference`: same words first, then same rule. */
function matched(list: readonly Violation[], reference: readonly Violation[]): boolean[] {
  const out = list.map(() => false);
  const unused = reference.map(() => true);
  list.forEach((v, i) => {
    const j = reference.findIndex((x, k) => unused[k] && x.message === v.message);
    if (j >= 0) {
      unused[j] = false;
      out[i] = true;
    }
  });
  list.forEach((v, i) => {
    if (out[i]) return;
    const j = reference.findIndex((x, k) => unused[k] && x.constraintId === v.constraintId);
    if (j >= 0) {
      unused[j] = false;
      out[i] = true;
    }
  });
  return out;
}

/**
 * `full`: the blockers with every place the worker holds; `alone`: with none of them (null when the
 * worker holds nothing else, so `full` is all facts); `pinnedOnly`: with only their pinned places
 * (null when they hold none).
 */
export function categorise(
  full: readonly Violation[],
  alone: readonly Violation[] | null,
  pinnedOnly: readonly Violation[] | null,
): Blocker[] {
  const fact = alone === null ? full.map(() => true) : matched(full, alone);
  const rest = full.filter((_, i) => !fact[i]);
  let pinnedMade = rest.map(() => false);
  if (pinnedOnly !== null && rest.length > 0) {
    const byPins = alone === null ? pinnedOnly : pinnedOnly.filter((_, i) => !matched(pinnedOnly, alone)[i]);
    pinnedMade = matched(rest, byPins);
  }
  const out: Blocker[] = [];
  full.forEach((v, i) => {
    if (fact[i]) out.push({ constraintId: v.constraintId, category: 'worker', movable: false, message: v.message });
  });
  rest.forEach((v, i) => {
    out.push({ constraintId: v.constraintId, category: 'rota', movable: !pinnedMade[i], message: v.message });
  });
  return out;
}

/** One blocker as the `blocks` words say it: what the rota made is marked so. */
export function blockerWords(b: Blocker): string {
  if (b.category === 'worker') return b.message;
  return `${b.message} (placed elsewhere in this rota; ${b.movable ? 'movable' : 'pinned'})`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** "Weekly hours within the contracted band (+300), Pay for the hours worked (+40)". */
export function softCostList(costs: readonly SoftRuleCost[]): string {
  return costs.map((c) => `${c.name} (${signed(c.cost)})`).join(', ');
}

/**
 * Why a worker whom no hard rule blocks is not in a short place: what it would cost on the soft rules,
 * rule by rule when known. `total` is the soft change; `afterSearch` says the search had the chance.
 */
export function unblockedWords(
  workerName: string,
  level: 'hard' | 'soft',
  total: number,
  costs: readonly SoftRuleCost[] | undefined,
  afterSearch: boolean,
): string {
  const list = costs && costs.length > 0 ? `: ${softCostList(costs)}` : '';
  const head = `${workerName}: no hard rule blocks this place`;
  if (level === 'hard') {
    const soft = total === 0 ? '' : `; it would ${total > 0 ? `cost ${total} more` : `save ${-total}`} on soft rules${list}`;
    return `${head}${afterSearch ? '; the search did not use them' : ''}${soft}`;
  }
  if (total > 0) return `${head}; placing them ${afterSearch ? 'scored worse on soft rules' : 'would score worse on soft rules'}: it would cost ${total} more${list}`;
  return `${head}; placing them would ${total < 0 ? `save ${-total}` : 'change nothing'} on soft rules${list}${afterSearch ? '; the search did not reach it' : ''}`;
}

/**
 * Order of reasons under a place, most useful first: nothing hard in the way, then only places the
 * rota could move, then only pinned ones, then the worker's own facts.
 */
export function reasonRank(reason: UnfilledReason): number {
  const blockers = reason.blockers ?? [];
  if (reason.workerId === '') return 4;
  if (blockers.length === 0) return 0;
  if (blockers.some((b) => b.category === 'worker')) return 3;
  return blockers.every((b) => b.movable) ? 1 : 2;
}
