// A worker's time: one place at a time, daily rest, travel between venues and shifts per day
// (solver/constraints/overlap-rest.ts, travel.ts). Each is exact up to a size guard on rest chains.

import { travelBetween } from '../../constraints/context.ts';
import { maxWorkingDaySpan } from '../../constraints/overlap-rest.ts';
import { LinExpr } from '../lp-writer.ts';
import type { EncodeContext } from '../encode-context.ts';

/**
 * Rest rows per worker at most: chains of short gaps are enumerated, and a worker offered many short
 * sessions a day has many. Past it the rest rule is relaxed (fewer rows), never made stricter.
 */
const MAX_REST_ROWS_PER_WORKER = 20_000;

/**
 * A clique per start instant: overlapping slots, and two roles of one slot, hold one place at most
 * (with priced doubles, the clique reads held slots: two roles of one slot are priced instead).
 */
export function encodeOverlap(ctx: EncodeContext): void {
  const { ix } = ctx;
  for (let w = 0; w < ctx.W; w++) {
    const mine = ctx.mySlots[w];
    // Two roles of one slot: a row of the clique below, or with priced doubles a hard term.
    const doubles = mine.filter((s) => ctx.xs[w][s].length > 1);
    if (ctx.priceDoubles) for (const s of doubles) ctx.heldSlot(w, s);
    else if (doubles.length > 0) ctx.noteRow('cover.doublePlace');
    // Sweep in start order: the slots running at each start instant.
    let running: number[] = [];
    for (let i = 0; i < mine.length; i++) {
      const t = ix.slotStart[mine[i]];
      running = running.filter((s) => ix.slotEnd[s] > t);
      while (i < mine.length && ix.slotStart[mine[i]] === t) running.push(mine[i++]);
      i--;
      const clique = new LinExpr();
      for (const s of running) clique.addExpr(ctx.slotWork(w, s));
      if (clique.vars.length + (clique.constant > 0 ? 1 : 0) > 1) ctx.hardRow('overlap.noOverlap', `ov_${w}_${t}`, clique, '<=', 1);
    }
  }
  ctx.encoded.add('cover.doublePlace');
  ctx.encoded.add('overlap.noOverlap');
}

/**
 * Daily rest: held slots with gaps shorter than minRest chain into one working day, which may span at
 * most 1440 - minRest. Every chain of short gaps (a path in slot order) whose span passes that is
 * a breach, so no rota may hold all of it. Paths stop growing once they pass the span, so each row is
 * a chain whose every proper prefix is legal.
 */
export function encodeRest(ctx: EncodeContext): void {
  const { ix } = ctx;
  for (let w = 0; w < ctx.W; w++) {
    const minRest = ctx.problem.workers[w].minRestMinutes;
    if (minRest <= 0) continue;
    ctx.noteRow('rest.minGap'); // the rest after the last shift before the horizon is a static block
    const limit = maxWorkingDaySpan(minRest);
    const mine = ctx.mySlots[w];
    // Successors by short gap (no overlap: the clique rows forbid that).
    const next: number[][] = mine.map((a) =>
      mine.filter((b) => ix.slotStart[b] >= ix.slotEnd[a] && ix.slotStart[b] - ix.slotEnd[a] < minRest && b !== a),
    );
    const at = new Map(mine.map((s, i) => [s, i]));
    let rows = 0;
    const path: number[] = [];
    const grow = (i: number, first: number): void => {
      for (const b of next[i]) {
        if (rows >= MAX_REST_ROWS_PER_WORKER) return;
        if (ix.slotEnd[b] - ix.slotStart[first] > limit) {
          // A pair row from the first slot covers any longer path to the same slot.
          if (path.length > 1 && next[at.get(first)!].includes(b)) continue;
          const e = new LinExpr();
          for (const s of [...path, b]) e.addExpr(ctx.slotWork(w, s));
          ctx.hardRow('rest.minGap', `rest_${w}_${rows}`, e, '<=', path.length);
          rows++;
          continue;
        }
        path.push(b);
        grow(at.get(b)!, first);
        path.pop();
      }
    };
    for (let i = 0; i < mine.length && rows < MAX_REST_ROWS_PER_WORKER; i++) {
      path.length = 0;
      path.push(mine[i]);
      grow(i, mine[i]);
    }
    if (rows >= MAX_REST_ROWS_PER_WORKER) ctx.dropped.set('rest.minGap', 'relaxed: too many chains of short gaps for some worker');
  }
  ctx.encoded.add('rest.minGap');
}

/**
 * Travel between consecutive held slots: a pair closer than the journey breaks the rule unless a
 * held slot lies between them (then the pair is not consecutive): x_a + x_b - sum x_between <= 1.
 */
export function encodeTravel(ctx: EncodeContext): void {
  const { ix } = ctx;
  let maxTravel = 0;
  for (const t of ix.travel) maxTravel = Math.max(maxTravel, t);
  ctx.encoded.add('travel.time');
  if (maxTravel <= 0) return;
  for (let w = 0; w < ctx.W; w++) {
    const mine = ctx.mySlots[w];
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i];
      for (let j = i + 1; j < mine.length; j++) {
        const b = mine[j];
        const gap = ix.slotStart[b] - ix.slotEnd[a];
        // Slots come in start order: later ones start later still.
        if (gap >= maxTravel) break;
        if (gap < 0 || gap >= travelBetween(ix, a, b)) continue;
        const e = ctx.slotWork(w, a).addExpr(ctx.slotWork(w, b));
        for (const c of mine) {
          if (c !== a && c !== b && ix.slotStart[c] >= ix.slotEnd[a] && ix.slotEnd[c] <= ix.slotStart[b]) e.addExpr(ctx.slotWork(w, c), -1);
        }
        ctx.hardRow('travel.time', `tr_${w}_${a}_${b}`, e, '<=', 1);
      }
    }
  }
}

export function encodeShiftsPerDay(ctx: EncodeContext): void {
  ctx.encoded.add('rest.maxShiftsPerDay');
  for (let w = 0; w < ctx.W; w++) {
    const max = ctx.problem.workers[w].maxShiftsPerDay;
    if (max === undefined) continue;
    for (let d = 0; d < ctx.H; d++) {
      const e = new LinExpr();
      for (const s of ctx.slotsByDay[d]) e.addExpr(ctx.slotWork(w, s));
      if (e.vars.length + e.constant > max) ctx.hardRow('rest.maxShiftsPerDay', `mpd_${w}_${d}`, e, '<=', max);
    }
  }
}
