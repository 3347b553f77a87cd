// What the exact stages have proved about the best possible rota, and what that says of the rota
// found. Scores are lexicographic, so the bound is too: no rota breaks fewer hard points than
// `hard`, and among rotas with exactly that hard score none has less than `soft` soft points.
// Every penalty of the catalogue is a whole number, so bounds round up.

import type { Score, SolveQuality } from '../model.ts';

export class BoundState {
  /** No rota has a lower hard score. */
  hard = 0;
  /** No rota with hard score `hard` has a lower soft score (undefined: nothing proved at that level). */
  soft: number | undefined;
  /** Where the bound came from, for the report. */
  readonly sources: string[] = [];
  /** Why a bound is missing or weak (a stage stepped aside, rules left out). */
  readonly notes: string[] = [];

  /** No rota scores fewer than h hard points. */
  raiseHard(h: number, source: string): void {
    const whole = roundUp(h);
    if (whole <= this.hard) return;
    this.hard = whole;
    // A soft bound was about rotas at the old level, which no rota reaches.
    this.soft = undefined;
    this.sources.push(source);
  }

  /** No rota with hard score `level` has fewer than s soft points. */
  raiseSoft(level: number, s: number, source: string): void {
    if (level !== this.hard) return;
    const whole = Math.max(0, roundUp(s));
    if (this.soft !== undefined && whole <= this.soft) return;
    this.soft = whole;
    this.sources.push(source);
  }

  /** No rota has hard score `level` at all: every rota breaks more. */
  excludeLevel(level: number, source: string): void {
    if (level === this.hard) this.raiseHard(level + 1, source);
  }

  get known(): boolean {
    return this.hard > 0 || this.soft !== undefined;
  }

  /** The score cannot be beaten. */
  proves(score: Score): boolean {
    return score.hard === this.hard && this.soft !== undefined && score.soft <= this.soft;
  }

  quality(score: Score): SolveQuality {
    const note = this.notes.length > 0 ? [...new Set(this.notes)].join('; ') : undefined;
    if (!this.known) return { status: 'no-bound', note: note ?? 'no exact stage ran' };
    return qualityOf({ hard: this.hard, soft: this.soft ?? 0 }, score, note);
  }
}

/**
 * What a lower bound says of a score: optimal when the score meets it; otherwise the gap, on the hard
 * score while that is above its bound, then on the soft score, with the note on why the bound may be weak.
 */
export function qualityOf(lowerBound: Score, score: Score, note?: string): SolveQuality {
  // A note says why a bound may be weak; a rota that meets its bound needs none.
  if (score.hard <= lowerBound.hard && score.soft <= lowerBound.soft) return { status: 'optimal', lowerBound, gapPercent: 0 };
  const extra = note ? { note } : {};
  const gapPercent =
    score.hard > lowerBound.hard ? (100 * (score.hard - lowerBound.hard)) / score.hard : score.soft > 0 ? (100 * (score.soft - lowerBound.soft)) / score.soft : 0;
  return { status: 'gap', lowerBound, gapPercent: round2(gapPercent), ...extra };
}

/** A bound of `bound` (before rounding up) shows that no rota scores below `score`. */
export function reaches(bound: number, score: number): boolean {
  return roundUp(bound) >= score;
}

/** Up to the next whole number, less the solvers' relative tolerance (a bound of 55688.00004 is 55688). */
function roundUp(x: number): number {
  return Math.ceil(x - 1e-6 * Math.max(1, Math.abs(x)));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
