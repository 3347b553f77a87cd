// Diving on day decisions: fix (worker, day) to the option (or day off) the master LP uses most, many
// at a time, re-generate columns, repeat until the LP is integral. Far gentler than fixing whole rotas:
// a worker keeps every other day free for pricing to re-plan around the fixes. A step that raises the
// LP value is taken back and retried with half as many uncertain fixes.
//
// Guided by a known rota (RINS-like, after Danna, Rothberg and Le Pape 2005), the dive's first step
// instead fixes every decision on which the LP's most used option is that rota's: the dive then
// searches the rota's neighbourhood where the LP agrees with it, a far smaller tree than the whole
// root's, and the rota's own columns keep that first node feasible.

import type { Assignment } from '../model.ts';
import type { DiveResult } from './dive.ts';
import { generate } from './generate.ts';
import type { MasterLp } from './master-lp.ts';
import type { Restriction } from './schedule-rules.ts';

export interface DayDiveOptions {
  readonly timeLimitMs?: number;
  readonly incumbent?: number;
  /** Decisions the LP takes at least this much are fixed without counting as a choice. Default 0.99. */
  readonly fixAbove?: number;
  /** Each step also fixes this share of the uncertain decisions, most used first. Default 0.2. */
  readonly fixShare?: number;
  /** Pricing rounds per step at most. Default: to convergence (a step is judged by its LP value). */
  readonly roundsPerNode?: number;
  /**
   * A step may raise the LP by its share of the room left below the best known rota (riseAllowed)
   * instead of being taken back at any rise. Default false: a dive from the root tracks its LP, which
   * where the bound is tight leads to an optimum; a dive near a known rota needs only beat that rota.
   */
  readonly riseWithinRoom?: boolean;
  /** A rota to dive near: the first step fixes the free decisions on which it agrees with the LP. */
  readonly guide?: readonly Assignment[];
  /** ...those the LP uses at least this much (0: wherever its most used option is the rota's). Default 0. */
  readonly guideAbove?: number;
  /**
   * The LP with nothing fixed as an earlier dive on this master solved it (DayDiver.unfixed): a guided
   * dive takes its first step's choices from it instead of solving that LP again as its first node.
   * Once the root has converged, columns added since cannot lower that LP (it is optimal over every
   * column), so solving it again only picks another of its optima, at the price of a node that prices
   * every worker over the whole horizon: the dearest node of a guided dive that fixes most decisions.
   */
  readonly unfixed?: UnfixedLp;
  readonly onStep?: (event: { readonly lpValue: number; readonly fixed: number }) => void;
  readonly onIncumbent: (assignments: Assignment[], objective: number) => void;
}

/** A free (worker, day) at the option the LP uses most (-2: the day off), and how much. */
type Candidate = { readonly w: number; readonly d: number; readonly o: number; readonly v: number };

/** The LP with no decision fixed, converged: its value and its choices, most used first. */
export interface UnfixedLp {
  readonly lpValue: number;
  readonly candidates: readonly Candidate[];
}

/** The last step, kept so that a step which raises the LP can be undone and retried smaller. */
interface Step {
  readonly forced: Int32Array[];
  readonly lpValue: number;
  readonly candidates: readonly Candidate[];
  /** Decisions fixed before the step, and those still free then. */
  readonly fixedBefore: number;
  readonly free: number;
  uncertainFixed: number;
}

export function diveDays(master: MasterLp, options: DayDiveOptions): DiveResult {
  const diver = new DayDiver(master, options);
  diver.run(options.timeLimitMs);
  return { nodes: diver.nodes, best: Number.isFinite(diver.best) ? diver.best : undefined };
}

/**
 * A day dive that can stop at a deadline and go on later from where it stopped (its fixes, and the
 * step it may take back), so a caller can give it its time in slices and spend the time between on
 * other searches. The master is shared: every node applies its own restrictions first, and each
 * `run` leaves the master unrestricted.
 */
export class DayDiver {
  best: number;
  nodes = 0;
  /** running: may go on; landed: reached an integral LP (a rota); ended: failed or nothing left to fix. */
  state: 'running' | 'landed' | 'ended' = 'running';
  /** The LP value at the last node dived through (a leaf below costs at least this), and the share of
   *  the decisions it has had to choose that are fixed there: how far the dive has come. The guided
   *  step's fixes come in one node for free and do not count, or a guided dive would look nearly
   *  landed after its first step and its pace (columns.ts: its outlook) would be that of one node. */
  lpValue: number | undefined;
  progress = 0;
  /** The LP with nothing fixed, once this dive has solved it to convergence (or was given it). */
  unfixed: UnfixedLp | undefined;
  private guidedFixed = 0;
  private forced: Int32Array[];
  private undo: Step | undefined;
  private readonly noBans: number[][];
  private readonly fixAbove: number;
  private riseWithinRoom: boolean;
  /** Hurried (hurry()): a node's LP stands once it is within the rise allowed, converged or not. */
  private hurried = false;
  /** The guide's option per worker and day (candidates' encoding: -2 the day off), until its step is taken. */
  private guide: (Int32Array | undefined)[] | undefined;

