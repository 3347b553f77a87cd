// Screenshots of every page of the web app, desktop and phone, for the README: `npm run docs:screenshots`.
// Runs the real stack (test/web/support/stack.ts) with the example services, publishes the
// sanctuary's week of 23 Nov 2026, and saves docs/screenshots/<page>-<desktop|phone>.png.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, startStack, type Stack } from './support/stack.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const SERVICE = 'org-nottingham-sanctuary';
const RED_CROSS = 'org-brc-nottingham';
const WORKER_EMAIL = 'aisha.begum@sanctuary.example.org';
const BANK = 'org-north-kent-bank';
const BANK_WORKER = { staffId: 'bw-01', email: 'amira.ahmed@northkent-bank.example.org' };

async function signInWithToken(context: BrowserContext, token: string): Promise<void> {
  const res = await context.request.post('/auth/token', { data: { token } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
}

async function signInWorker(s: Stack, context: BrowserContext): Promise<string> {
  const before = s.smtp.mails.length;
  await context.request.post('/auth/links', { data: { email: WORKER_EMAIL } });
  const mail = await s.smtp.waitFor(WORKER_EMAIL, 15_000, before);
  const link = /http:\/\/127\.0\.0\.1:\d+\/sign-in\/link#[A-Za-z0-9_-]+/.exec(mail.text)![0];
  return link;
}

/** Signs a worker in by their emailed link, in this browser context. */
async function signInStaff(s: Stack, context: BrowserContext, email: string): Promise<Page> {
  const before = s.smtp.mails.length;
  await context.request.post('/auth/links', { data: { email } });
  const mail = await s.smtp.waitFor(email, 15_000, before);
  const link = /http:\/\/127\.0\.0\.1:\d+\/sign-in\/link#[A-Za-z0-9_-]+/.exec(mail.text)![0];
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My sessions', level: 1 }).waitFor();
  return page;
}

/** North Kent's week of 14 Dec with three sessions offered to Amira (bank), for her offers page. */
async function offerToBankWorker(s: Stack, auth: { authorization: string }): Promise<void> {
  const made = await s.app.inject({ method: 'POST', url: '/rotas', headers: auth, payload: { serviceId: BANK, weekStart: '2026-12-14', seed: 1 } });
  await s.app.ctx.rotas.idle();
  for (const slotId of ['tpl-options-dartford@2026-12-16', 'tpl-activity-northfleet@2026-12-18', 'tpl-wellbeing-gravesend@2026-12-14']) {
    await s.app.inject({
      method: 'POST',
      url: `/rotas/${made.json().id}/offers`,
      headers: auth,
      payload: { mode: 'broadcast', ttlMinutes: 24 * 60, places: [{ slotId, roleId: 'support-worker' }], workerIds: [BANK_WORKER.staffId] },
    });
  }
}

/** The bank worker's pages: offers waiting, one accepted, and My sessions with the calendar link. */
async function bankWorkerShots(s: Stack, viewport: { width: number; height: number }, size: 'desktop' | 'phone'): Promise<void> {
  const context = await s.context(viewport);
  const page = await signInStaff(s, context, BANK_WORKER.email);
  await page.goto('/my/offers');
  await page.getByRole('heading', { name: 'Waiting for your answer' }).waitFor();
  await shot(page, 'worker-offers', size);
  const first = page.getByRole('article').first();
  if (size === 'phone') {
    // Answered on the phone run only: the desktop run shows the offers still open.
    await first.getByRole('button', { name: /^Accept/ }).click();
    await first.getByText(/^Accepted\./).waitFor();
    await shot(page, 'worker-offer-accepted', size);
  }
  await context.close();
}

async function shot(page: Page, name: string, size: 'desktop' | 'phone', options: { settle?: boolean; fullPage?: boolean } = {}): Promise<void> {
  // Settle: no spinners, fonts drawn (a page watching a solve live never goes quiet: not waited for).
  if (options.settle ?? true) await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${OUT}${name}-${size}.png`, fullPage: options.fullPage ?? true });
  process.stdout.write(`docs/screenshots/${name}-${size}.png\n`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // Solves long enough to catch one in progress.
  const s = await startStack({ solve: { timeLimitMs: 8000 } });
  try {
    const auth = { authorization: `Bearer ${s.managerToken}` };
    const made = await s.app.inject({ method: 'POST', url: '/rotas', headers: auth, payload: { serviceId: SERVICE, weekStart: '2026-11-23', seed: 1 } });
    await s.app.ctx.rotas.idle();
    await s.app.inject({ method: 'POST', url: `/rotas/${made.json().id}/publish`, headers: auth, payload: {} });
    // A week to come as well, so a staff member's page has sessions past and coming up.
    const next = await s.app.inject({ method: 'POST', url: '/rotas', headers: auth, payload: { serviceId: SERVICE, weekStart: '2026-12-14', seed: 1 } });
    await s.app.ctx.rotas.idle();
    await s.app.inject({ method: 'POST', url: `/rotas/${next.json().id}/publish`, headers: auth, payload: {} });
    await offerToBankWorker(s, auth);
    await s.app.inject({
      method: 'PUT',
      url: '/payroll/settings',
      headers: auth,
      payload: { serviceId: SERVICE, frequency: 'monthly', anchorDate: '2026-11-01', firstPeriodStart: '2026-11-01', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' },
    });

    // The Red Cross week with two coordinators off sick on the Wednesday: a place nobody can fill.
    for (const staffId of ['rc-marcus-brown', 'rc-david-osei']) {
      await s.app.inject({ method: 'POST', url: `/services/${RED_CROSS}/staff/${staffId}/leave`, headers: auth, payload: { kind: 'sickness', from: '2026-12-23', to: '2026-12-23' } });
    }

    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const visitor = await s.context(viewport);
      const page = await visitor.newPage();
      await page.goto('/sign-in');
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
      await shot(page, 'sign-in', size);
      const link = await signInWorker(s, visitor);
      await page.goto(link);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await shot(page, 'sign-in-link', size);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'My sessions' }).waitFor();
      await page.locator('.card-list').first().waitFor();
      await page.getByRole('button', { name: 'Get my calendar link' }).click();
      // The second run (phone) finds the address made by the first: it makes a new one.
      const subscribe = page.getByRole('link', { name: 'Subscribe in my calendar' });
      const remake = page.getByRole('button', { name: 'Make a new calendar link' });
      await subscribe.or(remake).waitFor();
      if (await remake.isVisible()) await remake.click();
      await subscribe.waitFor();
      await shot(page, 'worker-sessions', size);
      await visitor.close();
      await bankWorkerShots(s, viewport, size);

      const manager = await s.context(viewport);
      await signInWithToken(manager, s.managerToken);
      const m = await manager.newPage();
      await m.goto('/manage');
      await m.getByRole('heading', { level: 1 }).waitFor();
      await shot(m, 'manager-home', size);
      await m.goto('/manage/outbox');
      await m.getByText('Your shifts for the week of').first().waitFor();
      await shot(m, 'outbox', size);
      await m.goto(`/pay?service=${SERVICE}&period=2026-11-01`);
      await m.getByRole('heading', { name: 'Places still unsigned' }).waitFor();
      await shot(m, 'payroll', size);
      await managerRotaShots(m, size);
      await manager.close();
    }
  } finally {
    await s.close();
  }
}

/** The manager's rota pages: pick and generate, live progress, the grid, a place checked, the print view. */
async function managerRotaShots(m: Page, size: 'desktop' | 'phone'): Promise<void> {
  await m.goto(`/manage/rotas?service=${RED_CROSS}&week=2026-12-21`);
  await m.getByRole('button', { name: 'Generate a rota for this week' }).waitFor();
  await shot(m, 'rotas', size);
  await m.getByRole('button', { name: 'Generate a rota for this week' }).click();
  await m.getByText('Time left').waitFor({ timeout: 60_000 });
  await m.getByText(/^about \d+ s of 8 s$/).waitFor();
  await shot(m, 'rota-progress', size, { settle: false });
  await m.getByRole('heading', { name: 'The week' }).waitFor({ timeout: 60_000 });
  if (size === 'desktop') {
    // The week at a glance (a phone starts on one day).
    await m.locator('.unfilled--hard').first().getByText(/could not take it/).click();
  }
  await shot(m, 'rota-grid', size);
  const wednesday = m.locator('.rota-grid__open button.place--must').first();
  if (size === 'phone') await m.getByLabel('Show').selectOption('2026-12-23');
  await wednesday.click();
  const dialog = m.getByRole('dialog');
  const option = (await dialog.getByLabel('Worker', { exact: true }).locator('option').allTextContents()).find((t) => t.startsWith('Aleksandra'));
  await dialog.getByLabel('Worker', { exact: true }).selectOption({ label: option! });
  await dialog.getByText(/^Rule check:/).waitFor();
  await shot(m, 'rota-place', size, { fullPage: false });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await m.getByRole('link', { name: 'Print view' }).click();
  await m.getByRole('button', { name: 'Print' }).waitFor();
  await m.emulateMedia({ media: 'print' });
  await shot(m, 'rota-print', size);
  await m.emulateMedia({ media: 'screen' });
}

await main();
