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

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { arg, intArg } from './args.ts';

const HOST = '127.0.0.1';
const FIRST_WEEK = '2026-11-30';
const SERVICE_ID = 'bench-bank';

if (arg('serve') !== undefined) await serve(arg('serve')!);
else await main();

// ---------- the server (child process) ----------

async function serve(dbPath: string): Promise<void> {
  const { openDb } = await import('../src/db/client.ts');
  const { buildApp } = await import('../src/app.ts');
  const db = openDb(dbPath);
  const app = await buildApp({ db, logger: false });
  // The load generator asks for the server's CPU time and its own handling time of accepts around
  // the measured run: on a shared machine these say more about the code than wall-clock rate does.
  const handled: number[] = [];
  // Event-loop delay shows whether anything blocks the server (a long accept, a GC pause).
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let gcMaxMs = 0;
  let gcTotalMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMaxMs = Math.max(gcMaxMs, e.duration);
      gcTotalMs += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && request.url.endsWith('/accept')) handled.push(reply.elapsedTime);
  });
  process.on('SIGUSR2', () => {
    const u = process.cpuUsage();
    const sorted = handled.splice(0).sort((a, b) => a - b);
    const q = (f: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]);
    const loop = { loopP99: loopDelay.percentile(99) / 1e6, loopMax: loopDelay.max / 1e6, gcMaxMs, gcTotalMs };
    loopDelay.reset();
    gcMaxMs = 0;
    gcTotalMs = 0;
    process.stdout.write(`STATS ${JSON.stringify({ cpuMicros: u.user + u.system, handled: sorted.length, p50: q(0.5), p99: q(0.99), max: q(1), ...loop })}\n`);
  });
  await app.listen({ port: 0, host: HOST });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  process.stdout.write(`PORT ${address.port}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(() => {
      db.$client.close();
      process.exit(0);
    });
  });
}

// ---------- setup, load generation and the report ----------

interface RunResult {
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

interface Settings {
  readonly weeks: number;
  readonly sessionsPerDay: number;
  readonly workers: number;
  readonly maxSeconds: number;
  readonly seed: number;
}

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
  const text = lines.join('\n');
  process.stdout.write(text);
  if (out) writeFileSync(out, text);
  if (results.some((r) => !r.dbOk)) process.exitCode = 1;
}

async function runOnce(settings: Settings, concurrency: number): Promise<RunResult> {
  const { weeks, sessionsPerDay, workers, maxSeconds, seed } = settings;
  const { openDb, closeDb } = await import('../src/db/client.ts');
  const { upsertServiceFile } = await import('../src/db/repositories/service-file-repo.ts');
  const { rotas } = await import('../src/db/schema/index.ts');
  const { createToken } = await import('../src/services/tokens.ts');
  const { addDays } = await import('../src/time/local-time.ts');

  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-offers-'));
  const dbPath = join(dir, 'rota.db');
  let child: ChildProcess | null = null;
  try {
    // Seed: the service, one rota per week, a manager token and one worker token per bank worker.
    const db = openDb(dbPath);
    const nowIso = new Date().toISOString();
    upsertServiceFile(db, benchService(workers, sessionsPerDay), nowIso);
    const rotaIds: string[] = [];
    for (let w = 0; w < weeks; w++) {
      const id = `bench-week-${w}`;
      db.insert(rotas).values({ id, serviceId: SERVICE_ID, weekStart: addDays(FIRST_WEEK, 7 * w), status: 'done', createdAt: nowIso, createdBy: 'bench', updatedAt: nowIso }).run();
      rotaIds.push(id);
    }
    const manager = createToken(db, { role: 'manager', label: 'bench' }).token;
    const tokenOf = new Map<string, string>();
    for (let i = 0; i < workers; i++) tokenOf.set(workerId(i), createToken(db, { role: 'worker', staffId: workerId(i) }).token);
    closeDb(db);

    const started = startServer(dbPath);
    child = started.child;
    const port = await started.port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const call = (method: string, path: string, token: string, body?: unknown) => request(agent, port, method, path, token, body);

    // Offers: every open place of every week, broadcast to all its eligible bank workers.
    const t0 = performance.now();
    const jobs: { offerId: string; token: string }[] = [];
    const warmJobs: { offerId: string; token: string }[] = [];
    let places = 0;
    for (const [week, rotaId] of rotaIds.entries()) {
      const res = await call('POST', `/rotas/${rotaId}/offers`, manager, { mode: 'broadcast', ttlMinutes: 7 * 24 * 60 });
      if (res.status !== 201) throw new Error(`creating offers for ${rotaId}: ${res.status} ${res.body}`);
      const created = JSON.parse(res.body) as { offers: { offerId: string; offeredTo: string[] }[] };
      for (const o of created.offers) {
        if (week > 0) places++;
        for (const staffId of o.offeredTo) (week === 0 ? warmJobs : jobs).push({ offerId: o.offerId, token: tokenOf.get(staffId)! });
      }
    }
    const setupSeconds = (performance.now() - t0) / 1000;
    shuffle(jobs, seed);
    shuffle(warmJobs, seed + 1);

    // Warm-up (not measured): the first week's offers are accepted the same way, so the JIT and the
    // caches are warm when measuring starts.
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let job = warmJobs.shift(); job; job = warmJobs.shift()) await call('POST', `/me/offers/${job.offerId}/accept`, job.token);
      }),
    );

    // The server compiles each invited worker's week in the background after sending offers; wait
    // until it is idle so that work is not counted in the run.
    await waitUntilIdle(child);

    // The measured run.
    const latencies: number[] = [];
    const okLatencies: number[] = [];
    const answers = new Map<string, number>();
    let next = 0;
    const before = await serverStats(child);
    const deadline = performance.now() + maxSeconds * 1000;
    const runStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < jobs.length && performance.now() < deadline) {
          const job = jobs[next++];
          const s = performance.now();
          const res = await call('POST', `/me/offers/${job.offerId}/accept`, job.token);
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
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;

    // What a manager reads afterwards (not measured): accepts only mark a rota stale, and its first
    // read rescores it, so no place just won may still be listed as unfilled (demand here is 1 per place).
    let unfilledListed = 0;
    let filledButListed = 0;
    for (const rotaId of rotaIds.slice(1)) {
      const res = await call('GET', `/rotas/${rotaId}`, manager);
      if (res.status !== 200) throw new Error(`reading ${rotaId}: ${res.status} ${res.body}`);
      const view = JSON.parse(res.body) as { unfilled: { slotId: string; roleId: string }[]; assignments: { slotId: string; roleId: string }[] };
      const held = new Set(view.assignments.map((a) => `${a.slotId}\u0000${a.roleId}`));
      unfilledListed += view.unfilled.length;
      filledButListed += view.unfilled.filter((u) => held.has(`${u.slotId}\u0000${u.roleId}`)).length;
    }
    agent.destroy();
    await stopServer(child);
    child = null;

    // Never two workers in one place, and every 200 is exactly one fill.
    const check = openDb(dbPath);
    const sqlite = check.$client;
    const count = (sql: string) => Number((sqlite.prepare(sql).get() as { n: number }).n);
    const doubleFills = count('SELECT count(*) AS n FROM (SELECT offer_id, position FROM offer_fills GROUP BY offer_id, position HAVING count(*) > 1) AS d');
    const fills = count("SELECT count(*) AS n FROM offer_fills f JOIN offers o ON o.id = f.offer_id WHERE o.rota_id <> 'bench-week-0'");
    const overFull = count('SELECT count(*) AS n FROM (SELECT rota_id, slot_id, role_id FROM assignments GROUP BY rota_id, slot_id, role_id HAVING count(*) > 1) AS d');
    const twoWinners = count("SELECT count(*) AS n FROM (SELECT offer_id FROM offer_invites WHERE status = 'accepted' GROUP BY offer_id HAVING count(*) > 1) AS d");
    const auditRows = count("SELECT count(*) AS n FROM audit_log WHERE entity = 'offer'");
    closeDb(check);
    const won = answers.get('200') ?? 0;
    const dbOk = doubleFills === 0 && overFull === 0 && twoWinners === 0 && fills === won && filledButListed === 0;

    const sorted = [...latencies].sort((a, b) => a - b);
    const okSorted = [...okLatencies].sort((a, b) => a - b);
    const p = (xs: number[], q: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
    return {
      concurrency,
      places,
      setupSeconds,
      requests: latencies.length,
      seconds,
      rate: latencies.length / seconds,
      p50: p(sorted, 0.5),
      p99: p(sorted, 0.99),
      max: sorted.at(-1) ?? NaN,
      won,
      wonP50: p(okSorted, 0.5),
      wonP99: p(okSorted, 0.99),
      serverCpuMsPerAccept: serverCpuMs / latencies.length,
      handlingP50: after.p50,
      handlingP99: after.p99,
      handlingMax: after.max,
      loopP99: after.loopP99,
      loopMax: after.loopMax,
      gcMaxMs: after.gcMaxMs,
      gcTotalMs: after.gcTotalMs,
      answers,
      dbLine:
        `${fills} fills for ${won} successful accepts, ${doubleFills} places filled twice, ${overFull} (rota, session, role) with more than ` +
        `one worker, ${twoWinners} offers with two accepted invites, ${auditRows} offer audit rows; a manager's read of each rota afterwards ` +
        `lists ${unfilledListed} places unfilled, ${filledButListed} of them filled: ${dbOk ? 'consistent' : 'INCONSISTENT'}.`,
      dbOk,
    };
  } finally {
    if (child) await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

function workerId(i: number): string {
  return `bank-${String(i).padStart(4, '0')}`;
}

/** A North Kent style bank: sessions at five venues Monday to Friday, 3 hours plus 1 paid hour. */
function benchService(workers: number, sessionsPerDay: number) {
  const days = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
  const times = [
    ['09:00', '12:00'],
    ['13:00', '16:00'],
    ['18:00', '21:00'],
    ['10:00', '13:00'],
    ['14:00', '17:00'],
    ['09:30', '12:30'],
    ['13:30', '16:30'],
    ['17:30', '20:30'],
  ] as const;
  const sites = ['gravesend', 'dartford', 'swanley', 'sevenoaks', 'tonbridge'];
  return {
    formatVersion: 1 as const,
    organisation: { id: SERVICE_ID, name: 'Bench Bank' },
    timeZone: 'Europe/London',
    sites: sites.map((id) => ({ id, name: `${id[0].toUpperCase()}${id.slice(1)} venue` })),
    roles: [{ id: 'support', name: 'Bank support worker' }],
    skills: [],
    staff: Array.from({ length: workers }, (_, i) => ({
      id: workerId(i),
      name: `Bank Worker ${i}`,
      kind: 'bank' as const,
      roles: ['support'],
      costPencePerHour: 1150 + (i % 9) * 15,
      // Some workers will not travel to one venue, so eligible sets differ from place to place.
      ...(i % 5 === 0 ? { refusedSiteIds: [sites[i % sites.length]] } : {}),
    })),
    templates: days.flatMap((day, d) =>
      times.slice(0, sessionsPerDay).map(([startTime, endTime], k) => ({
        id: `s-${day}-${k}`,
        name: `Wellbeing session ${day} ${startTime}`,
        kind: 'wellbeing',
        siteId: sites[(d + k) % sites.length],
        startTime,
        endTime,
        paidExtraMinutes: 60,
        rrule: `FREQ=WEEKLY;BYDAY=${day}`,
        demand: [{ roleId: 'support', min: 1, preferred: 1, max: 1 }],
      })),
    ),
  };
}

interface ServerStats {
  /** CPU time of the server so far (user + system). */
  readonly cpuMicros: number;
  /** Accepts handled since the previous call, and Fastify's handling time of them (ms). */
  readonly handled: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The server's event-loop delay since the previous call (ms). */
  readonly loopP99: number;
  readonly loopMax: number;
  /** Garbage-collection pauses since the previous call (ms). */
  readonly gcMaxMs: number;
  readonly gcTotalMs: number;
}

/** Waits (up to a minute) until the server uses under 10% of a core over a quarter second. */
async function waitUntilIdle(child: ChildProcess): Promise<void> {
  const until = performance.now() + 60_000;
  let last = await serverStats(child);
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await serverStats(child);
    if (now.cpuMicros - last.cpuMicros < 25_000) return;
    last = now;
  }
}

/** Asks the server for its statistics (SIGUSR2) and reads the answer line. */
function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /STATS (\{.*\})\n/.exec(buffer);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(JSON.parse(m[1]) as ServerStats);
      }
    };
    child.stdout!.on('data', onData);
    child.kill('SIGUSR2');
  });
}

function startServer(dbPath: string): { child: ChildProcess; port: Promise<number> } {
  const self = fileURLToPath(import.meta.url);
  // --profile DIR writes a V8 CPU profile of the server to DIR (open it in Chrome DevTools).
  const profile = arg('profile');
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  // Compiled (dist/bench/offers.js) it runs as is; from the sources it needs tsx's loader.
  const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...flags, ...loader, self, '--serve', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /PORT (\d+)/.exec(buffer);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return { child, port };
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function request(agent: http.Agent, port: number, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: HOST,
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Fisher-Yates with a small seeded generator (mulberry32), so runs are repeatable. */
function shuffle<T>(xs: T[], seed: number): void {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
