// An LP session over some of the rows another session would have: the rows left out, and every
// column's entries on them, never reach the solver, and a column with no entry left stays at its
// lower bound outside it. A window neighbourhood's master needs this: every column it can hold fills
// the cover rows outside the window alike (those days are forced), so those rows and their slacks are
// constants, and a master of the window's rows alone solves the same LP less their cost. On a long
// horizon the rows outside a window are most of the master's rows and of each column's entries.
// Indices (rows, columns, duals, values) stay those of the whole model: a left-out row's dual is 0
// and a left-out column's value its lower bound. Objectives are the solver's: they leave out what the
// left-out rows and columns cost (the caller knows it).

import type { LpSession } from '../milp/backend.ts';

export function projectedSession(inner: LpSession, keepRow: (row: number) => boolean): LpSession {
  /** Per row: its index in `inner`, or -1 when left out. */
  const rowAt: number[] = [];
  /** Per column: its index in `inner`, or -1 when left out, and its lower bound. */
  const colAt: number[] = [];
  const colLower: number[] = [];
  let innerRows = 0;
  let innerCols = 0;
  const expandRows = (duals: Float64Array): Float64Array => Float64Array.from(rowAt, (i) => (i < 0 ? 0 : duals[i]));
  const expandCols = (values: Float64Array): Float64Array => Float64Array.from(colAt, (i, j) => (i < 0 ? colLower[j] : values[i]));
  return {
    addRows(lower, upper) {
      const first = rowAt.length;
      const lo: number[] = [];
      const hi: number[] = [];
      lower.forEach((l, i) => {
        if (!keepRow(first + i)) {
          rowAt.push(-1);
          return;
        }
        rowAt.push(innerRows++);
        lo.push(l);
        hi.push(upper[i]);
      });
      if (lo.length > 0) inner.addRows(lo, hi);
      return first;
    },
    addColumn(cost, lower, upper, rows, values) {
      const r: number[] = [];
      const v: number[] = [];
      rows.forEach((row, i) => {
        if (rowAt[row] < 0) return;
        r.push(rowAt[row]);
        v.push(values[i]);
      });
      colLower.push(lower);
      if (r.length === 0) colAt.push(-1);
      else {
        inner.addColumn(cost, lower, upper, r, v);
        colAt.push(innerCols++);
      }
      return colAt.length - 1;
    },
    setColumnBounds(column, lower, upper) {
      colLower[column] = lower;
      if (colAt[column] >= 0) inner.setColumnBounds(colAt[column], lower, upper);
    },
    solveLp(timeLimitSeconds) {
      const r = inner.solveLp(timeLimitSeconds);
      return { ...r, rowDuals: expandRows(r.rowDuals), columnValues: expandCols(r.columnValues) };
    },
    solveMip(integerColumns, options) {
      const kept = integerColumns.map((j) => colAt[j]).filter((i) => i >= 0);
      let start: Float64Array | undefined;
      if (options.start) {
        start = new Float64Array(innerCols);
        colAt.forEach((i, j) => {
          if (i >= 0) start![i] = options.start![j];
        });
      }
      const r = inner.solveMip(kept, { ...options, start });
      return { ...r, columnValues: expandCols(r.columnValues) };
    },
    dispose() {
      inner.dispose();
    },
  };
}
