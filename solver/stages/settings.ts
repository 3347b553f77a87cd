// The engine's knobs: shares of the time budget and size limits of its stages. The defaults are
// judged on the corpus (generated instances of many shapes, the Curtois & Qu instances we have and
// the real services); the runs behind them are in bench/results/. Shares are of the whole budget and
// a stage never gets more than what is left, so a stage that ends early leaves its time to the next.

export interface StageSettings {
  /** Allocation loop before the exact stages, when column generation does not apply. */
  readonly allocateShare: number;
  /** ...which stops earlier after this many moves per movable place without a better rota. */
  readonly allocateStallPerPlace: number;
  /** With column generation ahead the loop's rota only seeds the first columns: a move budget makes
   *  that seed, and so all that follows, the same on any machine (the share stays as a cap). */
  readonly allocateMovesBeforeColumns: number;
  readonly allocateShareBeforeColumns: number;
  /** Worker walks after the loop where column generation applies (they stop earlier at a local optimum). */
  readonly walkShare: number;
  /** The whole model as one MILP (bound and rota), when column generation does not apply. */
  readonly wholeModelShare: number;
  /** Past this many places (workers x slot roles) the whole model is not even written down. */
  readonly wholeModelMaxPlaces: number;
  /** Past this many binaries only the LP relaxation of the whole model is solved (its bound). */
  readonly wholeModelMaxBinaries: number;
  /** The bound from each day on its own, for problems past wholeModelMaxBinaries places. */
  readonly dayBoundShare: number;
  /**
   * The walk Lagrangian (solver/colgen/walk-bound.ts), where column generation gave no bound: its
   * share, and the least ascent rounds it must have time for at its first round's pace (else it
   * stops there: on a year of many types a round takes most of a second, and the ascent needs
   * hundreds to pass the days' bound).
   */
  readonly walkBoundShare: number;
  readonly walkBoundMinRounds: number;
  /**
   * At the end of its share, while its best bound still climbs (5% of itself over the last 50
   * rounds), the walk bound may take up to this share more. 0: off (measured on instance 20 at 0.05:
   * its bound 3,000-3,500 -> 4,202 in 1.6-1.8 s more, the scores of both pairs worse:
   * bench/results/engine.md, "s20-master").
   */
  readonly walkBoundClimbShare: number;
  /** Up to this many binaries the whole model is solved outright, whatever else applies. */
  readonly exactBinaryLimit: number;
  /** Column generation to convergence at the root. */
  readonly columnGenerationShare: number;
  /**
   * Partial pricing at the root (solver/colgen/generate.ts): a round may stop once some worker gave a
   * column and its pricing took this many times the LP solve (1 balances the two; where pricing every
   * worker costs less than the LP the rounds stay full)...
   */
  readonly rootPartialPricing: number | undefined;
  /**
   * ...and only once fewer than this many full rounds at the last one's pace fit in the root's time
   * left: roots that converge on the Curtois instances take about 30-50 full rounds
   * (bench/results/curtois.md), and one with time for those converges in fewer LP solves with full
   * rounds than with partial rounds throughout (bench/results/engine.md, "Partial pricing at the
   * column-generation root"). A root whose rounds come slower than its time over this many cannot
   * converge: it is rounded and ended as rootStallShare says (root-rounding.ts).
   */
  readonly rootPartialRounds: number;
  /**
   * The root's first columns (every worker priced with no prices: one full round's work) may take this
   * share of the root's time; past it the workers the incumbent covers take its column alone and the
   * rounds may stop early from the first. A root that converges needs 30-50 full rounds, so one whose
   * single round costs past a twentieth of its time cannot converge by full rounds; where a round is
   * cheaper (every root that converges in the corpus, bench/results/engine.md "i22-horizon") the root
   * is what it was.
   */
  readonly rootFirstPricingShare: number | undefined;
  /**
   * A root that cannot converge (its first pricing cut by rootFirstPricingShare, or rounds slower than
   * its time over rootPartialRounds) is rounded to a rota
   * now and then as it runs, and ends once its roundings have gone this share of the budget without a
   * better rota (before its first rounding: since it started), inside a round if need be
   * (root-rounding.ts): the improvers then have its time.
   */
  readonly rootStallShare: number;
  /** Dive on whole rotas; dive on (worker, day) decisions (plus the rota dive's share when it found none). */
  readonly diveShare: number;
  readonly dayDiveShare: number;
  /** Cover dive after the other dives; and when it goes first (few fractional shortfalls). */
  readonly coverDiveShare: number;
  /**
   * The day dive takes its time in slices of this share among the improvers (improvers.ts), rounding
   * the LP of each node it reaches to a rota, so what it gains per second is known as it goes: a dive
   * that gains less than the improvers gives them the time back, and takes it up again where it
   * stopped once they stall.
   */
  readonly diveSliceShare: number;
  /** An improver (or dive) that gained nothing over its steps of this share of the budget, and over at
   *  least two steps in a row (one for a dive; improvers.ts), counts as stalled: the next steps go to the others. */
  readonly stallShare: number;
  readonly coverDiveFirstShare: number;
  /** The cover dive goes first when the root leaves at most this many shortfalls and excesses fractional. */
  readonly coverDiveFirstSlacks: number;
  readonly coverLeafDiveMs: number;
  readonly coverLeafMaxDoubt: number;
  readonly coverPlacementBatch: number;
  readonly coverFirstPlacementDoubts: readonly number[];
  readonly coverMultiDivePlacements: number;
  readonly integerMasterShare: number;
  readonly branchAndPriceShare: number;
  /** After the column dives: column neighbourhoods, MILP neighbourhoods and worker walks, one step at a
   *  time (improvers.ts); the MILP neighbourhoods then have the rest. */
  readonly improverShare: number;
  /** Branch and price over a few freed workers at a time (a step among the improvers). */
  readonly columnLnsStrayingShare: number;
  readonly columnLnsWorkerShare: number;
  /** Seconds one MILP neighbourhood may take. */
  readonly neighbourhoodSeconds: number;
  /** After the loop, when its rota leaves a role below its minimum and the whole model follows: MILP
   *  neighbourhoods around those roles first (milp-lns.ts, shortfallStage), for at most this share. */
  readonly shortfallShare: number;
  /**
   * The whole model's LP before the allocation loop (legal-bound.ts), so the loop stops once it meets
   * it. Off by default: on a loaded machine with an elapsed-time budget the LP overran the whole
   * budget and left the loop no time (bench/results/engine.md, 2026-12-05 22:xx); it needs to come
   * after construction and within a share the loop keeps, which is not done yet.
   */
  readonly wholeModelLpFirst: boolean;
  /**
   * Where the whole model's LP follows the loop and no other thread works it out alongside, the loop
   * works it out once it has gone this many moves per movable place without a better rota (and
   * stops the moment it meets it): a twentieth of allocateStallPerPlace, the loop's own stall. The
   * LP is the one the whole model stage solves first anyway. See bench/results/engine.md, "i22-api3".
   */
  readonly boundStallPerPlace: number;
}

