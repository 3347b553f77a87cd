// The product's own engine seen from the manager's rota page: with the exact stages on (the server's
// default), a generated week ends by itself once its rota is proven optimal, well inside its budget, and
// the page says how good the rota is in the words the API's quality gives. The manager tests stop
// solves in flight and so run the allocation loop alone; this file is where the proof reaches a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, DESKTOP, seriousViolations, startStack, watchConsole, type Stack } from './support/stack.ts';

if (!CHROMIUM_PATH) {
  if (process.env.ROTA_REQUIRE_BROWSER) throw new Error('browser tests need Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set ROTA_CHROMIUM)');
}

/** Long enough that only a proof ends the solve early. */
const SOLVE_MS = 60_000;

interface RotaJson {
  status: string;
  score: { hard: number; soft: number } | null;
  quality: { status: 'optimal' | 'gap' | 'no-bound'; lowerBound: { hard: number; soft: number } | null; gapPercent: number | null } | null;
  solveRuns: { durationMs: number | null; timeLimitMs: number | null }[];
}

describe.skipIf(!CHROMIUM_PATH)('how good the rota is, on the manager page', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ solve: { timeLimitMs: SOLVE_MS } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('generates the North Kent bank week, which the engine proves optimal and ends early, and shows the proof', async () => {
    const context = await s.context(DESKTOP);
    await context.request.post('/auth/token', { data: { token: s.managerToken } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto('/manage/rotas?service=org-north-kent-bank&week=2026-12-14');
    await page.getByRole('button', { name: 'Generate a rota for this week' }).click();
    // No Stop: the week comes back by itself, long before the 60 s budget could end it.
    await page.getByRole('heading', { name: 'The week' }).waitFor({ timeout: SOLVE_MS - 10_000 });
    const rotaId = page.url().split('/').pop()!;
    const rota = (await (await context.request.get(`/rotas/${rotaId}`)).json()) as RotaJson;
    expect(rota.status).toBe('done');
    expect(rota.quality?.status).toBe('optimal');
    // Proven: no rota scores below this one, so the bound is the score itself.
    expect(rota.quality?.lowerBound).toEqual(rota.score);
    expect(rota.solveRuns.at(-1)?.durationMs).toBeLessThan(SOLVE_MS);
    const quality = page.locator('dl.facts dt', { hasText: 'Quality' }).locator('xpath=following-sibling::dd[1]');
    await expect(quality.textContent()).resolves.toBe('Optimal: no rota of this week scores better (proved).');
    expect(await seriousViolations(page), 'axe').toEqual([]);
    expect(problems, 'console').toEqual([]);
    await context.close();
  }, 180_000);
});
