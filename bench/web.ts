// Web benchmark: the manager's rota grid of the 300-staff organisation (fixtures/large-organisation.json),
// first load in Chromium on loopback. Starts the compiled server (`node dist/src/server.js`, as
// `npm start` does) on an empty database with the web app built, imports the organisation, generates
// its week, then opens /manage/rotas/<id> in a fresh browser context (empty cache) several times and
// reports: the bytes of the first load (the app's files gzipped, and as sent: brotli, since Chromium
// asks for it; the API answers the page reads, as sent and decoded), first contentful paint, the grid
// drawn, and time to interactive (the grid drawn and the main thread idle: the first idle callback
// after it), all measured in the page from the start of navigation.
//
//   npm run bench:web -- [--runs 5] [--solve-seconds 10] [--week 2026-11-23] [--out FILE]
//
// Debian's Chromium (/usr/bin/chromium, or ROTA_CHROMIUM), never a downloaded one.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { WEB_BUILD_DIR } from '../src/web/location.ts';
import { arg } from './args.ts';

const root = resolve('.');
const runs = Math.max(1, Math.min(20, Number(arg('runs') ?? 5)));
const solveSeconds = Number(arg('solve-seconds') ?? 10);
const week = arg('week') ?? '2026-11-23';
const out = arg('out');
const CHROMIUM = process.env.ROTA_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
// No step may hang the harness.
const STEP_LIMIT_MS = 180_000;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

