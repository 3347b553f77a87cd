// One run of the accept benchmark at one level of requests in flight, on a fresh database and
// server: offers sent, a warm-up week accepted, the measured weeks accepted, then the manager's
// reads and the database checked.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { caller, shuffle, type Call } from './client.ts';
import { serverStats, startServer, stopServer, waitUntilIdle, type ServerStats } from './server-control.ts';
import { seedDatabase, type Seeded } from './workload.ts';

export interface Settings {
  readonly weeks: number;
  readonly sessionsPerDay: number;
  readonly workers: number;
  readonly maxSeconds: number;
  readonly seed: number;
}

export interface RunResult {
  readonly concurrency: number;
  readonly places: number;
  readonly setupSeconds: number;
  readonly requests: number;
  readonly seconds: number;
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly won: number;
  readonly wonP50: number;
  readonly wonP99: number;
  readonly serverCpuMsPerAccept: number;
  readonly handlingP50: number;
  readonly handlingP99: number;
  readonly handlingMax: number;
  readonly loopP99: number;
  readonly loopMax: number;
  readonly gcMaxMs: number;
  readonly gcTotalMs: number;
  readonly answers: ReadonlyMap<string, number>;
  readonly dbLine: string;
  readonly dbOk: boolean;
}

/** One accept to send: the offer and the invited worker's token. */
interface Accept {
  readonly offerId: string;
  readonly token: string;
}

export async function runOnce(settings: Settings, concurrency: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-offers-'));
  const dbPath = join(dir, 'rota.db');
  let child: ChildProcess | null = null;
  try {
    const seeded = await seedDatabase(dbPath, settings);
    const started = startServer(dbPath);
    child = started.child;
    const port = await started.port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const call = caller(agent, port);

    const offers = await sendOffers(call, seeded);
    shuffle(offers.accepts, settings.seed);
    shuffle(offers.warmAccepts, settings.seed + 1);
    // Warm-up (not measured): the first week's offers are accepted the same way, so the JIT and the
    // caches are warm when measuring starts.
    await acceptAll(call, offers.warmAccepts, concurrency);
    // The server compiles each invited worker's week in the background after sending offers; wait
    // until it is idle so that work is not counted in the run.
    await waitUntilIdle(child);
    const run = await measuredRun(call, child, offers.accepts, concurrency, settings.maxSeconds);
    const reads = await managerReads(call, seeded.manager, seeded.rotaIds.slice(1));
    agent.destroy();
    await stopServer(child);
    child = null;
    const won = run.answers.get('200') ?? 0;
    const check = await checkDatabase(dbPath, won, reads);
    return summarise(concurrency, offers, run, won, check);
  } finally {
    if (child) await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Offers {
  /** Accepts of the measured weeks, and of the warm-up week. */
  readonly accepts: Accept[];
  readonly warmAccepts: Accept[];
  /** Places offered in the measured weeks. */
  readonly places: number;
  readonly setupSeconds: number;
}

/** Every open place of every week, broadcast to all its eligible bank workers. */
async function sendOffers(call: Call, seeded: Seeded): Promise<Offers> {
  const t0 = performance.now();
  const accepts: Accept[] = [];
  const warmAccepts: Accept[] = [];
  let places = 0;
  for (const [week, rotaId] of seeded.rotaIds.entries()) {
    const res = await call('POST', `/rotas/${rotaId}/offers`, seeded.manager, { mode: 'broadcast', ttlMinutes: 7 * 24 * 60 });
    if (res.status !== 201) throw new Error(`creating offers for ${rotaId}: ${res.status} ${res.body}`);
    const created = JSON.parse(res.body) as { offers: { offerId: string; offeredTo: string[] }[] };
    for (const o of created.offers) {
      if (week > 0) places++;
      for (const staffId of o.offeredTo) (week === 0 ? warmAccepts : accepts).push({ offerId: o.offerId, token: seeded.tokenOf.get(staffId)! });
    }
  }
  return { accepts, warmAccepts, places, setupSeconds: (performance.now() - t0) / 1000 };
}

/** Sends every accept, `concurrency` in flight, not measured. */
async function acceptAll(call: Call, accepts: Accept[], concurrency: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let a = accepts.shift(); a; a = accepts.shift()) await call('POST', `/me/offers/${a.offerId}/accept`, a.token);
    }),
  );
}

interface MeasuredRun {
  readonly latencies: number[];
  readonly okLatencies: number[];
  /** Answers by status (a 409 by its refusal). */
  readonly answers: Map<string, number>;
  readonly seconds: number;
  /** The server's statistics over the run. */
  readonly after: ServerStats;
  readonly serverCpuMs: number;
}

