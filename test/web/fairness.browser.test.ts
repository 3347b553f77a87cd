// The fairness ledger and the self-service settings in real headless Chromium against the real server:
// a worker's own counts beside the service's average on a phone; the managers' league table on a
// desktop, sorted by a column, a count set with a reason (refused, with the message, without one or
// below zero) and seen in the table and the history; the settings page turning automatic approval
// on, after which a swap that breaks no rule is approved at once while before it waited for a manager;
// and approved leave that clashes with a published shift, shown to the manager with its cover, still
// listed when they come back later, marked on the rota, and gone once the shift is given to another.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/services/tokens.ts';
import { CHROMIUM_PATH, DESKTOP, overflowX, PHONE, seriousViolations, startStack, watchConsole, type Stack } from './support/stack.ts';
import { isSignInLink } from '../support/smtp.ts';

if (!CHROMIUM_PATH) {
  if (process.env.ROTA_REQUIRE_BROWSER) throw new Error('browser tests need Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  console.warn('browser tests skipped: no Chromium found (apt-get install -y chromium, or set ROTA_CHROMIUM)');
}

const SERVICE = 'org-nottingham-sanctuary';
/** A week that has happened by the stack's clock (10 Dec 2026): its weekend places count. */
const PAST_WEEK = '2026-11-23';
/** A week to come: its shifts can be swapped. */
const NEXT_WEEK = '2026-12-14';
const AISHA = { staffId: 's-aisha-begum', email: 'aisha.begum@sanctuary.example.org', name: 'Aisha Begum' };

interface Assignment {
  id: number;
  slotId: string;
  roleId: string;
  staffId: string;
  slotLabel: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
const dateOf = (slotId: string) => slotId.split('@')[1];

describe.skipIf(!CHROMIUM_PATH)('fairness and self-service settings, in Chromium', () => {
  let s: Stack;
  let pastRota = '';
  let nextRota = '';
  let staff: { id: string; name: string }[] = [];
  const manager = () => ({ authorization: `Bearer ${s.managerToken}` });
  const asWorker = (staffId: string) => ({ authorization: `Bearer ${createToken(s.db, { role: 'worker', staffId, serviceId: SERVICE }).token}` });
  const assignments = async (rotaId: string): Promise<Assignment[]> => (await s.app.inject({ method: 'GET', url: `/rotas/${rotaId}`, headers: manager() })).json().assignments;

  async function publishedRota(week: string): Promise<string> {
    const made = await s.app.inject({ method: 'POST', url: '/rotas', headers: manager(), payload: { serviceId: SERVICE, weekStart: week, seed: 1 } });
    expect(made.statusCode, made.body).toBe(202);
    await s.app.ctx.rotas.idle();
    const published = await s.app.inject({ method: 'POST', url: `/rotas/${made.json().id}/publish`, headers: manager(), payload: { override: true, reason: 'browser test' } });
    expect(published.statusCode, published.body).toBe(200);
    return made.json().id;
  }

  beforeAll(async () => {
    s = await startStack();
    pastRota = await publishedRota(PAST_WEEK);
    nextRota = await publishedRota(NEXT_WEEK);
    staff = (await s.app.inject({ method: 'GET', url: `/services/${SERVICE}/staff`, headers: manager() })).json();
    expect(staff.length).toBeGreaterThanOrEqual(5);
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  type Opened = { context: BrowserContext; page: Page; check: (what: string) => Promise<void>; refused: () => void };
  async function open(viewport: { width: number; height: number }): Promise<Opened> {
    const context = await s.context(viewport);
    const page = await context.newPage();
    const problems = watchConsole(page);
    const check = async (what: string) => {
      expect(await seriousViolations(page), `${what}: axe`).toEqual([]);
      expect(await overflowX(page), `${what}: wider than the screen`).toBeLessThanOrEqual(0);
      expect(problems, `${what}: console`).toEqual([]);
    };
    // A refusal the test asks for is a 400 in the console: taken off the list, exactly one each.
    const refused = () => {
      const k = problems.findIndex((p) => p.includes('status of 400'));
      expect(k, 'the refusal reached the console').toBeGreaterThanOrEqual(0);
      problems.splice(k, 1);
    };
    return { context, page, check, refused };
  }

  async function asManager(viewport = DESKTOP) {
    const m = await open(viewport);
    await m.context.request.post('/auth/token', { data: { token: s.managerToken } });
    return m;
  }

  /** Weekend places each staff member holds on the published past week, counted here from the rota itself. */
  async function weekendsWorked(): Promise<Map<string, number>> {
    const counts = new Map(staff.map((x) => [x.id, 0]));
    for (const a of await assignments(pastRota)) if (isWeekend(dateOf(a.slotId))) counts.set(a.staffId, (counts.get(a.staffId) ?? 0) + 1);
    return counts;
  }

  it("a worker sees their own counts beside the service's average on a phone, and no colleague's", async () => {
    const weekends = await weekendsWorked();
    const hers = weekends.get(AISHA.staffId)!;
    const average = Math.round(([...weekends.values()].reduce((n, v) => n + v, 0) / staff.length) * 10) / 10;
    expect([...weekends.values()].some((v) => v > 0)).toBe(true);

    const w = await open(PHONE);
    const before = s.smtp.mails.length;
    await w.context.request.post('/auth/links', { data: { email: AISHA.email } });
    const mail = await s.smtp.waitFor(AISHA.email, 15_000, before, isSignInLink);
    await w.page.goto(/http:\/\/127\.0\.0\.1:\d+\/sign-in\/link#[A-Za-z0-9_-]+/.exec(mail.text)![0]);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByRole('heading', { name: 'Coming up' }).waitFor();
    await w.page.getByRole('link', { name: 'My fair share' }).click();
    await w.page.getByRole('heading', { name: 'My fair share', level: 1 }).waitFor();
    const row = w.page.getByRole('row', { name: /^Weekends/ });
    await row.waitFor();
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual([String(hers), expect.stringMatching(new RegExp(`^${average}\\b`))]);
    await w.page.getByText('From Wed 10 Dec 2025 to Thu 10 Dec 2026.').waitFor();
    await w.page.getByText(`The average is over the ${staff.length} staff of your service.`, { exact: false }).waitFor();
    const text = (await w.page.locator('main').textContent()) ?? '';
    for (const x of staff) if (x.id !== AISHA.staffId) expect(text).not.toContain(x.name.split(' ')[0]);
    await w.check('my fair share (phone)');
    await w.context.close();
  });

  it('a manager sorts the league table, sets a count with a reason (refused without one, or below 0) and sees it in the table and the history', async () => {
    const weekends = await weekendsWorked();
    const most = Math.max(...weekends.values());
    const least = Math.min(...weekends.values());

    const m = await asManager();
    await m.page.goto('/manage');
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fairness' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    const table = m.page.getByRole('table', { name: 'League table' });
    await table.waitFor();
    await m.page.getByText('From Wed 10 Dec 2025 to Thu 10 Dec 2026.', { exact: false }).waitFor();
    // The page opens on the first service: wait until the table is the chosen service's (its staff, all
    // of them), not the one it showed before the choice.
    await expect.poll(async () => (await table.locator('tbody tr th').allTextContents()).map((t) => t.replace(/ \((bank|contracted)\)$/, '')).sort()).toEqual(staff.map((x) => x.name).sort());
    await m.check('fairness league table (manager)');
    const weekendCells = async () => (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).cells[1].textContent ?? ''))).map((t) => Number.parseInt(t, 10));
    const firstName = async () => ((await table.locator('tbody tr th').first().textContent()) ?? '').replace(/ \((bank|contracted)\)$/, '');
    // Sorted by weekends, most first; again, fewest first.
    await table.getByRole('button', { name: 'Weekends', exact: true }).click();
    await expect(table.getByRole('columnheader', { name: 'Weekends', exact: true }).getAttribute('aria-sort')).resolves.toBe('descending');
    let cells = await weekendCells();
    expect(cells).toEqual([...cells].sort((a, b) => b - a));
    expect(cells[0]).toBe(most);
    const top = await firstName();
    expect(weekends.get(staff.find((x) => x.name === top)!.id)).toBe(most);
    await table.getByRole('button', { name: 'Weekends', exact: true }).click();
    await expect.poll(() => table.getByRole('columnheader', { name: 'Weekends', exact: true }).getAttribute('aria-sort')).toBe('ascending');
    cells = await weekendCells();
    expect(cells).toEqual([...cells].sort((a, b) => a - b));
    expect(cells[0]).toBe(least);
    // The totals row adds the weekends up.
    const total = [...weekends.values()].reduce((n, v) => n + v, 0);
    await expect(table.locator('tfoot tr td').first().textContent()).resolves.toBe(String(total));

    // Set Tom's weekends to 9: without a reason it is refused, naming the field, and nothing changes.
    const tom = staff.find((x) => x.id === 's-tom-hargreaves')!;
    const form = m.page.getByRole('form', { name: 'Adjust a count' });
    await form.getByLabel('Worker').selectOption(tom.id);
    await form.getByLabel('What').selectOption('weekends');
    await form.getByLabel('Set the count to').check();
    await form.getByLabel('New count').fill('9');
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    await form.getByText('Not saved. Reason: required: say why.').waitFor();
    m.refused();
    const tomRow = table.getByRole('row', { name: new RegExp(`^${tom.name}`) });
    await expect(tomRow.getByRole('cell').first().textContent()).resolves.toBe(String(weekends.get(tom.id)));
    // Below zero: refused, naming the count.
    await form.getByLabel('New count').fill('-1');
    await form.getByLabel('Reason (required, kept in the history)').fill('weekends at his last service');
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    await form.getByText('Not saved. Count: must be >= 0.').waitFor();
    m.refused();
    await m.check('fairness, a refusal (manager)');
    // With a reason and a count: saved, in the table and in the history with who and why.
    await form.getByLabel('New count').fill('9');
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    await m.page.getByText(`Saved: ${tom.name}'s weekends now count 9.`).waitFor();
    await table.getByRole('row', { name: new RegExp(`^${tom.name} \\(contracted\\) 9 \\(\\+${9 - weekends.get(tom.id)!} adjusted\\)`) }).waitFor();
    const history = m.page.getByRole('region', { name: 'History' });
    const entry = history.getByRole('listitem').first();
    await expect(entry.textContent()).resolves.toMatch(new RegExp(`^Set ${tom.name}'s weekends to 9Why: weekends at his last service.*by .*\\(manager, token \\d+\\)$`));
    await m.check('fairness after adjusting (manager)');

    // Reset everyone's weekends, with a reason: every weekend count is 0, and the history says so.
    const reset = m.page.getByRole('form', { name: 'Reset counts' });
    await reset.getByLabel('Whose counts').selectOption('*');
    for (const c of ['Nights', 'Bank holidays', 'Late shifts', 'Christmas and New Year']) await reset.getByLabel(c).uncheck();
    await reset.getByRole('button', { name: 'Reset' }).click();
    await reset.getByText('Not reset. Reason: required: say why.').waitFor();
    m.refused();
    await reset.getByLabel('Reason for the reset (required, kept in the history)').fill('new rota pattern');
    await reset.getByRole('button', { name: 'Reset' }).click();
    await m.page.getByText("Reset: Everyone's counts start again from 0 now.").waitFor();
    await history.getByText("Reset everyone's weekends to 0").waitFor();
    // The table is read again after the reset answers: wait for it rather than catch it mid-way.
    await expect.poll(async () => [...new Set(await weekendCells())]).toEqual([0]);
    await m.context.close();
  });

  it("a manager who switches service before the first service's table has come never sees that table under the new name", async () => {
    const services = (await s.app.inject({ method: 'GET', url: '/services', headers: manager() })).json() as { id: string }[];
    const first = services[0].id;
    expect(first).not.toBe(SERVICE);
    const m = await asManager();
    // The first service's figures come slowly: they arrive after the chosen service's.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let firstAnswered = false;
    await m.page.route(`**/services/${first}/fairness`, async (route) => {
      await firstHeld;
      await route.continue();
      firstAnswered = true;
    });
    await m.page.goto('/manage');
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fairness' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    const table = m.page.getByRole('table', { name: 'League table' });
    const names = async () => (await table.locator('tbody tr th').allTextContents()).map((t) => t.replace(/ \((bank|contracted)\)$/, '')).sort();
    const ours = staff.map((x) => x.name).sort();
    await expect.poll(names).toEqual(ours);
    releaseFirst();
    await expect.poll(() => firstAnswered).toBe(true);
    // Give the late answer every chance to land, then the table is still the chosen service's.
    await m.page.waitForTimeout(300);
    expect(await names()).toEqual(ours);
    await m.context.close();
  });

  /** A swap of one of Aisha's shifts for a colleague's that breaks no rule, found as she would. */
  async function legalSwap(): Promise<{ assignmentId: number; toStaffId: string; forAssignmentId: number }> {
    const aisha = asWorker(AISHA.staffId);
    for (const mine of (await assignments(nextRota)).filter((a) => a.staffId === AISHA.staffId)) {
      const colleagues = (await s.app.inject({ method: 'GET', url: `/me/colleagues?assignmentId=${mine.id}`, headers: aisha })).json() as { staffId: string; places: { assignmentId: number }[] }[];
      for (const c of colleagues) {
        for (const theirs of c.places) {
          const input = { assignmentId: mine.id, toStaffId: c.staffId, forAssignmentId: theirs.assignmentId };
          const preview = (await s.app.inject({ method: 'POST', url: '/me/swaps/preview', headers: aisha, payload: input })).json();
          if (preview.ok && preview.softDelta <= 0) return input;
        }
      }
    }
    throw new Error('no legal swap for Aisha that makes the rota no worse');
  }

  async function offerAndAccept(input: { assignmentId: number; toStaffId: string; forAssignmentId: number }): Promise<{ id: string; status: string; autoApproved: boolean }> {
    const offered = await s.app.inject({ method: 'POST', url: '/me/swaps', headers: asWorker(AISHA.staffId), payload: input });
    expect(offered.statusCode, offered.body).toBe(201);
    const accepted = await s.app.inject({ method: 'POST', url: `/me/swaps/${offered.json().id}/accept`, headers: asWorker(input.toStaffId) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    return accepted.json();
  }

  it('the settings page turns automatic approval on: a swap that breaks no rule is then approved at once, where before it waited', async () => {
    const input = await legalSwap();
    // Off (the default): accepted, it waits for a manager.
    const waiting = await offerAndAccept(input);
    expect(waiting).toMatchObject({ status: 'accepted', autoApproved: false });
    const rejected = await s.app.inject({ method: 'POST', url: `/services/${SERVICE}/swaps/${waiting.id}/reject`, headers: manager(), payload: { reason: 'trying the settings' } });
    expect(rejected.statusCode, rejected.body).toBe(200);

    const m = await asManager();
    await m.page.goto('/manage');
    await m.page.getByRole('link', { name: 'Self-service settings' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    const swapsAuto = m.page.getByRole('checkbox', { name: /^Approve a swap or give-away as soon as the colleague accepts/ });
    await swapsAuto.waitFor();
    await expect(swapsAuto.isChecked()).resolves.toBe(false);
    await m.check('self-service settings (manager)');
    await swapsAuto.check();
    // A rise below zero is refused, naming the field.
    await m.page.getByLabel('Largest rise in soft cost allowed (score points)').fill('-5');
    await m.page.getByRole('button', { name: 'Save settings' }).click();
    await m.page.getByText('Not saved. Largest rise in soft cost allowed: must be >= 0.').waitFor();
    m.refused();
    expect((await s.app.inject({ method: 'GET', url: `/services/${SERVICE}/self-service-settings`, headers: manager() })).json().swapAutoApprove).toBe(false);
    await m.page.getByLabel('Largest rise in soft cost allowed (score points)').fill('0');
    await m.page.getByRole('button', { name: 'Save settings' }).click();
    await m.page.getByText('Saved. The settings apply from now.').waitFor();
    await m.check('self-service settings saved (manager)');
    // The page shows what is stored after a reload.
    await m.page.reload();
    await expect(m.page.getByRole('checkbox', { name: /^Approve a swap or give-away as soon as the colleague accepts/ }).isChecked()).resolves.toBe(true);
    await expect(m.page.getByLabel('Largest rise in soft cost allowed (score points)').inputValue()).resolves.toBe('0');

    // On: the same swap, accepted, is approved at once and the shifts change hands.
    const approved = await offerAndAccept(input);
    expect(approved).toMatchObject({ status: 'approved', autoApproved: true });
    const after = await assignments(nextRota);
    expect(after.find((a) => a.id === input.assignmentId)!.staffId).toBe(input.toStaffId);
    expect(after.find((a) => a.id === input.forAssignmentId)!.staffId).toBe(AISHA.staffId);
    // The change is audited.
    const audit = (await s.app.inject({ method: 'GET', url: `/audit?entity=service&entityId=${SERVICE}`, headers: manager() })).json() as { action: string; actor: string }[];
    expect(audit.some((a) => a.action === 'self-service.settings' && /\(manager, token \d+\)/.test(a.actor))).toBe(true);
    await m.context.close();
  });

  it('approved leave that clashes with a published shift is shown to the manager with the cheapest cover, lastingly, until the shift is changed', async () => {
    const rota = await assignments(nextRota);
    const grace = rota.find((a) => a.staffId === 's-grace-okafor')!;
    const date = dateOf(grace.slotId);
    const asked = await s.app.inject({ method: 'POST', url: '/me/requests', headers: asWorker('s-grace-okafor'), payload: { kind: 'leave', leaveKind: 'annual', from: date, to: date } });
    expect(asked.statusCode, asked.body).toBe(201);

    const m = await asManager();
    await m.page.goto(`/manage/requests?service=${SERVICE}`);
    const clashes = m.page.getByRole('region', { name: 'Published shifts that clash with approved leave' });
    await clashes.getByText('No published shift is held by someone on leave.').waitFor();
    const card = m.page.getByRole('article', { name: /^Grace Okafor: Annual leave/ });
    await card.getByRole('button', { name: /^Approve/ }).click();
    await m.page.getByText('These published shifts now clash; cover them from the rota:').waitFor();
    const told = m.page.getByRole('status').getByRole('listitem').first();
    await expect(told.textContent()).resolves.toMatch(/Cheapest cover: |No cover found without breaking a rule\./);
    await m.check('staff requests, a clash (manager)');

    // Away to the start page and back later: the clash is still listed, with its cover and the leave.
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await m.page.getByRole('heading', { level: 1 }).first().waitFor();
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    const lasting = clashes.getByRole('article', { name: new RegExp(`^Grace Okafor: ${escape(grace.slotLabel)}`) });
    await lasting.waitFor();
    const text = (await lasting.textContent()) ?? '';
    expect(text).toMatch(/Clashes withLeave, .*\(approved request\)/);
    expect(text).toMatch(/RuleGrace Okafor: on leave for /);
    expect(text).toMatch(/CoverCheapest cover: |CoverNo move of one or two places covers it/);
    await m.check('staff requests, a lasting clash (manager)');

    // To the rota: Grace's place is marked, and the place says why, with the cover.
    await lasting.getByRole('link', { name: /^Change it on the rota/ }).click();
    const place = m.page.locator(`button[data-assignment="${grace.id}"]`);
    await place.getByText('On leave').waitFor();
    await m.page.getByText(/held by someone now on approved leave/).waitFor();
    await m.check('rota with a place on leave (manager)');
    await place.click();
    const dialog = m.page.getByRole('dialog');
    await dialog.getByText(/^On leave: Leave, /).waitFor();
    // Give it to another worker (overriding a rule if the first one named would break one).
    const choice = dialog.getByLabel('Worker', { exact: true });
    const values = await choice.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(values.length).toBeGreaterThan(0);
    await choice.selectOption(values[0]);
    await dialog.getByText(/^Rule check: this change breaks (no|a) hard rule/).waitFor();
    await dialog.getByLabel('Why (kept in the audit log)').fill('covering Grace on leave');
    const anyway = dialog.getByRole('checkbox', { name: /^Make this change anyway/ });
    if (await anyway.isVisible()) await anyway.check();
    await dialog.getByRole('button', { name: /^Save/ }).click();
    await m.page.getByText(/^Saved: give this place to another worker/).waitFor();
    expect((await assignments(nextRota)).some((a) => a.slotId === grace.slotId && a.roleId === grace.roleId && a.staffId === 's-grace-okafor')).toBe(false);
    // The rota is read again after the change, and its flags with it.
    await place.getByText('On leave').waitFor({ state: 'detached' });

    // Back to the requests: that shift is no longer listed.
    await m.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
    await m.page.getByLabel('Service').selectOption(SERVICE);
    await clashes.waitFor();
    await m.page.getByRole('heading', { name: 'Leave and availability' }).waitFor();
    await expect(clashes.getByRole('article', { name: new RegExp(`^Grace Okafor: ${escape(grace.slotLabel)}`) }).count()).resolves.toBe(0);
    await m.context.close();
  });
});
