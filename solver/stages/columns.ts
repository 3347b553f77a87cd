// Column generation (solver/colgen) for problems whose every rule is a rule of one worker's days:
// the root gives a bound, then a sequence of searches over the master LP gives rotas, each a small
// named stage with a share of the budget. Dives and branch and price re-converge at every node, so
// from an unconverged root their first node would take their whole share: then only the column
// neighbourhoods run. Every rota found is rescored by the catalogue (the incumbent).

import { runColumnGeneration, type ColumnGenerationState } from '../colgen/master.ts';
import type { SolveContext } from './context.ts';
import type { DayDiver } from '../colgen/day-dive.ts';
import type { Assignment } from '../model.ts';
import { improversStage, type SearchTurn } from './improvers.ts';
import { dayBoundStage } from './day-bound.ts';
import { RootRoundings } from './root-rounding.ts';
import { walkStage } from './walks.ts';
import { walkBoundStage } from './walk-bound.ts';
import type { WorkerDayModel } from '../colgen/day-model.ts';

/** A guided day dive fixes the decisions its rota shares with the LP used at least this much: each
 *  level in turn, while the one before finds nothing (a higher level fixes fewer: a wider search). */
const GUIDE_LEVELS = [0, 0.5, 0.9];

/** What the column stages share besides the solve's context. */
export interface ColumnSearch {
  readonly ctx: SolveContext;
  readonly cg: ColumnGenerationState;
  /** The rota dive found a rota (else its share goes to the day dive). */
  rotaDiveFound: boolean;
  /** The root could not converge: its first pricing was cut, or its rounds came too slowly for the rounds converging takes (root-rounding.ts). */
  rootTooSlow?: boolean;
}

/** Runs the column stages on the problem's day models (built by the pipeline); false when column generation does not apply (the reason is noted). */
export function columnStages(ctx: SolveContext, models: readonly WorkerDayModel[]): boolean {
  let search: ColumnSearch | undefined;
  let rootBound: number | undefined;
  ctx.run('column generation (root)', () => {
    const rootMs = ctx.budget.shareMs(ctx.stages.columnGenerationShare);
    const roundings = new RootRoundings(ctx, ctx.budget.shareMs(ctx.stages.rootStallShare), { rootMs, rounds: ctx.stages.rootPartialRounds });
    const cg = runColumnGeneration(ctx.problem, ctx.exact!, {
      clock: ctx.options.clock,
      timeLimitMs: rootMs,
      incumbents: [ctx.incumbent.assignments],
      upperBound: ctx.incumbent.legalSoft,
      partialPricing: ctx.stages.rootPartialPricing === undefined ? undefined : { lpRatio: ctx.stages.rootPartialPricing, fewerRounds: ctx.stages.rootPartialRounds },
      firstPricingShare: ctx.stages.rootFirstPricingShare,
      onIteration: (round) => roundings.afterRound(round),
      onFirstColumns: (cut) => roundings.firstColumns(cut),
      stop: () => roundings.stalled(),
      dayModels: { ok: true, models },
    });
    if (!cg.ok) {
      ctx.bound.notes.push(`column generation stepped aside: ${cg.reason}`);
      return `stepped aside: ${cg.reason}`;
    }
    rootBound = cg.state.lowerBound;
    search = { ctx, cg: cg.state, rotaDiveFound: false, rootTooSlow: roundings.tooSlow };
    // The Lagrangian bound holds for rotas that break no hard rule.
    if (cg.state.lowerBound !== undefined) ctx.bound.raiseSoft(0, cg.state.lowerBound, 'column generation');
    const start = cg.state.firstPriced < ctx.problem.workers.length ? `first columns: ${cg.state.firstPriced} workers priced, the rest the incumbent's; ` : '';
    return `${start}${cg.state.iterations} rounds, ${cg.state.columnCount} columns, ${cg.state.converged ? 'converged' : 'not converged'}, bound ${cg.state.lowerBound === undefined ? 'none' : Math.ceil(cg.state.lowerBound - 1e-6)}${roundings.summary()}`;
  });
  if (!search) {
    walkBoundUnlessBounded(ctx, models, undefined);
    return false;
  }
  const s = search;
  // A root ended unconverged (too slow, or out of its share) leaves its Lagrangian, often below 0; on
  // shapes where the days' bound did not run before it (under the pipeline's "big" line), the days on
  // their own give the bound instead, while there is time for them.
  if (!s.cg.converged && (ctx.bound.soft ?? 0) <= 0 && ctx.problem.days.length > 1) {
    ctx.run('day-by-day bound', () => dayBoundStage(ctx, ctx.stages.dayBoundShare));
  }
  if (!s.cg.converged) walkBoundUnlessBounded(ctx, models, rootBound);
  try {
    const stages = ctx.stages;
    const coverFirst = s.cg.fractionalSlacks <= stages.coverDiveFirstSlacks;
    ctx.run('LP rounding', () => roundingStage(s));
    ctx.run('worker walks (from the LP)', () => walkPolishStage(s));
    if (coverFirst) ctx.run('cover dive', () => coverDiveStage(s, true));
    ctx.run('rota dive', () => rotaDiveStage(s));
    // The day dive, the cover dive, the integer master and branch and price take turns with the
    // improvers, on the time their shares bring: the day dive in slices, chosen by what it gains per
    // second like the improvers; the one-shot searches once nothing gains.
    const whenStalled: SearchTurn[] = [];
    if (!coverFirst) whenStalled.push(oneShot('cover dive', () => coverDiveStage(s, false)));
    whenStalled.push(oneShot('integer master', () => integerMasterStage(s)), oneShot('branch and price', () => branchAndPriceStage(s)));
    const extraShare = stages.dayDiveShare + (s.rotaDiveFound ? 0 : stages.diveShare) + (coverFirst ? 0 : stages.coverDiveShare) + stages.integerMasterShare + stages.branchAndPriceShare;
    ctx.run('neighbourhoods and dives', () => improversStage(s, { extraShare, first: [dayDiveTurn(s)], whenStalled }));
  } finally {
    s.cg.dispose();
  }
  return true;
}

