// The manager's rota pages in real headless Chromium against the real server and database: a manager
// signs in, generates the Red Cross week (live progress, then Stop, which keeps the best rota so far),
// sees its unfilled places and each worker's reason, moves a worker, is refused a move that breaks
// the 11-hour rest rule (the server's 409 words shown), overrides it with a reason, and publishes
// through the guard's warnings. Every manager page gets axe (0 serious or critical), the 375-px fit
// and the console checks; a place opens and closes from the keyboard.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, DESKTOP, overflowX, PHONE, seriousViolations, startStack, watchConsole, type Stack } from './support/stack.ts';

if (!CHROMIUM_PATH) {
  if (process.env.ROTA_REQUIRE_BROWSER) throw new Error('browser tests need Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set ROTA_CHROMIUM)');
}

const SERVICE = 'org-brc-nottingham';
const SERVICE_NAME = 'British Red Cross community crisis support, Nottingham';
const WEEK = '2026-12-21';
/** A solve budget long enough that Stop ends it, not the clock. */
const SOLVE_MS = 30_000;
/** The Red Cross service's minimum rest between two shifts (its rules' minRestMinutes). */
const REST_MINUTES = 11 * 60;

interface Slot {
  id: string;
  label: string;
  kind: string;
  date: string;
  startMin: number;
  endMin: number;
  roles: { roleId: string; max: number }[];
}
interface Place {
  id: number;
  slotId: string;
  slotLabel: string;
  roleId: string;
  staffId: string;
  staffName: string;
}
interface RotaJson {
  id: string;
  status: string;
  solveRuns: unknown[];
  published: boolean;
  slots: Slot[];
  assignments: Place[];
  unfilled: { slotId: string; roleId: string; level: string; reasons: { workerName: string; blocks: string[] }[] }[];
}

const FAILED_409 = 'Failed to load resource: the server responded with a status of 409 (Conflict)';

