// The bound thread beside a solve (src/services/bound-thread.ts): once its solve is over, nothing it
// was asked for keeps running. A request still queued is skipped; one whose LP is under way is
// stopped with its thread, since HiGHS blocks the thread until the LP ends and nobody wants the
// answer: left alone, the 300-staff week's LP went on burning a core for about two seconds after its
// solve returned. The next request gets a new thread. Real weeks, the real worker module.

import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BoundThread } from '../../src/services/bound-thread.ts';
import { fixtureWeek } from '../solver/support/counting-exact.ts';

// The bundled worker the global set-up points the tests at (test/support/global-setup.ts), else its
// TypeScript bootstrap.
const WORKER = process.env.ROTA_SOLVE_WORKER
  ? pathToFileURL(process.env.ROTA_SOLVE_WORKER)
  : new URL('../../src/services/solve-worker-bootstrap.mjs', import.meta.url);

// A week whose LP takes a few milliseconds, and one whose LP takes about two seconds of a core.
const SMALL = fixtureWeek('north-kent-bank', '2027-01-11');
const LARGE = fixtureWeek('large-organisation', '2026-11-30');

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
      // Its LP is under way once the process spends CPU while this thread sleeps.
      const c0 = cpuMs();
      for (let waited = 0; cpuMs() - c0 < 200; waited += 20) {
        expect(waited, 'the bound thread never started on the large week').toBeLessThan(30_000);
        await sleep(20);
      }
      large.abandon();
      await sleep(200);
      const c1 = cpuMs();
      await sleep(1500);
      const after = cpuMs() - c1;
      expect(after, `${after.toFixed(0)} ms of CPU in the 1.5 s after the solve was over`).toBeLessThan(150);
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
