// Solve throughput through the job queue: the five example services, several weeks each, queued as
// solve jobs in one database, worked by 1 and then 2 `npm run worker` processes (one solve thread
// each). Reports solves per minute. PostgreSQL when DATABASE_URL is set, else a SQLite file.
//
//   npm run bench:queue -- [--weeks 4] [--seconds 2] [--workers 1,2] [--out bench/results/queue-sqlite.md]
//
// Bounded: weeks x 5 solves per level, each with a time budget of --seconds; the run gives up after
// --max-minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrlFromEnv, describeDb, openDb, type Db } from '../src/db/client.ts';
import { projectFile } from '../src/paths.ts';
import { SYSTEM_ACTOR } from '../src/services/actor.ts';
import { RotaService } from '../src/services/rota-service.ts';
import { loadFixturesIfEmpty } from '../src/services/startup.ts';
import { addDays } from '../src/time/local-time.ts';
import { arg, intArg } from './args.ts';

const FIRST_WEEK = '2027-01-04';
const WORKER_JS = fileURLToPath(projectFile('dist/src/worker.js'));

interface LevelResult {
  readonly workers: number;
  readonly solves: number;
  readonly done: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perMinute: number;
  readonly meanSolveSeconds: number;
  readonly meanWaitSeconds: number;
  readonly byWorker: string;
}

function count(db: Db, sql: string): number {
  return Number((db.$client.prepare(sql).get() as { n: number }).n);
}

async function level(workers: number, weeks: number, seconds: number, maxMinutes: number): Promise<LevelResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-queue-'));
  const dbPath = join(dir, 'rota.db');
  const children: ChildProcess[] = [];
  try {
    const db = openDb(dbPath);
    const loaded = loadFixturesIfEmpty(db, fileURLToPath(projectFile('fixtures/')));
    // Queue every solve first (no solve threads here): the workers start on a full queue.
    const rotas = new RotaService({ db, runner: { run: () => Promise.reject(new Error('not here')), close: async () => {} } });
    for (let w = 0; w < weeks; w++) {
      for (const serviceId of loaded.loaded) rotas.create(SYSTEM_ACTOR, { serviceId, weekStart: addDays(FIRST_WEEK, 7 * w) });
    }
    const solves = weeks * loaded.loaded.length;
    const ready: Promise<void>[] = [];
    for (let i = 0; i < workers; i++) {
      const child = spawn(process.execPath, [WORKER_JS], {
        env: { ...process.env, ROTA_DB: dbPath, ROTA_SOLVE_THREADS: '1', ROTA_SOLVE_SECONDS: String(seconds), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      ready.push(
        new Promise((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (d) => {
            out += String(d);
            if (out.includes('working the job queue')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
        }),
      );
    }
    await Promise.all(ready);
    const t0 = performance.now();
    const deadline = Date.now() + maxMinutes * 60_000;
    for (;;) {
      const open = count(db, "SELECT COUNT(*) AS n FROM rotas WHERE status IN ('queued', 'running')");
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`not finished in ${maxMinutes} minutes (${open} still open)`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsed = (performance.now() - t0) / 1000;
    const done = count(db, "SELECT COUNT(*) AS n FROM rotas WHERE status = 'done'");
    const failed = count(db, "SELECT COUNT(*) AS n FROM rotas WHERE status = 'failed'");
    const mean = db.$client.prepare("SELECT AVG(duration_ms) AS ms FROM solve_runs WHERE status = 'done'").get() as { ms: number };
    const byWorker = (db.$client.prepare("SELECT locked_by AS w, COUNT(*) AS n FROM jobs WHERE kind = 'solve' AND state = 'done' GROUP BY locked_by ORDER BY locked_by").all() as { w: string; n: number }[])
      .map((r) => Number(r.n))
      .join(' + ');
    const waits = db.$client.prepare('SELECT r.created_at AS c, s.started_at AS s FROM solve_runs s JOIN rotas r ON r.id = s.rota_id').all() as { c: string; s: string }[];
    const meanWait = waits.reduce((t, w) => t + (Date.parse(w.s) - Date.parse(w.c)), 0) / Math.max(1, waits.length) / 1000;
    db.$client.close();
    return { workers, solves, done, failed, seconds: elapsed, perMinute: (done / elapsed) * 60, meanSolveSeconds: Number(mean.ms) / 1000, meanWaitSeconds: meanWait, byWorker };
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null) return resolve(null);
            c.once('exit', resolve);
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const weeks = intArg('weeks', 4, 1, 52);
  const seconds = intArg('seconds', 2, 1, 60);
  const maxMinutes = intArg('max-minutes', 20, 1, 120);
  const levels = (arg('workers') ?? '1,2').split(',').map((w) => {
    const n = Number(w);
    if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error('--workers: whole numbers from 1 to 16, comma-separated');
    return n;
  });
  const loadStart = loadavg()[0];
  const results: LevelResult[] = [];
  for (const w of levels) results.push(await level(w, weeks, seconds, maxMinutes));
  const cpu = cpus();
  const pg = databaseUrlFromEnv();
  const probe = openDb(':memory:');
  const where = pg ? `PostgreSQL (${describeDb(probe, '')})` : 'SQLite file database in WAL mode';
  probe.$client.close();
  const text = [
    `# Solve throughput through the job queue (${pg ? 'PostgreSQL' : 'SQLite'})`,
    '',
    `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
      `shared with other work (load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end). Database: ${where}.`,
    '',
    `Workload per row: the five example services x ${weeks} weeks = ${results[0]?.solves ?? 0} solve jobs queued before the workers start; ` +
      `each worker process (\`npm run worker\`, compiled) has one solve thread, and each solve a budget of ${seconds} s ` +
      '(ROTA_SOLVE_SECONDS). Solves of one service run one after another (the job group), so at most five run at once.',
    '',
    '| worker processes | solves | done | failed | seconds | solves per minute | mean solve s | mean wait from queued to start s | solves per worker |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.workers} | ${r.solves} | ${r.done} | ${r.failed} | ${r.seconds.toFixed(1)} | ${r.perMinute.toFixed(1)} | ${r.meanSolveSeconds.toFixed(2)} | ${r.meanWaitSeconds.toFixed(1)} | ${r.byWorker} |`,
    ),
    '',
  ].join('\n');
  process.stdout.write(text);
  const out = arg('out');
  if (out) writeFileSync(out, text);
}

await main();
