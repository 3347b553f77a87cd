// The PostgreSQL bridge (src/db/pg/bridge.ts) gives every call its own answer, also after a call
// that did not answer in time: the late answer of a timed-out statement must never be taken as the
// answer of the next one (which once gave a 500 on a busy machine). Runs only with DATABASE_URL
// (.ci/run's PostgreSQL pass); on SQLite there is no bridge.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFromEnv } from '../../src/db/client.ts';
import { PgSyncClient } from '../../src/db/pg/sync-client.ts';

const url = databaseUrlFromEnv();

describe.skipIf(!url)('the PostgreSQL bridge', () => {
  let a: PgSyncClient;
  let b: PgSyncClient;
  const saved = process.env.ROTA_PG_TIMEOUT_MS;

  beforeAll(() => {
    a = new PgSyncClient(url!, 'rota bridge test a');
    b = new PgSyncClient(url!, 'rota bridge test b');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ROTA_PG_TIMEOUT_MS;
    else process.env.ROTA_PG_TIMEOUT_MS = saved;
  });
  afterAll(() => {
    a.close();
    b.close();
  });

  const value = (c: PgSyncClient, n: number) => (c.query('SELECT $1::int AS n', [n]).rows[0] as { n: number }).n;

  it('after a statement times out, the next statements on the same connection get their own answers', () => {
    process.env.ROTA_PG_TIMEOUT_MS = '150';
    expect(() => a.query("SELECT 'late' AS n FROM pg_sleep(0.6)")).toThrow(/did not answer within 150 ms/);
    process.env.ROTA_PG_TIMEOUT_MS = '10000';
    // Queued behind the slow statement: answered once it has finished, each with its own value.
    for (let n = 1; n <= 5; n++) expect(value(a, n)).toBe(n);
  });

  it('after a statement times out, statements on another connection get their own answers', () => {
    process.env.ROTA_PG_TIMEOUT_MS = '150';
    expect(() => a.query("SELECT 'late' AS n FROM pg_sleep(0.4)")).toThrow(/did not answer within 150 ms/);
    process.env.ROTA_PG_TIMEOUT_MS = '10000';
    const t0 = Date.now();
    // The other connection answers before the slow statement ends, and goes on answering after it.
    expect(value(b, 7)).toBe(7);
    while (Date.now() - t0 < 700) expect(value(b, 8)).toBe(8);
    for (let n = 1; n <= 3; n++) {
      expect(value(a, n)).toBe(n);
      expect(value(b, n + 10)).toBe(n + 10);
    }
  });

  it('a transaction after a timed-out statement commits its own rows', () => {
    process.env.ROTA_PG_TIMEOUT_MS = '150';
    expect(() => a.query('SELECT pg_sleep(0.4)')).toThrow(/did not answer within 150 ms/);
    process.env.ROTA_PG_TIMEOUT_MS = '10000';
    a.query('CREATE TEMP TABLE bridge_probe (n int)');
    a.transaction(() => {
      a.query('INSERT INTO bridge_probe VALUES (1), (2)');
    })();
    expect(a.query('SELECT count(*)::int AS c FROM bridge_probe').rows[0]).toEqual({ c: 2 });
  });
});
