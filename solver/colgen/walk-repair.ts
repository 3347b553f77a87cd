// Repair of one worker's walk when the prices of walk.ts find no legal one. The prices miss a legal
// walk when the minutes band, several type caps and the weekends are all tight at once; then the walk
// that missed least is usually a few shifts off. This re-plans a window of whole weeks at a time with
// everything outside it fixed, by a programme whose state holds what the prices could only guess: the
// minutes worked in the window, the count of each cap that can bind there (the cap less what the rest
// of the walk uses) and the weekends worked. Runs, days off, successions and pins are kept inside the
// window and across its edges. Walks are compared lexicographically: the number of broken rules first,
// then by how much they miss, then cost; so a walk a few shifts short is never traded for one that
// breaks many runs because a per-minute weight says so.

import { longestOptionMinutes, type WorkerDayModel } from './day-model.ts';

/** Labels kept per day of a window: the best by (projected miss, cost). */
const BEAM = 100;
/** Window lengths tried, in weeks. */
const WINDOW_WEEKS = [1, 2, 4] as const;

/** How far a walk is from legal: rules broken, then by how much, then its cost under the prices. */
export interface Breaches {
  /** Rules broken: each run too long or short, each off run too short, each forbidden succession, each pin missed, each cap, the weekends, the minutes band. */
  readonly count: number;
  /** The size of the global breaches: minutes outside the band in the worker's longest shifts, shifts over caps, weekends over. */
  readonly miss: number;
  readonly cost: number;
}

export function better(a: Breaches, b: Breaches): boolean {
  if (a.count !== b.count) return a.count < b.count;
  if (Math.abs(a.miss - b.miss) > 1e-9) return a.miss < b.miss;
  return a.cost < b.cost - 1e-9;
}

/** Every rule of the walk model a walk breaks, counted, with its cost (options' own plus extra). */
export function breachesOf(m: WorkerDayModel, extra: readonly Float64Array[], picks: Int32Array): Breaches {
  const H = m.days.length;
  let count = 0;
  let cost = m.constantCost;
  let minutes = 0;
  const counts = new Int32Array(m.typeCount);
  const weekends = new Set<number>();
  for (let d = 0; d < H; d++) {
    const i = picks[d];
    if (m.forced[d] >= 0 && i !== m.forced[d]) count++;
    if (i < 0) continue;
    const o = m.days[d][i];
    cost += o.cost + extra[d][i];
    minutes += o.minutes;
    counts[o.type]++;
    if (m.weekendOfDay[d] >= 0) weekends.add(m.weekendOfDay[d]);
    if (d > 0 && picks[d - 1] >= 0 && m.forbiddenNext[m.days[d - 1][picks[d - 1]].type * m.typeCount + o.type]) count++;
  }
  let start = 0;
  for (let d = 1; d <= H; d++) {
    if (d < H && (picks[d] >= 0) === (picks[start] >= 0)) continue;
    const working = picks[start] >= 0;
    const inner = start > 0 && d < H;
    if (working && d - start + (start === 0 ? m.historyRun : 0) > m.maxRun) count++;
    if (inner && d - start < (working ? m.minRun : m.minOff)) count++;
    start = d;
  }
  const g = globalMiss(m, minutes, counts, weekends.size, longestOptionMinutes(m));
  return { count: count + g.count, miss: g.miss, cost: cost + softMinutesCost(m, minutes) };
}

function softMinutesCost(m: WorkerDayModel, minutes: number): number {
  return m.minutesSoftWeight > 0 ? Math.round(Math.max(0, m.minutesSoftMin - minutes, minutes - m.minutesSoftMax) * m.minutesSoftWeight) : 0;
}

function globalMiss(m: WorkerDayModel, minutes: number, counts: ArrayLike<number>, weekends: number, longest: number): { count: number; miss: number } {
  let count = 0;
  let miss = 0;
  const off = Math.max(0, m.minutesHardMin - minutes, minutes - m.minutesHardMax);
  if (off > 0) (count++, (miss += off / longest));
  for (let t = 0; t < m.typeCount; t++) if (m.typeCap[t] >= 0 && counts[t] > m.typeCap[t]) (count++, (miss += counts[t] - m.typeCap[t]));
  if (weekends > m.maxWeekends) (count++, (miss += weekends - m.maxWeekends));
  return { count, miss };
}

