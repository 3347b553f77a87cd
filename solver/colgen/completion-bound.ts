// The completion bound of pricing below a ceiling: for each day, the least cost from the next day to
// the end of a relaxation of the worker's walk (last type, run, edge flag, minutes, and the tightest
// type caps when that pays; weekends and the other caps dropped). Dropping rules only lowers costs,
// so a partial rota whose cost plus this cannot get under the ceiling can be dropped (pricing.ts).

import type { WorkerDayModel } from './day-model.ts';
import type { DayTables, Layout } from './pricing-layout.ts';
import { minutesPenalty, type DayOptions } from './schedule-rules.ts';

let boundBuffer = new Float64Array(0);
/** Most states per (type, run, edge, minutes) cell that a bound keeping caps may take. */
const BOUND_CAP_STATES = 8;
/** Most entries (8 bytes each) in a bound's table that keeps caps. */
const MAX_BOUND_ENTRIES = 4_000_000;
/** Work of one bound state against one label of the forward pass (a lookup against a transition: about 1/50). */
export const BOUND_STATE_WORK = 1 / 50;

/** The caps the completion bound keeps, and where a forward state's cap counts land in its index. */
export interface BoundCaps {
  /** Product of the kept caps' radices (1 when none is kept). */
  readonly CB: number;
  /** Per type: stride of its count in the bound's cap code, or 0 when the bound drops its cap. */
  readonly strideOfType: Int32Array;
  /** Per type: the cap's radix (count + 1 must stay below it), or 0. */
  readonly radixOfType: Int32Array;
  /** Per forward cap code: the bound's cap code. */
  readonly codeOf: Int32Array;
}

export function boundCapsOf(m: WorkerDayModel, L: Layout, capStates: number): BoundCaps {
  const T = m.typeCount;
  const strideOfType = new Int32Array(T);
  const radixOfType = new Int32Array(T);
  // Tightest caps first: they cut the most for the fewest extra states.
  const order = L.capTypes.map((t, i) => i).sort((a, b) => L.capRadix[a] - L.capRadix[b]);
  const kept: number[] = [];
  let CB = 1;
  for (const i of order) {
    if (CB * L.capRadix[i] > capStates) continue;
    kept.push(i);
    CB *= L.capRadix[i];
  }
  let stride = 1;
  for (const i of kept) {
    strideOfType[L.capTypes[i]] = stride;
    radixOfType[L.capTypes[i]] = L.capRadix[i];
    stride *= L.capRadix[i];
  }
  const codeOf = new Int32Array(L.CP);
  for (let c = 0; c < L.CP; c++) {
    let code = 0;
    for (const i of kept) code += (Math.floor(c / L.capStride[i]) % L.capRadix[i]) * strideOfType[L.capTypes[i]];
    codeOf[c] = code;
  }
  return { CB, strideOfType, radixOfType, codeOf };
}

/**
 * Per worker, the bound without caps and, when some cap is small, one that keeps it. Keeping a cap
 * costs a bigger backward pass and pays only when the relaxation's rotas break it (a tight cap on a
 * type the prices favour; a cap on a type they rarely favour only makes the pass dearer). Which pays
 * is measured, not guessed:
 * each is tried, then the cheaper in work (labels, plus bound states at their smaller cost) is used,
 * and the other retried now and then as the prices move. Work counts, not clock time, so the
 * choice, and so the columns, are the same on any machine.
 */
export interface BoundChoice {
  readonly layout: Layout;
  readonly options: readonly BoundCaps[];
  /** Smoothed work per call of each option (NaN until tried). */
  readonly work: Float64Array;
  calls: number;
}
const boundChoices = new WeakMap<WorkerDayModel, BoundChoice>();

