// The accept benchmark's printed report: the workload, one row per level of requests in flight
// (client and server side), the answers, the database check, and the target met or not.
import { cpus, loadavg } from 'node:os';
import type { RunResult, Settings } from './run.ts';

export function formatReport(settings: Settings, results: readonly RunResult[], loadStart: number): string {
  const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms.toFixed(2));
  const cpu = cpus();
  const first = results[0];
  const lines = [
    `# Offer accept benchmark`,
    '',
    `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ` +
      `the machine is shared with other work (load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end). ` +
      `${process.env.DATABASE_URL ? 'PostgreSQL 15 (DATABASE_URL: a private cluster on a unix socket on this machine, reached through the synchronous bridge of src/db/pg/)' : 'SQLite file database in WAL mode'}; the server (the real app: auth, validation, the hard-rule re-check, the audit log) in a child ` +
      `process; this process is the load generator, over loopback HTTP with keep-alive.`,
    '',
    `Workload, per row: ${settings.weeks - 1} measured weekly rotas (after one warm-up week) x ${settings.sessionsPerDay * 5} sessions = ` +
      `${first.places} offered places, ${settings.workers} bank workers; each place broadcast to all its eligible workers and accepted by every ` +
      `one of them in shuffled order (one wins, the rest are refused), with the given number of requests in flight. Setup (ranking the places ` +
      `and sending the offers, about ${first.setupSeconds.toFixed(0)} s) is not measured.`,
    '',
    'Client side (what the load generator saw) and server side (the server process alone: its CPU time over the run, and Fastify\'s ' +
      'time from request to response):',
    '',
    '| in flight | requests | seconds | accepts/s | p50 ms | p99 ms | max ms | won | p50 ms won | p99 ms won | server CPU ms/accept | server p50 / p99 / max ms | server event-loop delay p99 / max ms | server GC pause max / total ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.concurrency} | ${r.requests} | ${r.seconds.toFixed(2)} | ${r.rate.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.won} | ` +
        `${fmt(r.wonP50)} | ${fmt(r.wonP99)} | ${r.serverCpuMsPerAccept.toFixed(3)} | ${fmt(r.handlingP50)} / ${fmt(r.handlingP99)} / ${fmt(r.handlingMax)} | ` +
        `${fmt(r.loopP99)} / ${fmt(r.loopMax)} | ${fmt(r.gcMaxMs)} / ${fmt(r.gcTotalMs)} |`,
    ),
    '',
    '| in flight | answers |',
    '|---:|---|',
    ...results.map((r) => `| ${r.concurrency} | ${[...r.answers.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ')} |`),
    '',
    'Database after each run (measured weeks):',
    '',
    ...results.map((r) => `- ${r.concurrency} in flight: ${r.dbLine}`),
    '',
    `Target (at least 2,000 accepts/s with p99 under 50 ms): ` +
      results.map((r) => `${r.concurrency} in flight ${r.rate >= 2000 && r.p99 < 50 ? 'met' : 'not met'}`).join('; ') +
      ' on this run.',
    '',
  ];
  return lines.join('\n');
}
