// Screenshots of every page of the web app, desktop and phone, for the README: `npm run docs:screenshots`
// (or `-- <name> ...` for some pages only).
// Runs the real stack (test/web/support/stack.ts) with the example services, publishes the
// sanctuary's week of 23 Nov 2026, and saves docs/screenshots/<page>-<desktop|phone>.png.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { createToken } from '../../src/services/tokens.ts';
import { DESKTOP, PHONE, startStack, type Stack } from './support/stack.ts';
import { isSignInLink } from '../support/smtp.ts';

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
  const mail = await s.smtp.waitFor(WORKER_EMAIL, 15_000, before, isSignInLink);
  const link = /http:\/\/127\.0\.0\.1:\d+\/sign-in\/link#[A-Za-z0-9_-]+/.exec(mail.text)![0];
  return link;
}

/** Signs a worker in by their emailed link, in this browser context. */
async function signInStaff(s: Stack, context: BrowserContext, email: string): Promise<Page> {
  const before = s.smtp.mails.length;
  await context.request.post('/auth/links', { data: { email } });
  const mail = await s.smtp.waitFor(email, 15_000, before, isSignInLink);
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

interface SelfServiceScene {
  /** Aisha's shift the swap page shows checked, and the colleague and their shift. */
  preview: { place: number; colleague: string; theirs: number };
  /** The colleague asked (by a swap made through the API) and a worker the open board suits. */
  asked: string;
  opener: string;
}

const SANCTUARY_EMAILS: Record<string, string> = {
  's-aisha-begum': 'aisha.begum@sanctuary.example.org',
  's-tom-hargreaves': 'tom.hargreaves@sanctuary.example.org',
  's-grace-okafor': 'grace.okafor@sanctuary.example.org',
  's-liam-walsh': 'liam.walsh@sanctuary.example.org',
  's-priya-shah': 'priya.shah@sanctuary.example.org',
  's-dan-mcallister': 'dan.mcallister@sanctuary.example.org',
  's-zofia-nowak': 'zofia.nowak@sanctuary.example.org',
};

/**
 * Self-service in play on the sanctuary's published week of 14 Dec (rota `rotaId`): a swap Aisha
 * offered a colleague, a leave request of hers, an open place (a worker taken off Sunday) that
 * someone asked for, and a colleague's approved training over one of their shifts; and a second
 * legal swap of Aisha's for the swap page to check.
 */
async function selfServiceScene(s: Stack, auth: { authorization: string }, rotaId: string): Promise<SelfServiceScene> {
  const as = (staffId: string) => ({ authorization: `Bearer ${createToken(s.db, { role: 'worker', staffId, serviceId: SERVICE }).token}` });
  const aisha = as('s-aisha-begum');
  const rota = (await s.app.inject({ method: 'GET', url: `/rotas/${rotaId}`, headers: auth })).json() as { assignments: { id: number; slotId: string; roleId: string; staffId: string }[] };
  const legal: { place: number; colleague: string; theirs: number }[] = [];
  for (const mine of rota.assignments.filter((a) => a.staffId === 's-aisha-begum')) {
    const colleagues = (await s.app.inject({ method: 'GET', url: `/me/colleagues?assignmentId=${mine.id}`, headers: aisha })).json() as { staffId: string; places: { assignmentId: number }[] }[];
    for (const c of colleagues) {
      for (const t of c.places) {
        const input = { assignmentId: mine.id, toStaffId: c.staffId, forAssignmentId: t.assignmentId };
        if ((await s.app.inject({ method: 'POST', url: '/me/swaps/preview', headers: aisha, payload: input })).json().ok) legal.push({ place: mine.id, colleague: c.staffId, theirs: t.assignmentId });
      }
    }
  }
  const sent = legal[0];
  const preview = legal.find((l) => l.place !== sent.place && l.theirs !== sent.theirs)!;
  await s.app.inject({ method: 'POST', url: '/me/swaps', headers: aisha, payload: { assignmentId: sent.place, toStaffId: sent.colleague, forAssignmentId: sent.theirs, note: 'my sister is visiting' } });
  await s.app.inject({ method: 'POST', url: '/me/requests', headers: aisha, payload: { kind: 'leave', leaveKind: 'annual', from: '2026-12-31', to: '2027-01-02', note: 'family visit' } });
  const sunday = rota.assignments.find((a) => a.slotId === 'tpl-drop-in@2026-12-20' && a.roleId === 'crisis-worker' && a.staffId !== 's-aisha-begum')!;
  await s.app.inject({ method: 'DELETE', url: `/rotas/${rotaId}/assignments/${sunday.id}`, headers: auth, payload: { reason: 'off sick', override: true } });
  let opener = '';
  for (const staffId of Object.keys(SANCTUARY_EMAILS)) {
    if (staffId === sunday.staffId || staffId === 's-aisha-begum') continue;
    const board = (await s.app.inject({ method: 'GET', url: '/me/open-sessions', headers: as(staffId) })).json() as { rotaId: string; slotId: string; roleId: string }[];
    const open = board.find((p) => p.slotId === sunday.slotId);
    if (!open) continue;
    opener = staffId;
    await s.app.inject({ method: 'POST', url: '/me/open-requests', headers: as(staffId), payload: { rotaId: open.rotaId, slotId: open.slotId, roleId: open.roleId } });
    break;
  }
  // Approved leave over a published shift of someone else in the week: listed with its cover.
  const busy = new Set(['s-aisha-begum', sent.colleague, preview.colleague, sunday.staffId, opener]);
  const away = rota.assignments.find((a) => !busy.has(a.staffId) && a.staffId in SANCTUARY_EMAILS && a.slotId !== sunday.slotId);
  if (away) {
    const date = away.slotId.split('@')[1];
    const leave = (await s.app.inject({ method: 'POST', url: '/me/requests', headers: as(away.staffId), payload: { kind: 'leave', leaveKind: 'training', from: date, to: date } })).json() as { id: string };
    await s.app.inject({ method: 'POST', url: `/services/${SERVICE}/requests/${leave.id}/approve`, headers: auth, payload: { reason: 'the course is worth it' } });
  }
  // The fairness ledger with a manager's adjustment in its history.
  await s.app.inject({ method: 'POST', url: `/services/${SERVICE}/fairness/adjustments`, headers: auth, payload: { staffId: 's-zofia-nowak', category: 'weekends', delta: 2, reason: 'weekends at her last service' } });
  return { preview, asked: sent.colleague, opener };
}

/** The self-service pages: offering a shift (checked), swaps asked, open sessions, leave, and the managers' requests. */
async function selfServiceShots(s: Stack, scene: SelfServiceScene, viewport: { width: number; height: number }, size: 'desktop' | 'phone'): Promise<void> {
  const aisha = await s.context(viewport);
  const page = await signInStaff(s, aisha, SANCTUARY_EMAILS['s-aisha-begum']);
  await page.goto(`/my/swaps/new?place=${scene.preview.place}`);
  await page.getByLabel('A colleague, and I take one of their shifts').check();
  await page.getByLabel('Colleague', { exact: true }).selectOption(scene.preview.colleague);
  await page.getByLabel('Their shift you take in return').selectOption(String(scene.preview.theirs));
  await page.getByText(/^No rule is broken/).waitFor();
  await shot(page, 'worker-swap-new', size);
  await page.goto('/my/fairness');
  await page.getByRole('row', { name: /^Weekends/ }).waitFor();
  await shot(page, 'worker-fairness', size);
  await page.goto('/my/requests');
  await page.getByRole('heading', { name: 'Your requests' }).waitFor();
  await page.locator('.card-list').waitFor();
  await shot(page, 'worker-requests', size);
  await aisha.close();
  const colleague = await s.context(viewport);
  const c = await signInStaff(s, colleague, SANCTUARY_EMAILS[scene.asked]);
  await c.goto('/my/swaps');
  await c.getByRole('button', { name: 'Accept the swap' }).waitFor();
  await shot(c, 'worker-swaps', size);
  await colleague.close();
  const opener = await s.context(viewport);
  const o = await signInStaff(s, opener, SANCTUARY_EMAILS[scene.opener]);
  await o.goto('/my/open');
  await o.getByRole('heading', { name: 'Open now' }).waitFor();
  await o.getByRole('article').first().waitFor();
  await shot(o, 'worker-open', size);
  await opener.close();
  const manager = await s.context(viewport);
  await signInWithToken(manager, s.managerToken);
  const m = await manager.newPage();
  await m.goto(`/manage/requests?service=${SERVICE}`);
  await m.getByRole('heading', { name: 'Leave and availability' }).waitFor();
  await m.getByRole('article').first().waitFor();
  await m.getByRole('heading', { name: 'Published shifts that clash with approved leave' }).waitFor();
  await shot(m, 'manager-requests', size);
  await m.goto(`/manage/fairness?service=${SERVICE}`);
  await m.getByRole('heading', { name: 'History' }).waitFor();
  await shot(m, 'manager-fairness', size);
  await m.goto(`/manage/self-service-settings?service=${SERVICE}`);
  await m.getByRole('button', { name: 'Save settings' }).waitFor();
  await shot(m, 'manager-settings', size);
  await manager.close();
}

/** `npm run docs:screenshots -- worker-fairness manager-fairness`: only the pages named (all when none). */
const ONLY = process.argv.slice(2);

async function shot(page: Page, name: string, size: 'desktop' | 'phone', options: { settle?: boolean; fullPage?: boolean } = {}): Promise<void> {
  if (ONLY.length > 0 && !ONLY.includes(name)) return;
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
    const scene = await selfServiceScene(s, auth, next.json().id);
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
      await selfServiceShots(s, scene, viewport, size);

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
