// What both styles of the instance generator share (generate.ts, generate-real.ts): the shapes'
// types, shift types and their forbidden successions, small random helpers, and the text pieces.

import { Prng } from '../../solver/search/prng.ts';

export interface InstanceShape {
  readonly days: number;
  readonly staff: number;
  readonly shiftTypes: number;
}

export interface GeneratedInstance {
  readonly name: string;
  readonly shape: InstanceShape;
  readonly seed: number;
  /** The instance in the Curtois & Qu text format. */
  readonly text: string;
  /** The reference roster (CSV `employee,day,shift`), legal by construction. */
  readonly referenceRoster: string;
  /** Its objective (cover and requests), an upper bound on the instance's optimum. */
  readonly referenceObjective: number;
}

export interface ShiftType {
  readonly id: string;
  readonly startMin: number;
  readonly lengthMinutes: number;
}

export const FAMILIES = ['E', 'D', 'L', 'N'] as const;

/** Shift types spread over the day; a type may not follow one that ends too late the day before. */
export function shiftTypes(rng: Prng, count: number, lengths: readonly number[]): ShiftType[] {
  const out: ShiftType[] = [];
  for (let t = 0; t < count; t++) {
    // Families in turn (early, day, late, night) so every shape has the succession structure of a ward.
    const family = t % FAMILIES.length;
    const baseHour = [6, 9, 14, 21][family];
    const startMin = (baseHour + rng.int(3)) * 60 + 30 * rng.int(2);
    const lengthMinutes = lengths[rng.int(lengths.length)];
    out.push({ id: `${FAMILIES[family]}${Math.floor(t / FAMILIES.length) + 1}`, startMin, lengthMinutes });
  }
  return out;
}

/** forbidden[a][b]: b may not be worked the day after a (less than restMinutes between them). */
export function forbiddenPairs(types: readonly ShiftType[], restMinutes: number): boolean[][] {
  return types.map((a) => types.map((b) => 1440 + b.startMin - (a.startMin + a.lengthMinutes) < restMinutes));
}

export function between(rng: Prng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

export function pick<T>(rng: Prng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

export function weekendsWorked(picks: Int32Array): number {
  let n = 0;
  for (let k = 0; 7 * k + 5 < picks.length; k++) if (picks[7 * k + 5] >= 0 || (7 * k + 6 < picks.length && picks[7 * k + 6] >= 0)) n++;
  return n;
}

export interface Request {
  readonly s: number;
  readonly d: number;
  readonly t: number;
  readonly w: number;
}

export function requestLine(r: Request, ids: readonly string[], types: readonly ShiftType[]): string {
  return `${ids[r.s]},${r.d},${types[r.t].id},${r.w}`;
}

/** 0..n-1 in a random order (Fisher-Yates). */
export function shuffled(rng: Prng, n: number): number[] {
  const out = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A, B, ..., Z, AA, AB, ...: the published instances' staff ids. */
export function staffId(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** The first sections, before anything is drawn for the staff: the horizon and the shift types. */
export function headerLines(days: number, types: readonly ShiftType[], forbidden: readonly (readonly boolean[])[]): string[] {
  const lines: string[] = ['SECTION_HORIZON', String(days), '', 'SECTION_SHIFTS'];
  types.forEach((t, a) => {
    const after = types.filter((_, b) => forbidden[a][b]).map((x) => x.id);
    lines.push(`${t.id},${t.lengthMinutes},${after.join('|')}`);
  });
  return lines;
}

/** What a style has drawn, in the order it drew it (the caller keeps the random stream's order). */
export interface DrawnInstance {
  readonly name: string;
  readonly shape: InstanceShape;
  readonly seed: number;
  readonly header: readonly string[];
  readonly ids: readonly string[];
  readonly types: readonly ShiftType[];
  /** walks[s][d]: the shift type worker s works on day d in the reference roster, or -1. */
  readonly walks: readonly Int32Array[];
  readonly staffLines: readonly string[];
  readonly daysOffLines: readonly string[];
  readonly on: readonly Request[];
  readonly off: readonly Request[];
  readonly coverLines: readonly string[];
  /** The reference roster's cover penalty. */
  readonly coverPenalty: number;
}

/** The instance's text, its reference roster and that roster's objective (cover and requests). */
export function assembleInstance(x: DrawnInstance): GeneratedInstance {
  const { ids, types, walks } = x;
  const lines = [...x.header, '', 'SECTION_STAFF', ...x.staffLines, '', 'SECTION_DAYS_OFF', ...x.daysOffLines];
  lines.push('', 'SECTION_SHIFT_ON_REQUESTS', ...x.on.map((r) => requestLine(r, ids, types)));
  lines.push('', 'SECTION_SHIFT_OFF_REQUESTS', ...x.off.map((r) => requestLine(r, ids, types)));
  lines.push('', 'SECTION_COVER', ...x.coverLines, '');
  let requestPenalty = 0;
  for (const r of x.on) if (walks[r.s][r.d] !== r.t) requestPenalty += r.w;
  for (const r of x.off) if (walks[r.s][r.d] === r.t) requestPenalty += r.w;
  const rosterRows = ['employee,day,shift'];
  walks.forEach((w, s) => w.forEach((t, d) => t >= 0 && rosterRows.push(`${ids[s]},${d},${types[t].id}`)));
  return {
    name: x.name,
    shape: x.shape,
    seed: x.seed,
    text: lines.join('\n'),
    referenceRoster: rosterRows.join('\n') + '\n',
    referenceObjective: x.coverPenalty + requestPenalty,
  };
}