export function boundChoiceOf(m: WorkerDayModel, L: Layout): BoundChoice {
  const cached = boundChoices.get(m);
  if (cached && cached.layout === L) return cached;
  // The bound's table is days x states: on long horizons with many minutes it would be hundreds of
  // megabytes. Past the budget pricing runs without it (slower, as exact).
  const entries = (caps: BoundCaps): number => m.days.length * (m.typeCount + 1) * L.R * 2 * L.M * caps.CB;
  const plain = boundCapsOf(m, L, 1);
  const options = entries(plain) <= MAX_BOUND_ENTRIES ? [plain] : [];
  const capped = boundCapsOf(m, L, BOUND_CAP_STATES);
  if (options.length > 0 && capped.CB > 1 && entries(capped) <= MAX_BOUND_ENTRIES) options.push(capped);
  const choice = { layout: L, options, work: new Float64Array(options.length).fill(Number.NaN), calls: 0 };
  boundChoices.set(m, choice);
  return choice;
}

export function pickBound(b: BoundChoice): number {
  if (b.options.length <= 1) return 0;
  const n = b.calls++;
  if (n < 2) return n;
  const cheaper = b.work[0] <= b.work[1] ? 0 : 1;
  return n % 16 === 0 ? 1 - cheaper : cheaper;
}

export function recordBound(b: BoundChoice, k: number, work: number): void {
  b.work[k] = Number.isNaN(b.work[k]) ? work : 0.75 * b.work[k] + 0.25 * work;
}

function typeWorkable(day: DayOptions, t: number): boolean {
  for (let i = 0; i < day.K; i++) if (day.allowed[i] && day.optType[i] === t) return true;
  return false;
}

/**
 * For each day d, the least cost of days d+1 to the end (the minutes band's charge included) from
 * each state of a relaxation that keeps the last shift type, the run, the edge flag, the minutes and
 * the tightest caps but drops weekends and the other caps. Dropping rules only lowers costs, so a
 * partial schedule whose cost plus this cannot get under the ceiling can be dropped. Indexed
 * ((type + 1) * R + run - 1) * 2Q + edge * Q + minutes * CB + capCode, with Q = M * CB.
 */
