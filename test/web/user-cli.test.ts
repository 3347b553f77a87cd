// `rota user add` makes a manager or payroll user in the database file, who can then ask the API for a
// sign-in link by email.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { userCommand } from '../../src/cli/commands/user.ts';
import { UsageError, type CliIo } from '../../src/cli/io.ts';
import { openDb } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema/index.ts';

function bufferIo() {
  const out: string[] = [];
  const io: CliIo = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => {} }, clock: () => 0 };
  return { io, out };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('rota user', () => {
  it('adds a manager who can then get a sign-in link; lists users; refuses bad input', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-user-'));
    const path = join(dir, 'rota.db');
    const add = bufferIo();
    expect(await userCommand.run(['add', '--email', 'Jo.Manager@example.org', '--name', 'Jo Manager', '--role', 'manager', '--db', path], add.io)).toBe(0);
    expect(add.out.join('')).toContain('jo.manager@example.org');
    const list = bufferIo();
    expect(await userCommand.run(['list', '--db', path], list.io)).toBe(0);
    expect(list.out.join('')).toMatch(/^1\tmanager\tjo\.manager@example\.org\tJo Manager\n$/);
    await expect(userCommand.run(['add', '--email', 'x', '--name', 'X', '--role', 'manager', '--db', path], bufferIo().io)).rejects.toThrow(UsageError);
    await expect(userCommand.run(['add', '--email', 'a@b.org', '--name', 'X', '--role', 'worker', '--db', path], bufferIo().io)).rejects.toThrow(UsageError);
    await expect(userCommand.run(['add', '--email', 'jo.manager@example.org', '--name', 'Jo', '--role', 'payroll', '--db', path], bufferIo().io)).rejects.toThrow(/exists/);

    const db = openDb(path);
    const app = await buildApp({ db });
    try {
      const res = await app.inject({ method: 'POST', url: '/auth/links', payload: { email: 'jo.manager@example.org' } });
      expect(res.statusCode).toBe(202);
      const mails = db.select().from(outbox).all();
      expect(mails.map((m) => [m.toAddress, m.toName])).toEqual([['jo.manager@example.org', 'Jo Manager']]);
    } finally {
      await app.close();
      db.$client.close();
    }
  });
});
