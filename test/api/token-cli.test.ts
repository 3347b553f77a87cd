// `rota token create` prints a token that the API accepts with the role asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { tokenCommand } from '../../src/cli/commands/token.ts';
import { UsageError, type CliIo } from '../../src/cli/io.ts';
import { openDb } from '../../src/db/client.ts';
import { upsertServiceFile } from '../../src/db/repositories/service-file-repo.ts';
import { sampleService } from './helpers/sample-service.ts';

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, clock: () => 0 };
  return { io, out, err };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('rota token create', () => {
  it('creates manager and worker tokens in the database file the API then uses', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-token-'));
    const path = join(dir, 'rota.db');
    const seed = openDb(path);
    upsertServiceFile(seed, sampleService(), '2026-11-23T00:00:00Z');
    seed.$client.close();

    const manager = bufferIo();
    expect(await tokenCommand.run(['create', '--role', 'manager', '--db', path], manager.io)).toBe(0);
    const managerToken = manager.out.join('').trim();
    expect(managerToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const worker = bufferIo();
    expect(await tokenCommand.run(['create', '--role', 'worker', '--staff', 'dan', '--db', path], worker.io)).toBe(0);
    const workerToken = worker.out.join('').trim();
    expect(worker.err.join('')).toContain('test-sanctuary/dan');

    const db = openDb(path);
    // Only hashes are stored.
    const stored = db.$client.prepare('select token_hash from tokens').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(managerToken);
    const app = await buildApp({ db });
    try {
      const asManager = await app.inject({ method: 'GET', url: '/services', headers: { authorization: `Bearer ${managerToken}` } });
      expect(asManager.statusCode).toBe(200);
      const me = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${workerToken}` } });
      expect(me.json()).toMatchObject({ role: 'worker', staffId: 'dan' });
      const forbidden = await app.inject({ method: 'GET', url: '/services', headers: { authorization: `Bearer ${workerToken}` } });
      expect(forbidden.statusCode).toBe(403);
    } finally {
      await app.close();
      db.$client.close();
    }
  });

  it('refuses bad usage: unknown role, worker without --staff, unknown staff', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-token-'));
    const path = join(dir, 'rota.db');
    const { io } = bufferIo();
    await expect(tokenCommand.run(['create', '--role', 'boss', '--db', path], io)).rejects.toBeInstanceOf(UsageError);
    await expect(tokenCommand.run(['create', '--role', 'worker', '--db', path], io)).rejects.toThrow(/--staff/);
    await expect(tokenCommand.run(['create', '--role', 'worker', '--staff', 'ghost', '--db', path], io)).rejects.toThrow(/ghost/);
    await expect(tokenCommand.run(['make'], io)).rejects.toBeInstanceOf(UsageError);
  });
});