export function completionBounds(m: WorkerDayModel, L: Layout, B: BoundCaps, days: readonly DayOptions[], tables: DayTables): Float64Array[] {
  const { remainAfter, mostUpTo } = tables;
  const { R, M, unit } = L;
  const { CB, strideOfType } = B;
  const H = days.length;
  const T = m.typeCount;
  const Q = M * CB;
  const S = (T + 1) * R * 2 * Q;
  if (boundBuffer.length < H * S) boundBuffer = new Float64Array(H * S);
  const out: Float64Array[] = [];
  for (let d = 0; d < H; d++) out.push(boundBuffer.subarray(d * S, (d + 1) * S));
  const hardMin = m.minutesHardMin;
  const hardMax = m.minutesHardMax;
  finalValues(m, L, B, out[H - 1]);
  const room = capRoom(T, B);
  const relaxedR = 2 * Q;
  const relaxedL = R * relaxedR;
  // The transitions below are the forward pass's, less weekends and the dropped caps: a rule changed
  // there must change here too, or the bound may drop rotas it should keep (the pricing test then fails).
  for (let d = H - 2; d >= 0; d--) {
    const here = out[d];
    const next = out[d + 1];
    const { K, forced, allowed, optType, optUnits, optCost } = days[d + 1];
    const remain = remainAfter[d + 1];
    // Only states the forward pass can reach are worth a value; the rest keep -Infinity, which
    // never drops anything, so a state wrongly thought unreachable costs pruning, never a rota.
    here.fill(-Infinity);
    const today = days[d];
    const mmLo = unit > 0 ? Math.max(0, Math.ceil((hardMin - remainAfter[d]) / unit)) : 0;
    const mmHi = unit > 0 ? Math.min(M - 1, Math.floor(mostUpTo[d] / unit)) : 0;
    for (let l = 0; l <= T; l++) {
      if (l > 0 && !typeWorkable(today, l - 1)) continue;
      // A run that started on day 0 has a known length.
      const edgeRun = l > 0 ? Math.min(d + 1 + m.historyRun, R) : Math.min(d + 1, R);
      for (let r = 1; r <= R; r++) {
        for (let fs = 0; fs < 2; fs++) {
          if (fs === 1 && r !== edgeRun) continue;
          const offAt = forced < 0 ? offTarget(m, R, Q, l, r, fs) : -1;
          const workAt = workTarget(m, R, Q, l, r, fs);
          const at = l * relaxedL + (r - 1) * relaxedR + fs * Q;
          for (let mm = mmLo; mm <= mmHi; mm++) {
            const offOk = offAt >= 0 && !(unit > 0 && mm * unit + remain < hardMin);
            for (let cb = 0; cb < CB; cb++) {
              const q = mm * CB + cb;
              let best = offOk ? next[offAt + q] : Infinity;
              if (workAt >= 0) {
                for (let i = 0; i < K; i++) {
                  if (!allowed[i]) continue;
                  const t = optType[i];
                  if (l > 0 && m.forbiddenNext[(l - 1) * T + t]) continue;
                  if (!room[t * CB + cb]) continue;
                  let mm2 = mm;
                  if (unit > 0) {
                    mm2 += optUnits[i];
                    if (mm2 >= M || mm2 * unit > hardMax || mm2 * unit + remain < hardMin) continue;
                  }
                  const v = optCost[i] + next[(t + 1) * relaxedL + workAt + mm2 * CB + cb + strideOfType[t]];
                  if (v < best) best = v;
                }
              }
              here[at + q] = best;
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Tomorrow off from state (last type l, run r, edge flag fs): the offset of the run it leads to
 * within a type's block of the relaxed state (0 for a day off after work), or -1 when the run may not
 * end here. Q is the states per (run, edge) cell.
 */
function offTarget(m: WorkerDayModel, R: number, Q: number, l: number, r: number, fs: number): number {
  if (l > 0) return r < m.minRun && !fs ? -1 : 0;
  return (Math.min(r + 1, R) - 1) * 2 * Q + fs * Q;
}

/** Tomorrow worked from state (l, r, fs): the offset of the run after it, or -1 when no work may follow. */
function workTarget(m: WorkerDayModel, R: number, Q: number, l: number, r: number, fs: number): number {
  let r2 = 0;
  let fs2 = fs;
  if (l > 0) r2 = r + 1;
  else if (r >= m.minOff || fs) {
    r2 = 1;
    fs2 = 0;
  }
  return r2 > 0 && r2 <= m.maxRun ? (Math.min(r2, R) - 1) * 2 * Q + fs2 * Q : -1;
}

/** After the last day: the minutes band's charge on each state's minutes (Infinity outside the hard band). */
function finalValues(m: WorkerDayModel, L: Layout, B: BoundCaps, last: Float64Array): void {
  const Q = L.M * B.CB;
  for (let mm = 0; mm < L.M; mm++) {
    const minutes = mm * L.unit;
    const value = minutes < m.minutesHardMin || minutes > m.minutesHardMax ? Infinity : minutesPenalty(m, minutes);
    for (let s = 0; s < last.length; s += Q) for (let cb = 0; cb < B.CB; cb++) last[s + mm * B.CB + cb] = value;
  }
}

/** Per type and cap code: can the type's count rise by one (its digit is below radix - 1)? */
function capRoom(T: number, B: BoundCaps): Uint8Array {
  const { CB, strideOfType, radixOfType } = B;
  const room = new Uint8Array(T * CB);
  for (let t = 0; t < T; t++) {
    for (let cb = 0; cb < CB; cb++) room[t * CB + cb] = strideOfType[t] === 0 || Math.floor(cb / strideOfType[t]) % radixOfType[t] < radixOfType[t] - 1 ? 1 : 0;
  }
  return room;
}
