// The bound thread beside a solve (src/services/bound-thread.ts): once its solve is over, nothing it
// was asked for keeps running. A request still queued is skipped; one whose LP is under way is
// stopped with its thread, since HiGHS blocks the thread until the LP ends and nobody wants the
// answer: left alone, such an LP goes on burning a core for up to its time limit after its solve
// returned. The next request gets a new thread. Real weeks, the real worker module.

import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { curtoisToProblem } from '../../bench/curtois/to-problem.ts';
import { BoundThread } from '../../src/services/bound-thread.ts';
import { fixtureWeek } from '../solver/support/counting-exact.ts';

// The bundled worker the global set-up points the tests at (test/support/global-setup.ts), else its
// TypeScript bootstrap.
const WORKER = process.env.ROTA_SOLVE_WORKER
  ? pathToFileURL(process.env.ROTA_SOLVE_WORKER)
  : new URL('../../src/services/solve-worker-bootstrap.mjs', import.meta.url);

// A week whose LP takes a few milliseconds, and a generated 28 days x 60 staff x 6 shift types whose
// LP takes about 8 s of a core.
const SMALL = fixtureWeek('north-kent-bank', '2027-01-11');
const LARGE = curtoisToProblem(parseCurtois(generateInstance({ days: 28, staff: 60, shiftTypes: 6 }, 1, 'real').text));

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the bound thread once its solve is over', () => {
  it('stops an LP under way, so the process spends no CPU after the solve; the next bound comes from a new thread', async () => {
    const bounds = new BoundThread(WORKER);
    try {
      // The thread is up and has loaded HiGHS once the small week's bound has come.
      const warm = bounds.feedFor(SMALL, 60);
      const small = warm.feed.wait(60_000);
      expect(small?.soft).toBeGreaterThan(0);
      warm.abandon();

      const large = bounds.feedFor(LARGE, 60);
      // Its LP is under way once the process has spent a second of CPU while this thread sleeps
      // (sending the week and encoding its LP take a fraction of that).
      const c0 = cpuMs();
      for (let waited = 0; cpuMs() - c0 < 1000; waited += 20) {
        expect(waited, 'the bound thread never started on the large week').toBeLessThan(30_000);
        await sleep(20);
      }
      // Stopped with its thread when the LP had started, skipped when it had not: either way the
      // process spends nothing on it after the solve (its LP would have gone on for seconds).
      // Left running, its LP spends most of the next 1.5 s; an idle process on a loaded machine spends
      // up to about 200 ms of it (its collector, the thread's teardown).
      await large.abandon();
      await sleep(200);
      const c1 = cpuMs();
      await sleep(1500);
      const after = cpuMs() - c1;
      expect(after, `${after.toFixed(0)} ms of CPU in the 1.5 s after the solve was over`).toBeLessThan(300);
      expect(large.feed.poll()).toBeUndefined();

      const again = bounds.feedFor(SMALL, 60);
      expect(again.feed.wait(60_000)?.soft).toBe(small?.soft);
      again.abandon();
    } finally {
      await bounds.close();
    }
  }, 120_000);

  it('skips a request abandoned while still queued, and answers the one after it', async () => {
    const bounds = new BoundThread(WORKER);
    try {
      // Both are queued while the thread loads HiGHS: the first is abandoned before its turn.
      const first = bounds.feedFor(LARGE, 60);
      const second = bounds.feedFor(SMALL, 60);
      first.abandon();
      expect(second.feed.wait(60_000)?.soft).toBeGreaterThan(0);
      expect(first.feed.poll()).toBeUndefined();
      second.abandon();
    } finally {
      await bounds.close();
    }
  }, 120_000);
});
