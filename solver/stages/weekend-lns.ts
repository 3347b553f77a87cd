// Windows of weekends far apart: every worker's days on the weekends of two or more weekends (and
// the days beside them where the rules of runs need those), re-planned by the window's branch and
// price (colgen/window.ts) while every other day stays as it is.
//
// Where every worker sits at their weekend limit and at the edge of their hours, a weekend short of
// cover is filled only by a worker who gives up another weekend (one with cover to spare, or one
// worked on a single day) and takes the short one, keeping their hours, runs and rests; often a chain
// of such swaps over several weekends. The weekends are seldom in one window of consecutive days, and
// a walk moves one worker at a time with the others fixed, so neither finds the move. This frees
// exactly those days: the weekend with the most penalty on its days and partners ranked by their
// slack (places over the wanted cover, and workers who work only some of its days), in the order of
// the two ranks. The size follows what the trees do, as the consecutive windows' length does: after
// a sweep of windows in a row with nothing better (as many as it takes each other weekend to be a
// partner once, or every group of the rota tried), twice the partners, and once every weekend is in one window, a day more either side of each
// weekend day (the hours a swap moves must land on some other day), while a day between two weekends
// stays fixed; a cut tree halves the partners
// (at one partner, a day less either side). A weekend is what the worker models count as one (the
// calendar's Saturday and the Sunday after it), so the shape applies only where some worker has a
// weekend limit.

import { reoptimiseWindow, type DayWindow } from '../colgen/window.ts';
import type { Assignment, Problem } from '../model.ts';
import { neighbourhoodTimeMs } from './column-lns.ts';
import type { ColumnSearch } from './columns.ts';
import { focusOf, placeCount, placeCounts } from './neighbourhoods.ts';
import type { ReoptimiseWindow } from './window-lns.ts';

/** One window: the weekend to fill and the partners whose places may move to it. */
export interface WeekendGroup {
  readonly worst: number;
  readonly partners: readonly number[];
}

export class WeekendNeighbourhoods {
  /** Partner weekends per window. */
  partners = 1;
  /** Days either side of each weekend day freed with it. */
  reach: number;
  rounds = 0;
  better = 0;
  closedTrees = 0;
  private spentMs = 0;
  /** Days of each weekend, in weekend order. */
  readonly weekends: readonly (readonly number[])[];
  /** The least reach: the days beside a weekend when the rules of runs read them. */
  private readonly baseReach: number;
  /** The most: some day between two weekends stays fixed (freeing every day is the consecutive
   *  windows' whole-horizon window). */
  private readonly maxReach: number;
  private readonly timeMs: number;
  private queue: WeekendGroup[] = [];
  private queuedOn: readonly Assignment[] | undefined;
  /** Windows in a row that closed with nothing better (on whichever rota: another search's better rota
   *  seldom makes a size that found nothing on the rota before it pay). */
  private fruitless = 0;
  /** The score at which the largest window closed with nothing better: done until a better rota
   *  (another search's sideways moves, at the same score, seldom open a weekend move). */
  private doneAt: number | undefined;

  constructor(
    private readonly s: ColumnSearch,
    private readonly reoptimise: ReoptimiseWindow = reoptimiseWindow,
  ) {
    const { problem } = s.ctx;
    this.weekends = limitedWeekends(problem, s.cg.models);
    this.baseReach = needsNeighbours(problem) ? 1 : 0;
    this.reach = this.baseReach;
    let gap = Infinity;
    for (let k = 1; k < this.weekends.length; k++) gap = Math.min(gap, this.weekends[k][0] - this.weekends[k - 1].at(-1)! - 1);
    this.maxReach = Math.max(this.baseReach, Math.floor((gap - 1) / 2));
    this.timeMs = neighbourhoodTimeMs(s.ctx.budget.limitMs);
  }

