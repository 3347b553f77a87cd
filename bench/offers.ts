// Accept benchmark: how many offer accepts per second the API answers over loopback HTTP on SQLite
// (or on PostgreSQL when DATABASE_URL is set),
// with p50/p99 latency. The server runs in a child process (as in production: migrated WAL database
// file, the real app with auth, validation, the hard-rule re-check and the audit log); this process
// is the load generator. Every offered place is broadcast to all its eligible bank workers and every
// one of them accepts, in a shuffled order with `--concurrency` requests in flight (one run on a fresh
// database and server per level given): one accept per place wins, the rest are refused (taken, or
// a hard rule now broken by what the worker already won).
// Afterwards the database is checked: never two workers in one place.
//
//   npm run bench:offers -- [--weeks 11] [--sessions-per-day 4] [--workers 40] [--concurrency 8,16,32]
//                           [--max-seconds 60] [--seed 1] [--out bench/results/offers.md] [--profile DIR]
//
// Only ever talks to 127.0.0.1; the request count is bounded (places x eligible workers) and so is time.

import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { arg, intArg } from './args.ts';
import { formatReport } from './offers/report.ts';
import { runOnce, type RunResult, type Settings } from './offers/run.ts';

// The server is this same script started again with --serve (offers/server-control.ts).
if (arg('serve') !== undefined) {
  const { serve } = await import('./offers/server.ts');
  await serve(arg('serve')!);
} else await main();

async function main(): Promise<void> {
  // Week 0 is the warm-up; weeks 1.. are measured.
  const settings: Settings = {
    weeks: intArg('weeks', 11, 2, 53),
    sessionsPerDay: intArg('sessions-per-day', 4, 1, 8),
    workers: intArg('workers', 40, 2, 2000),
    maxSeconds: intArg('max-seconds', 60, 1, 600),
    seed: intArg('seed', 1, 1, 2 ** 31 - 2),
  };
  // One fresh database and server per level: an offer can be won only once.
  const levels = (arg('concurrency') ?? '8,16,32').split(',').map((c) => {
    const n = Number(c);
    if (!Number.isInteger(n) || n < 1 || n > 512) throw new Error('--concurrency: whole numbers from 1 to 512, comma-separated');
    return n;
  });
  const out = arg('out');
  const loadStart = loadavg()[0];
  const results: RunResult[] = [];
  for (const concurrency of levels) results.push(await runOnce(settings, concurrency));

  const text = formatReport(settings, results, loadStart);
  process.stdout.write(text);
  if (out) writeFileSync(out, text);
  if (results.some((r) => !r.dbOk)) process.exitCode = 1;
}
