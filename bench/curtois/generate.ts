// Generates shift-scheduling instances in the Curtois & Qu text format, of any shape (days x staff x
// shift types) and with varied rules, so a change of the search is judged on many instances rather
// than on the few published ones. Pure: text out, no files.
//
// Each instance is built around a reference roster, one walk per worker that keeps every hard rule:
// the rules are drawn first (runs, days off in a row, allowed shift types), the walk follows them,
// and what depends on the walk (days off, type caps, weekends, total minutes, cover) is then set so the
// walk stays legal. So every generated instance has a legal roster, whose objective the generator
// reports: cover asks for the walk's numbers give or take noise, and requests partly agree with it.
// That is the classic style, easy because of it; the real style (generate-real.ts) keeps the walks but
// draws cover, requests and weekend rules from the ranges measured on the published instances.

import { Prng } from '../../solver/search/prng.ts';
import {
  between,
  forbiddenPairs,
  assembleInstance,
  headerLines,
  pick,
  shiftTypes,
  shuffled,
  staffId,
  weekendsWorked,
  type GeneratedInstance,
  type InstanceShape,
  type Request,
  type ShiftType,
} from './generate-common.ts';

import { generateRealInstance } from './generate-real.ts';

export type { GeneratedInstance, InstanceShape } from './generate-common.ts';

/**
 * classic: cover asks for the reference walks' numbers give or take noise (easy; the default, so
 * existing seeds and tables keep their instances); real: features in the ranges measured on the
 * published instances (generate-real.ts).
 */
export const GENERATOR_STYLES = ['classic', 'real'] as const;
export type GeneratorStyle = (typeof GENERATOR_STYLES)[number];

/** The shapes of the unseen Curtois & Qu instances (issue 22), largest last. */
export const BENCHMARK_SHAPES: readonly InstanceShape[] = [
  { days: 28, staff: 120, shiftTypes: 18 },
  { days: 42, staff: 45, shiftTypes: 6 },
  { days: 56, staff: 32, shiftTypes: 4 },
  { days: 84, staff: 40, shiftTypes: 5 },
  { days: 182, staff: 100, shiftTypes: 8 },
  { days: 364, staff: 50, shiftTypes: 10 },
  { days: 364, staff: 100, shiftTypes: 16 },
  { days: 364, staff: 150, shiftTypes: 32 },
];

interface StaffRules {
  readonly allowed: readonly number[];
  readonly maxConsecutive: number;
  readonly minConsecutive: number;
  readonly minConsecutiveOff: number;
  /** Share of days worked the walk aims at. */
  readonly workShare: number;
}

/** One worker's walk: runs of work and of days off that keep the run rules; -1 is a day off. */
function walkOf(rng: Prng, days: number, rules: StaffRules, forbidden: readonly boolean[][]): Int32Array {
  const picks = new Int32Array(days).fill(-1);
  const meanRun = (rules.minConsecutive + rules.maxConsecutive) / 2;
  // Days off per run so that the share of days worked comes near workShare.
  const meanOff = Math.max(rules.minConsecutiveOff, Math.round((meanRun * (1 - rules.workShare)) / rules.workShare));
  let d = 0;
  // The first run may be cut by the start of the horizon (edge runs are exempt from the minimums).
  if (rng.float() < 0.5) d = between(rng, 0, meanOff);
  let first = true;
  while (d < days) {
    const length = first && d === 0 ? between(rng, 1, rules.maxConsecutive) : between(rng, rules.minConsecutive, rules.maxConsecutive);
    first = false;
    let type = pick(rng, rules.allowed);
    for (let i = 0; i < length && d < days; i++, d++) {
      if (i > 0 && rng.float() < 0.3) {
        const next = rules.allowed.filter((t) => !forbidden[type][t]);
        if (next.length > 0) type = pick(rng, next);
      }
      picks[d] = type;
    }
    d += between(rng, rules.minConsecutiveOff, Math.max(rules.minConsecutiveOff, 2 * meanOff - rules.minConsecutiveOff));
  }
  return picks;
}