  /** Two weekends or more under a weekend limit, a legal rota, and a window left to try on it. */
  applies(): boolean {
    const { incumbent } = this.s.ctx;
    return this.weekends.length >= 2 && incumbent.score.hard === 0 && this.doneAt !== incumbent.score.soft;
  }

  /** One window of weekends, ending by `untilMs` on the solve's clock; true when it improved the best rota. */
  step(untilMs: number): boolean {
    const { ctx, cg } = this.s;
    const { problem, incumbent } = ctx;
    if (this.queuedOn !== incumbent.assignments) this.refill();
    const group = this.queue.shift();
    if (group === undefined) {
      this.doneAt = incumbent.score.soft;
      return false;
    }
    const clock = ctx.options.clock!;
    const window = weekendWindow(this.weekends, group, this.reach, problem.days.length);
    const t0 = clock();
    const r = this.reoptimise(problem, cg.models, incumbent.assignments, window, ctx.exact!, { clock, timeLimitMs: Math.min(untilMs - clock(), this.timeMs) });
    this.spentMs += clock() - t0;
    const improved = r.improved !== undefined && incumbent.consider(r.improved, 'weekend neighbourhood');
    this.rounds++;
    if (improved) this.better++;
    if (r.complete) this.closedTrees++;
    if (!r.complete) this.shrink();
    else if (improved) this.fruitless = 0;
    else if (++this.fruitless >= this.sweep() || this.queue.length === 0) this.grow();
    return improved;
  }

  /** Windows at this size for each other weekend to be a partner once. */
  private sweep(): number {
    return Math.ceil((this.weekends.length - 1) / this.partners);
  }

  summary(): string {
    return `${this.rounds} windows (${this.closedTrees} closed), ${this.better} better, ${(this.spentMs / 1000).toFixed(1)} s; ${this.weekends.length} weekends, next ${this.partners} partner(s), reach ${this.reach}`;
  }

  /** The groups of the rota as it is now, at the current number of partners. */
  private refill(): void {
    const { problem, incumbent } = this.s.ctx;
    const perDay = focusOf(problem, incumbent.analysis).day;
    this.queue = weekendGroups(this.weekends, perDay, weekendSlack(problem, incumbent.assignments, this.weekends), this.partners);
    this.queuedOn = incumbent.assignments;
  }

  /**
   * Nothing better at this size: twice the partners, then (every weekend at once) a day more either
   * side up to maxReach; at the largest, done on this rota.
   */
  private grow(): void {
    const most = this.weekends.length - 1;
    this.fruitless = 0;
    if (this.partners < most) this.partners = Math.min(most, 2 * this.partners);
    else if (this.reach < this.maxReach) this.reach++;
    else {
      this.doneAt = this.s.ctx.incumbent.score.soft;
      return;
    }
    this.queuedOn = undefined;
  }

  /** A cut tree: half the partners, or at one partner a day less either side. */
  private shrink(): void {
    this.fruitless = 0;
    if (this.partners > 1) this.partners = Math.max(1, Math.floor(this.partners / 2));
    else if (this.reach > this.baseReach) this.reach--;
    else return;
    this.queuedOn = undefined;
  }
}

/** The days of each weekend the worker models count (in weekend order), when some worker has a weekend limit; else none. */
export function limitedWeekends(problem: Problem, models: readonly { readonly maxWeekends: number; readonly weekendOfDay: Int32Array }[]): number[][] {
  if (models.length === 0 || !models.some((m) => Number.isFinite(m.maxWeekends))) return [];
  const byWeekend = new Map<number, number[]>();
  models[0].weekendOfDay.forEach((k, d) => {
    if (k < 0 || d >= problem.days.length) return;
    if (!byWeekend.has(k)) byWeekend.set(k, []);
    byWeekend.get(k)!.push(d);
  });
  return [...byWeekend.entries()].sort((a, b) => a[0] - b[0]).map(([, days]) => days);
}

