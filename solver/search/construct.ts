// Construction: seed the rota from the caller's initial one where it is still valid, then fill the
// most constrained places first (required before preferred, fewest improving candidates, highest
// priority), each with the candidate whose delta is best.

import type { Assignment } from '../model.ts';
import type { Prng } from './prng.ts';
import type { PlaceIndex } from './places.ts';
import { isCandidate } from './places.ts';
import type { SearchState } from './state.ts';
import { better } from './state.ts';
import { PlaceHeap } from './place-heap.ts';

export interface ConstructOptions {
  /** Evaluate at most this many candidates per place (a random sample beyond it). */
  readonly maxCandidatesPerPlace: number;
  /** True once the solve's time is up: the places not reached yet stay empty. */
  readonly stop?: () => boolean;
}

/** Places filled between two looks at `stop` (a look reads the clock). */
const PLACES_PER_CHECK = 64;

/** Resolve initial assignments to (group, worker) pairs; entries naming unknown ids are skipped. */
export function initialPairs(index: PlaceIndex, state: SearchState, initial: readonly Assignment[]): Map<number, number[]> {
  const { problem } = state.scorer;
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const workerIndex = new Map(problem.workers.map((w, i) => [w.id, i]));
  const groupByKey = new Map<string, number>();
  index.groups.forEach((g, i) => groupByKey.set(`${g.slot}\u0000${g.role}`, i));
  const byGroup = new Map<number, number[]>();
  for (const a of initial) {
    const s = slotIndex.get(a.slotId);
    const w = workerIndex.get(a.workerId);
    if (s === undefined || w === undefined) continue;
    const r = problem.slots[s].roles.findIndex((role) => role.roleId === a.roleId);
    const g = groupByKey.get(`${s}\u0000${r}`);
    if (g === undefined) continue;
    const list = byGroup.get(g) ?? [];
    if (!list.includes(w)) list.push(w);
    byGroup.set(g, list);
  }
  return byGroup;
}

/** Put initial workers into free places of their group; skip those who cannot hold it. */
export function applyInitial(index: PlaceIndex, state: SearchState, byGroup: Map<number, number[]>): void {
  for (const [g, workers] of byGroup) {
    const group = index.groups[g];
    for (const w of workers) {
      if (state.inSlot(group.slot, w)) continue;
      const place = group.places.find((p) => !index.pinned[p] && state.cur[p] < 0 && isCandidate(index, p, w));
      if (place !== undefined) state.assign(place, w);
    }
  }
}

// Key = tier * 2^40 + feasible count * 2^20 + (2^20 - 1 - priority rank): lower pops first.
const TIER = 2 ** 40;
const COUNT = 2 ** 20;

export function construct(index: PlaceIndex, state: SearchState, rng: Prng, options: ConstructOptions): void {
  const heap = placesToFill(index, state);
  const repushed = new Uint8Array(index.placeCount);
  const pick = new CandidatePick(index, state, rng, options.maxCandidatesPerPlace);
  let pops = 0;
  while (heap.size > 0) {
    if (options.stop && ++pops % PLACES_PER_CHECK === 0 && options.stop()) return;
    const { place, key } = heap.pop();
    pick.run(place);
    // Lazy re-ranking: the place got less constrained than its key said and others now come first.
    const tierPart = Math.floor(key / TIER) * TIER;
    const newKey = tierPart + Math.min(pick.improving, COUNT - 1) * COUNT + (key % COUNT);
    if (!repushed[place] && newKey > key && heap.size > 0 && heap.peekKey() < newKey) {
      repushed[place] = 1;
      heap.push(place, newKey);
      continue;
    }
    if (pick.worker >= 0) state.assign(place, pick.worker);
  }
}

/** The empty places up to each (slot, role)'s min (tier 0), then up to its preferred (tier 1), keyed. */
function placesToFill(index: PlaceIndex, state: SearchState): PlaceHeap {
  const problem = state.scorer.problem;
  // Rank slot priorities densely so the key stays an exact integer whatever the priority values are.
  const priorities = [...new Set(problem.slots.map((s) => s.priority))].sort((a, b) => b - a);
  const priorityRank = new Map(priorities.map((p, i) => [p, i]));
  const heap = new PlaceHeap();
  for (const group of index.groups) {
    const demand = problem.slots[group.slot].roles[group.role];
    let filled = 0;
    for (const p of group.places) if (state.cur[p] >= 0) filled++;
    let required = Math.max(0, demand.min - filled);
    let preferred = Math.max(0, demand.preferred - Math.max(filled, demand.min));
    for (const p of group.places) {
      if (index.pinned[p] || state.cur[p] >= 0) continue;
      let tier: number;
      if (required > 0) {
        tier = 0;
        required--;
      } else if (preferred > 0) {
        tier = 1;
        preferred--;
      } else break;
      const rank = priorityRank.get(problem.slots[group.slot].priority) ?? 0;
      const count = Math.min(index.candidates[p].length, COUNT - 1);
      heap.push(p, tier * TIER + count * COUNT + rank);
    }
  }
  return heap;
}

/**
 * The candidate of a place whose delta is best (improving on leaving it empty; ties drawn at random),
 * among all its candidates or a random sample of them, and how many candidates improve.
 */
class CandidatePick {
  worker = -1;
  improving = 0;
  private readonly sample: number[] = [];

  constructor(
    private readonly index: PlaceIndex,
    private readonly state: SearchState,
    private readonly rng: Prng,
    private readonly maxCandidates: number,
  ) {}

  run(place: number): void {
    const { index, state, rng } = this;
    const scorer = state.scorer;
    const slot = index.placeSlot[place];
    const cands = index.candidates[place];
    let pool: readonly number[] = cands;
    if (cands.length > this.maxCandidates) {
      this.sample.length = 0;
      for (let i = 0; i < this.maxCandidates; i++) this.sample.push(cands[rng.int(cands.length)]);
      pool = this.sample;
    }
    let bestWorker = -1;
    let bestHard = 0;
    let bestSoft = 0;
    let ties = 0;
    let improving = 0;
    for (let i = 0; i < pool.length; i++) {
      const w = pool[i];
      if (state.inSlot(slot, w)) continue;
      scorer.deltaAssign(place, w);
      const dh = scorer.dHard;
      const ds = scorer.dSoft;
      if (!better(dh, ds, 0, 0)) continue;
      improving++;
      if (bestWorker < 0 || better(dh, ds, bestHard, bestSoft)) {
        bestWorker = w;
        bestHard = dh;
        bestSoft = ds;
        ties = 1;
      } else if (dh === bestHard && ds === bestSoft) {
        ties++;
        if (rng.int(ties) === 0) bestWorker = w;
      }
    }
    this.worker = bestWorker;
    this.improving = improving;
  }
}
