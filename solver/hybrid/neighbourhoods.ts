// Which part of the rota the MILP may change in one large-neighbourhood step, and how big it is.
// Three shapes: a few workers over the whole horizon (their own rules couple their days), every
// worker over a window of days (cover couples the workers of a day), and a block of both.
// Sizes adapt: a neighbourhood solved to optimality grows its shape; one cut by the time limit shrinks it.

import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';

export type NeighbourhoodKind = 'workers' | 'days' | 'block';

export interface Neighbourhood {
  readonly kind: NeighbourhoodKind;
  readonly isFree: (workerIndex: number, slotIndex: number) => boolean;
}

interface Size {
  workers: number;
  days: number;
}

export class NeighbourhoodSizes {
  readonly sizes: Record<NeighbourhoodKind, Size>;
  readonly workerCount: number;
  readonly dayCount: number;

  constructor(problem: Problem) {
    const W = problem.workers.length;
    const H = problem.days.length;
    this.workerCount = W;
    this.dayCount = H;
    this.sizes = {
      workers: { workers: Math.min(W, Math.max(2, Math.round(W / 8))), days: H },
      days: { workers: W, days: Math.min(H, 7) },
      block: { workers: Math.min(W, Math.max(3, Math.round(W / 3))), days: Math.min(H, 14) },
    };
  }

  report(kind: NeighbourhoodKind, outcome: 'optimal' | 'limit' | 'trivial'): void {
    const s = this.sizes[kind];
    const grow = outcome !== 'limit';
    if (kind === 'workers') s.workers = clamp(s.workers + (grow ? 1 : -1), 1, this.workerCount);
    else if (kind === 'days') s.days = clamp(s.days + (grow ? 1 : -2), 2, this.dayCount);
    else {
      s.workers = clamp(s.workers + (grow ? 1 : -1), 2, this.workerCount);
      s.days = clamp(s.days + (grow ? 1 : -1), 3, this.dayCount);
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(Math.min(lo, hi), Math.min(hi, v));
}

function pickWorkers(n: number, count: number, rng: Prng): Set<number> {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + rng.int(n - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return new Set(all.slice(0, Math.min(count, n)));
}

const KINDS: readonly NeighbourhoodKind[] = ['workers', 'days', 'block'];

export function chooseNeighbourhood(
  problem: Problem,
  current: readonly Assignment[],
  sizes: NeighbourhoodSizes,
  rng: Prng,
): Neighbourhood {
  void current;
  const kind = KINDS[rng.int(KINDS.length)];
  const size = sizes.sizes[kind];
  const H = problem.days.length;
  const workers = pickWorkers(problem.workers.length, size.workers, rng);
  const span = Math.min(H, size.days);
  const first = rng.int(H - span + 1);
  const last = first + span - 1;
  const slotDay = problem.slots.map((s) => s.dayIndex);
  return {
    kind,
    isFree: (w, s) => workers.has(w) && slotDay[s] >= first && slotDay[s] <= last,
  };
}
