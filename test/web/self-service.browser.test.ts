// Staff self-service on phones, in real headless Chromium at 375 px against the real server, database
// and a local SMTP server: a swap from offer to approval (Aisha offers one of her published shifts for
// a colleague's, sees the rule check in words before sending; the colleague, told by email, accepts;
// a manager approves; the shifts change hands on both workers' pages), an open session asked for and
// approved, and leave asked for and declined with a reason. axe, phone width and console on every page.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/services/tokens.ts';
import type { CaughtMail } from '../support/smtp.ts';
import { CHROMIUM_PATH, overflowX, PHONE, seriousViolations, startStack, watchConsole, type Stack } from './support/stack.ts';

if (!CHROMIUM_PATH) {
  if (process.env.ROTA_REQUIRE_BROWSER) throw new Error('browser tests need Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set ROTA_CHROMIUM)');
}

const SERVICE = 'org-nottingham-sanctuary';
// The stack's clock starts on Thu 10 Dec 2026: the week of 14 Dec is to come.
const WEEK = '2026-12-14';
const EMAIL: Record<string, string> = {
  's-aisha-begum': 'aisha.begum@sanctuary.example.org',
  's-tom-hargreaves': 'tom.hargreaves@sanctuary.example.org',
  's-grace-okafor': 'grace.okafor@sanctuary.example.org',
  's-liam-walsh': 'liam.walsh@sanctuary.example.org',
  's-priya-shah': 'priya.shah@sanctuary.example.org',
  's-dan-mcallister': 'dan.mcallister@sanctuary.example.org',
  's-zofia-nowak': 'zofia.nowak@sanctuary.example.org',
};
const NAME: Record<string, string> = {
  's-aisha-begum': 'Aisha Begum',
  's-tom-hargreaves': 'Tom Hargreaves',
  's-grace-okafor': 'Grace Okafor',
  's-liam-walsh': 'Liam Walsh',
  's-priya-shah': 'Priya Shah',
  's-dan-mcallister': 'Dan McAllister',
  's-zofia-nowak': 'Zofia Nowak',
};

interface Assignment {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  slotLabel: string;
}

