// Worker walks stop at a rota no single worker's walk improves (walk-descent.ts). A place short of its
// cover often stays short there because every worker who could take it would have to give up another
// place to do so (their minutes, runs or weekends are full), and that place would then go short at the
// same price: for one worker alone the move gains nothing, though another worker with room to spare
// could take the place given up. A kick makes that chain of moves: one worker who may work a short
// place is walked onto it (their best legal walk that works it), and the workers whose prices that
// changed re-plan in turn, each to their best walk given the others, as far as the changes spread. The
// kick stands when the column model's objective (every walk's cost plus cover) is lower, else all of
// it is undone. Every walk is legal, so a kick never breaks a rule of the walks.

import type { Assignment, Problem } from '../model.ts';
import type { Prng } from '../search/prng.ts';
import type { WorkerDayModel } from './day-model.ts';
import { scheduleCost } from './schedule-rules.ts';
import { assignmentsOf, countRota, coverCostOf, marginalCoverCosts, replan, rotasOf, type CoverCost, type WorkerRota } from './walk-descent.ts';
import { cheapestLegalWalk } from './walk.ts';

/** The saving that walks a worker onto the kicked place: above any rearrangement of their own walk's
 *  soft cost, below the hard breaches (walk.ts HARD_COST), which a legal walk never carries. */
const KICK_PULL = 1e4;
/** Kicks (each with a worker drawn afresh) at one short place before it is left, until a kick stands. */
const KICKS_PER_PLACE = 3;

export interface WalkKickOptions {
  /** Read before each kick: true stops where it is. */
  readonly late: () => boolean;
  readonly rng: Prng;
  /** Re-plans one kick may spread to (default: half the staff; a chain that has not paid off by then
   *  rarely does, and a kick that re-plans everyone costs a whole descent). */
  readonly maxReplans?: number;
}

export interface WalkKickResult {
  readonly assignments: Assignment[];
  readonly kicks: number;
  /** Kicks that lowered the objective and stand. */
  readonly kept: number;
  /** What the kept kicks took off the column model's objective. */
  readonly gained: number;
  /** Every short place had its kicks without one standing: more kicks from this rota are unlikely to gain. */
  readonly exhausted: boolean;
}

/** Kicks from the rota until `late` says stop or no place is short; the rota is returned as it stands. */
export function walkKicks(problem: Problem, models: readonly WorkerDayModel[], rota: readonly Assignment[], opts: WalkKickOptions): WalkKickResult {
  const { cost, slotOf, roleOf } = coverCostOf(problem);
  const rotas = rotasOf(problem, models, rota);
  const none = { assignments: [...rota], kicks: 0, kept: 0, gained: 0, exhausted: true };
  // Only from legal walks: a worker who breaks a rule of their walk is the descent's to repair.
  const own = rotas.map((r, w) => (r.strays.length > 0 ? undefined : scheduleCost(models[w], r.picks)));
  if (own.some((c) => c === undefined)) return none;
  const K = slotOf.length;
  const counts = new Int32Array(K);
  const holders: number[][] = Array.from({ length: K }, () => []);
  models.forEach((m, w) => {
    countRota(m, rotas[w], counts, 1);
    const seen = new Set<number>();
    for (const day of m.days) for (const o of day) seen.add(o.slotRole);
    for (const k of seen) holders[k].push(w);
  });
  const state = new KickState(models, rotas, counts, cost, own as number[], holders);
  const maxReplans = opts.maxReplans ?? Math.ceil(models.length / 2);
  let kicks = 0;
  let kept = 0;
  let gained = 0;
  let exhausted = false;
  while (!opts.late()) {
    const target = state.shortPlace(opts.rng);
    if (target === undefined) {
      exhausted = true;
      break;
    }
    const worker = state.kickable(target, opts.rng);
    if (worker === undefined) continue;
    kicks++;
    const before = state.objective();
    state.begin();
    const moved = state.kick(worker, target);
    if (moved) state.spread(worker, moved, maxReplans, opts.rng, opts.late);
    const after = state.objective();
    if (after < before - 1e-9) {
      kept++;
      gained += before - after;
      state.changed();
    } else state.undo();
  }
  return { assignments: assignmentsOf(problem, models, rotas, slotOf, roleOf), kicks, kept, gained, exhausted };
}

/** The walks and cover counts a kick changes, with what it needs to undo them. */
class KickState {
  private undoLog: { w: number; picks: Int32Array; prices: WorkerRota['prices']; own: number }[] = [];
  /** Kicks at each place since a kick last stood: a place is left once it has had KICKS_PER_PLACE. */
  private readonly tried = new Map<number, number>();

  constructor(
    private readonly models: readonly WorkerDayModel[],
    private readonly rotas: WorkerRota[],
    private readonly counts: Int32Array,
    private readonly cost: CoverCost,
    private readonly own: number[],
    /** Per slot-role: the workers with an option on it. */
    private readonly holders: readonly (readonly number[])[],
  ) {}

  objective(): number {
    let sum = 0;
    for (const c of this.own) sum += c;
    for (let k = 0; k < this.counts.length; k++) sum += this.cost(k, this.counts[k]);
    return sum;
  }

