// Runtime benchmark: how long the API server takes to start (migrations and example services on an
// empty database included), and how long the first solve takes from POST /rotas to "done" (the solve
// worker's start-up, compiling the week and the solve itself), with the moves per second that solve
// reported. Runs the server the way `npm start` does: compiled JavaScript from dist/ (`--mode dist`,
// build first with `npm run build`), or the TypeScript sources through tsx (`--mode tsx`).
//
//   npx tsx bench/runtime.ts [--mode dist|tsx] [--root DIR] [--runs 3] [--solve-seconds 2]
//                            [--service org-nottingham-sanctuary] [--week 2026-11-23] [--out FILE]
//
// --root runs another checkout (e.g. an older commit exported to /tmp) with this harness.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { arg } from './args.ts';

const mode = arg('mode') ?? 'dist';
if (mode !== 'dist' && mode !== 'tsx') throw new Error('--mode is dist or tsx');
const root = resolve(arg('root') ?? '.');
const runs = Number(arg('runs') ?? 3);
const solveSeconds = Number(arg('solve-seconds') ?? 2);
const serviceId = arg('service') ?? 'org-nottingham-sanctuary';
const week = arg('week') ?? '2026-11-23';
const out = arg('out');
// No run may hang the harness: the server must print its token and the solve must end within this.
const RUN_LIMIT_MS = 120_000;

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
  const entry = mode === 'dist' ? [join(root, 'dist/src/server.js')] : ['--import', 'tsx', join(root, 'src/server.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: { ...process.env, ROTA_DB: dbPath, PORT: String(port), HOST: '127.0.0.1', ROTA_SOLVE_SECONDS: String(solveSeconds), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<string>((ok, fail) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error('server did not print a token in time')), RUN_LIMIT_MS);
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

async function call(port: number, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

/** CPU time (user + system, all threads) the process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface RunResult {
  startMs: number;
  startCpuMs: number;
  firstSolveCpuMs: number;
  firstSolveMs: number;
  solveRunMs: number;
  moves: number;
}

async function once(): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-runtime-'));
  const port = await freePort();
  const t0 = performance.now();
  const { child, ready } = startServer(join(dir, 'rota.db'), port);
  try {
    const token = await ready;
    const startMs = performance.now() - t0;
    const startCpuMs = cpuMsOf(child.pid);
    const t1 = performance.now();
    const created = await call(port, token, 'POST', '/rotas', { serviceId, weekStart: week, seed: 1 });
    if (created.status !== 202) throw new Error(`POST /rotas answered ${created.status}: ${JSON.stringify(created.json)}`);
    for (;;) {
      const rota = await call(port, token, 'GET', `/rotas/${created.json.id}`);
      if (rota.json.status === 'done' || rota.json.status === 'failed') {
        if (rota.json.status === 'failed') throw new Error(`solve failed: ${rota.json.error}`);
        const run = rota.json.solveRuns.at(-1);
        const firstSolveMs = performance.now() - t1;
        return { startMs, startCpuMs, firstSolveMs, firstSolveCpuMs: cpuMsOf(child.pid) - startCpuMs, solveRunMs: run.durationMs, moves: run.moves };
      }
      if (performance.now() - t1 > RUN_LIMIT_MS) throw new Error('the first solve did not finish in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const load0 = loadavg()[0];
const results: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await once());
  process.stderr.write(`run ${i + 1}/${runs} done\n`);
}
const load1 = loadavg()[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms / 1000).toFixed(2);
const lines = [
  `Runtime benchmark (${mode}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}.`,
  `Root ${root}; ${serviceId}, week ${week}, ROTA_SOLVE_SECONDS=${solveSeconds}, seed 1; load average (1 min) ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end.`,
  '',
  '| run | start s (spawn to token printed) | start CPU s | first solve s (POST to done) | first solve CPU s | solve run s (compile + solve + store) | moves | moves / s of the solve run |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r, i) =>
      `| ${i + 1} | ${fmt(r.startMs)} | ${fmt(r.startCpuMs)} | ${fmt(r.firstSolveMs)} | ${fmt(r.firstSolveCpuMs)} | ${fmt(r.solveRunMs)} | ${r.moves.toLocaleString('en-GB')} | ${Math.round(r.moves / (r.solveRunMs / 1000)).toLocaleString('en-GB')} |`,
  ),
  `| median | ${fmt(median(results.map((r) => r.startMs)))} | ${fmt(median(results.map((r) => r.startCpuMs)))} | ${fmt(median(results.map((r) => r.firstSolveMs)))} | ${fmt(median(results.map((r) => r.firstSolveCpuMs)))} | ${fmt(median(results.map((r) => r.solveRunMs)))} | | ${Math.round(median(results.map((r) => r.moves / (r.solveRunMs / 1000)))).toLocaleString('en-GB')} |`,
];
const table = lines.join('\n');
console.log(table);
if (out) writeFileSync(out, `${table}\n`);
