// After the rota dive, the rest of the time goes to the day dive (in slices, from where it stopped;
// columns.ts) and six improvers of the best rota, one step at a time: a column neighbourhood (a few
// workers re-planned by branch and price), a MILP neighbourhood (a window of the rota re-optimised by
// the MILP), a window neighbourhood (every worker's days in a window re-planned by branch and price;
// window-lns.ts), a weekend neighbourhood (every worker's days on weekends far apart; weekend-lns.ts),
// worker walks (every worker re-planned given the others; only after the rota changed,
// since from their own local optimum they find nothing) and walk kicks (chains of walks from a short
// place, colgen/walk-kicks.ts, which go on from that local optimum). Which
// one takes the next step follows what each gained per second of its recent steps: on short horizons
// branch and price over a few workers closes and gains most, on long ones it rarely finishes a single
// neighbourhood while the MILP's windows and the walks keep gaining, and a fixed split of the time
// between them wastes most of it on one kind of instance or the other. Likewise a dive lands in a
// few seconds on one instance and finds nothing in half a minute on another: until it gains, its rate
// is what it expects (its outlook), and it gives the time back when the improvers gain faster. The
// one-shot searches (late cover dive, integer master, branch and price) take their turn only once
// everything tried has stalled.

import type { ColumnSearch } from './columns.ts';
import { ColumnNeighbourhoods } from './column-lns.ts';
import type { Score } from '../model.ts';
import { MilpNeighbourhoods } from './milp-lns.ts';
import { walkStage } from './walks.ts';
import { walkKicks } from '../colgen/walk-kicks.ts';
import { Prng } from '../search/prng.ts';
import { WindowNeighbourhoods } from './window-lns.ts';
import { WeekendNeighbourhoods } from './weekend-lns.ts';

/** A hard breach counts this many soft points in the gain of a step (lexicographic scores). */
const HARD_GAIN = 1e6;
/** One step of worker walks takes at most this share of the budget (a stopped descent keeps what it
 *  found), so on long horizons the other improvers keep their turns. */
const WALK_STEP_SHARE = 0.1;
/** How much of an improver's past steps the next choice remembers: recent steps weigh most. */
const MEMORY = 0.7;

/** No single step of an improver takes more than this share of the improvers' whole time, so each has
 *  several steps to be judged on however short the budget (a neighbourhood's own limit in seconds is a
 *  large part of a short budget and a small part of a long one). */
const STEP_SHARE = 1 / 8;
/** An improver is judged on at least this many of its own steps (until then it goes first, like one
 *  not yet tried), and counts as stalled only after this many steps in a row without a gain: one step
 *  at a neighbourhood size too big for its time says little about the next. A search that states what
 *  it expects (a dive's outlook) is judged on that after its first step. */
const JUDGED_STEPS = 2;
/** The least a step counts for in seconds: any step, however quick, uses time and pays off what it is owed. */
const MIN_STEP_SECONDS = 1e-3;

/** Chooses the next improver by recent gain per second; each is given JUDGED_STEPS steps (fewer once
 *  it gains, one for a dive) before any is preferred. One whose steps since its last gain are as many
 *  and took `stallSeconds` or more counts as stalled (rate 0), so time left on one that gained once long
 *  ago goes back to the others, and, with none gaining, to the one that has had least time so far (a
 *  dive put aside after its first slice, say). */
export class ImproverChooser {
  private readonly gain: number[];
  private readonly seconds: number[];
  private readonly total: number[];
  private readonly idle: number[];
  private readonly steps: number[];
  private readonly fruitless: number[];
  private readonly gained: boolean[];
  private readonly lastSeconds: number[];
  /** Owed steps for this many seconds more (owe(), oweFreshSteps()): taken before any choice by rate. */
  private readonly owedSeconds: number[];