/** Days off the walk leaves free, in short blocks: the leave and training a roster must respect. */
function daysOffOf(rng: Prng, picks: Int32Array): number[] {
  const free: number[] = [];
  for (let d = 0; d < picks.length; d++) if (picks[d] < 0) free.push(d);
  const wanted = Math.round(picks.length / 14) + rng.int(3);
  const out = new Set<number>();
  for (let tries = 0; out.size < wanted && tries < 4 * wanted && free.length > 0; tries++) {
    let d = pick(rng, free);
    const block = between(rng, 1, 4);
    for (let i = 0; i < block && d < picks.length && picks[d] < 0; i++, d++) out.add(d);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * An instance of the given shape. The same shape and seed give the same text. Rules vary from one
 * seed to the next: shift lengths, the rest that sets forbidden successions, run limits, how many
 * types each worker may work and which are capped, part-time shares, cover weights and noise, and
 * how many requests there are.
 */
/** The instance-wide rules, drawn first. */
interface InstanceRules {
  readonly types: readonly ShiftType[];
  readonly forbidden: readonly boolean[][];
  readonly underWeight: number;
  readonly overWeight: number;
  readonly coverNoise: number;
  readonly requestRate: number;
  readonly capShare: number;
  readonly maxConsecutive: number;
  readonly minConsecutive: number;
  readonly minConsecutiveOff: number;
}

export function generateInstance(shape: InstanceShape, seed: number, style: GeneratorStyle = 'classic'): GeneratedInstance {
  const { days, staff, shiftTypes: T } = shape;
  if (!(days >= 7 && days % 7 === 0)) throw new Error(`generate: days must be a positive multiple of 7, got ${days}`);
  if (!(staff >= 1 && T >= 1)) throw new Error('generate: staff and shiftTypes must be at least 1');
  if (style === 'real') return generateRealInstance(shape, seed);
  const rng = new Prng((seed * 2654435761) ^ (days * 31 + staff * 7 + T));
  const rules = drawRules(rng, T);
  const { types, forbidden } = rules;
  const header = headerLines(days, types, forbidden);
  const ids = Array.from({ length: staff }, (_, i) => staffId(i));
  const { walks, staffLines, daysOffLines } = staffSection(rng, shape, rules, ids);
  const requests = drawRequests(rng, shape, rules.requestRate, walks);
  const cover = coverSection(rng, shape, rules, walks);
  return assembleInstance({
    name: `G${days}x${staff}x${T}s${seed}`,
    shape,
    seed,
    header,
    ids,
    types,
    walks,
    staffLines,
    daysOffLines,
    on: requests.onLines,
    off: requests.offLines,
    coverLines: cover.lines,
    coverPenalty: cover.penalty,
  });
}

function drawRules(rng: Prng, T: number): InstanceRules {
  const lengths = pick(rng, [[480], [480], [420, 480, 600], [240, 480, 720], [360, 480, 600, 720]]);
  const types = shiftTypes(rng, T, lengths);
  const forbidden = forbiddenPairs(types, pick(rng, [600, 660, 720]));
  return {
    types,
    forbidden,
    underWeight: pick(rng, [100, 100, 50, 200]),
    overWeight: pick(rng, [1, 1, 5]),
    coverNoise: pick(rng, [0.1, 0.2, 0.35]),
    requestRate: pick(rng, [0.02, 0.05, 0.1]),
    capShare: pick(rng, [0, 0.3, 0.6]),
    maxConsecutive: between(rng, 4, 6),
    minConsecutive: between(rng, 1, 3),
    minConsecutiveOff: between(rng, 1, 3),
  };
}

/** Each worker's rules and reference walk, and the staff and days-off lines set so the walk is legal. */
function staffSection(
  rng: Prng,
  shape: InstanceShape,
  rules: InstanceRules,
  ids: readonly string[],
): { walks: Int32Array[]; staffLines: string[]; daysOffLines: string[] } {
  const { days, staff, shiftTypes: T } = shape;
  const { types, forbidden } = rules;
  const walks: Int32Array[] = [];
  const staffLines: string[] = [];
  const daysOffLines: string[] = [];
  for (let i = 0; i < staff; i++) {
    // Most workers may work a handful of types (a skill mix), a few every type.
    const howMany = rng.float() < 0.15 ? T : between(rng, 1, Math.min(T, Math.max(2, Math.ceil(T / 3))));
    const allowed = shuffled(rng, T).slice(0, howMany).sort((a, b) => a - b);
    const own: StaffRules = {
      allowed,
      maxConsecutive: Math.max(rules.minConsecutive, rules.maxConsecutive - (rng.float() < 0.2 ? 1 : 0)),
      minConsecutive: rules.minConsecutive,
      minConsecutiveOff: rules.minConsecutiveOff,
      workShare: pick(rng, [0.7, 0.7, 0.55, 0.4]),
    };
    const picks = walkOf(rng, days, own, forbidden);
    walks.push(picks);
    const counts = new Int32Array(T);
    let minutes = 0;
    for (const t of picks) {
      if (t < 0) continue;
      counts[t]++;
      minutes += types[t].lengthMinutes;
    }
    const maxShifts = types.map((type, t) => {
      if (!allowed.includes(t)) return `${type.id}=0`;
      const capped = rng.float() < rules.capShare;
      return `${type.id}=${capped ? counts[t] + rng.int(3) : days}`;
    });
    const slack = 480 * between(rng, 0, 2);
    const maxMinutes = minutes + slack + 480 * rng.int(2);
    const minMinutes = Math.max(0, minutes - slack - 480 * rng.int(2));
    const maxWeekends = weekendsWorked(picks) + rng.int(2);
    staffLines.push(`${ids[i]},${maxShifts.join('|')},${maxMinutes},${minMinutes},${own.maxConsecutive},${own.minConsecutive},${own.minConsecutiveOff},${maxWeekends}`);
    const off = daysOffOf(rng, picks);
    if (off.length > 0) daysOffLines.push(`${ids[i]},${off.join(',')}`);
  }
  return { walks, staffLines, daysOffLines };
}

/**
 * Requests: blocks of days on one type (some agree with the walk), and single days asked off; one
 * request per worker and day, as in the published instances (the first drawn is kept).
 */
function drawRequests(rng: Prng, shape: InstanceShape, requestRate: number, walks: readonly Int32Array[]): { onLines: Request[]; offLines: Request[] } {
  const { days, staff, shiftTypes: T } = shape;
  const on: Request[] = [];
  const off: Request[] = [];
  for (let i = 0; i < staff; i++) {
    const blocks = Math.round(days * requestRate * rng.float());
    for (let b = 0; b < blocks; b++) {
      const start = rng.int(days);
      const type = walks[i][start] >= 0 && rng.float() < 0.5 ? walks[i][start] : rng.int(T);
      const weight = between(rng, 1, 3);
      for (let d = start; d < Math.min(days, start + between(rng, 1, 5)); d++) on.push({ s: i, d, t: type, w: weight });
    }
    const offs = Math.round(days * requestRate * rng.float());
    for (let k = 0; k < offs; k++) off.push({ s: i, d: rng.int(days), t: rng.int(T), w: between(rng, 1, 3) });
  }
  const seen = new Set<string>();
  const firstPerDay = (list: readonly Request[]): Request[] =>
    list.filter((r) => {
      const key = `${r.s},${r.d}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const onLines = firstPerDay(on);
  return { onLines, offLines: firstPerDay(off) };
}

/** Cover: what the walks give, give or take noise; and the walks' cover penalty against it. */
function coverSection(rng: Prng, shape: InstanceShape, rules: InstanceRules, walks: readonly Int32Array[]): { lines: string[]; penalty: number } {
  const lines: string[] = [];
  let penalty = 0;
  for (let d = 0; d < shape.days; d++) {
    for (let t = 0; t < shape.shiftTypes; t++) {
      let n = 0;
      for (const w of walks) if (w[d] === t) n++;
      const noise = rng.float() < rules.coverNoise ? (rng.float() < 0.5 ? -1 : 1) * between(rng, 1, 2) : 0;
      const requirement = Math.max(0, n + noise);
      lines.push(`${d},${rules.types[t].id},${requirement},${rules.underWeight},${rules.overWeight}`);
      penalty += n < requirement ? (requirement - n) * rules.underWeight : (n - requirement) * rules.overWeight;
    }
  }
  return { lines, penalty };
}
