// The accept-time re-check: may this one worker take these places now, given what they hold?
// Hard rules other than cover are about one worker's own sessions (hours, rest, skills, venues,
// availability, successions), and the offered places' cover is neutralised by the ranking anyway, so
// the check runs on a problem cut down to the worker, the sessions they hold and the offered ones.
// That keeps an accept cheap however large the rota is.

import type { Assignment, Problem } from '../model.ts';
import { rankSeries, type OfferPlace, type RankOptions } from './rank.ts';

export type CheckResult =
  | { readonly ok: true; readonly softDelta: number }
  | { readonly ok: false; readonly reasons: readonly string[] };

export function checkWorker(
  problem: Problem,
  held: readonly Assignment[],
  places: readonly OfferPlace[],
  workerId: string,
  options: Omit<RankOptions, 'workerIds'>,
): CheckResult {
  const worker = problem.workers.find((w) => w.id === workerId);
  if (!worker) throw new Error(`workerId: unknown worker "${workerId}"`);
  const small = restrictToWorker(problem, held, places, workerId);
  const r = rankSeries(small.problem, small.held, places, { ...options, workerIds: [workerId] });
  const mine = r.eligible[0];
  return mine ? { ok: true, softDelta: mine.softDelta } : { ok: false, reasons: r.excluded[0]?.reasons ?? ['not eligible'] };
}

/** The problem seen from one worker: their sessions and the offered ones, nobody else. */
export function restrictToWorker(
  problem: Problem,
  held: readonly Assignment[],
  places: readonly OfferPlace[],
  workerId: string,
): { problem: Problem; held: Assignment[] } {
  const mineHeld = held.filter((a) => a.workerId === workerId);
  const minePinned = problem.pinned.filter((a) => a.workerId === workerId);
  const keep = new Set<string>([...places.map((p) => p.slotId), ...mineHeld.map((a) => a.slotId), ...minePinned.map((a) => a.slotId)]);
  return {
    problem: {
      ...problem,
      slots: problem.slots.filter((s) => keep.has(s.id)),
      workers: problem.workers.filter((w) => w.id === workerId),
      pinned: minePinned,
    },
    held: mineHeld,
  };
}