  constructor(
    readonly count: number,
    private readonly stallSeconds = Infinity,
    /** Turn i states an outlook (a dive). */
    private readonly hasOutlook: (i: number) => boolean = () => false,
  ) {
    this.gain = new Array<number>(count).fill(0);
    this.seconds = new Array<number>(count).fill(0);
    this.total = new Array<number>(count).fill(0);
    this.idle = new Array<number>(count).fill(0);
    this.steps = new Array<number>(count).fill(0);
    this.fruitless = new Array<number>(count).fill(0);
    this.gained = new Array<boolean>(count).fill(false);
    this.lastSeconds = new Array<number>(count).fill(Infinity);
    this.owedSeconds = new Array<number>(count).fill(0);
  }

  /** Turn i gets its next step before any turn chosen by rate (once, whatever that step gains). */
  owe(i: number): void {
    this.owedSeconds[i] = Math.max(this.owedSeconds[i], MIN_STEP_SECONDS);
  }

  /**
   * A dive's better rota is one the improvers have not seen: their rates were earned on the rota before
   * it, and a rota a dive leaves (the rounding of its LP, or its landing) is often one a short window or
   * a walk improves at once, which a rate run down by fruitless steps on the old rota would not show.
   * So each improver whose last step took no longer than a dive's slice is owed steps on it for as
   * long as one slice: what the dive would take next is given to each cheap improver first. One
   * step is not enough where the improver's steps are small and search the rota in parts (a window
   * of a week, worst first, then the next, and longer ones once a pass closes with nothing): the part
   * that holds the move is seldom the first. One whose steps cost more than a slice (trees that do not
   * close in their time) waits its turn by rate, or the dive would lose more than a slice to it on
   * every rota it finds. The owed steps go by rate among those owed, so they do not reorder the
   * improvers, only get them turns.
   */
  oweFreshSteps(from: number, to: number, sliceSeconds: number): void {
    for (let j = from; j < to; j++) if (this.lastSeconds[j] <= sliceSeconds) this.owedSeconds[j] = sliceSeconds;
  }

  /** How long turn i's last step took (Infinity before its first). */
  lastStepSeconds(i: number): number {
    return this.lastSeconds[i];
  }

  /** The next improver among those that apply now (undefined when none does). */
  next(applies: (i: number) => boolean, outlook: (i: number) => number = () => 0): number | undefined {
    let owed: number | undefined;
    for (let i = 0; i < this.count; i++) if (this.owedSeconds[i] > 0 && applies(i) && (owed === undefined || this.prefer(i, owed, outlook))) owed = i;
    if (owed !== undefined) return owed;
    let best: number | undefined;
    for (let i = 0; i < this.count; i++) {
      if (!applies(i)) continue;
      if (!this.judged(i)) return i;
      if (best === undefined || this.prefer(i, best, outlook)) best = i;
    }
    return best;
  }

  /** What a step of improver i gained (soft points, hard breaches weighed above) in how long. */
  record(i: number, gained: number, seconds: number): void {
    const stepSeconds = Math.max(MIN_STEP_SECONDS, seconds);
    this.steps[i]++;
    this.owedSeconds[i] = Math.max(0, this.owedSeconds[i] - stepSeconds);
    this.lastSeconds[i] = stepSeconds;
    this.gain[i] = MEMORY * this.gain[i] + Math.max(0, gained);
    this.seconds[i] = MEMORY * this.seconds[i] + stepSeconds;
    this.total[i] += stepSeconds;
    if (gained > 0) this.gained[i] = true;
    this.idle[i] = gained > 0 ? 0 : this.idle[i] + stepSeconds;
    this.fruitless[i] = gained > 0 ? 0 : this.fruitless[i] + 1;
  }

  /** Every improver that has taken a step (among those that apply) has stalled, and no dive expects to gain. */
  allStalled(applies: (i: number) => boolean, outlook: (i: number) => number = () => 0): boolean {
    for (let i = 0; i < this.count; i++) if (applies(i) && this.steps[i] > 0 && (!this.stalled(i) || outlook(i) > 0)) return false;
    return true;
  }

  private judgedAfter(i: number): number {
    return this.hasOutlook(i) ? 1 : JUDGED_STEPS;
  }

  private judged(i: number): boolean {
    return this.gained[i] || this.steps[i] >= this.judgedAfter(i);
  }