export interface RepairOptions {
  /** Read before each window: true stops the repair with the best walk so far. */
  readonly late: () => boolean;
  /** Picks a window's start: (n) => an integer in [0, n). */
  readonly pick: (n: number) => number;
}

/**
 * A walk lexicographically better than `picks` (fewer broken rules, then a smaller miss, then cheaper),
 * found by re-planning windows of whole weeks until it is legal or no window improves it; undefined
 * when no window improved it.
 */
export function repairWalk(m: WorkerDayModel, extra: readonly Float64Array[], picks: Int32Array, opts: RepairOptions): Int32Array | undefined {
  let current = picks;
  let now = breachesOf(m, extra, current);
  let improved = false;
  const cuts = weekCuts(m);
  const last = cuts.length - 1;
  for (const weeks of WINDOW_WEEKS) {
    // Windows from each cut to the cut `weeks` later, up to the first that reaches the last day.
    const starts = Math.max(1, last - weeks + 1);
    // A sweep over every window start from a random one; stop after a sweep that changes nothing.
    let failedInARow = 0;
    let at = opts.pick(starts);
    while (now.count > 0 && failedInARow < starts && !opts.late()) {
      const found = replanWindow(m, extra, current, cuts[at], cuts[Math.min(last, at + weeks)]);
      const judged = found && breachesOf(m, extra, found);
      if (found && judged && better(judged, now)) [current, now, improved, failedInARow] = [found, judged, true, 0];
      else failedInARow++;
      at = (at + 1) % starts;
    }
    if (now.count === 0) break;
  }
  return improved ? current : undefined;
}

/**
 * Where windows start and end: day 0, the last day's end, and one day of each week between, the same
 * weekday each week and chosen so that no weekend straddles a cut (the window's weekends are then
 * counted whole inside it). On a horizon starting on a Monday the cuts are the multiples of seven; on
 * one starting on a Sunday, the Mondays.
 */
export function weekCuts(m: WorkerDayModel): number[] {
  const H = m.days.length;
  const wk = m.weekendOfDay;
  // Cuts a week apart fall on one weekday: shift past the weekdays where a cut would split a weekend.
  const splitsAt = (shift: number): boolean => {
    for (let d = shift; d < H; d += 7) if (d > 0 && wk[d] >= 0 && wk[d - 1] === wk[d]) return true;
    return false;
  };
  let shift = 0;
  while (shift < 7 && splitsAt(shift)) shift++;
  const cuts = [0];
  for (let d = shift; d < H; d += 7) if (d > 0) cuts.push(d);
  cuts.push(H);
  return cuts;
}

/** A partial walk over the window: its state at the end of a day, and how it got there. */
interface Label {
  /** Type of the last day worked, or -1 for a day off. */
  readonly last: number;
  /** Length of the current run (work or off); a work run from day 0 counts the history. */
  readonly run: number;
  /** The current run started on day 0 (exempt from the minimums). */
  readonly edge: boolean;
  /** Weekend index already counted, or -1. */
  readonly weekend: number;
  readonly minutes: number;
  /** Shifts of each tracked type in the window. */
  readonly counts: Int16Array;
  readonly weekends: number;
  readonly cost: number;
  readonly pick: number;
  readonly parent?: Label;
}

/** The window's best re-plan: the whole walk with days [a, b) re-planned, or undefined when none connects. */
function replanWindow(m: WorkerDayModel, extra: readonly Float64Array[], picks: Int32Array, a: number, b: number): Int32Array | undefined {
  const frame = windowFrame(m, picks, a, b);
  const keyOf = keyMaker(m, a, b, frame.tracked);
  let labels: Label[] = [entryLabel(m, picks, a, frame.tracked)];
  for (let d = a; d < b; d++) {
    const wk = m.weekendOfDay[d];
    const byKey = new Map<number | string, Label>();
    nextDay(m, extra, labels, d, frame.slotOfType, (l) => {
      const key = keyOf(l, wk);
      const old = byKey.get(key);
      if (!old || l.cost < old.cost) byKey.set(key, l);
    });
    labels = [...byKey.values()];
    if (labels.length > BEAM) {
      const judged = new Map<Label, Breaches>();
      for (const l of labels) judged.set(l, frame.missOf(l, d - a + 1));
      labels.sort((x, y) => judged.get(x)!.miss - judged.get(y)!.miss || judged.get(x)!.cost - judged.get(y)!.cost);
      labels.length = BEAM;
    }
    if (labels.length === 0) return undefined;
  }
  let best: { l: Label; judged: Breaches } | undefined;
  for (const l of labels) {
    if (!connects(m, l, picks, b)) continue;
    const judged = frame.missOf(l, b - a);
    if (!best || better(judged, best.judged)) best = { l, judged };
  }
  if (!best) return undefined;
  const out = Int32Array.from(picks);
  for (let d = b - 1, l: Label | undefined = best.l; d >= a && l; d--, l = l.parent) out[d] = l.pick;
  return out;
}