/**
 * No bound from column generation (its root never priced every worker in one round, or it stepped
 * aside), or one below the days' bound: the walk Lagrangian, after the days' bound, which it must beat.
 */
function walkBoundUnlessBounded(ctx: SolveContext, models: readonly WorkerDayModel[], rootBound: number | undefined): void {
  const inHand = ctx.bound.soft;
  if (rootBound !== undefined && inHand !== undefined && Math.ceil(rootBound - 1e-6) >= inHand) return;
  if (!ctx.proven() && !ctx.budget.late()) ctx.run('walk bound', () => walkBoundStage(ctx, models));
}

/** Each worker's most used column: a rota that keeps every per-worker rule, even when the loop's did not. */
function roundingStage(s: ColumnSearch): string {
  const better = s.ctx.incumbent.consider(s.cg.roundLp(), 'LP rounding');
  return better ? 'better rota' : 'no better rota';
}

/**
 * Worker walks again, from the rota column generation has just given: the walks started from the
 * loop's rota, and the LP's rota is a different start (often a far better one on long horizons) from
 * which each worker's best walk given the others may still improve. What they find joins the columns.
 */
export function walkPolishStage(s: ColumnSearch): string {
  const { ctx, cg } = s;
  if (ctx.proven()) return 'skipped';
  const out = walkStage(ctx, cg.models, ctx.stages.walkShare);
  cg.addRota(ctx.incumbent.assignments);
  return out;
}

/**
 * When the root LP spreads shortfalls over several shifts, place them first (branching on the cover
 * slacks) and dive inside each whole placement. With few fractional slacks the placements come in a
 * few nodes and this goes first with most of the time, gathering placements and diving into those
 * nearest a whole rota first; with many its tree is deep and it runs after the other dives.
 */
function coverDiveStage(s: ColumnSearch, first: boolean): string {
  const { ctx, cg } = s;
  const st = ctx.stages;
  const seconds = ctx.seconds(first ? st.coverDiveFirstShare : st.coverDiveShare);
  if (ctx.proven() || !cg.converged || !cg.coverFractional || seconds <= 0.05) return 'skipped';
  const r = cg.coverDive({
    timeLimitMs: seconds * 1000,
    incumbent: ctx.incumbent.legalSoft,
    leafDiveMs: st.coverLeafDiveMs,
    leafMaxDoubt: st.coverLeafMaxDoubt,
    handBack: first,
    placementBatch: first ? st.coverPlacementBatch : undefined,
    firstPlacementDoubts: first ? st.coverFirstPlacementDoubts : undefined,
    multiDivePlacements: first ? st.coverMultiDivePlacements : undefined,
    maxNodesBeforeLeaf: first ? 2 * cg.fractionalSlacks : undefined,
    onIncumbent: (a) => ctx.incumbent.consider(a, 'cover dive'),
  });
  return `${r.nodes} nodes, ${r.leaves} placements`;
}