  constructor(
    private readonly master: MasterLp,
    private readonly options: DayDiveOptions,
  ) {
    this.best = options.incumbent ?? Infinity;
    this.fixAbove = options.fixAbove ?? 0.99;
    this.riseWithinRoom = options.riseWithinRoom ?? false;
    this.forced = Array.from({ length: master.W }, () => new Int32Array(master.H).fill(-1));
    this.noBans = Array.from({ length: master.H }, () => []);
    this.unfixed = options.unfixed;
    if (options.guide) {
      // Its columns keep the guided node feasible whatever the master has gathered since.
      master.addRota(options.guide);
      this.guide = master.picksOf(options.guide).map((p) => p?.map((o) => (o < 0 ? -2 : o)));
    }
  }

  /** Worker w's decision on day d as fixed so far: -1 free, -2 the day off, else the option's index. */
  fixedOption(w: number, d: number): number {
    return this.forced[w][d];
  }

  /**
   * From here on, steps that rise within the room below the best rota stand (as with riseWithinRoom):
   * for a dive that has used its time tracking the LP strictly and must now land to be of use.
   */
  hurry(): void {
    this.riseWithinRoom = true;
    this.hurried = true;
  }

  /** A better known rota's objective: nodes whose bound reaches it are cut. */
  lowerCutoff(objective: number): void {
    if (objective < this.best) this.best = objective;
  }

  /**
   * How far a step may raise the LP and still stand: its share of what the dive may still rise before
   * its leaf costs the best known rota, the share being that of the free decisions it fixed. A dive
   * whose LP rises in step with the decisions it fixes lands below that rota, so small rises need not
   * be taken back (each costs a node) while the gap is wide; with no known rota, or none left, nothing.
   */
  private riseAllowed(undo: Step | undefined): number {
    if (!this.riseWithinRoom || !undo || !Number.isFinite(this.best) || undo.free === 0) return 0;
    const room = this.best - 1 - this.master.roundUp(undo.lpValue);
    const fixed = countFixed(this.forced) - undo.fixedBefore;
    return room > 0 && fixed > 0 ? (room * fixed) / undo.free : 0;
  }

  /**
   * A hurried dive's node need not converge. Its step stands once the LP is within the rise allowed
   * (more pricing only lowers it), and the late rounds of a deep node, where the LP tails off by
   * fractions of a point, are where a dive that must land spends its time: the node ends at the first
   * round within the allowed rise that did not lower the LP's rounded value, so the decisions taken
   * next follow an LP that pricing has stopped improving much rather than the first one under the line.
   */
  private enoughAt(undo: Step | undefined): ((lpValue: number) => boolean) | undefined {
    if (!this.hurried || !undo) return undefined;
    const { master } = this;
    const ceiling = master.roundUp(undo.lpValue) + this.riseAllowed(undo) + 1e-6;
    let last = Infinity;
    return (lpValue) => {
      const now = master.roundUp(lpValue);
      const flat = now >= last;
      last = Math.min(last, now);
      return flat && now <= ceiling;
    };
  }

  /** Dives for at most `limitMs` (undefined: no limit); returns the state it stopped in. */
  run(limitMs: number | undefined): DayDiver['state'] {
    const { master, options } = this;
    const { deadline, late } = master.timer(limitMs);
    const restrictionOf = (w: number): Restriction => ({ forced: this.forced[w], banned: this.noBans });
    // A guided dive given the unfixed LP takes its first step from it, without solving it again.
    if (this.guide && this.nodes === 0 && options.unfixed) this.fixFrom(options.unfixed.lpValue, options.unfixed.candidates, 0);
    while (this.state === 'running' && !late()) {
      master.applyRestrictions(restrictionOf);
      if (!master.ensureColumns(restrictionOf)) {
        this.state = 'ended';
        break;
      }
      const r = generate(master, { restrictionOf, deadline, cutoff: Number.isFinite(this.best) ? this.best : undefined, maxRounds: options.roundsPerNode, onRound: this.enoughAt(this.undo) });
      // Out of time inside the node: the next run takes the same node up again (its columns are kept).
      if (r.status === 'stopped' && late()) break;
      this.nodes++;
      const undo = this.undo;
      const failed = (r.status !== 'optimal' && r.status !== 'partial') || !r.values || (r.bound !== undefined && master.roundUp(r.bound) >= this.best);
      // With whole-number costs only the rounded-up value counts: the dive's rota costs at least that.
      const rose = failed || master.roundUp(r.lpValue) > master.roundUp(undo?.lpValue ?? Infinity) + this.riseAllowed(undo) + 1e-6;
      if (undo && rose && undo.uncertainFixed > 1) {
        // Too bold a step: take it back and fix half as many uncertain decisions.
        this.forced = undo.forced.map((f) => f.slice());
        undo.uncertainFixed = fixDecisions(this.forced, undo.candidates, Math.floor(undo.uncertainFixed / 2), this.fixAbove);
        continue;
      }
      if (failed) {
        this.state = 'ended';
        break;
      }
      const fixedNow = countFixed(this.forced);
      options.onStep?.({ lpValue: r.lpValue, fixed: fixedNow });
      if (!master.lpUse(r.values!)) {
        const value = master.objectiveOf(r.values!);
        if (value < this.best - 1e-9) {
          this.best = value;
          options.onIncumbent(master.rotaOfValues(r.values!), value);
        }
        this.state = 'landed';
        break;
      }
      const candidates = candidatesOf(master, this.forced);
      if (candidates.length === 0) {
        this.state = 'ended';
        break;
      }
      if (fixedNow === 0 && r.status === 'optimal') this.unfixed = { lpValue: r.lpValue, candidates };
      this.fixFrom(r.lpValue, candidates, fixedNow);
    }
    master.applyRestrictions(() => undefined);
    return this.state;
  }

