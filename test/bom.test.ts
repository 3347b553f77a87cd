// Files saved with a UTF-8 byte-order mark (Notepad, some export tools) are read, not refused:
// service files in the CLI, bank-holiday files, fixtures at start-up, and imports through the API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/io.ts';
import { openDb } from '../src/db/client.ts';
import { loadFixturesIfEmpty } from '../src/services/startup.ts';
import { loadBankHolidaysFile } from '../src/time/bank-holidays.ts';
import { testApp } from './api/helpers/app.ts';
import { sampleService } from './api/helpers/sample-service.ts';

const BOM = '\uFEFF';
const dir = mkdtempSync(join(tmpdir(), 'rota-bom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withBom(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, BOM + (typeof value === 'string' ? value : JSON.stringify(value, null, 2)), 'utf8');
  expect(readFileSync(path).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return path;
}

function capture() {
  let out = '';
  let err = '';
  let now = 0;
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, clock: () => (now += 1) };
  return { io, out: () => out, err: () => err };
}

describe('a UTF-8 byte-order mark', () => {
  it('rota validate and rota plan read a service file that starts with one', async () => {
    const path = withBom('service.json', sampleService('bom-service'));
    const v = capture();
    expect(await main(['validate', path], v.io)).toBe(0);
    expect(v.out()).toContain('service.json: valid (Test Sanctuary');
    const p = capture();
    expect(await main(['plan', path, '--week', '2026-12-07', '--moves', '500', '--seconds', '600', '--json'], p.io)).toBeLessThanOrEqual(1);
    expect(JSON.parse(p.out()).stats.seed).toBeTypeOf('number');
  });

  it('a bank-holiday file with one is read', () => {
    const bundled = readFileSync(fileURLToPath(new URL('../src/time/bank-holidays-england-and-wales.json', import.meta.url)), 'utf8');
    const calendar = loadBankHolidaysFile(withBom('bank-holidays.json', bundled));
    expect(calendar.has('2026-12-25')).toBe(true);
  });

  it('fixtures with one load at start-up', () => {
    const fixtures = mkdtempSync(join(dir, 'fixtures-'));
    writeFileSync(join(fixtures, 'a.json'), BOM + JSON.stringify(sampleService('bom-fixture')));
    expect(loadFixturesIfEmpty(openDb(':memory:'), fixtures)).toEqual({ loaded: ['bom-fixture'], skipped: [] });
  });

  it('POST /services/import takes a body that starts with one', async () => {
    const t = await testApp();
    try {
      const res = await t.call('manager', {
        method: 'POST',
        url: '/services/import',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: Buffer.from(BOM + JSON.stringify(sampleService('bom-import')), 'utf8'),
      });
      expect(res.statusCode).toBeLessThan(300);
      expect(res.json().serviceId).toBe('bom-import');
    } finally {
      await t.app.close();
    }
  });
});
