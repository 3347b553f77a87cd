// `npm run worker`: a solver process. It serves no HTTP; it works the job queue in the database —
// solves (in its own pool of threads) and offer steps (expiries, the next worker of a cascade) —
// beside any number of API processes and other workers on the same database (DATABASE_URL for
// PostgreSQL, so it can run on another machine; or the SQLite file on this one).
import { hostname } from 'node:os';
import { describeDb, dbPathFromEnv, openDb } from './db/client.ts';
import { logLevelFromEnv } from './api/plugins/logging.ts';
import { JobWorker } from './jobs/worker.ts';
import { startExpiryTimer } from './offers/expiry-timer.ts';
import { logEvent } from './services/event-log.ts';
import { RotaService } from './services/rota-service.ts';
import { defaultPoolSize, workerPoolRunner } from './services/solve-runner.ts';

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const level = LEVELS[logLevelFromEnv()] ?? 30;
/** pino-shaped JSON lines, as the server writes. */
function line(lvl: number, fields: object, msg: string): void {
  if (lvl < level) return;
  process.stdout.write(`${JSON.stringify({ level: lvl, time: Date.now(), pid: process.pid, hostname: hostname(), ...fields, msg })}\n`);
}
const log = {
  info: (fields: object, msg: string) => line(30, fields, msg),
  error: (fields: object, msg: string) => line(50, fields, msg),
};
const errorFields = (error: unknown) => ({ err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : String(error) });

const solveSecondsRaw = Number(process.env.ROTA_SOLVE_SECONDS ?? 10);
const solveSeconds = Number.isFinite(solveSecondsRaw) && solveSecondsRaw > 0 ? solveSecondsRaw : 10;
const threads = defaultPoolSize();

const dbPath = dbPathFromEnv();
const db = openDb(dbPath);
const runner = workerPoolRunner({ size: threads });
const rotas = new RotaService({
  db,
  runner,
  solve: { timeLimitMs: Math.round(solveSeconds * 1000) },
  logError: (error, context) => log.error(errorFields(error), context),
  log,
});
const jobs = new JobWorker(db, {
  handlers: { solve: rotas.solveJobHandler(threads) },
  onError: (error, context) => log.error(errorFields(error), context),
});
rotas.attachQueue(jobs);
jobs.start();
// The queue's timers never keep a process alive on their own (an API process lives by its server):
// this process exists to work the queue, so it stays up until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
const expiry = startExpiryTimer(db, {
  now: () => Date.now(),
  onError: (error) => log.error(errorFields(error), 'offer expiry pass failed'),
  onExpired: (count, expired) => logEvent(log, 'offers.expired', 'system', { invites: count, expired }),
});

// Before the line saying it works: whoever reads it may stop the worker at once, and it should stop cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    expiry.stop();
    clearInterval(keepAlive);
    // Solves running here go back to the queue for another process.
    const stopping = jobs.stop('the worker running it stopped');
    void runner
      .close()
      .then(() => stopping)
      .finally(() => {
        db.$client.close();
        process.exit(0);
      });
  });
}

process.stdout.write(`rota worker ${jobs.workerId} working the job queue in ${describeDb(db, dbPath)}: ${threads} solve thread(s), offer steps every second\n`);