  /** The next fixes, from the choices of the LP at the node just solved (with `fixedNow` decisions fixed there). */
  private fixFrom(lpValue: number, candidates: readonly Candidate[], fixedNow: number): void {
    const { options, fixAbove } = this;
    const before = this.forced.map((f) => f.slice());
    this.lpValue = lpValue;
    this.progress = (fixedNow - this.guidedFixed) / (fixedNow - this.guidedFixed + candidates.length);
    if (this.guide) {
      const agreed = fixAgreement(this.forced, candidates, this.guide, options.guideAbove ?? 0);
      this.guide = undefined;
      this.guidedFixed = agreed;
      // The guided step is meant to raise the LP (it leaves the root for a neighbourhood): never taken back.
      this.undo = undefined;
      if (agreed > 0) return;
    }
    const uncertain = candidates.filter((c) => c.v < fixAbove).length;
    const fixed = fixDecisions(this.forced, candidates, Math.max(1, Math.ceil(uncertain * (options.fixShare ?? 0.2))), fixAbove);
    this.undo = { forced: before, lpValue, candidates, fixedBefore: fixedNow, free: candidates.length, uncertainFixed: fixed };
  }
}

function countFixed(forced: readonly Int32Array[]): number {
  return forced.reduce((n, f) => n + f.filter((x) => x !== -1).length, 0);
}

/** Each free (worker, day) at its most used option in the master's `use`, most used first. */
function candidatesOf(master: MasterLp, forced: readonly Int32Array[]): Candidate[] {
  const { W, H, stride, use, models } = master;
  const out: Candidate[] = [];
  for (let w = 0; w < W; w++) {
    for (let d = 0; d < H; d++) {
      if (forced[w][d] !== -1 || models[w].forced[d] >= 0) continue;
      const at = (w * H + d) * (stride + 1);
      let o = -1;
      let v = -1;
      for (let i = 0; i <= stride; i++) {
        if (use[at + i] > v + 1e-9) {
          v = use[at + i];
          o = i;
        }
      }
      out.push({ w, d, o: o === stride ? -2 : o, v });
    }
  }
  return out.sort((a, b) => b.v - a.v || a.w - b.w || a.d - b.d);
}

/** Fixes every candidate whose option is the guide's and used at least `above`; returns how many. */
function fixAgreement(forced: Int32Array[], candidates: readonly Candidate[], guide: readonly (Int32Array | undefined)[], above: number): number {
  let fixed = 0;
  for (const c of candidates) {
    const g = guide[c.w];
    if (!g || g[c.d] !== c.o || c.v < above) continue;
    forced[c.w][c.d] = c.o;
    fixed++;
  }
  return fixed;
}

/**
 * Fixes the certain candidates and up to `uncertainLimit` uncertain ones; returns how many uncertain
 * it fixed. A worker's new fixes stay jointly inside some column the LP uses while their shares of
 * doubt add up to less than one, so the LP after fixing is feasible with the columns it has.
 */
function fixDecisions(forced: Int32Array[], candidates: readonly Candidate[], uncertainLimit: number, fixAbove: number): number {
  const doubt = new Float64Array(forced.length);
  let uncertain = 0;
  for (const c of candidates) {
    const certain = c.v >= fixAbove;
    if (!certain && uncertain >= uncertainLimit) break;
    if (doubt[c.w] + (1 - c.v) >= 1 - 1e-9) continue;
    doubt[c.w] += 1 - c.v;
    forced[c.w][c.d] = c.o;
    if (!certain) uncertain++;
  }
  return uncertain;
}