async function mailTo(s: Stack, to: string, subject: RegExp, after = 0, timeoutMs = 15_000): Promise<CaughtMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = s.smtp.mails.slice(after).filter((m) => m.to.includes(to) && subject.test(m.subject)).at(-1);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no mail "${subject}" to ${to} (got ${s.smtp.mails.map((m) => `${m.to}: ${m.subject}`).join('; ')})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!CHROMIUM_PATH)('staff self-service on a phone, in Chromium', () => {
  let s: Stack;
  let rotaId = '';
  const manager = () => ({ authorization: `Bearer ${s.managerToken}` });
  const asWorker = (staffId: string) => ({ authorization: `Bearer ${createToken(s.db, { role: 'worker', staffId, serviceId: SERVICE }).token}` });
  const assignments = async (): Promise<Assignment[]> => (await s.app.inject({ method: 'GET', url: `/rotas/${rotaId}`, headers: manager() })).json().assignments;

  beforeAll(async () => {
    s = await startStack();
    const made = await s.app.inject({ method: 'POST', url: '/rotas', headers: manager(), payload: { serviceId: SERVICE, weekStart: WEEK, seed: 1 } });
    expect(made.statusCode, made.body).toBe(202);
    await s.app.ctx.rotas.idle();
    rotaId = made.json().id;
    const published = await s.app.inject({ method: 'POST', url: `/rotas/${rotaId}/publish`, headers: manager(), payload: {} });
    expect(published.statusCode, published.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page; problems: string[]; check: (what: string) => Promise<void> }> {
    const context = await s.context(PHONE);
    const page = await context.newPage();
    const problems = watchConsole(page);
    const check = async (what: string) => {
      expect(await seriousViolations(page), `${what}: axe`).toEqual([]);
      expect(await overflowX(page), `${what}: wider than the screen`).toBeLessThanOrEqual(0);
      expect(problems, `${what}: console`).toEqual([]);
    };
    return { context, page, problems, check };
  }

  async function signIn(page: Page, staffId: string): Promise<void> {
    const before = s.smtp.mails.length;
    await page.context().request.post('/auth/links', { data: { email: EMAIL[staffId] } });
    const mail = await mailTo(s, EMAIL[staffId], /^Your sign-in link for rota$/, before);
    await page.goto(/http:\/\/127\.0\.0\.1:\d+\/sign-in\/link#[A-Za-z0-9_-]+/.exec(mail.text)![0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My sessions', level: 1 }).waitFor();
    // Loaded (a navigation while it loads would cut its request short).
    await page.getByRole('heading', { name: 'Coming up' }).waitFor();
  }

  it('a swap on a phone, from offer to approval: checked in words before sending, accepted by the colleague, approved by a manager', async () => {
    // A swap the rules allow: one of Aisha's shifts for a colleague's (found as Aisha would, through the API she uses).
    const aisha = asWorker('s-aisha-begum');
    const before = await assignments();
    const hers = before.filter((a) => a.staffId === 's-aisha-begum');
    let chosen: { mine: Assignment; colleague: string; theirs: { assignmentId: number; label: string } } | undefined;
    let broken: { mine: Assignment; colleague: string; theirs: { assignmentId: number; label: string } } | undefined;
    for (const mine of hers) {
      const colleagues = (await s.app.inject({ method: 'GET', url: `/me/colleagues?assignmentId=${mine.id}`, headers: aisha })).json() as { staffId: string; places: { assignmentId: number; label: string }[] }[];
      for (const c of colleagues) {
        for (const theirs of c.places) {
          const preview = (await s.app.inject({ method: 'POST', url: '/me/swaps/preview', headers: aisha, payload: { assignmentId: mine.id, toStaffId: c.staffId, forAssignmentId: theirs.assignmentId } })).json();
          if (preview.ok && !chosen) chosen = { mine, colleague: c.staffId, theirs };
          if (!preview.ok && !broken) broken = { mine, colleague: c.staffId, theirs };
        }
      }
      if (chosen && broken) break;
    }
    expect(chosen, 'a legal swap for Aisha').toBeDefined();
    const { mine, colleague, theirs } = chosen!;

    // Aisha, on her phone: from the shift in My sessions to the swap page.
    const a = await phone();
    await signIn(a.page, 's-aisha-begum');
    const date = (await s.app.inject({ method: 'GET', url: '/me/assignments', headers: aisha })).json().find((p: { id: number }) => p.id === mine.id).date as string;
    await a.page.locator(`a[href="/my/swaps/new?place=${mine.id}"]`).click();
    await a.page.getByRole('heading', { name: 'Swap or give away a shift', level: 1 }).waitFor();
    await a.page.getByText(`Your shift: ${mine.slotLabel}`).waitFor();
    expect(date).toBe(mine.slotId.split('@')[1]);
    await a.check('swap page (phone)');
    await a.page.getByLabel('A colleague, and I take one of their shifts').check();
    if (broken && broken.mine.id === mine.id) {
      // A swap that would break a rule is shown in words and cannot be sent.
      await a.page.getByLabel('Colleague', { exact: true }).selectOption(broken.colleague);
      await a.page.getByLabel('Their shift you take in return').selectOption(String(broken.theirs.assignmentId));
      await a.page.getByText('This would break a rule, so it cannot be sent:').waitFor();
      await expect(a.page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    }
    await a.page.getByLabel('Colleague', { exact: true }).selectOption(colleague);
    await a.page.getByLabel('Their shift you take in return').selectOption(String(theirs.assignmentId));
    await a.page.getByText(`No rule is broken for you or ${NAME[colleague]}. Once accepted, a manager approves it.`).waitFor();
    await a.page.getByLabel('A note for them (optional)').fill('my sister is visiting');
    await a.check('swap checked (phone)');
    const sentAt = s.smtp.mails.length;
    await a.page.getByRole('button', { name: 'Send' }).click();
    await a.page.waitForURL('**/my/swaps?sent=sent');
    await a.page.getByText('Sent. You are told when they answer.').waitFor();
    const offered = a.page.getByRole('region', { name: 'Offered by you' });
    await offered.getByText(`Waiting for ${NAME[colleague]} to answer.`).waitFor();
    await a.check('swaps, offered (phone)');

    // The colleague is told by email, signs in on their phone and accepts.
    const told = await mailTo(s, EMAIL[colleague], /^Aisha Begum asks to swap shifts with you$/, sentAt);
    expect(told.text).toContain('my sister is visiting');
    // The email links to the Swaps page, where it is answered.
    const link = new RegExp(`${s.base.replace(/[.]/g, '\\.')}/my/swaps$`, 'm').exec(told.text)?.[0];
    expect(link, told.text).toBeDefined();
    const c = await phone();
    await signIn(c.page, colleague);
    await c.page.goto(link!);
    const card = c.page.getByRole('article', { name: 'Aisha Begum asks to swap shifts with you' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`You take${mine.slotLabel}You give${theirs.label}Notemy sister is visiting`);
    await c.check('swaps, asked (phone)');
    await card.getByRole('button', { name: 'Accept the swap' }).click();
    await card.getByText('Accepted. A manager approves it next; you are told when they have.').waitFor();
    await c.check('swaps, accepted (phone)');

    // A manager approves it on their phone.
    const m = await phone();
    await m.context.request.post('/auth/token', { data: { token: s.managerToken } });
    await m.page.goto('/manage');
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    const what = `Aisha Begum and ${NAME[colleague]} swap shifts`;
    const waiting = m.page.getByRole('article', { name: what });
    await waiting.waitFor();
    await m.check('staff requests (manager, phone)');
    await waiting.getByRole('button', { name: `Approve ${what}` }).click();
    await m.page.getByText(`Approved: ${what}.`).waitFor();
    await m.page.getByText('No swap is waiting.').waitFor();
    await m.check('staff requests after approving (manager, phone)');

    // The shifts changed hands: on the rota, and on each worker's page.
    const after = await assignments();
    expect(after.find((x) => x.id === mine.id)!.staffId).toBe(colleague);
    expect(after.find((x) => x.id === theirs.assignmentId)!.staffId).toBe('s-aisha-begum');
    await a.page.goto('/my');
    const upcoming = a.page.getByRole('region', { name: 'Coming up' });
    await upcoming.getByRole('listitem').first().waitFor();
    expect(await a.page.locator(`a[href="/my/swaps/new?place=${theirs.assignmentId}"]`).count()).toBe(1);
    expect(await a.page.locator(`a[href="/my/swaps/new?place=${mine.id}"]`).count()).toBe(0);
    await a.page.goto('/my/swaps');
    await a.page.getByRole('region', { name: 'Closed' }).getByText('Approved by a manager.').waitFor();
    await a.check('swaps, approved (phone)');
    for (const x of [a, c, m]) await x.context.close();
  });

  it('an open session asked for on a phone and approved by a manager; leave asked for and declined with a reason', async () => {
    // A place opens on the published rota: a crisis worker taken off Sunday's drop-in.
    const sunday = (await assignments()).find((x) => x.slotId === 'tpl-drop-in@2026-12-20' && x.roleId === 'crisis-worker')!;
    const removed = await s.app.inject({ method: 'DELETE', url: `/rotas/${rotaId}/assignments/${sunday.id}`, headers: manager(), payload: { reason: 'off sick', override: true } });
    expect(removed.statusCode, removed.body).toBe(200);
    // Someone the board offers it to (every hard rule met for them).
    let taker: string | undefined;
    for (const staffId of Object.keys(EMAIL)) {
      if (staffId === sunday.staffId) continue;
      const board = (await s.app.inject({ method: 'GET', url: '/me/open-sessions', headers: asWorker(staffId) })).json() as { slotId: string }[];
      if (board.some((p) => p.slotId === sunday.slotId)) {
        taker = staffId;
        break;
      }
    }
    expect(taker, 'someone may take the open place').toBeDefined();

    const w = await phone();
    await signIn(w.page, taker!);
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Open sessions' }).click();
    const card = w.page.getByRole('article', { name: sunday.slotLabel });
    await card.waitFor();
    await w.check('open sessions (phone)');
    await card.getByRole('button', { name: 'Ask for this session' }).click();
    await card.getByText('Asked for. A manager answers; you are told either way.').waitFor();
    await card.getByText('Asked for; waiting for a manager').waitFor();

    // Leave, from the same phone: annual leave over New Year.
    await w.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leave' }).click();
    await w.page.getByRole('heading', { name: 'Leave and availability', level: 1 }).waitFor();
    await w.check('leave and availability (phone)');
    await w.page.getByLabel('Kind of leave').selectOption('annual');
    await w.page.getByLabel('First day').fill('2026-12-31');
    await w.page.getByLabel('Last day').fill('2027-01-02');
    await w.page.getByLabel('A note for your manager (optional)').fill('family visit');
    await w.page.getByRole('button', { name: 'Send request' }).click();
    await w.page.getByText('Sent. A manager answers; you are told either way.').waitFor();
    const mine = w.page.getByRole('region', { name: 'Your requests' });
    await mine.locator('strong', { hasText: 'Annual leave, Thu 31 Dec 2026 to Sat 2 Jan 2027' }).waitFor();
    await mine.getByText('Waiting for a manager.').waitFor();
    await w.check('leave requested (phone)');

    // The manager: gives the place to the request, declines the leave with a reason.
    const m = await phone();
    await m.context.request.post('/auth/token', { data: { token: s.managerToken } });
    await m.page.goto(`/manage/requests?service=${SERVICE}`);
    const ask = m.page.getByRole('article', { name: `${NAME[taker!]} for ${sunday.slotLabel}` });
    await ask.getByRole('button', { name: /^Approve/ }).click();
    await m.page.getByText(`Approved: ${NAME[taker!]} for ${sunday.slotLabel}.`).waitFor();
    const leave = m.page.getByRole('article', { name: `${NAME[taker!]}: Annual leave, Thu 31 Dec 2026 to Sat 2 Jan 2027` });
    await leave.getByRole('button', { name: /^Decline/ }).click();
    await leave.getByText('Say why, so they know: a reason is needed to decline.').waitFor();
    await leave.getByLabel('Reason (needed to decline)').fill('three of the team are already off');
    await leave.getByRole('button', { name: /^Decline/ }).click();
    await m.page.getByText('Declined:').waitFor();
    await m.check('staff requests, answered (manager, phone)');
    expect((await assignments()).some((x) => x.slotId === sunday.slotId && x.staffId === taker)).toBe(true);

    // The worker sees both answers.
    await w.page.reload();
    await w.page.getByText('Declined. Three of the team are already off.').waitFor();
    await w.page.goto('/my');
    await w.page.getByRole('region', { name: 'Coming up' }).getByText('Sun 20 Dec 2026, 17:30 to 00:30 the next day').waitFor();
    await w.check('my sessions after the open session (phone)');
    for (const x of [w, m]) await x.context.close();
  });
});