interface Frame {
  /** Tracked caps: the count slot of each type, or -1. */
  readonly slotOfType: Int32Array;
  readonly tracked: number;
  /** How a label after k days of the window would miss, finished as the old walk did (k = b - a: as it is). */
  readonly missOf: (l: Label, k: number) => Breaches;
}

/** What the rest of the walk uses of the global rules, which caps can bind in the window, and the miss of a label. */
function windowFrame(m: WorkerDayModel, picks: Int32Array, a: number, b: number): Frame {
  const T = m.typeCount;
  const longest = longestOptionMinutes(m);
  let outsideMinutes = 0;
  const outsideCounts = new Int32Array(T);
  const outsideWeekends = new Set<number>();
  for (let d = 0; d < m.days.length; d++) {
    if ((d >= a && d < b) || picks[d] < 0) continue;
    const o = m.days[d][picks[d]];
    outsideMinutes += o.minutes;
    outsideCounts[o.type]++;
    if (m.weekendOfDay[d] >= 0) outsideWeekends.add(m.weekendOfDay[d]);
  }
  // Caps that can bind in the window are tracked; the others cannot be broken there.
  const tracked: number[] = [];
  for (let t = 0; t < T; t++) if (m.typeCap[t] >= 0 && m.typeCap[t] - outsideCounts[t] < b - a) tracked.push(t);
  const slotOfType = new Int32Array(T).fill(-1);
  tracked.forEach((t, k) => (slotOfType[t] = k));
  // What the old window did after each day: a partial walk is ranked as if it went on like that.
  const restMinutes = new Float64Array(b - a + 1);
  const restCounts = Array.from({ length: b - a + 1 }, () => new Int16Array(tracked.length));
  const restWeekends = new Int32Array(b - a + 1);
  for (let d = b - 1; d >= a; d--) {
    const k = d - a;
    restMinutes[k] = restMinutes[k + 1];
    restCounts[k].set(restCounts[k + 1]);
    restWeekends[k] = restWeekends[k + 1];
    const i = picks[d];
    if (i < 0) continue;
    const o = m.days[d][i];
    restMinutes[k] += o.minutes;
    if (slotOfType[o.type] >= 0) restCounts[k][slotOfType[o.type]]++;
    const wk = m.weekendOfDay[d];
    if (wk >= 0 && !(d + 1 < b && m.weekendOfDay[d + 1] === wk && picks[d + 1] >= 0)) restWeekends[k]++;
  }
  const counts = new Int32Array(T);
  const missOf = (l: Label, k: number): Breaches => {
    counts.set(outsideCounts);
    tracked.forEach((t, j) => (counts[t] += l.counts[j] + restCounts[k][j]));
    const minutes = outsideMinutes + l.minutes + restMinutes[k];
    return { ...globalMiss(m, minutes, counts, outsideWeekends.size + l.weekends + restWeekends[k], longest), cost: l.cost + softMinutesCost(m, minutes) };
  };
  return { slotOfType, tracked: tracked.length, missOf };
}