  private stalled(i: number): boolean {
    return this.idle[i] >= this.stallSeconds && this.fruitless[i] >= this.judgedAfter(i);
  }

  /** Gain per second of its recent steps, or what it expects to gain per second (a dive's outlook), the larger. */
  private rate(i: number, outlook: (i: number) => number): number {
    const recent = this.stalled(i) ? 0 : this.gain[i] / this.seconds[i];
    return Math.max(recent, outlook(i));
  }

  /** The better rate; with none gaining (or equal), the one that has had less time so far. */
  private prefer(a: number, b: number, outlook: (i: number) => number): boolean {
    const ra = this.rate(a, outlook);
    const rb = this.rate(b, outlook);
    if (ra !== rb) return ra > rb;
    return this.total[a] < this.total[b];
  }
}

export function gainOf(before: Score, after: Score): number {
  return (before.hard - after.hard) * HARD_GAIN + (before.soft - after.soft);
}

/** A search that takes turns with the improvers (a dive in slices, or a one-shot search). */
export interface SearchTurn {
  readonly name: string;
  /** It may take a step now. */
  applies(): boolean;
  /** One step, ending by `untilMs` on the solve's clock. */
  step(untilMs: number): void;
  /** What it expects to gain per second from here, before it gained anything (0: nothing known). */
  outlook?(): number;
  summary(): string;
}

export interface ImproverPlan {
  /** Shares of the budget the searches below bring with them (the improvers' own is improverShare). */
  readonly extraShare: number;
  /** Searches tried first, then chosen by gain per second like the improvers (the dives). */
  readonly first: readonly SearchTurn[];
  /** Searches that take a turn only once nothing tried so far gains (the one-shot searches). */
  readonly whenStalled: readonly SearchTurn[];
}

/**
 * Weekends far apart (weekend-lns.ts), where windows apply (on shorter horizons the column
 * neighbourhoods free their workers over every weekend at once), and once the windows have exhausted
 * their first length around the rota: they are for the moves consecutive windows cannot make, and
 * before that the windows make most moves faster.
 */
function weekendTurn(windows: WindowNeighbourhoods, weekends: WeekendNeighbourhoods, stepUntil: () => number): SearchTurn {
  return {
    name: 'weekends',
    applies: () => windows.applies() && windows.lengthened && weekends.applies(),
    step: () => weekends.step(stepUntil()),
    summary: () => weekends.summary(),
  };
}

