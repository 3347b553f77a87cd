// Screenshots of every page of the web app, desktop and phone, for the README: `npm run docs:screenshots`.
// Runs the real stack (test/web/support/stack.ts) with the example services, publishes the
// sanctuary's week of 23 Nov 2026, and saves docs/screenshots/<page>-<desktop|phone>.png.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, startStack, type Stack } from './support/stack.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const SERVICE = 'org-nottingham-sanctuary';
const WORKER_EMAIL = 'aisha.begum@sanctuary.example.org';

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

async function shot(page: Page, name: string, size: 'desktop' | 'phone'): Promise<void> {
  // Settle: no spinners, fonts drawn.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${OUT}${name}-${size}.png`, fullPage: true });
  process.stdout.write(`docs/screenshots/${name}-${size}.png\n`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const s = await startStack();
  try {
    const auth = { authorization: `Bearer ${s.managerToken}` };
    const made = await s.app.inject({ method: 'POST', url: '/rotas', headers: auth, payload: { serviceId: SERVICE, weekStart: '2026-11-23', seed: 1 } });
    await s.app.ctx.rotas.idle();
    await s.app.inject({ method: 'POST', url: `/rotas/${made.json().id}/publish`, headers: auth, payload: {} });
    await s.app.inject({
      method: 'PUT',
      url: '/payroll/settings',
      headers: auth,
      payload: { serviceId: SERVICE, frequency: 'monthly', anchorDate: '2026-11-01', firstPeriodStart: '2026-11-01', nightStartMinute: 1380, nightEndMinute: 360, holidayMode: 'accrual' },
    });

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
      await page.locator('.card-list').waitFor();
      await shot(page, 'worker-sessions', size);
      await visitor.close();

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
      await manager.close();
    }
  } finally {
    await s.close();
  }
}

await main();