/** Diving on whole rotas (fix the most used column's worker, re-generate, repeat). */
function rotaDiveStage(s: ColumnSearch): string {
  const { ctx, cg } = s;
  const seconds = ctx.seconds(ctx.stages.diveShare);
  if (ctx.proven() || !cg.converged || seconds <= 0.05) return 'skipped';
  const r = cg.dive({
    timeLimitMs: seconds * 1000,
    incumbent: ctx.incumbent.legalSoft,
    onIncumbent: (a) => {
      s.rotaDiveFound = true;
      ctx.incumbent.consider(a, 'rota dive');
    },
  });
  return `${r.nodes} nodes`;
}

/**
 * Diving on (worker, day) decisions: gentler, and where the LP bound is tight it often lands on an
 * optimum. It runs in slices (diveSliceShare) among the improvers, going on where it stopped; the LP
 * of every node it reaches is rounded to a rota (each worker's most used column, which keeps the
 * fixes), so a deep dive that has not landed yet still shows what it gains.
 *
 * Once a dive has landed (or ended), the next ones are guided by the best rota (day-dive.ts): each
 * starts by fixing the decisions on which that rota agrees with the root LP, and keeps the LP's rises
 * that leave room to beat that rota. A
 * guided dive that finds nothing better goes again with fewer fixes (only where the LP is surer:
 * GUIDE_LEVELS), a wider neighbourhood; one that finds a better rota, or a better rota found meanwhile
 * by the improvers, starts the levels over from that rota. Each takes the root LP's choices from the
 * dive before it (day-dive.ts: `unfixed`) rather than solving that LP again: with the root converged,
 * the columns found since cannot lower it, and solving it again is the dearest node of a guided dive
 * that ends at its guided node.
 *
 * The first dive tracks its LP strictly (a rise of the LP is taken back), which where the bound is
 * tight leads to an optimum but costs a node per rise; once it has used its own share of the budget
 * (dayDiveShare) without landing, it hurries: rises within the room below the best rota stand, as
 * in the guided dives, and its nodes stop pricing once their LP stands (day-dive.ts), so it lands
 * within the solve and the guided dives get their turn after it.
 */
