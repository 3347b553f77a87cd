// Starting, asking and stopping the accept benchmark's server from the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { arg } from '../args.ts';

export interface ServerStats {
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
export async function waitUntilIdle(child: ChildProcess): Promise<void> {
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
export function serverStats(child: ChildProcess): Promise<ServerStats> {
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

export function startServer(dbPath: string): { child: ChildProcess; port: Promise<number> } {
  // The child runs the benchmark's entry script with --serve (bench/offers.ts, or dist/bench/offers.js).
  const self = fileURLToPath(new URL(`../offers${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
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

export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