describe.skipIf(!CHROMIUM_PATH)('the manager in Chromium', () => {
  let s: Stack;
  const auth = () => ({ authorization: `Bearer ${s.managerToken}` });
  beforeAll(async () => {
    // The allocation loop alone ends only at its budget or a Stop: with the exact stages the engine
    // proves the small North Kent bank week optimal in under a second and ends it, before a busy
    // browser shows its live progress or clicks Stop. These tests watch and stop a solve in flight.
    s = await startStack({ solve: { timeLimitMs: SOLVE_MS, exactStages: false } });
    // Two of the coordinators phone in sick for Wednesday 23 Dec; the third is on leave that week.
    for (const staffId of ['rc-marcus-brown', 'rc-david-osei']) {
      const sick = await s.app.inject({
        method: 'POST',
        url: `/services/${SERVICE}/staff/${staffId}/leave`,
        headers: auth(),
        payload: { kind: 'sickness', from: '2026-12-23', to: '2026-12-23' },
      });
      expect(sick.statusCode, sick.body).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  /** axe, the 375-px fit (on a phone) or no sideways page scroll, and nothing blocked or broken. */
  async function checkPage(page: Page, problems: string[], what: string, expected: string[] = []) {
    expect(await seriousViolations(page), `${what}: axe`).toEqual([]);
    expect(await overflowX(page), `${what}: wider than the screen`).toBeLessThanOrEqual(0);
    expect(problems.splice(0), `${what}: console`).toEqual(expected);
  }

  const rotaJson = async (id: string): Promise<RotaJson> => (await s.app.inject({ method: 'GET', url: `/rotas/${id}`, headers: auth() })).json();

  const change = async (id: string, body: { remove: number[]; add: { slotId: string; roleId: string; staffId: string }[]; reason: string; dryRun?: boolean }) =>
    s.app.inject({ method: 'POST', url: `/rotas/${id}/changes`, headers: auth(), payload: body });
  const dryRun = async (id: string, body: { remove: number[]; add: { slotId: string; roleId: string; staffId: string }[] }) =>
    (await change(id, { ...body, reason: 'test probe', dryRun: true })).json() as { breaches: string[] };

  /** Minutes between two sessions that do not overlap (Infinity when they do). */
  const gapMinutes = (a: Slot, b: Slot) => (a.endMin <= b.startMin ? b.startMin - a.endMin : b.endMin <= a.startMin ? a.startMin - b.endMin : Infinity);

  interface PlannedMove {
    from: Place;
    to: Slot;
    /** A healthcare assistant taken off `to` first (through the API) when it is full. */
    makeRoom?: Place;
  }

  /**
   * A contracted healthcare assistant's place moved to another session, planned from the sessions'
   * times whatever rota the stopped solve kept: for `rest`, a session that starts less than the rest
   * rule's 11 hours from another shift the worker keeps (a late shift, then the next day's early
   * one), else one clear of all their shifts. A full session gets room first: one of its healthcare
   * assistants is taken off, a change the rules allow. The API's own check confirms the plan: no
   * hard rule broken, or only the rest rule.
   */
  async function planMove(rota: RotaJson, rest: boolean): Promise<PlannedMove | undefined> {
    const slots = new Map(rota.slots.map((x) => [x.id, x]));
    const staff = (await s.app.inject({ method: 'GET', url: `/services/${SERVICE}/staff`, headers: auth() })).json() as { id: string; kind: string }[];
    const contracted = new Set(staff.filter((m) => m.kind === 'contracted').map((m) => m.id));
    const hcaIn = (slotId: string) => rota.assignments.filter((a) => a.slotId === slotId && a.roleId === 'hca');
    const full = (t: Slot) => hcaIn(t.id).length >= (t.roles.find((r) => r.roleId === 'hca')?.max ?? 0);
    const candidates: { from: Place; to: Slot }[] = [];
    for (const from of rota.assignments.filter((a) => a.roleId === 'hca' && contracted.has(a.staffId))) {
      const kept = rota.assignments.filter((a) => a.staffId === from.staffId && a.id !== from.id).map((a) => slots.get(a.slotId)!);
      for (const to of rota.slots) {
        if (!to.roles.some((r) => r.roleId === 'hca') || to.id === from.slotId || kept.some((k) => k.date === to.date)) continue;
        const short = kept.some((k) => gapMinutes(k, to) < REST_MINUTES);
        if (short === rest) candidates.push({ from, to });
      }
    }
    // Sessions with room first: most plans then need no other change.
    candidates.sort((a, b) => Number(full(a.to)) - Number(full(b.to)));
    const judged = (breaches: string[]) => (rest ? breaches.length > 0 && breaches.every((b) => /rest/i.test(b)) : breaches.length === 0);
    const freeToGo = new Map<number, boolean>();
    const canTakeOff = async (place: Place) => {
      if (!freeToGo.has(place.id)) freeToGo.set(place.id, (await dryRun(rota.id, { remove: [place.id], add: [] })).breaches.length === 0);
      return freeToGo.get(place.id)!;
    };
    for (const { from, to } of candidates) {
      const add = [{ slotId: to.id, roleId: 'hca', staffId: from.staffId }];
      if (!full(to)) {
        if (judged((await dryRun(rota.id, { remove: [from.id], add })).breaches)) return { from, to };
        continue;
      }
      for (const makeRoom of hcaIn(to.id)) {
        if (!(await canTakeOff(makeRoom))) continue;
        if (judged((await dryRun(rota.id, { remove: [makeRoom.id, from.id], add })).breaches)) return { from, to, makeRoom };
      }
    }
    return undefined;
  }

  /**
   * Plans a move (planMove) and makes its room through the API, then reads the rota again on the
   * page; the move itself is left to the dialog.
   */
  async function setUpMove(page: Page, rota: RotaJson, rest: boolean): Promise<PlannedMove> {
    const plan = await planMove(rota, rest);
    expect(plan, rest ? 'a move that breaks only the rest rule' : 'a legal move').toBeDefined();
    if (plan!.makeRoom) {
      const made = await change(rota.id, { remove: [plan!.makeRoom.id], add: [], reason: 'making room for a move' });
      expect(made.statusCode, made.body).toBe(200);
      await page.reload();
      await page.getByRole('heading', { name: 'The week' }).waitFor();
    }
    return plan!;
  }

  /** Opens a place's dialog and moves its worker to another session (the rule check shows first). */
  async function moveInDialog(page: Page, from: Place, to: Slot, reason: string) {
    await page.locator(`button.place[data-assignment="${from.id}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Move this worker to another session').check();
    await dialog.getByLabel('Move to').selectOption({ label: `${to.label}: Healthcare assistant` });
    await dialog.getByLabel('Why (kept in the audit log)').fill(reason);
    return dialog;
  }

  it('signs in, generates the Red Cross week live and stops it, sees unfilled places and reasons, moves a worker, is refused a rest-rule move, overrides it, publishes', async () => {
    const context = await s.context(DESKTOP);
    const page = await context.newPage();
    const problems = watchConsole(page);

    // Sign in by pasting a token.
    await page.goto('/sign-in');
    await page.getByLabel('Token', { exact: true }).fill(s.managerToken);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.waitForURL('**/manage');
    await checkPage(page, problems, 'manager home');

    // Pick the service and a week (any day of it).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rotas' }).click();
    await page.getByRole('heading', { name: 'Rotas', level: 1 }).waitFor();
    await page.getByLabel('Service').selectOption(SERVICE);
    await page.getByLabel('Week (any day of it)').fill('2026-12-23');
    await page.getByText('The week of Mon 21 Dec 2026').waitFor();
    await page.getByText('No rota has been made for this week yet.').waitFor();
    await checkPage(page, problems, 'rotas');

    // Generate: live progress from the server, then Stop keeps the best rota found so far.
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Generate a rota for this week' }).click();
    await page.getByRole('heading', { name: 'Generating the rota' }).waitFor();
    await page.getByText('Time left').waitFor({ timeout: 60_000 });
    await expect(page.getByText(/^about \d+ s of 30 s$/).textContent()).resolves.toMatch(/of 30 s/);
    await checkPage(page, problems, 'generating (live progress)');
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    await page.getByText(/^Stopped early by .*: the best rota found so far is kept\.$/).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'The week' }).waitFor();
    expect(Date.now() - t0).toBeLessThan(SOLVE_MS + 60_000);
    const rotaId = page.url().split('/').pop()!;
    let rota = await rotaJson(rotaId);
    expect(rota.status).toBe('done');
    expect(rota.assignments.length).toBeGreaterThan(20);
    await page.getByRole('heading', { name: `${SERVICE_NAME}: week of Mon 21 Dec 2026` }).waitFor();
    await checkPage(page, problems, 'rota grid');

    // Unfilled places, highlighted in the grid and listed with each worker's reason.
    const mustFill = page.locator('.rota-grid__open button.place--must');
    expect(await mustFill.count()).toBeGreaterThan(0);
    const wednesday = page.locator('.unfilled--hard').filter({ hasText: 'Wed 23 Dec' }).filter({ hasText: 'Service coordinator' }).first();
    await wednesday.waitFor();
    await wednesday.getByText(/could not take it/).click();
    await wednesday.getByText('Marcus Brown', { exact: false }).waitFor();
    const reasons = await wednesday.locator('.reasons li').allTextContents();
    expect(reasons.find((r) => r.startsWith('Marcus Brown'))).toMatch(/sick/i);
    expect(reasons.find((r) => r.startsWith('Joanne Fletcher'))).toMatch(/leave/i);
    await checkPage(page, problems, 'rota grid with reasons open');

    // A place opens from the keyboard and closes with Escape, focus back on it.
    const first = page.locator('button.place[data-assignment]').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await checkPage(page, problems, 'place dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect(first.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Move a worker: the rule check passes before saving, and the move is saved.
    const legal = await setUpMove(page, rota, false);
    let dialog = await moveInDialog(page, legal.from, legal.to, 'evening out the week');
    await dialog.getByText('Rule check: this change breaks no hard rule.').waitFor();
    await dialog.getByRole('button', { name: 'Save change' }).click();
    await page.getByText('Saved: move this worker to another session.').waitFor();
    rota = await rotaJson(rotaId);
    expect(rota.assignments.some((a) => a.slotId === legal.to.id && a.staffId === legal.from.staffId)).toBe(true);
    expect(rota.assignments.some((a) => a.id === legal.from.id)).toBe(false);

    // A move that breaks the 11-hour rest rule: the check says so first; saving is refused with the server's words.
    const resting = await setUpMove(page, rota, true);
    dialog = await moveInDialog(page, resting.from, resting.to, 'short of cover on the morning');
    await dialog.getByText('Rule check: this change breaks a hard rule.').waitFor();
    await expect(dialog.locator('.rule-check li').first().textContent()).resolves.toMatch(/rest/i);
    await dialog.getByRole('button', { name: 'Save change' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'Not saved.' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/The server refused the change: this change breaks a hard rule: .*rest/i);
    await checkPage(page, problems, 'place dialog, refused', [FAILED_409]);
    // Overriding needs a reason: without one it is not sent.
    await dialog.getByLabel('Why (kept in the audit log)').fill('');
    await dialog.getByLabel(/Make this change anyway/).check();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await dialog.getByText('Say why you are overriding the rule: it is kept in the audit log.').waitFor();
    await dialog.getByLabel('Why (kept in the audit log)').fill('agreed with the worker: they asked for the morning');
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Saved: move this worker to another session (rule overridden; your reason is recorded).').waitFor();
    rota = await rotaJson(rotaId);
    const overridden = rota.assignments.find((a) => a.slotId === resting.to.id && a.staffId === resting.from.staffId);
    expect(overridden).toMatchObject({ overridden: true, note: 'agreed with the worker: they asked for the morning' });
    await page.locator(`button.place[data-assignment="${(overridden as Place).id}"]`).getByText('Rule overridden').waitFor();
    await checkPage(page, problems, 'rota grid after the override');

    // Publish: the guard lists the hard rules broken; publishing anyway needs a reason.
    const publish = page.getByRole('region', { name: 'Publish' });
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    const held = publish.getByRole('alert').filter({ hasText: 'Not published.' });
    await held.waitFor();
    const breaches = await held.locator('li').allTextContents();
    expect(breaches.some((b) => /rest/i.test(b))).toBe(true);
    expect(breaches.some((b) => /coordinator|minimum/i.test(b))).toBe(true);
    await checkPage(page, problems, 'publish held back', [FAILED_409]);
    await publish.getByLabel('Publish anyway, breaking the rules listed').check();
    await publish.getByRole('button', { name: 'Publish anyway' }).click();
    await publish.getByText('Say why you are publishing a rota that breaks a hard rule: it is kept in the audit log.').waitFor();
    await publish.getByLabel('Why publish anyway (kept in the audit log)').fill('Wednesday coordinator cover arranged with the on-call manager');
    await publish.getByRole('button', { name: 'Publish anyway' }).click();
    await page.getByText(/^Published: \d+ places; each worker is sent their shifts/).waitFor();
    expect((await rotaJson(rotaId)).published).toBe(true);
    await page.getByText(/^Published /).first().waitFor();
    await checkPage(page, problems, 'rota grid, published');

    // The print view of the week.
    await page.getByRole('link', { name: 'Print view' }).click();
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await checkPage(page, problems, 'print view');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('table').getByText('Rule overridden').first().isVisible()).resolves.toBe(true);
    await context.close();
  }, 300_000);

  it('pins a place, re-plans live (the pinned place stays), swaps two workers, and sends offers for bank places and watches their state', async () => {
    const bank = 'org-north-kent-bank';
    const week = '2026-12-14';
    const context = await s.context(DESKTOP);
    await context.request.post('/auth/token', { data: { token: s.managerToken } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    // Every 409 answer, named in the console checks' messages: none is expected here.
    const conflicts: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 409) conflicts.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`/manage/rotas?service=${bank}&week=${week}`);
    await page.getByRole('button', { name: 'Generate a rota for this week' }).click();
    await page.getByText('Time left').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    const stopped = page.getByText(/^Stopped early by .*: the best rota found so far is kept\.$/);
    await stopped.waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'The week' }).waitFor();
    const rotaId = page.url().split('/').pop()!;
    let rota = await rotaJson(rotaId);
    // Bank workers' places are proposals until they accept: marked in the grid.
    await page.locator('button.place--proposed').first().waitFor();
    await expect(page.locator('button.place--proposed').first().textContent()).resolves.toContain('Proposed');

    // Pin a place, then re-plan: live progress again, Stop, and the pinned place stays.
    const pinned = rota.assignments[0];
    await page.locator(`button.place[data-assignment="${pinned.id}"]`).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pin (re-plans keep it)' }).click();
    await page.getByText(`Pinned: re-plans keep ${pinned.staffName} in this place.`).waitFor();
    await page.locator(`button.place[data-assignment="${pinned.id}"]`).getByText('Pinned').waitFor();
    const runsBefore = (await rotaJson(rotaId)).solveRuns.length;
    await page.getByRole('button', { name: 'Re-plan (keeps pinned and published places)' }).click();
    await page.getByRole('heading', { name: 'Re-planning the rota' }).waitFor({ timeout: 60_000 });
    await page.getByText('Time left').waitFor({ timeout: 60_000 });
    await checkPage(page, problems, `re-planning (live progress; 409 answers: ${conflicts.join(', ') || 'none'})`);
    await page.getByRole('button', { name: 'Stop and keep the best so far' }).click();
    await stopped.waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'The week' }).waitFor();
    rota = await rotaJson(rotaId);
    expect(rota.solveRuns.length).toBe(runsBefore + 1);
    expect(rota.assignments.find((a) => a.id === pinned.id)).toMatchObject({ staffId: pinned.staffId, slotId: pinned.slotId });

    // Swap two workers' places: judged as one change.
    let swap: { a: Place; b: Place } | undefined;
    let probes = 0;
    search: for (const a of rota.assignments) {
      for (const b of rota.assignments) {
        if (a.staffId === b.staffId || a.slotId === b.slotId || a.roleId !== b.roleId || ++probes > 300) continue;
        const taken = (staffId: string, slotId: string) => rota.assignments.some((x) => x.staffId === staffId && x.slotId === slotId);
        if (taken(a.staffId, b.slotId) || taken(b.staffId, a.slotId)) continue;
        const { breaches } = await dryRun(rotaId, {
          remove: [a.id, b.id],
          add: [
            { slotId: a.slotId, roleId: a.roleId, staffId: b.staffId },
            { slotId: b.slotId, roleId: b.roleId, staffId: a.staffId },
          ],
        });
        if (breaches.length === 0) {
          swap = { a, b };
          break search;
        }
      }
    }
    expect(swap, 'a swap the rules allow').toBeDefined();
    await page.locator(`button.place[data-assignment="${swap!.a.id}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Swap with another worker’s place').check();
    const option = (await dialog.getByLabel('Swap with', { exact: true }).locator('option').allTextContents()).find((t) => t.startsWith(`${swap!.b.staffName}: `) && t.includes(swap!.b.slotLabel));
    await dialog.getByLabel('Swap with', { exact: true }).selectOption({ label: option! });
    await dialog.getByText('Rule check: this change breaks no hard rule.').waitFor();
    await dialog.getByLabel('Why (kept in the audit log)').fill('they asked to swap');
    await dialog.getByRole('button', { name: 'Save change' }).click();
    await page.getByText('Saved: swap with another worker’s place.').waitFor();
    rota = await rotaJson(rotaId);
    expect(rota.assignments.some((x) => x.slotId === swap!.a.slotId && x.staffId === swap!.b.staffId)).toBe(true);
    expect(rota.assignments.some((x) => x.slotId === swap!.b.slotId && x.staffId === swap!.a.staffId)).toBe(true);

    // Send the bank places out as offers and watch them.
    const offers = page.getByRole('region', { name: 'Bank offers' });
    await offers.getByText('No offers yet.').waitFor();
    await offers.getByRole('button', { name: 'Send offers for open bank places' }).click();
    await offers.getByText(/^\d+ offers? sent/).waitFor();
    await offers.getByText('asked, awaiting an answer').first().waitFor();
    await page.locator('.rota-grid__open button.place--waiting').filter({ hasText: 'Offered' }).first().waitFor();
    await checkPage(page, problems, `rota grid with offers out (409 answers: ${conflicts.join(', ') || 'none'})`);
    await context.close();
  }, 300_000);

  it('on a 375-px phone the rota shows a day at a time, fits the screen and passes axe; the rotas page too', async () => {
    const context = await s.context(PHONE);
    await context.request.post('/auth/token', { data: { token: s.managerToken } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`/manage/rotas?service=${SERVICE}&week=${WEEK}`);
    const link = page.getByRole('table', { name: /Rotas for the week of Mon 21 Dec 2026/ }).getByRole('link').first();
    await link.waitFor();
    await checkPage(page, problems, 'rotas (phone)');
    await link.click();
    await page.getByRole('heading', { name: 'The week' }).waitFor();
    await expect(page.getByLabel('Show').inputValue()).resolves.toBe(WEEK);
    await expect(page.getByRole('columnheader').allTextContents()).resolves.toEqual(['Worker', 'Mon 21 Dec', 'Hours']);
    await checkPage(page, problems, 'rota grid (phone)');
    await page.getByLabel('Show').selectOption('week');
    await expect(page.getByRole('columnheader').count()).resolves.toBe(9);
    await checkPage(page, problems, 'rota grid, whole week (phone)');
    await page.locator('button.place[data-assignment]').first().click();
    await page.getByRole('dialog').waitFor();
    await checkPage(page, problems, 'place dialog (phone)');
    await context.close();
  }, 120_000);
});