export function dayDiveTurn(s: ColumnSearch): SearchTurn {
  const { ctx, cg } = s;
  let diver: DayDiver | undefined;
  let firstMs = 0;
  let hurried = false;
  let guidedNow = false;
  let dives = 0;
  let slices = 0;
  let diveMs = 0;
  let level = 0;
  let guidedFrom: number | undefined;
  const history: string[] = [];
  const known = (): number | undefined => ctx.incumbent.legalSoft;
  const another = (): boolean => {
    const best = known();
    return best !== undefined && (level < GUIDE_LEVELS.length || (guidedFrom !== undefined && best < guidedFrom));
  };
  const common = () => ({
    incumbent: known(),
    onStep: () => ctx.incumbent.consider(cg.roundLp(), guidedNow ? 'guided day dive (rounded)' : 'day dive (rounded)'),
    onIncumbent: (a: Assignment[]) => ctx.incumbent.consider(a, guidedNow ? 'guided day dive' : 'day dive'),
  });
  const startGuided = (): DayDiver => {
    dives++;
    diveMs = 0;
    guidedNow = true;
    const best = known()!;
    if (guidedFrom !== undefined && best < guidedFrom) level = 0;
    guidedFrom = best;
    // The LP with nothing fixed, as the dive before solved it: the same converged LP whatever columns came since.
    return cg.dayDiver({ ...common(), guide: ctx.incumbent.assignments, guideAbove: GUIDE_LEVELS[level++], riseWithinRoom: true, unfixed: diver?.unfixed });
  };
  /** The dive the next step runs: the current one, else a guided one. */
  const next = (): DayDiver => {
    if (!diver) {
      dives++;
      return cg.dayDiver(common());
    }
    if (diver.state === 'running') {
      if (!guidedNow && !hurried && firstMs >= ctx.budget.shareMs(ctx.stages.dayDiveShare)) {
        diver.hurry();
        hurried = true;
        history.push(`hurried after ${diver.nodes} nodes`);
      }
      return diver;
    }
    history.push(`${diver.nodes} nodes, ${diver.state}`);
    return another() ? startGuided() : diver;
  };
  return {
    name: 'day dive',
    applies: () => cg.converged && (diver === undefined || diver.state === 'running' || another()),
    step(untilMs) {
      diver = next();
      if (diver.state !== 'running') return;
      const best = known();
      if (best !== undefined) diver.lowerCutoff(best);
      slices++;
      const t0 = ctx.budget.elapsedMs();
      diver.run(Math.min(untilMs - ctx.budget.now(), ctx.budget.shareMs(ctx.stages.diveSliceShare)));
      const ms = ctx.budget.elapsedMs() - t0;
      diveMs += ms;
      if (!guidedNow) firstMs += ms;
    },
    // Its leaf costs at least the LP at the node it reached: the gap from there to the best rota,
    // over the time to land at the pace it has fixed decisions so far. A dive not yet through its
    // first node (or not yet started) is unknown: it gets a slice before it is judged.
    outlook: () => {
      const best = known();
      if (best === undefined || !diver) return 0;
      if (diver.state !== 'running') return another() ? Infinity : 0;
      return diveOutlook(diver, diveMs, best);
    },
    summary: () => {
      if (!diver) return 'not run';
      const all = [...history, `${diver.nodes} nodes, ${diver.state}`];
      return `${dives} dives (${all.join('; ')}) in ${slices} slices`;
    },
  };
}

/** A search that runs once, with its own share, when its turn comes. */
function oneShot(name: string, body: () => string): SearchTurn {
  let outcome: string | undefined;
  return {
    name,
    applies: () => outcome === undefined,
    step() {
      outcome = body();
    },
    summary: () => outcome ?? 'not run',
  };
}

/** The integer master over every column found so far recombines them. */
function integerMasterStage(s: ColumnSearch): string {
  const { ctx, cg } = s;
  const seconds = ctx.seconds(ctx.stages.integerMasterShare);
  if (ctx.proven() || seconds <= 0.05) return 'skipped';
  const ip = cg.solveInteger(seconds, ctx.incumbent.assignments);
  if (ip) ctx.incumbent.consider(ip.assignments, 'integer master');
  return ip?.status ?? 'no rota';
}

/** Branch and price from the best rota: a closed tree proves no legal rota beats it. */
function branchAndPriceStage(s: ColumnSearch): string {
  const { ctx, cg } = s;
  const seconds = ctx.seconds(ctx.stages.branchAndPriceShare);
  if (ctx.proven() || !cg.converged || seconds <= 0.05) return 'skipped';
  const r = cg.branchAndPrice({
    timeLimitMs: seconds * 1000,
    incumbent: ctx.incumbent.legalSoft,
    onIncumbent: (a) => ctx.incumbent.consider(a, 'branch and price'),
  });
  const closedAt = r.best ?? ctx.incumbent.legalSoft;
  if (r.complete && closedAt !== undefined) ctx.bound.raiseSoft(0, closedAt, 'branch and price (closed tree)');
  return `${r.nodes} nodes, ${r.complete ? 'closed' : 'open'}`;
}

/**
 * A running dive's outlook: its leaf costs at least the LP at the node it reached, so the gap from
 * there to the best rota over the time to land at the pace it has fixed decisions so far (`ms` of
 * diving). A dive not yet through its first node is unknown: it gets a slice before it is judged.
 */
function diveOutlook(d: DayDiver, ms: number, best: number): number {
  if (d.lpValue === undefined) return d.nodes === 0 ? Infinity : 0;
  const gap = best - Math.ceil(d.lpValue - 1e-6);
  if (gap <= 0) return 0;
  const p = Math.max(0.01, d.progress);
  const toLandSeconds = Math.max(0.1, ((ms / 1000) * (1 - p)) / p);
  return gap / toLandSeconds;
}
