// The whole product for browser tests and screenshots: the web app built into a temporary folder, the
// server on 127.0.0.1 (a free port) with a temporary database holding the five example services, a
// local SMTP server catching its emails, and Debian's Chromium driven by playwright-core. Nothing is
// downloaded; the browser is the system's (CI installs it with apt-get).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../../src/app.ts';
import { openDb, type Db } from '../../../src/db/client.ts';
import type { SolveSettings } from '../../../src/services/rota-service.ts';
import { loadFixturesIfEmpty } from '../../../src/services/startup.ts';
import { createToken } from '../../../src/services/tokens.ts';
import { buildWeb } from '../../../src/web/build.ts';
import { TestMailServer } from '../../support/smtp.ts';

/** The system's Chromium (ROTA_CHROMIUM names another); never a downloaded one. */
export const CHROMIUM_PATH = process.env.ROTA_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Stack {
  app: FastifyInstance;
  db: Db;
  base: string;
  smtp: TestMailServer;
  browser: Browser;
  managerToken: string;
  payrollToken: string;
  /** A new browser context (its own cookies) at the given viewport. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Starts everything. The server's clock runs from `clockStart` (default: 10 Dec 2026, 12:00 UTC) at
 * real speed, so the example weeks of November 2026 have happened whatever today's date is. Solves get
 * `solve` (default: 2 s each).
 */
export async function startStack(options: { clockStart?: string; solve?: SolveSettings } = {}): Promise<Stack> {
  if (!CHROMIUM_PATH) throw new Error('no Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  const dir = mkdtempSync(join(tmpdir(), 'rota-browser-'));
  const webRoot = join(dir, 'web');
  await buildWeb(webRoot);
  const db = openDb(join(dir, 'rota.db'));
  const startedAt = Date.now();
  const clockStart = Date.parse(options.clockStart ?? '2026-12-10T12:00:00Z');
  const now = () => new Date(clockStart + (Date.now() - startedAt));
  loadFixturesIfEmpty(db, FIXTURES, now);
  const smtp = new TestMailServer();
  await smtp.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await buildApp({
    db,
    now,
    webRoot,
    solve: options.solve ?? { timeLimitMs: 2000 },
    signIn: { publicUrl: base },
    mail: { smtpUrl: smtp.url, from: 'rota <rota@example.org>', pollMs: 250 },
  });
  await app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const managerToken = createToken(db, { role: 'manager', label: 'browser tests' }, now()).token;
  const payrollToken = createToken(db, { role: 'payroll', label: 'browser tests' }, now()).token;
  return {
    app,
    db,
    base,
    smtp,
    browser,
    managerToken,
    payrollToken,
    context: (viewport = DESKTOP) => browser.newContext({ viewport, baseURL: base, acceptDownloads: true, locale: 'en-GB', timezoneId: 'Europe/London' }),
    async close() {
      await browser.close().catch(() => undefined);
      await app.close();
      await smtp.stop();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every animation frame of the context's pages comes `delayMs` late, as on a busy phone or a loaded
 * CI machine: whatever a page does a frame after it draws (a focus move in an effect) then comes
 * visibly after it, so a test that acts at once meets the race the user would.
 */
export async function lateFrames(context: BrowserContext, delayMs = 250): Promise<void> {
  await context.addInitScript((ms: number) => {
    const frame = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => frame(() => setTimeout(() => frame(cb), ms));
  }, delayMs);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: the serious and critical violations (none is the goal). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline or foreign script) stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

/** Whether the page fits its viewport's width (no sideways scrolling on a phone). */
export async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Collects console errors and CSP reports of a page (anything blocked or broken shows here). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return problems;
}

/** RFC 4180 CSV to rows of cells (quoted cells, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '"') throw new Error(`stray quote at ${i}`);
    else cell += c;
  }
  if (quoted) throw new Error('unterminated quoted cell');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