  /** A place one more worker would make cheaper, drawn by what that saves among those not yet tried. */
  shortPlace(rng: Prng): number | undefined {
    const saving: number[] = [];
    const places: number[] = [];
    let total = 0;
    for (let k = 0; k < this.counts.length; k++) {
      if ((this.tried.get(k) ?? 0) >= KICKS_PER_PLACE) continue;
      const s = this.cost(k, this.counts[k]) - this.cost(k, this.counts[k] + 1);
      if (s <= 1e-9 || this.holders[k].length === 0) continue;
      places.push(k);
      saving.push(s);
      total += s;
    }
    if (places.length === 0) return undefined;
    let r = rng.float() * total;
    for (let j = 0; j < places.length; j++) {
      r -= saving[j];
      if (r < 0) return places[j];
    }
    return places[places.length - 1];
  }

  /** A worker who may work place k and does not, drawn at random (each draw counts as a kick at k). */
  kickable(k: number, rng: Prng): number | undefined {
    const free = this.holders[k].filter((w) => !this.works(w, k));
    this.tried.set(k, free.length === 0 ? KICKS_PER_PLACE : (this.tried.get(k) ?? 0) + 1);
    return free.length === 0 ? undefined : free[rng.int(free.length)];
  }

  begin(): void {
    this.undoLog = [];
  }

  /** Walks worker w onto place k (their best legal walk that works it): the places whose cover that
   *  changed, or undefined when no legal walk works it. */
  kick(w: number, k: number): number[] | undefined {
    const m = this.models[w];
    this.move(w, -1);
    const extra = marginalCoverCosts(m, this.counts, this.cost);
    let on = false;
    m.days.forEach((day, d) =>
      day.forEach((o, i) => {
        if (o.slotRole === k) extra[d][i] -= KICK_PULL;
      }),
    );
    const walk = cheapestLegalWalk(m, extra, Infinity, this.rotas[w].prices).best;
    if (walk) {
      walk.picks.forEach((i, d) => {
        if (i >= 0 && m.days[d][i].slotRole === k) on = true;
      });
    }
    let changed: number[] | undefined;
    if (on) {
      this.undoLog.push({ w, picks: this.rotas[w].picks, prices: this.rotas[w].prices, own: this.own[w] });
      changed = [...diffPlaces(m, this.rotas[w].picks, walk!.picks)];
      this.rotas[w].picks = walk!.picks;
      this.rotas[w].prices = walk!.prices;
      this.own[w] = scheduleCost(m, walk!.picks)!;
    }
    this.move(w, 1);
    return changed;
  }

  /** The workers whose prices the kick changed (at `places`) re-plan in turn, each to their best walk
   *  given the others, and so on as far as the changes spread; the kicked worker stays. */
  spread(kicked: number, places: readonly number[], maxReplans: number, rng: Prng, late: () => boolean): void {
    const queue: number[] = [];
    const queued = new Set<number>();
    const enqueue = (at: Iterable<number>) => {
      for (const k of at) {
        for (const v of this.holders[k]) {
          if (v === kicked || queued.has(v)) continue;
          queued.add(v);
          queue.push(v);
        }
      }
    };
    enqueue(places);
    let replans = 0;
    while (queue.length > 0 && replans < maxReplans && !late()) {
      const j = rng.int(queue.length);
      const w = queue[j];
      queue[j] = queue[queue.length - 1];
      queue.pop();
      queued.delete(w);
      replans++;
      const m = this.models[w];
      const prior = { w, picks: this.rotas[w].picks, prices: this.rotas[w].prices, own: this.own[w] };
      this.move(w, -1);
      const changed = replan(m, this.rotas[w], this.counts, this.cost);
      this.move(w, 1);
      if (!changed) continue;
      this.undoLog.push(prior);
      this.own[w] = scheduleCost(m, this.rotas[w].picks)!;
      enqueue(diffPlaces(m, prior.picks, this.rotas[w].picks));
    }
  }

  /** Takes back every walk the kick changed, latest first. */
  undo(): void {
    for (let j = this.undoLog.length - 1; j >= 0; j--) {
      const e = this.undoLog[j];
      this.move(e.w, -1);
      this.rotas[e.w].picks = e.picks;
      this.rotas[e.w].prices = e.prices;
      this.own[e.w] = e.own;
      this.move(e.w, 1);
    }
    this.undoLog = [];
  }

  /** A kick stood: every place may be worth a kick again. */
  changed(): void {
    this.tried.clear();
  }

  private works(w: number, k: number): boolean {
    const m = this.models[w];
    const picks = this.rotas[w].picks;
    for (let d = 0; d < picks.length; d++) if (picks[d] >= 0 && m.days[d][picks[d]].slotRole === k) return true;
    return false;
  }

  private move(w: number, sign: number): void {
    countRota(this.models[w], this.rotas[w], this.counts, sign);
  }
}

/** The places worked in one walk and not the other. */
function* diffPlaces(m: WorkerDayModel, a: Int32Array, b: Int32Array): Generator<number> {
  for (let d = 0; d < a.length; d++) {
    if (a[d] === b[d]) continue;
    if (a[d] >= 0) yield m.days[d][a[d]].slotRole;
    if (b[d] >= 0) yield m.days[d][b[d]].slotRole;
  }
}