/** Every label's next day: off, or each option, where the runs, days off, successions and pins allow. */
function nextDay(m: WorkerDayModel, extra: readonly Float64Array[], labels: readonly Label[], d: number, slotOfType: Int32Array, offer: (l: Label) => void): void {
  const wk = m.weekendOfDay[d];
  for (const l of labels) {
    const working = l.last >= 0;
    if (m.forced[d] < 0 && (!working || l.edge || l.run >= m.minRun)) {
      offer({ ...l, last: -1, run: working ? 1 : l.run + 1, edge: working ? d === 0 : l.edge, pick: -1, parent: l });
    }
    if (!working && !l.edge && l.run < m.minOff && d > 0) continue;
    const options = m.days[d];
    for (let i = 0; i < options.length; i++) {
      if (m.forced[d] >= 0 && i !== m.forced[d]) continue;
      const o = options[i];
      if (working && m.forbiddenNext[l.last * m.typeCount + o.type]) continue;
      const run = working ? l.run + 1 : d === 0 ? 1 + m.historyRun : 1;
      if (run > m.maxRun) continue;
      let counts = l.counts;
      const slot = slotOfType[o.type];
      if (slot >= 0) (counts = Int16Array.from(l.counts)), counts[slot]++;
      const fresh = wk >= 0 && l.weekend !== wk;
      offer({
        last: o.type,
        run,
        edge: working ? l.edge : d === 0,
        weekend: fresh ? wk : l.weekend,
        minutes: l.minutes + o.minutes,
        counts,
        weekends: l.weekends + (fresh ? 1 : 0),
        cost: l.cost + o.cost + extra[d][i],
        pick: i,
        parent: l,
      });
    }
  }
}

/** The state the walk is in when the window starts. */
function entryLabel(m: WorkerDayModel, picks: Int32Array, a: number, tracked: number): Label {
  const base = { minutes: 0, counts: new Int16Array(tracked), weekends: 0, cost: 0, pick: -1, weekend: -1 };
  if (a === 0) return { ...base, last: -1, run: 0, edge: true };
  const working = picks[a - 1] >= 0;
  let start = a - 1;
  while (start > 0 && (picks[start - 1] >= 0) === working) start--;
  const run = a - start + (working && start === 0 ? m.historyRun : 0);
  const last = working ? m.days[a - 1][picks[a - 1]].type : -1;
  // A weekend worked just before the window is none of the window's (no weekend straddles a cut).
  return { ...base, last, run, edge: start === 0 };
}

/** Whether the window's end state joins the rest of the walk from day b without breaking a rule there. */
function connects(m: WorkerDayModel, l: Label, picks: Int32Array, b: number): boolean {
  const H = m.days.length;
  if (b >= H) return true;
  const next = picks[b] >= 0;
  let end = b;
  while (end < H && (picks[end] >= 0) === next) end++;
  const after = end - b;
  const toEnd = end === H;
  const working = l.last >= 0;
  if (working && next) {
    if (m.forbiddenNext[l.last * m.typeCount + m.days[b][picks[b]].type]) return false;
    return l.run + after <= m.maxRun && (l.edge || toEnd || l.run + after >= m.minRun);
  }
  if (!working && !next) return l.edge || toEnd || l.run + after >= m.minOff;
  // The run ends at b, and the one from b starts there.
  const endsOk = l.edge || l.run >= (working ? m.minRun : m.minOff);
  const startsOk = toEnd || after >= (next ? m.minRun : m.minOff);
  return endsOk && startsOk && (!next || after <= m.maxRun);
}

/**
 * Labels with one key finish the same ways: the state (a run clamped where its length stops
 * mattering), minutes, tracked counts, weekends and whether today's weekend is already counted. A
 * number (mixed radix) when it fits, else a string.
 */
function keyMaker(m: WorkerDayModel, a: number, b: number, tracked: number): (l: Label, weekend: number) => number | string {
  let unit = 0;
  let most = 0;
  for (let d = a; d < b; d++) {
    let longest = 0;
    for (const o of m.days[d]) (unit = gcd(unit, o.minutes)), (longest = Math.max(longest, o.minutes));
    most += longest;
  }
  unit = Math.max(1, unit);
  const runCap = Math.max(Number.isFinite(m.maxRun) ? m.maxRun : m.minRun, m.minOff);
  const radices = [m.typeCount + 1, runCap + 1, 2, 2, Math.floor(most / unit) + 1, b - a + 2, ...new Array<number>(tracked).fill(b - a + 1)];
  const numeric = radices.reduce((p, r) => p * r, 1) < 2 ** 52;
  return (l, weekend) => {
    const digits = [l.last + 1, Math.min(l.run, l.last < 0 ? m.minOff : runCap), l.edge ? 1 : 0, weekend >= 0 && l.weekend === weekend ? 1 : 0, l.minutes / unit, l.weekends, ...l.counts];
    if (!numeric) return digits.join(',');
    let key = 0;
    for (let k = 0; k < digits.length; k++) key = key * radices[k] + digits[k];
    return key;
  };
}

function gcd(x: number, y: number): number {
  while (y) [x, y] = [y, x % y];
  return x;
}
