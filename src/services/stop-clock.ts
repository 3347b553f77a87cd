// How a running solve is stopped early. A solve blocks its thread, so it cannot be sent a message;
// the solver keeps its time limit on a clock the caller injects, and every stage of it stops, keeps
// its best rota and explains it when that clock says the budget is spent. So a stop is the budget
// ending now: once the shared flag is raised, every reading of the clock is at least a whole budget
// later than the reading before it. Any deadline set from any earlier reading (a stage's start plus
// at most the budget) has then passed at the next reading, whether it was set before the stop or
// after it (a solve stopped while it waited for its turn sets all of its deadlines after).

/** The solve's clock: `now()` until the flag (one Int32 on shared memory) reads 1, then a budget further at each reading. */
export function stoppableClock(now: () => number, flag: Int32Array | undefined, budgetMs: number | undefined): () => number {
  if (!flag) return now;
  const stepMs = Math.max(1, budgetMs ?? 0);
  let last = -Infinity;
  return () => {
    if (Atomics.load(flag, 0) !== 1) return (last = Math.max(last, now()));
    last = Math.max(now(), last + stepMs);
    return last;
  };
}
