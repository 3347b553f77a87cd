// Stop on the manager's page when the server cannot stop the solve, in real Chromium: a Stop that reaches
// the server just after the solve ended by itself is not an error (the page says nothing went wrong and
// shows the finished rota, never "stopped early"), while a Stop the server refuses with the solve still
// running shows the server's words and can be tried again.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, DESKTOP, startStack, watchConsole, type Stack } from './support/stack.ts';

if (!CHROMIUM_PATH) {
  if (process.env.ROTA_REQUIRE_BROWSER) throw new Error('browser tests need Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set ROTA_CHROMIUM)');
}

const SERVICE = 'org-north-kent-bank';
/** Long enough that the second test's two Stops both reach a running solve, even on a busy machine. */
const SOLVE_MS = 25_000;
/** How long the page's own reads of a finished rota are held back, so a late Stop's answer lands first. */
const HOLD_MS = 2_500;
const FAILED_409 = 'Failed to load resource: the server responded with a status of 409 (Conflict)';
const NO_SOLVE = /has no solve to stop/;

interface RotaJson {
  status: string;
  solveRuns: { status: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!CHROMIUM_PATH)('Stop when the server has no solve to stop', () => {
  let s: Stack;
  const rotaJson = async (id: string): Promise<RotaJson> =>
    (await s.app.inject({ method: 'GET', url: `/rotas/${id}`, headers: { authorization: `Bearer ${s.managerToken}` } })).json();
  const isRotaRead = (url: URL) => url.pathname.startsWith('/rotas/') && url.pathname.split('/').length === 3;

  beforeAll(async () => {
    // The allocation loop alone runs to its budget (the exact stages would prove this week optimal and
    // end it at once): the solve's end is then known and a Stop can be held until after it.
    s = await startStack({ solve: { timeLimitMs: SOLVE_MS, exactStages: false } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  /** A signed-in manager's page on a desktop screen, with its console watched. */
  async function managerPage() {
    const context = await s.context(DESKTOP);
    await context.request.post('/auth/token', { data: { token: s.managerToken } });
    const page = await context.newPage();
    return { context, page, problems: watchConsole(page) };
  }

  async function generate(page: Page, week: string): Promise<string> {
    await page.goto(`/manage/rotas?service=${SERVICE}&week=${week}`);
    await page.getByRole('button', { name: 'Generate a rota for this week' }).click();
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).waitFor({ timeout: 60_000 });
    return page.url().split('/').pop()!;
  }

  /** Records, from inside the page, whether any text matching NO_SOLVE was ever shown. */
  async function watchForNoSolve(page: Page): Promise<() => Promise<boolean>> {
    await page.evaluate((source) => {
      const pattern = new RegExp(source);
      const w = window as unknown as { sawNoSolve: boolean };
      w.sawNoSolve = false;
      new MutationObserver(() => {
        if (pattern.test(document.body.innerText)) w.sawNoSolve = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, NO_SOLVE.source);
    return () => page.evaluate(() => (window as unknown as { sawNoSolve: boolean }).sawNoSolve);
  }

  it('a Stop that arrives after the solve ended by itself shows no error, and the finished rota is not called stopped', async () => {
    const { context, page, problems } = await managerPage();
    const rotaId = await generate(page, '2026-12-14');
    // The Stop is held until the solve has ended by itself; the page's reads of the finished rota are
    // held a little longer, so the Stop's answer (409) reaches the page while the solve's panel is up.
    await page.route(`**/rotas/${rotaId}/stop`, async (route: Route) => {
      for (let waited = 0; (await rotaJson(rotaId)).status !== 'done' && waited < 120_000; waited += 100) await sleep(100);
      await route.continue();
    });
    await page.route(
      (url) => isRotaRead(url),
      async (route: Route) => {
        if ((await rotaJson(rotaId)).status === 'done') await sleep(HOLD_MS);
        await route.continue();
      },
    );
    const sawNoSolve = await watchForNoSolve(page);
    const answer = page.waitForResponse((r) => r.url().endsWith(`/rotas/${rotaId}/stop`), { timeout: SOLVE_MS + 60_000 });
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    expect((await answer).status()).toBe(409);
    await page.getByRole('heading', { name: 'The week' }).waitFor({ timeout: 30_000 });
    expect(await sawNoSolve(), 'the 409 of a Stop after the end shown as an error').toBe(false);
    await expect(page.getByText(/^Stopped early by/).count()).resolves.toBe(0);
    await expect(page.getByRole('alert').filter({ hasText: /stop/i }).count()).resolves.toBe(0);
    expect((await rotaJson(rotaId)).status).toBe('done');
    expect(problems.filter((p) => p !== FAILED_409)).toEqual([]);
    await context.close();
  }, 180_000);

  it('a Stop the server refuses while the solve runs shows its words, and Stop can be tried again', async () => {
    const { context, page, problems } = await managerPage();
    const rotaId = await generate(page, '2026-12-21');
    // What an API process answers when another process runs the solve (src/jobs/README.md).
    const refusal = `rota ${rotaId} has no solve to stop: it is running`;
    await page.route(`**/rotas/${rotaId}/stop`, (route: Route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ statusCode: 409, error: 'Conflict', message: refusal }) }),
    );
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    await page.getByText(refusal).waitFor({ timeout: 30_000 });
    expect((await rotaJson(rotaId)).status).toBe('running');
    await page.unroute(`**/rotas/${rotaId}/stop`);
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    await page.getByText(/^Stopped early by .*: the best rota found so far is kept\.$/).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'The week' }).waitFor();
    expect(problems.filter((p) => p !== FAILED_409)).toEqual([]);
    await context.close();
  }, 180_000);
});