function startServer(dbPath: string, port: number): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, [join(root, 'dist/src/server.js')], {
    cwd: root,
    env: { ...process.env, ROTA_DB: dbPath, PORT: String(port), HOST: '127.0.0.1', ROTA_SOLVE_SECONDS: String(solveSeconds), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<string>((ok, fail) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error('server did not print a token in time')), STEP_LIMIT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /manager token \(shown once[^)]*\): (\S+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening`));
    });
  });
  return { child, ready };
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

interface Load {
  fcpMs: number;
  gridMs: number;
  interactiveMs: number;
  /** Bytes on the wire (bodies as encoded), and the API's JSON as decoded. */
  appBytes: number;
  apiBytes: number;
  apiRawBytes: number;
  requests: number;
}

/** The files a first load fetches (index.html and what it links), gzipped as `npm run build:web` makes them. */
function appFiles(): { sizes: { file: string; gzipBytes: number }[] } {
  const index = join(WEB_BUILD_DIR, 'index.html');
  if (!existsSync(index)) throw new Error('the web app is not built: npm run build:web');
  const html = readFileSync(index, 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  return {
    sizes: ['index.html', ...linked].map((file) => ({ file, gzipBytes: gzipSync(readFileSync(join(WEB_BUILD_DIR, file)), { level: 9 }).length })),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const s = (ms: number) => (ms / 1000).toFixed(2);

interface SolvedWeek {
  readonly serviceId: string;
  readonly rotaId: string;
  readonly rota: { status: string; assignments: unknown[]; slots: unknown[]; unfilled: unknown[]; error: string | null };
  readonly staffCount: number;
}

async function main(): Promise<void> {
  if (!CHROMIUM) throw new Error('no Chromium: apt-get install -y chromium (or set ROTA_CHROMIUM)');
  const built = appFiles();
  const dir = mkdtempSync(join(tmpdir(), 'rota-web-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child, ready } = startServer(join(dir, 'rota.db'), port);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const token = await ready;
    const week = await solvedWeek(base, token);
    const loads: Load[] = [];
    for (let i = 0; i < runs; i++) {
      const load = await coldLoad(browser, base, token, week.rotaId);
      loads.push(load);
      process.stderr.write(`load ${i + 1}/${runs}: interactive at ${s(load.interactiveMs)} s\n`);
    }
    const table = reportTable(built, week, loads, browser.version());
    console.log(table);
    if (out) writeFileSync(out, `${table}\n`);
  } finally {
    await browser.close().catch(() => undefined);
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The large organisation imported and its week solved through the API, as the page will read it. */
async function solvedWeek(base: string, token: string): Promise<SolvedWeek> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const file = readFileSync(join(root, 'fixtures/large-organisation.json'), 'utf8');
  const imported = await fetch(`${base}/services/import`, { method: 'POST', headers, body: file });
  if (!imported.ok) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
  const serviceId = (JSON.parse(file) as { organisation: { id: string } }).organisation.id;
  const made = (await (await fetch(`${base}/rotas`, { method: 'POST', headers, body: JSON.stringify({ serviceId, weekStart: week, seed: 1 }) })).json()) as { id: string };
  const t0 = Date.now();
  let rota: SolvedWeek['rota'];
  for (;;) {
    rota = await (await fetch(`${base}/rotas/${made.id}`, { headers })).json();
    if (rota.status === 'done' || rota.status === 'failed') break;
    if (Date.now() - t0 > STEP_LIMIT_MS) throw new Error('the solve did not finish in time');
    await new Promise((r) => setTimeout(r, 250));
  }
  if (rota.status !== 'done') throw new Error(`solve failed: ${rota.error}`);
  const staff = (await (await fetch(`${base}/services/${serviceId}/staff`, { headers })).json()) as unknown[];
  return { serviceId, rotaId: made.id, rota, staffCount: staff.length };
}

/** One load of the rota grid in a fresh context (empty cache, a new session cookie). */
async function coldLoad(browser: Browser, base: string, token: string, rotaId: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base, locale: 'en-GB', timezoneId: 'Europe/London' });
  const signIn = await context.request.post('/auth/token', { data: { token } });
  if (!signIn.ok()) throw new Error(`sign-in answered ${signIn.status()}`);
  const page = await context.newPage();
  // In the page, from its first moment: when the grid appears, and the first idle moment after
  // it (the page answers input from there).
  await page.addInitScript(() => {
    const w = window as unknown as { gridAt?: number; idleAt?: number };
    new MutationObserver((_changes, observer) => {
      if (!document.querySelector('table.rota-grid')) return;
      observer.disconnect();
      w.gridAt = performance.now();
      requestIdleCallback(() => (w.idleAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  });
  const api: Promise<{ wire: number; raw: number }>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'fetch') return;
    api.push(
      (async () => {
        const sizes = await request.sizes();
        const body = (await (await request.response())?.body().catch(() => undefined)) ?? Buffer.alloc(0);
        return { wire: sizes.responseBodySize, raw: body.length };
      })(),
    );
  });
  await page.goto(`/manage/rotas/${rotaId}`, { timeout: STEP_LIMIT_MS });
  await page.waitForFunction(() => (window as unknown as { idleAt?: number }).idleAt !== undefined, undefined, { timeout: STEP_LIMIT_MS });
  const timing = await page.evaluate(() => {
    const w = window as unknown as { gridAt: number; idleAt: number };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const assets = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.initiatorType !== 'fetch');
    return { fcpMs: fcp, gridMs: w.gridAt, interactiveMs: w.idleAt, app: nav.encodedBodySize + assets.reduce((n, r) => n + r.encodedBodySize, 0) };
  });
  await page.waitForLoadState('networkidle');
  const answers = await Promise.all(api);
  await context.close();
  return {
    fcpMs: timing.fcpMs,
    gridMs: timing.gridMs,
    interactiveMs: timing.interactiveMs,
    appBytes: timing.app,
    apiBytes: answers.reduce((n, a) => n + a.wire, 0),
    apiRawBytes: answers.reduce((n, a) => n + a.raw, 0),
    requests: answers.length,
  };
}

function reportTable(built: ReturnType<typeof appFiles>, w: SolvedWeek, loads: readonly Load[], browserVersion: string): string {
  const appGzip = built.sizes.reduce((n, x) => n + x.gzipBytes, 0);
  const load = loadavg();
  return [
    `Web benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}, ${browserVersion} headless; load average (1 min) ${load[0].toFixed(2)}.`,
    `The manager's rota grid of ${w.serviceId} (${w.staffCount} staff, ${w.rota.slots.length} sessions, ${w.rota.assignments.length} places, ${w.rota.unfilled.length} open), week ${week}, solved in ${solveSeconds} s; ${runs} cold loads (fresh context, empty cache) on loopback at 1280 x 900.`,
    '',
    `App files (index.html, script, style sheet): ${built.sizes.map((x) => `${x.file} ${kb(x.gzipBytes)} KB`).join(', ')}: **${kb(appGzip)} KB gzipped** (${kb(median(loads.map((l) => l.appBytes)))} KB as Chromium received them, brotli).`,
    `API answers the page reads (${loads[0].requests} requests: session, rota, staff, services, offers): **${kb(median(loads.map((l) => l.apiBytes)))} KB as sent** (compressed; brotli here), ${kb(median(loads.map((l) => l.apiRawBytes)))} KB of JSON.`,
    '',
    '| load | first contentful paint s | grid drawn s | interactive s |',
    '|---:|---:|---:|---:|',
    ...loads.map((l, i) => `| ${i + 1} | ${s(l.fcpMs)} | ${s(l.gridMs)} | ${s(l.interactiveMs)} |`),
    `| median | ${s(median(loads.map((l) => l.fcpMs)))} | ${s(median(loads.map((l) => l.gridMs)))} | ${s(median(loads.map((l) => l.interactiveMs)))} |`,
  ].join('\n');
}

await main();
