// The penalties of one place on its own: the place constraints (roles, skills, availability, leave,
// refused venues, bank use, pay) per (slot-role, candidate), precomputed by scorer-tables.ts for the
// role's holders and computed on first use for anyone else; and cover per slot-role as a function of
// how many places are filled.

import type { Problem } from '../model.ts';
import type { ProblemIndex } from '../constraints/context.ts';
import { breachPen } from '../constraints/types.ts';
import { coverTables, staticTable, type WeightedPlaceConstraint } from './scorer-tables.ts';
import type { ScorerParts } from './scorer-parts.ts';

export class PlacePenalties {
  /** Result of staticOf. */
  hard = 0;
  soft = 0;

  declare private readonly problem: Problem;
  declare private readonly ix: ProblemIndex;
  declare private readonly S: number;
  declare private readonly W: number;
  // Static penalties per (slot-role, candidate): slot-role sr's row starts at staticStart[sr] and
  // holds one entry per worker holding its role, at that worker's position among the role's holders
  // (candPos[roleKey * W + w]), hard and soft side by side (entry i at 2i, 2i + 1). Other workers
  // (pinned or initial outside their roles) are rare and computed on demand into offStatic.
  declare private readonly staticPen: Float32Array | Float64Array;
  declare private readonly staticStart: Int32Array;
  declare private readonly candPos: Int32Array;
  declare private readonly srKey: Int32Array;
  declare private readonly placeConstraints: readonly WeightedPlaceConstraint[];
  private readonly offStatic = new Map<number, number>();
  private readonly offStaticSoft = new Map<number, number>();

  declare private readonly coverMin: Int32Array;
  declare private readonly coverMax: Int32Array;
  declare private readonly coverPreferred: Int32Array;
  declare private readonly coverPriority: Float64Array;
  declare private readonly coverUnderWeight: Float64Array;
  declare private readonly coverOverWeight: Float64Array;
  declare private readonly wCoverMin: number;
  declare private readonly wCoverMax: number;

  constructor({ problem, ix, layout, weights }: ScorerParts) {
    this.problem = problem;
    this.ix = ix;
    this.S = ix.slotCount;
    this.W = ix.workerCount;
    const st = staticTable(problem, ix, layout);
    this.staticPen = st.staticPen;
    this.staticStart = st.staticStart;
    this.candPos = st.candPos;
    this.srKey = st.srKey;
    this.placeConstraints = st.placeConstraints;
    const cover = coverTables(problem, ix);
    this.coverMin = cover.coverMin;
    this.coverMax = cover.coverMax;
    this.coverPreferred = cover.coverPreferred;
    this.coverPriority = cover.coverPriority;
    this.coverUnderWeight = cover.coverUnderWeight;
    this.coverOverWeight = cover.coverOverWeight;
    this.wCoverMin = weights.wCoverMin;
    this.wCoverMax = weights.wCoverMax;
  }

  /** Static penalties of worker w in slot-role sr, into hard / soft. */
  staticOf(sr: number, w: number): void {
    const pos = this.candPos[this.srKey[sr] * this.W + w];
    if (pos >= 0) {
      const i = 2 * (this.staticStart[sr] + pos);
      this.hard = this.staticPen[i];
      this.soft = this.staticPen[i + 1];
    } else {
      this.offCandidateStatic(sr, w);
    }
  }

  /** The rare worker outside the role's holders: computed once per (slot-role, worker) and kept. */
  private offCandidateStatic(sr: number, w: number): void {
    const key = sr * this.W + w;
    const known = this.offStatic.get(key);
    if (known !== undefined) {
      this.hard = known;
      this.soft = this.offStaticSoft.get(key)!;
      return;
    }
    // The slot holding sr: the last s with roleOffset[s] <= sr (slots without roles share an offset).
    const offsets = this.ix.roleOffset;
    let lo = 0;
    let hi = this.S - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= sr) lo = mid;
      else hi = mid - 1;
    }
    const s = lo;
    const r = sr - this.ix.roleOffset[s];
    let h = 0;
    let soft = 0;
    for (const { c, weight, hard } of this.placeConstraints) {
      const units = c.placeUnits(this.problem, s, r, w);
      if (units === 0) continue;
      const p = breachPen(units, weight, c.breachBase ?? 0);
      if (hard) h += p;
      else soft += p;
    }
    this.offStatic.set(key, h);
    this.offStaticSoft.set(key, soft);
    this.hard = h;
    this.soft = soft;
  }

  /** Hard cover penalty of slot-role sr with n places filled. */
  coverHard(sr: number, n: number): number {
    let p = 0;
    const missing = this.coverMin[sr] - n;
    if (missing > 0) p += Math.round(missing * this.coverPriority[sr] * this.wCoverMin);
    const over = n - this.coverMax[sr];
    if (over > 0) p += Math.round(over * this.wCoverMax);
    return p;
  }

  /** Soft cover penalty of slot-role sr with n places filled. */
  coverSoft(sr: number, n: number): number {
    let p = 0;
    const short = this.coverPreferred[sr] - n;
    if (short > 0) p += Math.round(short * this.coverPriority[sr] * this.coverUnderWeight[sr]);
    const over = n - this.coverPreferred[sr];
    if (over > 0) p += Math.round(over * this.coverPriority[sr] * this.coverOverWeight[sr]);
    return p;
  }
}
