// `npm start` as a user runs it: the server listens on 127.0.0.1 unless HOST says otherwise, and
// prints a manager token only when the database has no live one (not on every start).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  // A child ended by a signal has no exit code, only a signal code: it has exited all the same.
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
  }
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts src/server.ts and returns what it printed once it has printed the URLs. */
async function start(env: Record<string, string>): Promise<string> {
  const { HOST: _host, ...base } = process.env;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...base, PORT: '0', LOG_LEVEL: 'warn', ROTA_SOLVE_SECONDS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const deadline = Date.now() + 50_000;
  while (!/OpenAPI JSON:.*\n(.*\n)+/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out} ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return out;
}

/** SIGTERM, as a service manager stops it: the server closes cleanly and exits 0, not by the signal. */
async function stop(): Promise<void> {
  const exited = new Promise<[number | null, string | null]>((resolve) => child!.once('exit', (code, signal) => resolve([code, signal])));
  child!.kill('SIGTERM');
  expect(await exited).toEqual([0, null]);
}

describe('starting the server', () => {
  it('listens on 127.0.0.1 and prints a manager token on the first start only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-start-'));
    const db = join(dir, 'rota.db');
    const first = await start({ ROTA_DB: db, ROTA_MANAGER_NAME: 'Jo Bloggs' });
    const listening = /rota API listening on http:\/\/([^:]+):(\d+)/.exec(first);
    expect(listening?.[1]).toBe('127.0.0.1');
    const token = /manager token \(shown once; expires [^)]+\): (\S+)/.exec(first)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await fetch(`http://127.0.0.1:${listening![2]}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ role: 'manager', name: 'Jo Bloggs' });
    await stop();

    const second = await start({ ROTA_DB: db });
    expect(second).not.toMatch(/manager token \(shown once/);
    expect(second).toContain('a live manager token exists, so none was made');
    expect(/rota API listening on http:\/\/127\.0\.0\.1:\d+/.test(second)).toBe(true);
    await stop();
  });
});