/** Whether a worker's rules read the days beside a weekend day (runs, rests between shifts, successions). */
function needsNeighbours(problem: Problem): boolean {
  if ((problem.forbiddenSuccessions ?? []).length > 0) return true;
  return problem.workers.some(
    (w) => (w.minConsecutiveDays ?? 1) > 1 || (w.minConsecutiveDaysOff ?? 1) > 1 || w.maxConsecutiveDays !== undefined || w.minRestMinutes > 0,
  );
}

/**
 * Per weekend, the places a worker could leave without a shortfall (workers above the wanted cover of
 * a slot's role) plus the workers who work only some of its days (a weekend counted for less than it
 * could give).
 */
export function weekendSlack(problem: Problem, rota: readonly Assignment[], weekends: readonly (readonly number[])[]): number[] {
  const weekendOfDay = new Map<number, number>();
  weekends.forEach((days, k) => days.forEach((d) => weekendOfDay.set(d, k)));
  const slotIndex = new Map(problem.slots.map((s, i) => [s.id, i]));
  const count = placeCounts(rota);
  const daysWorked = new Map<string, Set<number>>();
  for (const a of rota) {
    const s = slotIndex.get(a.slotId);
    if (s === undefined || !weekendOfDay.has(problem.slots[s].dayIndex)) continue;
    const k = weekendOfDay.get(problem.slots[s].dayIndex)!;
    const wk = `${a.workerId}\u0000${k}`;
    if (!daysWorked.has(wk)) daysWorked.set(wk, new Set());
    daysWorked.get(wk)!.add(problem.slots[s].dayIndex);
  }
  const slack = new Array<number>(weekends.length).fill(0);
  for (const slot of problem.slots) {
    const k = weekendOfDay.get(slot.dayIndex);
    if (k === undefined) continue;
    for (const role of slot.roles) slack[k] += Math.max(0, placeCount(count, slot.id, role.roleId) - role.preferred);
  }
  for (const [wk, days] of daysWorked) {
    const k = Number(wk.split('\u0000')[1]);
    if (days.size < weekends[k].length) slack[k]++;
  }
  return slack;
}

/**
 * The groups to try on a rota, in order: the weekends with penalty on their days, most first, each
 * with `partners` other weekends from the list of the others ranked by slack (most first, then least
 * penalty, then order), taken in chunks; by the sum of the two ranks, so the worst weekend with its
 * best partners comes first and no weekend waits for every partner of the one above it.
 */
export function weekendGroups(weekends: readonly (readonly number[])[], perDay: readonly number[], slack: readonly number[], partners: number): WeekendGroup[] {
  const penalty = weekends.map((days) => days.reduce((sum, d) => sum + perDay[d], 0));
  const worst = weekends.map((_, k) => k).filter((k) => penalty[k] > 0).sort((a, b) => penalty[b] - penalty[a] || a - b);
  const ranked = weekends.map((_, k) => k).sort((a, b) => slack[b] - slack[a] || penalty[a] - penalty[b] || a - b);
  const out: { group: WeekendGroup; order: number }[] = [];
  worst.forEach((w, i) => {
    const others = ranked.filter((k) => k !== w);
    for (let g = 0; g * partners < others.length; g++) {
      out.push({ group: { worst: w, partners: others.slice(g * partners, (g + 1) * partners) }, order: i + g });
    }
  });
  // The same weekends from another worst one are the same window: once.
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.order - b.order)
    .map((x) => x.group)
    .filter((g) => {
      const key = [g.worst, ...g.partners].sort((a, b) => a - b).join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The group's weekend days and `reach` days either side of each, as one window of scattered days. */
export function weekendWindow(weekends: readonly (readonly number[])[], group: WeekendGroup, reach: number, H: number): DayWindow {
  const only = new Set<number>();
  for (const k of [group.worst, ...group.partners]) {
    for (const d of weekends[k]) for (let e = Math.max(0, d - reach); e <= Math.min(H - 1, d + reach); e++) only.add(e);
  }
  const days = [...only];
  return { firstDay: Math.min(...days), lastDay: Math.max(...days), only };
}