/** Runs the improvers (and the plan's searches) for their shares of the budget, or until the rota is proven optimal. */
export function improversStage(s: ColumnSearch, plan: ImproverPlan = { extraShare: 0, first: [], whenStalled: [] }): string {
  const { ctx, cg } = s;
  const { budget, incumbent } = ctx;
  const untilMs = budget.elapsedMs() + budget.shareMs(ctx.stages.improverShare + plan.extraShare);
  const leftMs = (): number => untilMs - budget.elapsedMs();
  if (ctx.proven() || leftMs() <= 500) return 'skipped';
  const stepMs = leftMs() * STEP_SHARE;
  /** The end of an improver's step on the solve's clock: its share of the improvers' time, at most what is left. */
  const stepUntil = (): number => budget.now() + Math.min(leftMs(), stepMs);
  const column = new ColumnNeighbourhoods(s);
  const milp = new MilpNeighbourhoods(ctx);
  const windows = new WindowNeighbourhoods(s);
  const weekends = new WeekendNeighbourhoods(s);
  // A root whose rounds are too dear for the 30-50 that converge (it could not price every worker
  // once within its first pricing share, colgen/master.ts, or its rounds' pace says so,
  // root-rounding.ts): a column neighbourhood prices its few workers over the same whole horizon,
  // round after round, and by the same count cannot close in its time either. Where windows apply,
  // they re-plan every worker at a window's cost instead; elsewhere the MILP's windows and the walks
  // have the time.
  const columnsTooDear = s.rootTooSlow === true || cg.firstPriced < ctx.problem.workers.length;
  let walked = incumbent.assignments;
  let walks = 0;
  const kicks = { steps: 0, kicks: 0, kept: 0, exhaustedOn: undefined as unknown };
  const kicksSummary = (): string => `${kicks.steps} steps, ${kicks.kicks} kicks, ${kicks.kept} kept`;
  // The improvers are turns like the plan's searches: one list, chosen by index in this order.
  const improvers: SearchTurn[] = [
    { name: 'column', applies: () => column.applies() && !columnsTooDear, step: () => column.step(stepUntil()), summary: () => column.summary() },
    { name: 'MILP', applies: () => true, step: () => milp.step((stepUntil() - budget.now()) / 1000), summary: () => milp.summary() },
    { name: 'window', applies: () => windows.applies(), step: () => windows.step(stepUntil()), summary: () => windows.summary() },
    weekendTurn(windows, weekends, stepUntil),
    {
      name: 'worker walks',
      applies: () => walked !== incumbent.assignments && incumbent.score.hard !== Infinity,
      step: () => {
        walkStage(ctx, cg.models, Math.min(ctx.stages.walkShare, WALK_STEP_SHARE, Math.min(leftMs(), stepMs) / (budget.limitMs ?? Infinity)));
        walked = incumbent.assignments;
        walks++;
      },
      summary: () => `${walks} times`,
    },
    {
      // Chains of walks from a short place (colgen/walk-kicks.ts): where the walks stop because each
      // worker who could fill a place would leave another one short, another worker may fill that.
      // Only after a root that did not converge, and only where windows do not apply: a converged
      // root's dives, column neighbourhoods and branch and price search those moves exactly, with the
      // LP to guide them and a tree that can close, and so does a window neighbourhood for every
      // worker over its days; the kicks' turns would only delay them.
      name: 'walk kicks',
      applies: () => !cg.converged && !windows.applies() && incumbent.score.hard === 0 && kicks.exhaustedOn !== incumbent.assignments,
      step: () => {
        const until = Math.min(stepUntil(), budget.now() + budget.shareMs(WALK_STEP_SHARE));
        const rng = new Prng((((ctx.options.seed ?? 1) >>> 0) ^ 0x6b1c ^ (kicks.steps++ * 0x9e37)) >>> 0);
        const r = walkKicks(ctx.problem, cg.models, incumbent.assignments, { late: () => budget.now() >= until, rng });
        kicks.kicks += r.kicks;
        kicks.kept += r.kept;
        const better = r.kept > 0 && incumbent.consider(r.assignments, 'walk kicks');
        if (r.exhausted && !better) kicks.exhaustedOn = incumbent.assignments;
      },
      summary: kicksSummary,
    },
  ];
  const chosen = [...plan.first, ...improvers];
  const turns = [...chosen, ...plan.whenStalled];
  const chooser = new ImproverChooser(turns.length, ((budget.limitMs ?? Infinity) / 1000) * ctx.stages.stallShare, (i) => turns[i].outlook !== undefined);
  const outlook = (i: number): number => turns[i].outlook?.() ?? 0;
  const appliesNow = (i: number): boolean => turns[i].applies() && (i < chosen.length || chooser.allStalled((j) => j < chosen.length && appliesNow(j), outlook));
  while (!ctx.proven() && leftMs() >= 50) {
    const i = chooser.next(appliesNow, outlook);
    if (i === undefined) break;
    const before = incumbent.score;
    const t0 = budget.elapsedMs();
    turns[i].step(budget.now() + leftMs());
    const gained = gainOf(before, incumbent.score);
    chooser.record(i, gained, (budget.elapsedMs() - t0) / 1000);
    if (i < plan.first.length && gained > 0) chooser.oweFreshSteps(plan.first.length, chosen.length, budget.shareMs(ctx.stages.diveSliceShare) / 1000);
  }
  const others = [...plan.first, ...plan.whenStalled].map((t) => `; ${t.name}: ${t.summary()}`).join('');
  return `column: ${column.summary()}; MILP: ${milp.summary()}; window: ${windows.summary()}; weekends: ${weekends.summary()}; worker walks ${walks} times; walk kicks: ${kicksSummary()}${others}`;
}