export const defaultStageSettings: StageSettings = {
  allocateShare: 0.3,
  allocateStallPerPlace: 2000,
  allocateMovesBeforeColumns: 100_000,
  allocateShareBeforeColumns: 0.02,
  walkShare: 0.5,
  wholeModelShare: 0.5,
  wholeModelMaxPlaces: 400_000,
  wholeModelMaxBinaries: 8000,
  dayBoundShare: 0.1,
  walkBoundShare: 0.05,
  walkBoundMinRounds: 100,
  walkBoundClimbShare: 0,
  exactBinaryLimit: 350,
  columnGenerationShare: 0.3,
  rootPartialPricing: 1,
  rootPartialRounds: 50,
  rootFirstPricingShare: 0.05,
  rootStallShare: 0.05,
  diveShare: 0.1,
  dayDiveShare: 0.2,
  coverDiveShare: 0.15,
  diveSliceShare: 0.05,
  stallShare: 0.05,
  coverDiveFirstShare: 0.8,
  coverDiveFirstSlacks: 6,
  coverLeafDiveMs: 4000,
  coverLeafMaxDoubt: 0.6,
  coverPlacementBatch: 24,
  coverFirstPlacementDoubts: [0.6, 0.3, 1, 0.15],
  coverMultiDivePlacements: 2,
  integerMasterShare: 0.05,
  branchAndPriceShare: 0.15,
  improverShare: 0.5,
  columnLnsStrayingShare: 0.5,
  columnLnsWorkerShare: 0.15,
  neighbourhoodSeconds: 2,
  shortfallShare: 0.1,
  wholeModelLpFirst: false,
  boundStallPerPlace: 100,
};
