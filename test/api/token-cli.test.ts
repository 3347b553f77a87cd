// `rota token create` prints a token that the API accepts with the role asked for.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
    expect(await tokenCommand.run(['create', '--role', 'manager', '--name', 'Jo Bloggs', '--db', path], manager.io)).toBe(0);
    const managerToken = manager.out.join('').trim();
    expect(managerToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const worker = bufferIo();
    expect(await tokenCommand.run(['create', '--role', 'worker', '--staff', 'dan', '--db', path], worker.io)).toBe(0);
    const workerToken = worker.out.join('').trim();
    expect(worker.err.join('')).toContain('Dan Bank (test-sanctuary/dan)');

    const db = openDb(path);
    // Only hashes are stored.
    const stored = db.$client.prepare('select token_hash from tokens').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(managerToken);
    const app = await buildApp({ db });
    try {
      const asManager = await app.inject({ method: 'GET', url: '/services', headers: { authorization: `Bearer ${managerToken}` } });
      expect(asManager.statusCode).toBe(200);
      const me = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${workerToken}` } });
      expect(me.json()).toMatchObject({ role: 'worker', staffId: 'dan', name: 'Dan Bank' });
      const boss = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${managerToken}` } });
      expect(boss.json()).toMatchObject({ role: 'manager', name: 'Jo Bloggs' });
      const audit = db.$client.prepare("select actor, details from audit_log where action = 'token.create' order by id").all() as { actor: string; details: string }[];
      expect(audit.map((a) => a.actor)).toEqual(['command line', 'command line']);
      expect(JSON.parse(audit[0].details)).toMatchObject({ role: 'manager', name: 'Jo Bloggs', via: 'cli' });
      const forbidden = await app.inject({ method: 'GET', url: '/services', headers: { authorization: `Bearer ${workerToken}` } });
      expect(forbidden.statusCode).toBe(403);
    } finally {
      await app.close();
      db.$client.close();
    }
  });

  it('refuses bad usage: unknown role, worker without --staff, manager without --name, unknown staff', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-token-'));
    const path = join(dir, 'rota.db');
    openDb(path).$client.close();
    const { io } = bufferIo();
    await expect(tokenCommand.run(['create', '--role', 'boss', '--db', path], io)).rejects.toBeInstanceOf(UsageError);
    await expect(tokenCommand.run(['create', '--role', 'worker', '--db', path], io)).rejects.toThrow(/--staff/);
    await expect(tokenCommand.run(['create', '--role', 'manager', '--db', path], io)).rejects.toThrow(/--name/);
    await expect(tokenCommand.run(['create', '--role', 'payroll', '--name', 'Sam', '--days', '0', '--db', path], io)).rejects.toThrow(/--days/);
    await expect(tokenCommand.run(['create', '--role', 'worker', '--staff', 'ghost', '--db', path], io)).rejects.toThrow(/ghost/);
    await expect(tokenCommand.run(['make'], io)).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses, creating nothing, when there is no database (no ROTA_DB and no data/rota.db)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-token-'));
    const { io, out } = bufferIo();
    const cwd = process.cwd();
    const saved = process.env.ROTA_DB;
    delete process.env.ROTA_DB;
    process.chdir(dir);
    try {
      await expect(tokenCommand.run(['create', '--role', 'manager', '--name', 'Jo Bloggs'], io)).rejects.toThrow(/no database at data\/rota\.db/);
      process.env.ROTA_DB = join(dir, 'elsewhere.db');
      await expect(tokenCommand.run(['create', '--role', 'manager', '--name', 'Jo Bloggs'], io)).rejects.toThrow(/no database at .*elsewhere\.db/);
    } finally {
      process.chdir(cwd);
      if (saved === undefined) delete process.env.ROTA_DB;
      else process.env.ROTA_DB = saved;
    }
    expect(out).toEqual([]);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(existsSync(join(dir, 'elsewhere.db'))).toBe(false);
  });
});