/** The measured accepts, `concurrency` in flight, until all are sent or the time is up. */
async function measuredRun(call: Call, child: ChildProcess, accepts: readonly Accept[], concurrency: number, maxSeconds: number): Promise<MeasuredRun> {
  const latencies: number[] = [];
  const okLatencies: number[] = [];
  const answers = new Map<string, number>();
  let next = 0;
  const before = await serverStats(child);
  const deadline = performance.now() + maxSeconds * 1000;
  const runStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < accepts.length && performance.now() < deadline) {
        const a = accepts[next++];
        const s = performance.now();
        const res = await call('POST', `/me/offers/${a.offerId}/accept`, a.token);
        const ms = performance.now() - s;
        latencies.push(ms);
        let key = String(res.status);
        if (res.status === 200) okLatencies.push(ms);
        else if (res.status === 409) key = `409 ${(JSON.parse(res.body) as { refusal?: string }).refusal ?? '?'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - runStart) / 1000;
  const after = await serverStats(child);
  return { latencies, okLatencies, answers, seconds, after, serverCpuMs: (after.cpuMicros - before.cpuMicros) / 1000 };
}

interface Reads {
  readonly unfilledListed: number;
  readonly filledButListed: number;
}

/**
 * What a manager reads afterwards (not measured): accepts only mark a rota stale, and its first read
 * rescores it, so no place just won may still be listed as unfilled (demand here is 1 per place).
 */
async function managerReads(call: Call, manager: string, rotaIds: readonly string[]): Promise<Reads> {
  let unfilledListed = 0;
  let filledButListed = 0;
  for (const rotaId of rotaIds) {
    const res = await call('GET', `/rotas/${rotaId}`, manager);
    if (res.status !== 200) throw new Error(`reading ${rotaId}: ${res.status} ${res.body}`);
    const view = JSON.parse(res.body) as { unfilled: { slotId: string; roleId: string }[]; assignments: { slotId: string; roleId: string }[] };
    const held = new Set(view.assignments.map((a) => `${a.slotId}\u0000${a.roleId}`));
    unfilledListed += view.unfilled.length;
    filledButListed += view.unfilled.filter((u) => held.has(`${u.slotId}\u0000${u.roleId}`)).length;
  }
  return { unfilledListed, filledButListed };
}

/** Never two workers in one place, and every 200 is exactly one fill. */
async function checkDatabase(dbPath: string, won: number, reads: Reads): Promise<{ dbLine: string; dbOk: boolean }> {
  const { openDb, closeDb } = await import('../../src/db/client.ts');
  const check = openDb(dbPath);
  const sqlite = check.$client;
  const count = (sql: string) => Number((sqlite.prepare(sql).get() as { n: number }).n);
  const doubleFills = count('SELECT count(*) AS n FROM (SELECT offer_id, position FROM offer_fills GROUP BY offer_id, position HAVING count(*) > 1) AS d');
  const fills = count("SELECT count(*) AS n FROM offer_fills f JOIN offers o ON o.id = f.offer_id WHERE o.rota_id <> 'bench-week-0'");
  const overFull = count('SELECT count(*) AS n FROM (SELECT rota_id, slot_id, role_id FROM assignments GROUP BY rota_id, slot_id, role_id HAVING count(*) > 1) AS d');
  const twoWinners = count("SELECT count(*) AS n FROM (SELECT offer_id FROM offer_invites WHERE status = 'accepted' GROUP BY offer_id HAVING count(*) > 1) AS d");
  const auditRows = count("SELECT count(*) AS n FROM audit_log WHERE entity = 'offer'");
  closeDb(check);
  const dbOk = doubleFills === 0 && overFull === 0 && twoWinners === 0 && fills === won && reads.filledButListed === 0;
  const dbLine =
    `${fills} fills for ${won} successful accepts, ${doubleFills} places filled twice, ${overFull} (rota, session, role) with more than ` +
    `one worker, ${twoWinners} offers with two accepted invites, ${auditRows} offer audit rows; a manager's read of each rota afterwards ` +
    `lists ${reads.unfilledListed} places unfilled, ${reads.filledButListed} of them filled: ${dbOk ? 'consistent' : 'INCONSISTENT'}.`;
  return { dbLine, dbOk };
}

function summarise(concurrency: number, offers: Offers, run: MeasuredRun, won: number, check: { dbLine: string; dbOk: boolean }): RunResult {
  const { latencies, okLatencies, after } = run;
  const sorted = [...latencies].sort((a, b) => a - b);
  const okSorted = [...okLatencies].sort((a, b) => a - b);
  const p = (xs: number[], q: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
  return {
    concurrency,
    places: offers.places,
    setupSeconds: offers.setupSeconds,
    requests: latencies.length,
    seconds: run.seconds,
    rate: latencies.length / run.seconds,
    p50: p(sorted, 0.5),
    p99: p(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    won,
    wonP50: p(okSorted, 0.5),
    wonP99: p(okSorted, 0.99),
    serverCpuMsPerAccept: run.serverCpuMs / latencies.length,
    handlingP50: after.p50,
    handlingP99: after.p99,
    handlingMax: after.max,
    loopP99: after.loopP99,
    loopMax: after.loopMax,
    gcMaxMs: after.gcMaxMs,
    gcTotalMs: after.gcTotalMs,
    answers: run.answers,
    dbLine: check.dbLine,
    dbOk: check.dbOk,
  };
}
