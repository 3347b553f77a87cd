// The accept benchmark's server (a child process): the real app on a port of 127.0.0.1, answering
// SIGUSR2 with a line of statistics about itself (see ServerStats in server-control.ts).
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { HOST } from './workload.ts';

export async function serve(dbPath: string): Promise<void> {
  const { openDb } = await import('../../src/db/client.ts');
  const { buildApp } = await import('../../src/app.ts');
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
