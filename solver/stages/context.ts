// The explicit state a solve's stages share: the problem and its options, the clock budget, the best
// rota, the bound, the random stream and the record of what each stage did. Stages are functions of
// this context; none keeps state of its own between stages.

import type { ExactSolver, LegalBound, Problem, Score, SolveOptions, StageRecord } from '../model.ts';
import type { SearchSettings } from '../search/run.ts';
import { assignmentKey } from '../engine/pinned.ts';
import { Prng } from '../search/prng.ts';
import { BoundState } from './bound.ts';
import { Budget } from './budget.ts';
import { Incumbent } from './incumbent.ts';
import { legalSoftBound } from './legal-bound.ts';
import { defaultStageSettings, type StageSettings } from './settings.ts';

/** Knobs beyond SolveOptions: the allocation loop's and the stages'. */
export interface SolveSettings extends SearchSettings {
  readonly stages?: Partial<StageSettings>;
  /** Called whenever the best rota improves (benchmarks: which stage found what, when). */
  readonly onImprove?: (event: { readonly score: { hard: number; soft: number }; readonly elapsedMs: number; readonly stage: string }) => void;
}

/** Share of the time limit kept for the explanation of the rota after the stages. */
export const EXPLAIN_SHARE = 0.05;

export class SolveContext {
  readonly budget: Budget;
  readonly incumbent: Incumbent;
  readonly bound = new BoundState();
  readonly rng: Prng;
  readonly stages: StageSettings;
  readonly records: StageRecord[] = [];
  /** Moves the allocation loop made (progress reports carry them). */
  loopMoves = 0;
  loopStats = { constructionMs: 0, searchMs: 0, moves: 0, seed: 1 };

  constructor(
    readonly problem: Problem,
    readonly options: SolveOptions,
    readonly settings: SolveSettings,
  ) {
    // The stages leave a share of the time for explaining the rota (the unfilled places and why).
    this.budget = new Budget(options.clock, options.timeLimitMs === undefined ? undefined : options.timeLimitMs * (1 - EXPLAIN_SHARE));
    this.rng = new Prng(((options.seed ?? 1) >>> 0) ^ 0x5eed);
    this.stages = { ...defaultStageSettings, ...settings.stages };
    this.incumbent = new Incumbent(problem, this.budget, (best) => {
      settings.onImprove?.({ score: best.score, elapsedMs: best.elapsedToBestMs, stage: best.phase });
      this.reportProgress();
    });
  }

  get exact(): ExactSolver | undefined {
    return this.options.exact;
  }

  /** The best rota is proven optimal: every stage after this one is skipped. */
  proven(): boolean {
    return this.bound.proves(this.incumbent.score);
  }

  /** Seconds for a stage: `share` of the whole budget, at most what is left. */
  seconds(share: number): number {
    return this.budget.shareMs(share) / 1000;
  }

  /** Runs a stage and records it. A stage that throws is recorded as failed; the solve goes on. */
  run(stage: string, body: () => string): void {
    const t0 = this.budget.elapsedMs();
    let outcome: string;
    try {
      outcome = body();
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.records.push({ stage, ms: Math.round(this.budget.elapsedMs() - t0), outcome });
  }

  reportProgress(): void {
    const onProgress = this.options.onProgress;
    if (!onProgress || this.incumbent.score.hard === Infinity) return;
    const limit = this.budget.limitMs;
    onProgress({
      moves: this.loopMoves,
      elapsedMs: this.budget.elapsedMs(),
      best: this.incumbent.score,
      fraction: limit ? Math.min(1, this.budget.elapsedMs() / limit) : 0,
      bestAssignments: this.incumbent.assignments.map((a) => ({ ...a, pinned: this.isPinned(a) })),
    });
  }

  /** The bound fed from elsewhere (SolveOptions.boundFeed), once it has come. */
  private fed?: LegalBound;

  /** Takes in the fed bound when it has come (waiting up to `waitMs` for it); returns it. */
  takeFedBound(waitMs = 0): LegalBound | undefined {
    const feed = this.options.boundFeed;
    if (this.fed || !feed) return this.fed;
    const got = waitMs > 0 ? feed.wait(waitMs) : feed.poll();
    if (got) this.acceptLegalBound(got, 'whole model LP relaxation (alongside)');
    return got;
  }

  /** A bound from the whole model's LP (legalSoftBound) on this problem: the whole model stage will not solve that LP again. */
  acceptLegalBound(b: LegalBound, source: string): void {
    this.fed = b;
    for (const n of b.notes) if (!this.bound.notes.includes(n)) this.bound.notes.push(n);
    if (b.soft !== undefined) this.bound.raiseSoft(0, b.soft, source);
  }

  /**
   * Set by the pipeline when the whole model's LP bound follows the loop and nothing works it out
   * alongside: the loop then works it out itself once it stalls (floor below).
   */
  boundOnStall = false;
  /** Time the loop's floor spent on that LP: the loop's own clock leaves it out (allocate.ts). */
  floorMs = 0;

  /**
   * The best score any rota can have, as far as is known now (the loop stops once it meets it). With
   * boundOnStall, once the loop has gone boundStallPerPlace moves per movable place without a better
   * rota, and that rota breaks no hard rule, the whole model's LP bound is worked out there and then
   * (legal-bound.ts): the same LP the whole model stage would solve after the loop, which then reads
   * it instead, so no work is added; but a loop whose rota is already optimal stops as soon as it
   * meets the bound instead of running on to the end of its share with nothing to tell it so.
   */
  floor(stall?: { readonly movesPerPlace: number; readonly bestHard: number }): Score | undefined {
    this.takeFedBound();
    if (this.boundOnStall && this.fed === undefined && stall && stall.bestHard === 0 && stall.movesPerPlace >= this.stages.boundStallPerPlace && !this.budget.late()) {
      this.boundOnStall = false;
      const t0 = this.budget.elapsedMs();
      this.run('whole model LP (loop stalled)', () => {
        const b = legalSoftBound(this.problem, this.exact!, this.seconds(this.stages.wholeModelShare), this.stages);
        this.acceptLegalBound(b, 'whole model LP relaxation (loop stalled)');
        return b.soft === undefined ? `no bound: ${b.notes.join('; ')}` : `bound ${Math.ceil(b.soft - 1e-6)}`;
      });
      this.floorMs += this.budget.elapsedMs() - t0;
    }
    return this.bound.soft === undefined ? undefined : { hard: this.bound.hard, soft: this.bound.soft };
  }

  private pinnedKeys?: Set<string>;
  isPinned(a: { slotId: string; roleId: string; workerId: string }): boolean {
    this.pinnedKeys ??= new Set(this.problem.pinned.map(assignmentKey));
    return this.pinnedKeys.has(assignmentKey(a));
  }
}
